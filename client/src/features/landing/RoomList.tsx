import { Link } from 'react-router';
import type { RoomsState } from './useRooms.js';

interface RoomListProps {
  state: RoomsState;
  onRetry(): void;
}

export function RoomList({ state, onRetry }: RoomListProps) {
  switch (state.status) {
    case 'loading':
      return (
        <p className="muted" role="status">
          Loading rooms…
        </p>
      );
    case 'missing':
    case 'error':
      return (
        <div className="notice notice--error" role="alert">
          <p>We could not load the rooms. {state.status === 'error' ? state.message : ''}</p>
          <button type="button" className="button button--secondary" onClick={onRetry}>
            Try again
          </button>
        </div>
      );
    case 'loaded':
      if (state.value.length === 0) {
        return <p className="muted">There are no rooms open yet. Check back when your event starts.</p>;
      }
      return (
        <ul className="room-list" aria-label="Rooms">
          {state.value.map((room) => (
            <li key={room.id} className="room-card">
              <Link className="room-card__link" to={`/r/${encodeURIComponent(room.id)}`} data-room-id={room.id}>
                <span className="room-card__title">{room.title}</span>
                {room.description && <span className="room-card__description">{room.description}</span>}
              </Link>
            </li>
          ))}
        </ul>
      );
  }
}
