import type { RecordingDetail } from '../../../../shared/recordings.js';

/** The single-file video, the audio-only file and the captions, to keep or watch offline. */
export function ReplayDownloads({ downloads }: { downloads: RecordingDetail['downloads'] }) {
  if (!downloads.video && !downloads.audio && !downloads.captions) return null;
  return (
    <ul className="replay__downloads" aria-label="Downloads">
      {downloads.video && (
        <li>
          <a className="button button--secondary button--small" href={downloads.video} download>
            Download video
          </a>
        </li>
      )}
      {downloads.audio && (
        <li>
          <a className="button button--secondary button--small" href={downloads.audio} download>
            Download audio only
          </a>
        </li>
      )}
      {downloads.captions && (
        <li>
          <a className="button button--secondary button--small" href={downloads.captions} download>
            Download captions
          </a>
        </li>
      )}
    </ul>
  );
}
