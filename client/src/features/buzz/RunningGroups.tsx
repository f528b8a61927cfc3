import { useId, useState } from 'react';
import { BUZZ_GROUP_LIMITS, type BuzzGroup, type BuzzRound } from '../../../../shared/buzz.js';
import { useAppState, useRoomSession } from '../../app/services.js';
import { ModalDialog } from '../dialogs/ModalDialog.js';
import { useBusyAction } from '../shared/useBusyAction.js';
import { BuzzTimer } from './BuzzTimer.js';
import { MoveSelect } from './MoveSelect.js';

const TEXT = {
  heading: 'Groups running',
  extend: (minutes: number) => `+${minutes} min`,
  extendLabel: (minutes: number) => `Give every group ${minutes} more ${minutes === 1 ? 'minute' : 'minutes'}`,
  end: 'End all groups',
  endTitle: 'End all groups?',
  endBody: 'Everyone returns to the main session. Each group’s notes are shared there.',
  countdown: 'When',
  cancelCountdown: 'Keep the groups going',
  cancel: 'Cancel',
  broadcast: 'Message to all groups',
  send: 'Send to all groups',
  speakToAll: 'Speak to all groups',
  speakingTo: (count: number) => `Your microphone is heard in ${count} ${count === 1 ? 'group' : 'groups'}.`,
  help: 'Calls for help',
  helpFrom: (group: string, by: string | null) => `${group}${by ? ` (${by})` : ''} asked for a moderator`,
  join: (name: string) => `Join ${name}`,
  listen: (name: string) => `Listen in on ${name}`,
  clearHelp: (name: string) => `Mark ${name}’s call answered`,
  joinShort: 'Join',
  listenShort: 'Listen',
  answered: 'Answered',
  members: (count: number) => `${count} ${count === 1 ? 'person' : 'people'}`,
  inRoom: (count: number) => `${count} in the room`,
  absent: 'not in the room',
  unplaced: 'In the main session, not in a group',
};

const COUNTDOWNS = [
  { ms: 0, label: 'Now' },
  { ms: 30_000, label: 'In 30 seconds' },
  { ms: 60_000, label: 'In 1 minute' },
  { ms: 120_000, label: 'In 2 minutes' },
];

/** Moderators, while groups run: time, messages, the moderator's voice to all, help calls, who is where. */
export function RunningGroups({ round }: { round: BuzzRound }) {
  const session = useRoomSession();
  const id = useId();
  const calls = round.groups.filter((group) => group.helpRequestedAt !== null);
  const groupChoices = round.groups.map(({ index, name }) => ({ index, name }));
  return (
    <section className="buzz-running" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`} className="panel-heading">
        {TEXT.heading}
      </h3>
      <BuzzTimer round={round} />
      <TimeControls round={round} />
      <BroadcastForm />
      <SpeakToAllToggle />
      {calls.length > 0 && (
        <section className="buzz-help" aria-labelledby={`${id}-help`}>
          <h4 id={`${id}-help`}>{TEXT.help}</h4>
          <ul className="buzz-members">
            {calls.map((group) => (
              <li key={group.index} className="buzz-help__call" role="status">
                <span>{TEXT.helpFrom(group.name, group.helpRequestedBy)}</span>
                <VisitButtons group={group} />
                <ClearHelpButton group={group} />
              </li>
            ))}
          </ul>
        </section>
      )}
      <ol className="buzz-groups">
        {round.groups.map((group) => (
          <RunningGroup key={group.index} group={group} choices={groupChoices} />
        ))}
      </ol>
      {(round.unassigned?.length ?? 0) > 0 && (
        <section className="buzz-group buzz-group--unplaced" aria-labelledby={`${id}-unplaced`}>
          <h4 id={`${id}-unplaced`}>{TEXT.unplaced}</h4>
          <ul className="buzz-members">
            {round.unassigned!.map((member) => (
              <li key={member.userId} className="buzz-member">
                <span className="buzz-member__name">{member.displayName}</span>
                <MoveSelect member={member} current={null} groups={groupChoices} canUnassign={false} onMove={(to) => to !== null && void session.perform('buzz:move', { userId: member.userId, toGroup: to })} />
              </li>
            ))}
          </ul>
        </section>
      )}
    </section>
  );
}

function RunningGroup({ group, choices }: { group: BuzzGroup; choices: { index: number; name: string }[] }) {
  const session = useRoomSession();
  const present = useAppState((state) => state.buzzPresence[group.index]);
  const presentIds = new Set(present ?? []);
  const members = group.members ?? [];
  return (
    <li className="buzz-group" aria-label={group.name} data-testid="running-group">
      <div className="buzz-group__header">
        <h4>{group.name}</h4>
        <span className="muted">
          {TEXT.members(group.memberCount)}
          {present && ` · ${TEXT.inRoom(present.length)}`}
        </span>
      </div>
      {group.prompt && <p className="muted">{group.prompt}</p>}
      <VisitButtons group={group} />
      <ul className="buzz-members">
        {members.map((member) => (
          <li key={member.userId} className="buzz-member">
            <span className="buzz-member__name">
              {member.displayName}
              {present && !presentIds.has(member.userId) && <span className="muted"> ({TEXT.absent})</span>}
            </span>
            <MoveSelect
              member={member}
              current={group.index}
              groups={choices}
              canUnassign={false}
              onMove={(to) => to !== null && to !== group.index && void session.perform('buzz:move', { userId: member.userId, toGroup: to })}
            />
          </li>
        ))}
      </ul>
    </li>
  );
}

/** Go to a group: on its stage (to take part), or only to listen. */
function VisitButtons({ group }: { group: BuzzGroup }) {
  const session = useRoomSession();
  const [isBusy, run] = useBusyAction();
  if (!group.roomId) return null;
  const roomId = group.roomId;
  return (
    <span className="actions">
      <button
        type="button"
        className="action"
        aria-label={TEXT.join(group.name)}
        aria-disabled={isBusy}
        onClick={() => run(() => session.visitGroup(roomId, group.name, { listenOnly: false }))}
      >
        {TEXT.joinShort}
      </button>
      <button
        type="button"
        className="action"
        aria-label={TEXT.listen(group.name)}
        aria-disabled={isBusy}
        onClick={() => run(() => session.visitGroup(roomId, group.name, { listenOnly: true }))}
      >
        {TEXT.listenShort}
      </button>
    </span>
  );
}

function ClearHelpButton({ group }: { group: BuzzGroup }) {
  const session = useRoomSession();
  const [isBusy, run] = useBusyAction();
  return (
    <button
      type="button"
      className="action"
      aria-label={TEXT.clearHelp(group.name)}
      aria-disabled={isBusy}
      onClick={() => run(() => session.perform('buzz:clear-help', { group: group.index }))}
    >
      {TEXT.answered}
    </button>
  );
}

function TimeControls({ round }: { round: BuzzRound }) {
  const session = useRoomSession();
  const [isBusy, run] = useBusyAction();
  const [isEnding, setEnding] = useState(false);
  if (round.phase === 'ending') {
    return (
      <div className="actions">
        <button type="button" className="button button--secondary button--small" aria-disabled={isBusy} onClick={() => run(() => session.perform('buzz:cancel', {}))}>
          {TEXT.cancelCountdown}
        </button>
      </div>
    );
  }
  return (
    <div className="actions">
      {[1, 5].map((minutes) => (
        <button
          key={minutes}
          type="button"
          className="action"
          aria-label={TEXT.extendLabel(minutes)}
          aria-disabled={isBusy}
          onClick={() => run(() => session.perform('buzz:extend', { byMs: minutes * 60_000 }))}
        >
          {TEXT.extend(minutes)}
        </button>
      ))}
      <button type="button" className="button button--danger button--small" onClick={() => setEnding(true)}>
        {TEXT.end}
      </button>
      {isEnding && (
        <EndGroupsDialog
          onCancel={() => setEnding(false)}
          onEnd={(countdownMs) => {
            setEnding(false);
            run(() => session.perform('buzz:end', { countdownMs }));
          }}
        />
      )}
    </div>
  );
}

/** Asks before ending, with the countdown everyone will see (or at once). */
function EndGroupsDialog({ onCancel, onEnd }: { onCancel(): void; onEnd(countdownMs: number): void }) {
  const id = useId();
  const [countdownMs, setCountdownMs] = useState(30_000);
  return (
    <ModalDialog labelledBy={`${id}-title`} onDismiss={onCancel}>
      <h2 id={`${id}-title`}>{TEXT.endTitle}</h2>
      <p>{TEXT.endBody}</p>
      <div className="field field--inline">
        <label htmlFor={`${id}-countdown`}>{TEXT.countdown}</label>
        <select id={`${id}-countdown`} value={countdownMs} onChange={(event) => setCountdownMs(Number(event.target.value))}>
          {COUNTDOWNS.map((option) => (
            <option key={option.ms} value={option.ms}>
              {option.label}
            </option>
          ))}
        </select>
      </div>
      <div className="actions">
        <button type="button" className="button button--secondary" onClick={onCancel} autoFocus>
          {TEXT.cancel}
        </button>
        <button type="button" className="button button--danger" onClick={() => onEnd(countdownMs)}>
          {TEXT.end}
        </button>
      </div>
    </ModalDialog>
  );
}

function BroadcastForm() {
  const session = useRoomSession();
  const id = useId();
  const [text, setText] = useState('');
  const [isBusy, run] = useBusyAction();
  return (
    <form
      className="buzz-broadcast-form"
      onSubmit={(event) => {
        event.preventDefault();
        const message = text.trim();
        if (!message) return;
        run(async () => {
          if ((await session.perform('buzz:broadcast', { text: message })) !== null) setText('');
        });
      }}
    >
      <label htmlFor={`${id}-text`}>{TEXT.broadcast}</label>
      <textarea id={`${id}-text`} rows={2} value={text} maxLength={BUZZ_GROUP_LIMITS.maxBroadcastLength} onChange={(event) => setText(event.target.value)} />
      <button type="submit" className="button button--secondary button--small" aria-disabled={isBusy}>
        {TEXT.send}
      </button>
    </form>
  );
}

/** The moderator's microphone, heard in every group at once (the moderator stays where they are). */
function SpeakToAllToggle() {
  const session = useRoomSession();
  const [groupsHearing, setGroupsHearing] = useState<number | null>(null);
  const [isBusy, run] = useBusyAction();
  const isOn = groupsHearing !== null;
  return (
    <div className="buzz-speak">
      <button
        type="button"
        className={isOn ? 'control control--active' : 'control'}
        aria-pressed={isOn}
        aria-disabled={isBusy}
        onClick={() =>
          run(async () => {
            const result = await session.perform('buzz:speak-to-all', { on: !isOn });
            if (result) setGroupsHearing(isOn ? null : result.groups);
          })
        }
      >
        {TEXT.speakToAll}
      </button>
      <p role="status" className="muted">
        {isOn ? TEXT.speakingTo(groupsHearing) : ''}
      </p>
    </div>
  );
}
