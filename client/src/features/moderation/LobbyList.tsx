import { useId } from 'react';
import { useAppState, useRoomSession } from '../../app/services.js';
import { formatClock } from '../conversation/formatTime.js';

const TEXT = {
  heading: 'Lobby',
  empty: 'Nobody is waiting.',
  lobbyOff: 'The lobby is off: participants come straight in.',
  since: (time: string) => `waiting since ${time}`,
  admit: 'Admit',
  refuse: 'Refuse',
};

/** Moderators: the people waiting to be let in, the longest waiting first. */
export function LobbyList() {
  const session = useRoomSession();
  const lobby = useAppState((state) => state.lobby);
  const hasLobby = useAppState((state) => state.roomControls.hasLobby);
  const headingId = useId();
  return (
    <section className="moderation__section" aria-labelledby={headingId}>
      <h3 id={headingId} className="panel-heading">
        {TEXT.heading} <span className="count">({lobby.length})</span>
      </h3>
      {lobby.length === 0 ? (
        <p className="panel-empty">{hasLobby ? TEXT.empty : TEXT.lobbyOff}</p>
      ) : (
        <ul className="people__list">
          {lobby.map((entry) => (
            <li key={entry.entryId} className="person" data-testid="lobby-entry" data-display-name={entry.displayName}>
              <div className="person__who">
                <bdi className="person__name">{entry.displayName}</bdi>
                <span className="muted">{TEXT.since(formatClock(entry.waitingSince))}</span>
              </div>
              <div className="person__actions">
                <button
                  type="button"
                  className="action action--primary"
                  aria-label={`${TEXT.admit} (${entry.displayName})`}
                  onClick={() => void session.perform('lobby:admit', { entryId: entry.entryId })}
                >
                  {TEXT.admit}
                </button>
                <button
                  type="button"
                  className="action action--danger"
                  aria-label={`${TEXT.refuse} (${entry.displayName})`}
                  onClick={() => void session.perform('lobby:refuse', { entryId: entry.entryId })}
                >
                  {TEXT.refuse}
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
