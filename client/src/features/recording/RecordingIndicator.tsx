import { useId, useState } from 'react';
import { useAppState } from '../../app/services.js';
import { formatClock } from '../../../../shared/recordings.js';
import { useIsCompactLayout } from '../shared/useMediaQuery.js';
import { useServerNow } from '../shared/useServerNow.js';

const TEXT = {
  starting: 'Starting the recording…',
  recording: 'Recording',
  stopping: 'Finishing the recording…',
  notRecorded: 'You are not being recorded.',
  // Exactly what the recording keeps of someone who opted out (server/recording/replayTimeline.ts, roomRecorder.ts).
  leftOut: 'Your camera, microphone, chat and questions are left out from now on, and your earlier chat and questions too.',
  kept: 'Kept: what your camera and microphone sent before, and poll votes as totals.',
  whatIsKept: 'What is kept?',
};

/**
 * Always in view while the session is recorded (the "clear
 * recording indicator"), with how long it has run; the notice region says
 * when it starts and stops. Someone who asked not to be recorded is told
 * exactly what is left out and what is kept.
 */
export function RecordingIndicator() {
  const recording = useAppState((state) => state.recording);
  const isOptedOut = useAppState((state) => state.isOptedOutOfRecording);
  if (!recording) return null;
  return (
    <div className="recording-status">
      <div className={`recording-indicator recording-indicator--${recording.state}`} data-testid="recording-indicator">
        <span className="recording-indicator__dot" aria-hidden="true" />
        <span>{TEXT[recording.state]}</span>
        {recording.state === 'recording' && recording.startedAt !== null && <Elapsed since={recording.startedAt} />}
      </div>
      {isOptedOut && <OptedOutNote />}
    </div>
  );
}

/** On a phone the header has room for one line: the rest behind "What is kept?". */
function OptedOutNote() {
  const isCompact = useIsCompactLayout();
  const [isExpanded, setExpanded] = useState(false);
  const detailsId = useId();
  if (!isCompact) {
    return (
      <p className="recording-status__opted-out" data-testid="recording-opted-out">
        <strong>{TEXT.notRecorded}</strong> {TEXT.leftOut} {TEXT.kept}
      </p>
    );
  }
  return (
    <div className="recording-status__opted-out" data-testid="recording-opted-out">
      <p className="recording-status__summary">
        <strong>{TEXT.notRecorded}</strong>
        <button
          type="button"
          className="action"
          aria-expanded={isExpanded}
          aria-controls={detailsId}
          onClick={() => setExpanded((expanded) => !expanded)}
        >
          {TEXT.whatIsKept}
        </button>
      </p>
      <p id={detailsId} className="recording-status__details" hidden={!isExpanded}>
        {TEXT.leftOut} {TEXT.kept}
      </p>
    </div>
  );
}

function Elapsed({ since }: { since: number }) {
  const now = useServerNow();
  return <span className="recording-indicator__time">{formatClock(Math.max(0, now - since))}</span>;
}
