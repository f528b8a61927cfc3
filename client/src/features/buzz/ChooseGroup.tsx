import type { BuzzRound } from '../../../../shared/buzz.js';
import { useRoomSession } from '../../app/services.js';
import { useBusyAction } from '../shared/useBusyAction.js';

const TEXT = {
  heading: 'Choose a group',
  intro: 'Pick the discussion you want to join. You will be taken there at once.',
  join: 'Join',
  joinLabel: (name: string) => `Join ${name}`,
  full: 'Full',
  count: (count: number, cap: number | null) => (cap === null ? `${count} in it` : `${count} of ${cap}`),
};

/** Self-selection: the groups with their questions and room left; a full group cannot be chosen. */
export function ChooseGroup({ round }: { round: BuzzRound }) {
  const session = useRoomSession();
  const [isBusy, run] = useBusyAction();
  return (
    <section className="buzz-choose" aria-labelledby="buzz-choose-heading">
      <h3 id="buzz-choose-heading" className="panel-heading">
        {TEXT.heading}
      </h3>
      <p className="muted">{TEXT.intro}</p>
      <ul className="buzz-groups">
        {round.groups.map((group) => {
          const isFull = round.selfSelectCap !== null && group.memberCount >= round.selfSelectCap;
          return (
            <li key={group.index} className="buzz-group">
              <div className="buzz-group__header">
                <h4>{group.name}</h4>
                <span className="muted">{TEXT.count(group.memberCount, round.selfSelectCap)}</span>
              </div>
              {group.prompt && <p>{group.prompt}</p>}
              {isFull ? (
                <p className="muted">{TEXT.full}</p>
              ) : (
                <button
                  type="button"
                  className="button button--primary button--small"
                  aria-label={TEXT.joinLabel(group.name)}
                  aria-disabled={isBusy}
                  onClick={() => run(() => session.perform('buzz:choose', { toGroup: group.index }))}
                >
                  {TEXT.join}
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
