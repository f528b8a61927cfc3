import { Link } from 'react-router';
import type { RoomId } from '../../../../shared/ids.js';
import { useAppState, useRoomSession } from '../../app/services.js';

const TEXT = {
  heading: (title: string) => `Could not stay in “${title}”`,
  fallback: 'Something went wrong.',
  retry: 'Try again',
  reload: 'Reload page',
  back: 'Back to rooms',
  loading: 'Opening the room…',
  missingHeading: 'This room does not exist',
  missing: (roomId: string) =>
    `There is no room “${roomId}” on this server. Check the link you were given (part of it may be missing or mistyped), or ask the organisers for the right one.`,
  rooms: 'See the rooms',
};

/** While the page asks whether its room exists (a moment; nothing to fill in yet). */
export function RoomLoadingPanel() {
  return (
    <main className="prejoin">
      <p className="muted" role="status">
        {TEXT.loading}
      </p>
    </main>
  );
}

/** A link to a room that does not exist: said at once, with no form to fill in. */
export function RoomMissingPanel({ roomId }: { roomId: RoomId }) {
  return (
    <main className="prejoin">
      <section className="panel" aria-labelledby="room-missing-heading" data-testid="room-missing">
        <h1 id="room-missing-heading">{TEXT.missingHeading}</h1>
        <p>{TEXT.missing(roomId)}</p>
        <Link className="button button--primary" to="/">
          {TEXT.rooms}
        </Link>
      </section>
    </main>
  );
}

/** A failure that retrying by itself cannot fix: say what happened and offer the ways forward. */
export function RoomErrorPanel({ roomId, title }: { roomId: RoomId; title: string }) {
  const session = useRoomSession();
  const errorMessage = useAppState((state) => state.errorMessage);
  const canRetry = useAppState((state) => state.canRetry);
  return (
    <main className="prejoin">
      <section className="panel" role="alert" aria-labelledby="room-error-heading" data-testid="room-error">
        <h1 id="room-error-heading">{TEXT.heading(title)}</h1>
        <p>{errorMessage ?? TEXT.fallback}</p>
        <div className="actions">
          {canRetry && (
            <>
              <button type="button" className="button button--primary" onClick={() => void session.join(roomId)}>
                {TEXT.retry}
              </button>
              <button type="button" className="button button--secondary" onClick={() => window.location.reload()}>
                {TEXT.reload}
              </button>
            </>
          )}
          <Link className="button button--secondary" to="/">
            {TEXT.back}
          </Link>
        </div>
      </section>
    </main>
  );
}
