import { useId, useRef, useState, type ReactNode } from 'react';
import type { Role, Seat } from '../../../../shared/events.js';
import { useAppState } from '../../app/services.js';
import { UnreadBadge } from '../chat/UnreadBadge.js';
import { useChatUnread } from '../chat/useChatUnread.js';
import { BUZZ_PANEL_ID } from '../buzz/BuzzPanel.js';
import { CONVERSATION_PANEL_ID } from '../conversation/ConversationPanel.js';
import { HandsBadge } from '../hands/HandsBadge.js';
import { useRaisedHands } from '../hands/useRaisedHands.js';
import { ReactionPicker } from '../reactions/ReactionPicker.js';
import { useRecordingControls } from '../recording/RecordingControls.js';
import { useIsCompactLayout } from '../shared/useMediaQuery.js';
import type { ControlAction } from './controlAction.js';
import { ControlButton } from './ControlButton.js';
import { DataSaverSelect, useDataSaverChoice } from './DataSaverSelect.js';
import { LeaveButton } from './LeaveButton.js';
import { MoreMenu, type MenuEntry } from './MoreMenu.js';
import { ReactionTray } from './ReactionTray.js';
import { useCameraAction, useHandAction, useLeaveStageAction, useMicAction, useScreenShareAction } from './seatActions.js';

const TEXT = {
  label: 'Room controls',
  people: 'People',
  groups: 'Groups',
  chat: 'Chat',
  invite: 'Invite people',
  reactions: 'Reactions',
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

/**
 * Everything a person can do in the room, by their seat and role. On a
 * phone, one row: what is used all the time (microphone and camera, or the
 * hand; chat; people; leave), and the rest in a "More" menu.
 */
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
  const isCompact = useIsCompactLayout();
  const seat = useAppState((state) => state.self?.seat ?? null);
  const role = useAppState((state) => state.self?.role ?? 'participant');
  // In a buzz group everyone talks: there is no audience to go back to.
  const isInGroup = useAppState((state) => state.buzzGroupIndex !== null);
  // Moderators run buzz groups from here; everyone else sees the button once there is something to see.
  const hasBuzz = useAppState(
    (state) => state.buzzRound !== null || state.buzzGroupIndex !== null || state.buzzOutputs !== null,
  );
  const peopleCount = useAppState((state) => state.audienceCount + [state.self, ...state.peers].filter((person) => person?.seat === 'stage').length);
  const raisedHandCount = useRaisedHands().length;
  const recording = useRecordingControls();
  const seatActions = useSeatActions(seat, role, isInGroup);
  const roomActions: ControlAction[] = [
    ...(role === 'moderator' || hasBuzz
      ? [{ key: 'groups', label: TEXT.groups, tone: isBuzzOpen ? ('active' as const) : undefined, onSelect: onToggleBuzz }]
      : []),
    ...(role === 'moderator' ? [{ key: 'invite', label: TEXT.invite, onSelect: onInvite }] : []),
  ];
  const chat = <ChatButton isOpen={isConversationOpen} onToggle={onToggleConversation} isCompact={isCompact} />;
  const people = (
    <PeopleButton isOpen={isPeopleOpen} onToggle={onTogglePeople} count={peopleCount} raisedHandCount={raisedHandCount} isCompact={isCompact} />
  );
  return (
    <footer className="room__toolbar">
      <div className={isCompact ? 'toolbar toolbar--compact' : 'toolbar'} role="toolbar" aria-label={TEXT.label}>
        {isCompact ? (
          <CompactControls
            primary={seatActions.primary}
            more={[...seatActions.secondary, ...recording.actions, ...roomActions]}
            chat={chat}
            people={people}
            onLeave={onLeave}
          />
        ) : (
          <>
            {seatActions.note && <span className="toolbar__note">{seatActions.note}</span>}
            {[...seatActions.primary, ...seatActions.secondary].map((action) => (
              <ControlButton key={action.key} action={action} isCompact={false} />
            ))}
            {recording.actions.map((action) => (
              <ControlButton key={action.key} action={action} isCompact={false} />
            ))}
            <ReactionPicker />
            <DataSaverSelect />
            {chat}
            {people}
            {roomActions.map((action) => (
              <ControlButton
                key={action.key}
                action={action}
                isCompact={false}
                {...(action.key === 'groups' ? { 'aria-expanded': isBuzzOpen, 'aria-controls': BUZZ_PANEL_ID } : {})}
              />
            ))}
            <LeaveButton isCompact={false} onLeave={onLeave} />
          </>
        )}
      </div>
      {recording.dialog}
    </footer>
  );
}

/**
 * What one's seat allows: microphone and camera on stage (then screen share
 * and leaving the stage, less often), the hand in the audience.
 */
function useSeatActions(seat: Seat | null, role: Role, isInGroup: boolean) {
  const mic = useMicAction();
  const camera = useCameraAction();
  const share = useScreenShareAction();
  const leaveStage = useLeaveStageAction();
  const hand = useHandAction();
  if (seat === 'stage') {
    const secondary = [...(share ? [share] : []), ...(role !== 'moderator' && !isInGroup ? [leaveStage] : [])];
    return { primary: [mic, camera], secondary, note: null };
  }
  if (seat === 'audience') {
    return isInGroup
      ? { primary: [], secondary: [], note: TEXT.listeningNote }
      : { primary: [hand], secondary: [], note: TEXT.audienceNote };
  }
  return { primary: [], secondary: [], note: null };
}

interface CompactControlsProps {
  primary: ControlAction[];
  more: ControlAction[];
  chat: ReactNode;
  people: ReactNode;
  onLeave(): void;
}

/** The phone's one row; reactions, opened from the menu, show as a tray above it. */
function CompactControls({ primary, more, chat, people, onLeave }: CompactControlsProps) {
  const dataSaver = useDataSaverChoice();
  const moreButtonRef = useRef<HTMLButtonElement>(null);
  const [isTrayOpen, setTrayOpen] = useState(false);
  const reactions: ControlAction = { key: 'reactions', label: TEXT.reactions, onSelect: () => setTrayOpen(true) };
  const entries: MenuEntry[] = [
    ...[reactions, ...more].map((action) => ({ kind: 'action' as const, action })),
    { kind: 'separator', key: 'data-saver-line' },
    dataSaver,
  ];
  return (
    <>
      {primary.map((action) => (
        <ControlButton key={action.key} action={action} isCompact />
      ))}
      {chat}
      {people}
      <MoreMenu entries={entries} buttonRef={moreButtonRef} />
      <LeaveButton isCompact onLeave={onLeave} />
      {isTrayOpen && (
        <ReactionTray
          onClose={() => {
            setTrayOpen(false);
            moreButtonRef.current?.focus();
          }}
        />
      )}
    </>
  );
}

interface PanelButtonProps {
  isOpen: boolean;
  onToggle(): void;
  isCompact: boolean;
}

/** Opens the chat panel; while it is closed, counts what arrived meanwhile. */
function ChatButton({ isOpen, onToggle, isCompact }: PanelButtonProps) {
  const unread = useChatUnread();
  const badgeId = useId();
  const showsBadge = !isOpen && unread > 0;
  const action: ControlAction = { key: 'chat', label: TEXT.chat, icon: 'chat', tone: isOpen ? 'active' : undefined, onSelect: onToggle };
  return (
    <ControlButton
      action={action}
      isCompact={isCompact}
      aria-expanded={isOpen}
      aria-controls={CONVERSATION_PANEL_ID}
      aria-describedby={showsBadge ? badgeId : undefined}
    >
      {showsBadge && <UnreadBadge id={badgeId} count={unread} />}
    </ControlButton>
  );
}

/** Opens the people panel; for moderators, counts the hands up. */
function PeopleButton({ isOpen, onToggle, isCompact, count, raisedHandCount }: PanelButtonProps & { count: number; raisedHandCount: number }) {
  const badgeId = useId();
  const action: ControlAction = { key: 'people', label: TEXT.people, icon: 'people', tone: isOpen ? 'active' : undefined, onSelect: onToggle };
  return (
    <ControlButton
      action={action}
      isCompact={isCompact}
      aria-expanded={isOpen}
      aria-controls="people-panel"
      aria-describedby={raisedHandCount > 0 ? badgeId : undefined}
    >
      {' '}
      <span className="count">{count}</span>
      <HandsBadge id={badgeId} count={raisedHandCount} />
    </ControlButton>
  );
}
