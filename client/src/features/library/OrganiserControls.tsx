import { useId, useRef, useState, type ChangeEvent } from 'react';
import {
  ACCESS_LABELS,
  CAPTIONS_MAX_BYTES,
  isNarrowing,
  looksLikeWebVtt,
  RECORDING_ACCESS,
  type RecordingAccess,
  type RecordingPackaging,
  type RecordingSummary,
} from '../../../../shared/recordings.js';
import { attachCaptions, removeCaptions, retryPackaging, updateRecordingAccess } from '../../api/httpApi.js';
import { useBusyAction } from '../shared/useBusyAction.js';
import { describeLibraryError, describePackaging } from './recordingText.js';

const TEXT = {
  linksEnded: 'Links to it handed out before no longer play.',
};

interface OrganiserControlsProps {
  recording: RecordingSummary;
  packaging: RecordingPackaging;
  token: string;
  onChanged(recording: RecordingSummary): void;
}

/** What an organiser of the session sees and does on its recording: packaging, who may watch, captions. */
export function OrganiserControls({ recording, packaging, token, onChanged }: OrganiserControlsProps) {
  const id = useId();
  const [isBusy, run] = useBusyAction();
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const act = (action: () => Promise<RecordingSummary>, success: string) =>
    run(async () => {
      setError(null);
      setDone(null);
      try {
        onChanged(await action());
        setDone(success);
      } catch (failure) {
        setError(describeLibraryError(failure));
      }
    });

  const changeAccess = (event: ChangeEvent<HTMLSelectElement>) => {
    const access = event.target.value as RecordingAccess;
    const visible = `Now visible to: ${ACCESS_LABELS[access].toLowerCase()}.`;
    // Say what narrowing does to links people were given: they stop working at once.
    act(() => updateRecordingAccess(recording.id, access, token), isNarrowing(recording.access, access) ? `${visible} ${TEXT.linksEnded}` : visible);
  };

  const attach = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setDone(null);
    if (file.size > CAPTIONS_MAX_BYTES) {
      setError(`That file is too large: captions files are limited to ${CAPTIONS_MAX_BYTES / 1024} KB.`);
      return;
    }
    const text = await file.text();
    if (!looksLikeWebVtt(text)) {
      setError('That is not a WebVTT file: it must start with “WEBVTT”.');
      return;
    }
    act(() => attachCaptions(recording.id, text, token), 'Captions attached.');
  };

  return (
    <div className="organiser-controls" role="group" aria-label={`Organiser controls for ${recording.title}`}>
      <div className="organiser-controls__packaging">
        <p id={`${id}-packaging`}>{describePackaging(packaging)}</p>
        {packaging.state === 'running' && (
          <progress max={1} value={packaging.progress} aria-labelledby={`${id}-packaging`}>
            {Math.round(packaging.progress * 100)}%
          </progress>
        )}
        {packaging.state === 'failed' && (
          <button
            type="button"
            className="button button--small"
            aria-disabled={isBusy || undefined}
            onClick={() => act(() => retryPackaging(recording.id, token), 'Packaging will be tried again.')}
          >
            Retry packaging
          </button>
        )}
      </div>
      <div className="field field--inline">
        <label htmlFor={`${id}-access`}>Who can watch</label>
        <select id={`${id}-access`} value={recording.access} onChange={changeAccess} aria-disabled={isBusy || undefined}>
          {RECORDING_ACCESS.map((access) => (
            <option key={access} value={access}>
              {ACCESS_LABELS[access]}
            </option>
          ))}
        </select>
      </div>
      <div className="organiser-controls__captions">
        <span>{recording.hasCaptions ? 'Captions attached.' : 'No captions yet.'}</span>
        <input
          ref={fileInput}
          id={`${id}-captions`}
          type="file"
          accept=".vtt,text/vtt"
          className="visually-hidden"
          tabIndex={-1}
          aria-label="Captions file (WebVTT)"
          onChange={(event) => void attach(event)}
        />
        <button type="button" className="button button--secondary button--small" aria-disabled={isBusy || undefined} onClick={() => fileInput.current?.click()}>
          {recording.hasCaptions ? 'Replace captions (WebVTT)' : 'Attach captions (WebVTT)'}
        </button>
        {recording.hasCaptions && (
          <button
            type="button"
            className="button button--secondary button--small"
            aria-disabled={isBusy || undefined}
            onClick={() => act(() => removeCaptions(recording.id, token), 'Captions removed.')}
          >
            Remove captions
          </button>
        )}
      </div>
      <p role="status" className="organiser-controls__status">
        {done}
      </p>
      {error && (
        <p className="field__error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
