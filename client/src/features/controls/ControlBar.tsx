import { useId } from 'react';
import { useAppState, useRoomSession } from '../../app/services.js';
import { UnreadBadge } from '../chat/UnreadBadge.js';
import { useChatUnread } from '../chat/useChatUnread.js';
import { BUZZ_PANEL_ID } from '../buzz/BuzzPanel.js';
import { CONVERSATION_PANEL_ID } from '../conversation/ConversationPanel.js';
import { ReactionPicker } from '../reactions/ReactionPicker.js';
import { RecordingControls } from '../recording/RecordingControls.js';
import { useBusyAction } from '../shared/useBusyAction.js';
import { DataSaverSelect } from './DataSaverSelect.js';
import { HandButton } from './HandButton.js';
import { MediaButtons } from './MediaButtons.js';

const TEXT = {
  label: 'Room controls',
  people: 'People',
  groups: 'Groups',
  chat: 'Chat',
  invite: 'Invite people',
  leaveStage: 'Leave the stage',
  leave: 'Leave',
  audienceNote: 'You are in the audience',
  listeningNote: 'You are listening in',
};

interface ControlBarProps {
  isPeopleOpen: boolean;
  onTogglePeople(): void;
  isConversationOpen: boolean;
  onToggleConversation(): void;
  isBuzzOpen: boolean;
  onToggleBuzz(): void;
  onInvite(): void;
  onLeave(): void;
}

/** Everything a person can do in the room, by their seat and role. */
export function ControlBar({
  isPeopleOpen,
  onTogglePeople,
  isConversationOpen,
  onToggleConversation,
  isBuzzOpen,
  onToggleBuzz,
  onInvite,
  onLeave,
}: ControlBarProps) {
  const seat = useAppState((state) => state.self?.seat ?? null);
  const role = useAppState((state) => state.self?.role ?? 'participant');
  // In a buzz group everyone talks: there is no audience to go back to.
  const isInGroup = useAppState((state) => state.buzzGroupIndex !== null);
  // Moderators run buzz groups from here; everyone else sees the button once there is something to see.
  const hasBuzz = useAppState(
    (state) => state.buzzRound !== null || state.buzzGroupIndex !== null || state.buzzOutputs !== null,
  );
  const peopleCount = useAppState((state) => state.peers.length + (state.self ? 1 : 0));
  return (
    <footer className="room__toolbar">
      <div className="toolbar" role="toolbar" aria-label={TEXT.label}>
        {seat === 'stage' && <MediaButtons />}
        {seat === 'stage' && role !== 'moderator' && !isInGroup && <LeaveStageButton />}
        {seat === 'audience' &&
          (isInGroup ? (
            <span className="toolbar__note">{TEXT.listeningNote}</span>
          ) : (
            <>
              <span className="toolbar__note">{TEXT.audienceNote}</span>
              <HandButton />
            </>
          ))}
        <RecordingControls />
        <ReactionPicker />
        <DataSaverSelect />
        <ChatButton isOpen={isConversationOpen} onToggle={onToggleConversation} />
        <button
          type="button"
          className={isPeopleOpen ? 'control control--active' : 'control'}
          aria-expanded={isPeopleOpen}
          aria-controls="people-panel"
          onClick={onTogglePeople}
        >
          {TEXT.people} <span className="count">{peopleCount}</span>
        </button>
        {(role === 'moderator' || hasBuzz) && (
          <button
            type="button"
            className={isBuzzOpen ? 'control control--active' : 'control'}
            aria-expanded={isBuzzOpen}
            aria-controls={BUZZ_PANEL_ID}
            onClick={onToggleBuzz}
          >
            {TEXT.groups}
          </button>
        )}
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

/** Opens the chat panel; while it is closed, counts what arrived meanwhile. */
function ChatButton({ isOpen, onToggle }: { isOpen: boolean; onToggle(): void }) {
  const unread = useChatUnread();
  const badgeId = useId();
  const showsBadge = !isOpen && unread > 0;
  return (
    <button
      type="button"
      className={isOpen ? 'control control--active' : 'control'}
      aria-expanded={isOpen}
      aria-controls={CONVERSATION_PANEL_ID}
      aria-describedby={showsBadge ? badgeId : undefined}
      onClick={onToggle}
    >
      {TEXT.chat}
      {showsBadge && <UnreadBadge id={badgeId} count={unread} />}
    </button>
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
