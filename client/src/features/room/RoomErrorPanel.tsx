import { Link } from 'react-router';
import type { RoomId } from '../../../../shared/ids.js';
import { useAppState, useRoomSession } from '../../app/services.js';

const TEXT = {
  heading: (title: string) => `Could not stay in “${title}”`,
  fallback: 'Something went wrong.',
  retry: 'Try again',
  reload: 'Reload page',
  back: 'Back to rooms',
};

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
