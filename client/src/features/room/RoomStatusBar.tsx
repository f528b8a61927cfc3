import { useAppState } from '../../app/services.js';
import type { RoomStatus } from '../../store/roomSlice.js';
import { MediaProblemBanner } from './MediaProblemBanner.js';

const messages: Record<RoomStatus, string> = {
  idle: '',
  joining: 'Joining the room…',
  waiting: 'Waiting in the lobby…',
  joined: 'Connected',
  rejoining: 'Reconnecting…',
  left: 'You left the room.',
  error: '',
};

/**
 * In the room, but media does not get through: never "Connected" then
 * (MediaProblemBanner says what to do). One message whether an attempt is
 * under way or not: the polite region would otherwise announce every retry,
 * for as long as the network blocks media. The spinner shows an attempt.
 */
const MEDIA_PROBLEM_MESSAGE = 'No audio or video';

/**
 * The connection state, announced politely to screen readers; a server
 * notice (e.g. a restart) is announced at once.
 */
export function RoomStatusBar() {
  const status = useAppState((state) => state.status);
  const statusDetail = useAppState((state) => state.statusDetail);
  const notice = useAppState((state) => state.notice);
  const mediaLink = useAppState((state) => state.mediaLink);
  const mediaProblem = status === 'joined' && mediaLink !== 'ok' ? mediaLink : null;
  const isWorking = status === 'joining' || status === 'rejoining' || mediaProblem === 'retrying';
  let message = messages[status];
  if (mediaProblem) message = MEDIA_PROBLEM_MESSAGE;
  else if (isWorking && statusDetail) message = statusDetail;
  return (
    <>
      <div
        className={`status status--${status}${mediaProblem ? ' status--media-problem' : ''}`}
        role="status"
        aria-live="polite"
        data-testid="room-status"
        data-status={status}
        data-media={mediaLink}
      >
        {isWorking && <span className="spinner" aria-hidden="true" />}
        {message}
      </div>
      <MediaProblemBanner />
      {notice && (
        <div className="banner" role="alert">
          {notice}
        </div>
      )}
    </>
  );
}
