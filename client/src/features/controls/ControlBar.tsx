import { useAppState, useRoomSession } from '../../app/services.js';
import { DataSaverSelect } from './DataSaverSelect.js';
import { HandButton } from './HandButton.js';
import { MediaButtons } from './MediaButtons.js';
import { useBusyAction } from './useBusyAction.js';

const TEXT = {
  label: 'Room controls',
  people: 'People',
  invite: 'Invite people',
  leaveStage: 'Leave the stage',
  leave: 'Leave',
  audienceNote: 'You are in the audience',
};

interface ControlBarProps {
  isPeopleOpen: boolean;
  onTogglePeople(): void;
  onInvite(): void;
  onLeave(): void;
}

/** Everything a person can do in the room, by their seat and role. */
export function ControlBar({ isPeopleOpen, onTogglePeople, onInvite, onLeave }: ControlBarProps) {
  const seat = useAppState((state) => state.self?.seat ?? null);
  const role = useAppState((state) => state.self?.role ?? 'participant');
  const peopleCount = useAppState((state) => state.peers.length + (state.self ? 1 : 0));
  return (
    <footer className="room__toolbar">
      <div className="toolbar" role="toolbar" aria-label={TEXT.label}>
        {seat === 'stage' && <MediaButtons />}
        {seat === 'stage' && role !== 'moderator' && <LeaveStageButton />}
        {seat === 'audience' && (
          <>
            <span className="toolbar__note">{TEXT.audienceNote}</span>
            <HandButton />
          </>
        )}
        <DataSaverSelect />
        <button
          type="button"
          className={isPeopleOpen ? 'control control--active' : 'control'}
          aria-expanded={isPeopleOpen}
          aria-controls="people-panel"
          onClick={onTogglePeople}
        >
          {TEXT.people} <span className="count">{peopleCount}</span>
        </button>
        {role === 'moderator' && (
          <button type="button" className="control" onClick={onInvite}>
            {TEXT.invite}
          </button>
        )}
        <button type="button" className="button button--danger" onClick={onLeave}>
          {TEXT.leave}
        </button>
      </div>
    </footer>
  );
}

function LeaveStageButton() {
  const session = useRoomSession();
  const [isBusy, run] = useBusyAction();
  return (
    <button type="button" className="control" aria-disabled={isBusy} onClick={() => run(() => session.perform('stage:leave', {}))}>
      {TEXT.leaveStage}
    </button>
  );
}
