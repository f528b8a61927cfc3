import { useAppState } from '../../app/services.js';
import { formatClock } from '../../../../shared/recordings.js';
import { useServerNow } from '../shared/useServerNow.js';

const TEXT = {
  starting: 'Starting the recording…',
  recording: 'Recording',
  stopping: 'Finishing the recording…',
  notRecorded: 'You are not being recorded',
};

/**
 * Always in view while the session is recorded (the "clear
 * recording indicator"), with how long it has run; the notice region says
 * when it starts and stops.
 */
export function RecordingIndicator() {
  const recording = useAppState((state) => state.recording);
  const isOptedOut = useAppState((state) => state.isOptedOutOfRecording);
  if (!recording) return null;
  return (
    <div className={`recording-indicator recording-indicator--${recording.state}`} data-testid="recording-indicator">
      <span className="recording-indicator__dot" aria-hidden="true" />
      <span>{TEXT[recording.state]}</span>
      {recording.state === 'recording' && recording.startedAt !== null && <Elapsed since={recording.startedAt} />}
      {isOptedOut && <span className="recording-indicator__note">{TEXT.notRecorded}</span>}
    </div>
  );
}

function Elapsed({ since }: { since: number }) {
  const now = useServerNow();
  return <span className="recording-indicator__time">{formatClock(Math.max(0, now - since))}</span>;
}
