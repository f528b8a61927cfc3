import { Link } from 'react-router';
import type { RoomId } from '../../../../shared/ids.js';
import { useAppState, useRoomSession } from '../../app/services.js';

/** A failure that retrying by itself cannot fix: say what happened and offer the ways forward. */
export function RoomErrorPanel({ roomId, title }: { roomId: RoomId; title: string }) {
  const session = useRoomSession();
  const errorMessage = useAppState((state) => state.errorMessage);
  return (
    <main className="prejoin">
      <section className="panel" role="alert" aria-labelledby="room-error-heading">
        <h1 id="room-error-heading">Could not stay in “{title}”</h1>
        <p>{errorMessage ?? 'Something went wrong.'}</p>
        <div className="actions">
          <button type="button" className="button button--primary" onClick={() => void session.join(roomId)}>
            Try again
          </button>
          <button type="button" className="button button--secondary" onClick={() => window.location.reload()}>
            Reload page
          </button>
          <Link className="button button--secondary" to="/">
            Back to rooms
          </Link>
        </div>
      </section>
    </main>
  );
}
