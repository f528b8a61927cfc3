import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { useAppState, useRoomSession } from '../../app/services.js';
import { ControlBar } from '../controls/ControlBar.js';
import { ConversationPanel, type ConversationTab } from '../conversation/ConversationPanel.js';
import { InviteDialog } from '../invitations/InviteDialog.js';
import { NoticeRegion } from '../notices/NoticeRegion.js';
import { PeoplePanel } from '../people/PeoplePanel.js';
import { ReactionBursts } from '../reactions/ReactionBursts.js';
import type { SoundControl } from '../stage/soundControl.js';
import { StageArea } from '../stage/StageArea.js';
import { StageInvitationDialog } from '../stage/StageInvitationDialog.js';
import { RoomStatusBar } from './RoomStatusBar.js';

const TEXT = {
  soundBlocked: 'Your browser paused the sound.',
  turnOnSound: 'Turn on sound',
};

/** The room once joined: the stage, the people, your controls, and what happens to you. */
export function RoomView({ title }: { title: string }) {
  const session = useRoomSession();
  const navigate = useNavigate();
  const previewError = useAppState((state) => state.previewError);
  const isModerator = useAppState((state) => state.self?.role === 'moderator');
  // Moderators manage people all session long: their panel starts open on wide screens.
  const [isPeopleOpen, setPeopleOpen] = useState(() => isModerator && isWideScreen());
  // Everyone else follows the conversation: on wide screens the chat starts open beside the stage,
  // once the role is known (the view shows while joining, before the server said who we are).
  const role = useAppState((state) => state.self?.role ?? null);
  const [isWide] = useState(isWideScreen);
  const [conversationChoice, setConversationChoice] = useState<boolean | null>(null);
  const isConversationOpen = conversationChoice ?? (isWide && role !== null && role !== 'moderator');
  const [conversationTab, setConversationTab] = useState<ConversationTab>('chat');
  const [isInviteOpen, setInviteOpen] = useState(false);
  const sound = useSoundControl();
  // The Join button that had focus is gone: put keyboard and screen-reader users at the top of the room.
  const titleRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => titleRef.current?.focus(), []);

  const leave = () => {
    void session.leave();
    void navigate('/');
  };

  return (
    <div className={isPeopleOpen ? 'room room--people' : 'room'}>
      <header className="room__header">
        <h1 className="room__title" ref={titleRef} tabIndex={-1}>
          {title}
        </h1>
        <RoomStatusBar />
      </header>
      {sound.isBlocked && (
        <div className="banner">
          <span>{TEXT.soundBlocked}</span>
          <button type="button" className="button button--secondary" onClick={sound.unblock}>
            {TEXT.turnOnSound}
          </button>
        </div>
      )}
      {previewError && (
        <p className="banner banner--warning" role="alert">
          {previewError}
        </p>
      )}
      <div className="room__body">
        <main className="room__main">
          <StageArea sound={sound.control} />
          <ReactionBursts />
        </main>
        <ConversationPanel
          isOpen={isConversationOpen}
          tab={conversationTab}
          onTabChange={setConversationTab}
          onClose={() => setConversationChoice(false)}
        />
        {isPeopleOpen && <PeoplePanel onClose={() => setPeopleOpen(false)} />}
      </div>
      <NoticeRegion />
      <ControlBar
        isPeopleOpen={isPeopleOpen}
        onTogglePeople={() => setPeopleOpen((isOpen) => !isOpen)}
        isConversationOpen={isConversationOpen}
        onToggleConversation={() => {
          // The button is named Chat: opening it shows the chat.
          if (!isConversationOpen) setConversationTab('chat');
          setConversationChoice(!isConversationOpen);
        }}
        onInvite={() => setInviteOpen(true)}
        onLeave={leave}
      />
      <StageInvitationDialog />
      {isInviteOpen && <InviteDialog onClose={() => setInviteOpen(false)} />}
    </div>
  );
}

function isWideScreen(): boolean {
  return window.matchMedia('(min-width: 60rem)').matches;
}

/** Browsers may refuse to play sound until a click; one button then starts all of it. */
function useSoundControl() {
  const [isBlocked, setBlocked] = useState(false);
  const [playRequest, setPlayRequest] = useState(0);
  const onBlocked = useCallback(() => setBlocked(true), []);
  const control: SoundControl = useMemo(() => ({ playRequest, onBlocked }), [playRequest, onBlocked]);
  const unblock = () => {
    setBlocked(false);
    setPlayRequest((value) => value + 1);
  };
  return { isBlocked, unblock, control };
}
