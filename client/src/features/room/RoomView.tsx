import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { useAppState, useRoomSession } from '../../app/services.js';
import { BroadcastBanner } from '../buzz/BroadcastBanner.js';
import { BuzzPanel } from '../buzz/BuzzPanel.js';
import { GroupBanner } from '../buzz/GroupBanner.js';
import { NotesPad } from '../buzz/NotesPad.js';
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
import { RecordingIndicator } from '../recording/RecordingIndicator.js';

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
  const [isBuzzOpen, setBuzzOpen] = useBuzzPanelState();
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
        <RecordingIndicator />
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
      <BroadcastBanner />
      <GroupBanner />
      {previewError && (
        <p className="banner banner--warning" role="alert">
          {previewError}
        </p>
      )}
      <div className="room__body">
        <main className="room__main">
          <StageArea sound={sound.control} />
          <NotesPad />
          <ReactionBursts />
        </main>
        <ConversationPanel
          isOpen={isConversationOpen}
          tab={conversationTab}
          onTabChange={setConversationTab}
          onClose={() => setConversationChoice(false)}
        />
        {isPeopleOpen && <PeoplePanel onClose={() => setPeopleOpen(false)} />}
        {isBuzzOpen && <BuzzPanel onClose={() => setBuzzOpen(false)} />}
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
        isBuzzOpen={isBuzzOpen}
        onToggleBuzz={() => setBuzzOpen(!isBuzzOpen)}
        onInvite={() => setInviteOpen(true)}
        onLeave={leave}
      />
      <StageInvitationDialog />
      {isInviteOpen && <InviteDialog onClose={() => setInviteOpen(false)} />}
    </div>
  );
}

/**
 * Whether the buzz groups panel is open. It opens by itself when there is
 * something to do or read there: choosing a group, the groups' notes.
 */
function useBuzzPanelState(): [boolean, (isOpen: boolean) => void] {
  const [isOpen, setOpen] = useState(false);
  const mustChoose = useAppState(
    (state) =>
      state.self?.role !== 'moderator' &&
      state.buzzRound?.phase === 'running' &&
      state.buzzRound.method === 'self-select' &&
      state.buzzGroupIndex === null &&
      !state.buzzPlace?.group,
  );
  const outputsId = useAppState((state) => (state.self?.role === 'moderator' ? null : (state.buzzOutputs?.roundId ?? null)));
  // Compared while rendering (React's way to follow a changing value without an effect).
  const [hadToChoose, setHadToChoose] = useState(false);
  const [seenOutputs, setSeenOutputs] = useState(outputsId);
  if (mustChoose !== hadToChoose) {
    setHadToChoose(mustChoose);
    if (mustChoose) setOpen(true);
  }
  if (outputsId !== seenOutputs) {
    setSeenOutputs(outputsId);
    if (outputsId !== null) setOpen(true);
  }
  return [isOpen, setOpen];
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
