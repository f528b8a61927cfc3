import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { useAppState, useRoomSession } from '../../app/services.js';
import { viewKey, type ChatView, type ChatViewKey } from '../../store/chatViews.js';
import type { NoticeAction } from '../../store/noticesSlice.js';
import { BroadcastBanner } from '../buzz/BroadcastBanner.js';
import { BuzzPanel } from '../buzz/BuzzPanel.js';
import { GroupBanner } from '../buzz/GroupBanner.js';
import { NotesPad } from '../buzz/NotesPad.js';
import { usePrivateMessageNotices } from '../chat/usePrivateMessageNotices.js';
import { ControlBar } from '../controls/ControlBar.js';
import { CONVERSATION_PANEL_ID, ConversationPanel } from '../conversation/ConversationPanel.js';
import { useIsPageVisible } from '../conversation/useIsPageVisible.js';
import { RaisedHandsStrip } from '../hands/RaisedHandsStrip.js';
import { useRaisedHandNotices, useRaisedHands } from '../hands/useRaisedHands.js';
import { InviteDialog } from '../invitations/InviteDialog.js';
import { NoticeRegion } from '../notices/NoticeRegion.js';
import { PeoplePanel } from '../people/PeoplePanel.js';
import { peopleHeadingId } from '../people/PeopleSection.js';
import { ReactionBursts } from '../reactions/ReactionBursts.js';
import { RecordingIndicator } from '../recording/RecordingIndicator.js';
import { useIsCompactLayout } from '../shared/useMediaQuery.js';
import type { SoundControl } from '../stage/soundControl.js';
import { StageArea } from '../stage/StageArea.js';
import { StageInvitationDialog } from '../stage/StageInvitationDialog.js';
import { RoomStatusBar } from './RoomStatusBar.js';
import { useRoomPanels, type RoomPanels } from './useRoomPanels.js';

const TEXT = {
  soundBlocked: 'Your browser paused the sound.',
  turnOnSound: 'Turn on sound',
};

/** The room once joined: the stage, the people, your controls, and what happens to you. */
export function RoomView({ title }: { title: string }) {
  const session = useRoomSession();
  const navigate = useNavigate();
  const previewError = useAppState((state) => state.previewError);
  const isCompact = useIsCompactLayout();
  const panels = useRoomPanels(isCompact);
  const [isInviteOpen, setInviteOpen] = useState(false);
  const sound = useSoundControl();
  const hands = useHandsQueue(panels.isPeopleOpen);
  const openChatFromNotice = useChatOpening(panels);
  usePrivateMessageNotices(useVisibleChatView(panels));
  // The Join button that had focus is gone: put keyboard and screen-reader users at the top of the room.
  const titleRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => titleRef.current?.focus(), []);

  const leave = () => {
    void session.leave();
    void navigate('/');
  };
  // The notice and its button go away: where the person was taken gets the focus.
  const onNoticeAction = (action: NoticeAction) => {
    if (action.kind === 'open-chat') openChatFromNotice(action.view);
    else hands.show();
  };

  return (
    <div className={roomClassName(panels, isCompact)}>
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
      {hands.strip}
      <div className="room__body">
        <div className="room__stage">
          <main className="room__main">
            <StageArea sound={sound.control} />
            <NotesPad />
            <ReactionBursts />
          </main>
          <NoticeRegion onAction={onNoticeAction} />
        </div>
        <ConversationPanel
          isOpen={panels.isConversationOpen}
          tab={panels.conversationTab}
          onTabChange={panels.setConversationTab}
          chatView={panels.chatView}
          onChatViewChange={panels.setChatView}
          onClose={() => panels.close('conversation')}
        />
        {panels.isPeopleOpen && <PeoplePanel onClose={() => panels.close('people')} />}
        {panels.isBuzzOpen && <BuzzPanel onClose={() => panels.close('buzz')} />}
      </div>
      <ControlBar
        isPeopleOpen={panels.isPeopleOpen}
        onTogglePeople={() => panels.toggle('people')}
        isConversationOpen={panels.isConversationOpen}
        onToggleConversation={() => panels.toggle('conversation')}
        isBuzzOpen={panels.isBuzzOpen}
        onToggleBuzz={() => panels.toggle('buzz')}
        onInvite={() => setInviteOpen(true)}
        onLeave={leave}
      />
      <StageInvitationDialog />
      {isInviteOpen && <InviteDialog onClose={() => setInviteOpen(false)} />}
    </div>
  );
}

/** On a phone, an open panel is a sheet: the room lays the stage out above it. */
function roomClassName(panels: RoomPanels, isCompact: boolean): string {
  const hasSheet = isCompact && (panels.isPeopleOpen || panels.isConversationOpen || panels.isBuzzOpen);
  return ['room', panels.isPeopleOpen && 'room--people', hasSheet && 'room--sheet'].filter(Boolean).join(' ');
}

/**
 * Opens the chat on a conversation and, once it shows, puts the focus in its
 * message box (or, where the person cannot write, on the conversation
 * picker), ready to answer.
 */
function useChatOpening(panels: RoomPanels): (view: ChatView) => void {
  const [focusRequest, setFocusRequest] = useState(0);
  useEffect(() => {
    if (focusRequest === 0) return;
    const chat = document.getElementById(CONVERSATION_PANEL_ID)?.querySelector('.chat');
    const target =
      chat?.querySelector<HTMLElement>(':scope > .composer textarea:not(:disabled)') ??
      chat?.querySelector<HTMLElement>('.segmented input:checked, select');
    target?.focus();
  }, [focusRequest]);
  return (view) => {
    panels.openChat(view);
    setFocusRequest((request) => request + 1);
  };
}

/** The conversation a person has in front of them now, if any: private messages there need no notice. */
function useVisibleChatView(panels: RoomPanels): ChatViewKey | null {
  const isPageVisible = useIsPageVisible();
  const isChatShown = panels.isConversationOpen && isPageVisible && panels.conversationTab === 'chat';
  return isChatShown ? viewKey(panels.chatView) : null;
}

/**
 * Moderators: raised hands are announced as they go up, and while the people
 * panel is closed a strip shows the queue (a notice's "Show hands" opens it).
 */
function useHandsQueue(isPeopleOpen: boolean) {
  const raisedHands = useRaisedHands();
  useRaisedHandNotices(raisedHands);
  const [isExpanded, setExpanded] = useState(false);
  const [focusRequest, setFocusRequest] = useState(0);
  const show = () => {
    if (isPeopleOpen) {
      // The panel lists the same queue: go there (focusing scrolls it into view).
      document.getElementById(peopleHeadingId('hands'))?.focus();
      return;
    }
    setExpanded(true);
    setFocusRequest((request) => request + 1);
  };
  const strip =
    !isPeopleOpen && raisedHands.length > 0 ? (
      <RaisedHandsStrip raisedHands={raisedHands} isExpanded={isExpanded} onExpandedChange={setExpanded} focusRequest={focusRequest} />
    ) : null;
  return { strip, show };
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
