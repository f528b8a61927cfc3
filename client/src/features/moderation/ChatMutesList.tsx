import { useId } from 'react';
import { useAppState, useRoomSession } from '../../app/services.js';
import { formatClock } from '../conversation/formatTime.js';

const TEXT = {
  heading: 'Chat muted',
  empty: 'Everyone may chat.',
  since: (time: string) => `since ${time}`,
  allow: 'Allow chat',
};

/** Moderators: people whose chat is muted, to allow again. */
export function ChatMutesList() {
  const session = useRoomSession();
  const mutes = useAppState((state) => state.chatMutes);
  const headingId = useId();
  return (
    <section className="moderation__section" aria-labelledby={headingId}>
      <h3 id={headingId} className="panel-heading">
        {TEXT.heading} <span className="count">({mutes.length})</span>
      </h3>
      {mutes.length === 0 ? (
        <p className="panel-empty">{TEXT.empty}</p>
      ) : (
        <ul className="people__list">
          {mutes.map((mute) => (
            <li key={mute.userId} className="person" data-testid="chat-mute" data-display-name={mute.displayName}>
              <div className="person__who">
                <bdi className="person__name">{mute.displayName}</bdi>
                <span className="muted">{TEXT.since(formatClock(mute.mutedAt))}</span>
              </div>
              <div className="person__actions">
                <button
                  type="button"
                  className="action"
                  aria-label={`${TEXT.allow} (${mute.displayName})`}
                  onClick={() => void session.perform('chat:mute-person', { userId: mute.userId, muted: false })}
                >
                  {TEXT.allow}
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
