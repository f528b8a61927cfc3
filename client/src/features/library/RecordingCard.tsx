import { Link } from 'react-router';
import { ACCESS_LABELS, INCOMPLETE_NOTE, type RecordingSummary } from '../../../../shared/recordings.js';
import { OrganiserControls } from './OrganiserControls.js';
import { formatDuration, formatRecordedAt, languageName } from './recordingText.js';

interface RecordingCardProps {
  recording: RecordingSummary;
  token: string | null;
  onChanged(recording: RecordingSummary): void;
}

/** One recorded session in the list: what it is, when, who spoke; organisers also manage it here. */
export function RecordingCard({ recording, token, onChanged }: RecordingCardProps) {
  const headingId = `recording-${recording.id}-title`;
  const details = [formatRecordedAt(recording.startedAt), formatDuration(recording.durationMs), languageName(recording.language)].filter(Boolean);
  return (
    <li className="recording-card" data-recording-id={recording.id}>
      <article aria-labelledby={headingId} className="recording-card__body">
        <div className="recording-card__thumb">
          {recording.thumbnailUrl ? (
            // Decorative: the title next to it names the session.
            <img src={recording.thumbnailUrl} alt="" width={160} height={90} loading="lazy" />
          ) : (
            <span className="recording-card__no-thumb" aria-hidden="true">
              ▶
            </span>
          )}
        </div>
        <div className="recording-card__text">
          <h3 id={headingId} className="recording-card__title">
            {recording.title}
          </h3>
          <p className="recording-card__meta">{details.join(' · ')}</p>
          {recording.track && <p className="recording-card__meta">Track: {recording.track}</p>}
          {recording.speakers.length > 0 && <p className="recording-card__meta">Speakers: {recording.speakers.join(', ')}</p>}
          <p className="recording-card__badges">
            {recording.isPartial && <span className="badge badge--warn">{capitalise(INCOMPLETE_NOTE)}</span>}
            {recording.access !== 'public' && <span className="badge badge--muted">{ACCESS_LABELS[recording.access]}</span>}
            {recording.hasCaptions && <span className="badge badge--role">Captions</span>}
          </p>
          {recording.isReady && (
            <p className="recording-card__watch">
              <Link className="button button--small" to={`/recordings/${recording.id}`}>
                Watch<span className="visually-hidden">: {recording.title}</span>
              </Link>
            </p>
          )}
          {recording.canManage && recording.packaging && token && (
            <OrganiserControls recording={recording} packaging={recording.packaging} token={token} onChanged={onChanged} />
          )}
        </div>
      </article>
    </li>
  );
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
