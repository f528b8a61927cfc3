import { useAppState } from '../../app/services.js';
import type { RoomStatus } from '../../store/roomSlice.js';

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
 * The connection state, announced politely to screen readers; a server
 * notice (e.g. a restart) is announced at once.
 */
export function RoomStatusBar() {
  const status = useAppState((state) => state.status);
  const statusDetail = useAppState((state) => state.statusDetail);
  const notice = useAppState((state) => state.notice);
  const isWorking = status === 'joining' || status === 'rejoining';
  const message = isWorking && statusDetail ? statusDetail : messages[status];
  return (
    <>
      <div className={`status status--${status}`} role="status" aria-live="polite" data-testid="room-status" data-status={status}>
        {isWorking && <span className="spinner" aria-hidden="true" />}
        {message}
      </div>
      {notice && (
        <div className="banner" role="alert">
          {notice}
        </div>
      )}
    </>
  );
}
