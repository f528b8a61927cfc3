import { useEffect, useRef } from 'react';
import { useNavigate } from 'react-router';
import { useAppState, useRoomSession } from '../../app/services.js';

const TEXT = {
  eyebrow: (title: string) => `Joining “${title}”`,
  heading: 'Waiting for a moderator to let you in…',
  body: 'This session has a lobby. You will join automatically as soon as a moderator admits you; keep this page open.',
  leave: 'Leave',
};

/** The room has a lobby: we wait, are told why, and can give up. Admission joins by itself. */
export function LobbyWaitingPanel({ title }: { title: string }) {
  const session = useRoomSession();
  const navigate = useNavigate();
  const statusDetail = useAppState((state) => state.statusDetail);
  // The Join button that had focus is gone: start keyboard and screen-reader users here.
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);

  const leave = () => {
    void session.leave();
    void navigate('/');
  };

  return (
    <main className="prejoin">
      <section className="panel prejoin__panel" aria-labelledby="lobby-heading" data-testid="lobby-waiting">
        <p className="prejoin__eyebrow">{TEXT.eyebrow(title)}</p>
        <h1 id="lobby-heading" ref={headingRef} tabIndex={-1}>
          {TEXT.heading}
        </h1>
        <p role="status" className="lobby-wait__status">
          <span className="spinner" aria-hidden="true" /> {statusDetail ?? TEXT.body}
        </p>
        <div className="actions">
          <button type="button" className="button button--secondary" onClick={leave}>
            {TEXT.leave}
          </button>
        </div>
      </section>
    </main>
  );
}
