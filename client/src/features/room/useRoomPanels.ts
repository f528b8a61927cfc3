import { useState } from 'react';
import { useAppState } from '../../app/services.js';
import { ROOM_VIEW, type ChatView } from '../../store/chatViews.js';
import type { ConversationTab } from '../conversation/ConversationPanel.js';

type Panel = 'people' | 'conversation' | 'buzz';

/** Which panels of the room are open, what they show, and the ways to change that. */
export interface RoomPanels {
  isPeopleOpen: boolean;
  isConversationOpen: boolean;
  isBuzzOpen: boolean;
  conversationTab: ConversationTab;
  chatView: ChatView;
  setConversationTab(tab: ConversationTab): void;
  setChatView(view: ChatView): void;
  toggle(panel: Panel): void;
  close(panel: Panel): void;
  /** Opens the chat on one conversation (from a notice of a private message). */
  openChat(view: ChatView): void;
}

/**
 * The people, conversation and buzz-group panels. Side by side on a wide
 * screen; on a phone each is a sheet over the lower part of the screen, so
 * only one is open at a time and the stage stays in view above it.
 */
export function useRoomPanels(isCompact: boolean): RoomPanels {
  const role = useAppState((state) => state.self?.role ?? null);
  const isModerator = role === 'moderator';
  const [isWide] = useState(isWideScreen);
  // Moderators manage people all session long: their panel starts open on wide screens.
  const [isPeopleOpen, setPeopleOpen] = useState(() => isModerator && isWide);
  // Everyone else follows the conversation: on wide screens the chat starts open beside the stage,
  // once the role is known (the view shows while joining, before the server said who we are).
  const [conversationChoice, setConversationChoice] = useState<boolean | null>(null);
  const isConversationOpen = conversationChoice ?? (isWide && role !== null && !isModerator);
  const [conversationTab, setConversationTab] = useState<ConversationTab>('chat');
  const [chatView, setChatView] = useState<ChatView>(ROOM_VIEW);
  const [isBuzzOpen, setBuzzOpen] = useState(false);

  const setOpen = (panel: Panel, isOpen: boolean) => {
    if (panel === 'people') setPeopleOpen(isOpen);
    else if (panel === 'conversation') setConversationChoice(isOpen);
    else setBuzzOpen(isOpen);
    if (!isOpen || !isCompact) return;
    // One sheet at a time on a phone.
    for (const other of ['people', 'conversation', 'buzz'] as const) if (other !== panel) setOpen(other, false);
  };
  useBuzzPanelOpening(() => setOpen('buzz', true));

  const isOpen: Record<Panel, boolean> = { people: isPeopleOpen, conversation: isConversationOpen, buzz: isBuzzOpen };
  return {
    isPeopleOpen,
    isConversationOpen,
    isBuzzOpen,
    conversationTab,
    chatView,
    setConversationTab,
    setChatView,
    toggle(panel) {
      // The button is named Chat: opening it shows the chat.
      if (panel === 'conversation' && !isConversationOpen) setConversationTab('chat');
      setOpen(panel, !isOpen[panel]);
    },
    close: (panel) => setOpen(panel, false),
    openChat(view) {
      setConversationTab('chat');
      setChatView(view);
      setOpen('conversation', true);
    },
  };
}

/**
 * The buzz groups panel opens by itself when there is something to do or
 * read there: choosing a group, the groups' notes.
 */
function useBuzzPanelOpening(open: () => void): void {
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
    if (mustChoose) open();
  }
  if (outputsId !== seenOutputs) {
    setSeenOutputs(outputsId);
    if (outputsId !== null) open();
  }
}

function isWideScreen(): boolean {
  return window.matchMedia('(min-width: 60rem)').matches;
}
