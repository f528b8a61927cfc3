import { useId, useState, type DragEvent } from 'react';
import { BUZZ_GROUP_LIMITS, type BuzzMember, type BuzzRound, type LateArrivals } from '../../../../shared/buzz.js';
import { useAppState, useRoomSession } from '../../app/services.js';
import { ConfirmDialog } from '../dialogs/ConfirmDialog.js';
import { useBusyAction } from '../shared/useBusyAction.js';
import { moveInPlan, planOf, unplacedOf, type PlannedGroup } from './draftPlan.js';
import { MoveSelect } from './MoveSelect.js';

const TEXT = {
  heading: 'Groups to start',
  dragHint: 'Drag people between groups, or choose a group in the list beside each name.',
  name: 'Name',
  prompt: 'Question to discuss (optional)',
  facilitator: 'Facilitator',
  noFacilitator: 'No facilitator',
  members: (count: number) => `${count} ${count === 1 ? 'person' : 'people'}`,
  emptyGroup: 'Nobody yet.',
  selfSelectEmpty: 'Participants choose their group when it starts.',
  unplaced: 'Not in a group',
  unplacedEmpty: 'Everyone is placed.',
  moderator: 'moderator',
  addGroup: 'Add a group',
  removeGroup: (name: string) => `Remove ${name}`,
  settings: 'When the groups run',
  duration: 'Minutes',
  lateArrivals: 'People who arrive later',
  lateAssign: 'Put them in the smallest group',
  lateWait: 'Keep them in the main session',
  cap: 'Most people per group',
  start: 'Start the groups',
  discard: 'Discard',
  discardTitle: 'Discard these groups?',
  discardBody: 'The names, questions and placements you set here will be lost.',
  nobodyPlaced: 'Place at least one person in a group first.',
};

const DROP_TYPE = 'application/x-convene-member';

/** Moderators: the drafted plan, adjusted by hand (names, questions, facilitators, who is where), then started. */
export function DraftEditor({ round }: { round: BuzzRound }) {
  const session = useRoomSession();
  const peers = useAppState((state) => state.peers);
  const self = useAppState((state) => state.self);
  const id = useId();
  const [plan, setPlan] = useState<PlannedGroup[]>(() => planOf(round));
  const [minutes, setMinutes] = useState(10);
  const [lateArrivals, setLateArrivals] = useState<LateArrivals>(round.lateArrivals);
  const [cap, setCap] = useState(round.selfSelectCap ?? 4);
  const [isDiscarding, setDiscarding] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [isBusy, run] = useBusyAction();
  const isSelfSelect = round.method === 'self-select';
  const unplaced = unplacedOf(plan, round);
  const groupChoices = plan.map((group, index) => ({ index, name: group.name.trim() || `Group ${index + 1}` }));
  const moderatorIds = new Set([...peers, ...(self ? [self] : [])].filter((peer) => peer.role === 'moderator').map((peer) => peer.userId));

  const move = (person: BuzzMember, toGroup: number | null) => setPlan((current) => moveInPlan(current, person, toGroup));
  const edit = (index: number, change: Partial<PlannedGroup>) =>
    setPlan((current) => current.map((group, i) => (i === index ? { ...group, ...change } : group)));
  const onDrop = (toGroup: number | null) => (event: DragEvent) => {
    event.preventDefault();
    const userId = event.dataTransfer.getData(DROP_TYPE);
    const person = [...plan.flatMap((group) => group.members), ...unplaced].find((member) => member.userId === userId);
    if (person) move(person, toGroup);
  };

  const start = () =>
    run(async () => {
      if (!isSelfSelect && plan.every((group) => group.members.length === 0)) {
        setError(TEXT.nobodyPlaced);
        return;
      }
      setError(null);
      const saved = await session.perform('buzz:update-draft', {
        groups: plan.map((group, index) => ({
          name: group.name.trim() || `Group ${index + 1}`,
          prompt: group.prompt.trim(),
          facilitatorUserId: group.facilitatorUserId,
          members: group.members.map((member) => member.userId),
        })),
        lateArrivals,
        selfSelectCap: isSelfSelect ? Math.max(1, Math.floor(cap) || 1) : null,
      });
      if (!saved) return;
      await session.perform('buzz:start', { durationMs: Math.min(240, Math.max(1, Math.round(minutes) || 1)) * 60_000 });
    });

  const memberItem = (member: BuzzMember, current: number | null) => (
    <li
      key={member.userId}
      className="buzz-member"
      draggable
      onDragStart={(event) => {
        event.dataTransfer.setData(DROP_TYPE, member.userId);
        event.dataTransfer.effectAllowed = 'move';
      }}
    >
      <span className="buzz-member__name">
        {member.displayName}
        {moderatorIds.has(member.userId) && <span className="muted"> ({TEXT.moderator})</span>}
      </span>
      <MoveSelect member={member} current={current} groups={groupChoices} canUnassign onMove={(to) => move(member, to)} />
    </li>
  );
  const dropZone = (toGroup: number | null) => ({
    onDragOver: (event: DragEvent) => {
      if (event.dataTransfer.types.includes(DROP_TYPE)) event.preventDefault();
    },
    onDrop: onDrop(toGroup),
  });

  return (
    <section className="buzz-draft" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`} className="panel-heading">
        {TEXT.heading}
      </h3>
      {!isSelfSelect && <p className="muted">{TEXT.dragHint}</p>}
      <ol className="buzz-groups">
        {plan.map((group, index) => {
          const name = groupChoices[index]!.name;
          return (
            <li key={index} className="buzz-group" aria-label={name} {...dropZone(index)}>
              <div className="field">
                <label htmlFor={`${id}-name-${index}`}>{TEXT.name}</label>
                <input
                  id={`${id}-name-${index}`}
                  value={group.name}
                  maxLength={BUZZ_GROUP_LIMITS.maxNameLength}
                  onChange={(event) => edit(index, { name: event.target.value })}
                />
              </div>
              <div className="field">
                <label htmlFor={`${id}-prompt-${index}`}>{TEXT.prompt}</label>
                <textarea
                  id={`${id}-prompt-${index}`}
                  value={group.prompt}
                  rows={2}
                  maxLength={BUZZ_GROUP_LIMITS.maxPromptLength}
                  onChange={(event) => edit(index, { prompt: event.target.value })}
                />
              </div>
              {!isSelfSelect && (
                <div className="field field--inline">
                  <label htmlFor={`${id}-facilitator-${index}`}>{TEXT.facilitator}</label>
                  <select
                    id={`${id}-facilitator-${index}`}
                    value={group.facilitatorUserId ?? ''}
                    onChange={(event) => edit(index, { facilitatorUserId: event.target.value || null })}
                  >
                    <option value="">{TEXT.noFacilitator}</option>
                    {group.members.map((member) => (
                      <option key={member.userId} value={member.userId}>
                        {member.displayName}
                      </option>
                    ))}
                  </select>
                </div>
              )}
              <p className="buzz-group__count muted">{TEXT.members(group.members.length)}</p>
              {group.members.length === 0 ? (
                <p className="panel-empty">{isSelfSelect ? TEXT.selfSelectEmpty : TEXT.emptyGroup}</p>
              ) : (
                <ul className="buzz-members">{group.members.map((member) => memberItem(member, index))}</ul>
              )}
              {group.members.length === 0 && plan.length > 1 && (
                <button
                  type="button"
                  className="action"
                  aria-label={TEXT.removeGroup(name)}
                  onClick={() => setPlan((current) => current.filter((_, i) => i !== index))}
                >
                  {TEXT.removeGroup('group')}
                </button>
              )}
            </li>
          );
        })}
      </ol>
      {plan.length < BUZZ_GROUP_LIMITS.maxGroups && (
        <button
          type="button"
          className="action"
          onClick={() => setPlan((current) => [...current, { name: `Group ${current.length + 1}`, prompt: '', facilitatorUserId: null, members: [] }])}
        >
          {TEXT.addGroup}
        </button>
      )}
      {!isSelfSelect && (
        <section className="buzz-group buzz-group--unplaced" aria-labelledby={`${id}-unplaced`} {...dropZone(null)}>
          <h4 id={`${id}-unplaced`}>{TEXT.unplaced}</h4>
          {unplaced.length === 0 ? (
            <p className="panel-empty">{TEXT.unplacedEmpty}</p>
          ) : (
            <ul className="buzz-members">{unplaced.map((member) => memberItem(member, null))}</ul>
          )}
        </section>
      )}
      <fieldset className="buzz-settings">
        <legend>{TEXT.settings}</legend>
        <div className="field field--inline">
          <label htmlFor={`${id}-minutes`}>{TEXT.duration}</label>
          <input id={`${id}-minutes`} type="number" min={1} max={240} value={minutes} onChange={(event) => setMinutes(event.target.valueAsNumber)} />
        </div>
        {isSelfSelect ? (
          <div className="field field--inline">
            <label htmlFor={`${id}-cap`}>{TEXT.cap}</label>
            <input id={`${id}-cap`} type="number" min={1} max={1000} value={cap} onChange={(event) => setCap(event.target.valueAsNumber)} />
          </div>
        ) : (
          <div className="field field--inline">
            <label htmlFor={`${id}-late`}>{TEXT.lateArrivals}</label>
            <select id={`${id}-late`} value={lateArrivals} onChange={(event) => setLateArrivals(event.target.value as LateArrivals)}>
              <option value="assign">{TEXT.lateAssign}</option>
              <option value="wait">{TEXT.lateWait}</option>
            </select>
          </div>
        )}
      </fieldset>
      {error && (
        <p className="field__error" role="alert">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="button" className="button button--primary button--small" aria-disabled={isBusy} onClick={start}>
          {TEXT.start}
        </button>
        <button type="button" className="button button--secondary button--small" onClick={() => setDiscarding(true)}>
          {TEXT.discard}
        </button>
      </div>
      {isDiscarding && (
        <ConfirmDialog
          title={TEXT.discardTitle}
          body={TEXT.discardBody}
          confirmText={TEXT.discard}
          onCancel={() => setDiscarding(false)}
          onConfirm={() => {
            setDiscarding(false);
            void session.perform('buzz:cancel', {});
          }}
        />
      )}
    </section>
  );
}
