import { useAppState, useRoomSession } from '../../app/services.js';

const TEXT = {
  title: 'Removed',
  empty: 'Nobody has been removed',
  readmit: 'Re-admit',
  readmitName: (name: string) => `Re-admit ${name}`,
};

/** Moderators: people removed from this session, who may be let back in. */
export function RemovedList() {
  const session = useRoomSession();
  const removed = useAppState((state) => state.removed);
  return (
    <section className="people__section" aria-labelledby="people-removed-heading">
      <h3 id="people-removed-heading">
        {TEXT.title} <span className="count">({removed.length})</span>
      </h3>
      {removed.length === 0 ? (
        <p className="people__empty">{TEXT.empty}</p>
      ) : (
        <ul className="people__list">
          {removed.map((person) => (
            <li key={person.removalId} className="person" data-testid="removed-person" data-display-name={person.displayName}>
              <span className="person__name">{person.displayName}</span>
              <div className="person__actions">
                <button
                  type="button"
                  className="action"
                  aria-label={TEXT.readmitName(person.displayName)}
                  onClick={() => void session.perform('moderation:readmit', { removalId: person.removalId })}
                >
                  {TEXT.readmit}
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
