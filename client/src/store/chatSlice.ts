import type { StateCreator } from 'zustand/vanilla';
import type { ChatMessage, ChatPage } from '../../../shared/conversation.js';
import type { AppState } from './appStore.js';
import { saveChatRead } from './chatReadStorage.js';
import { lastReadSeq, mergeMessages, type ChatReadState, type ChatViewKey } from './chatViews.js';

/** The chat as this person receives it: every channel and thread in one list, ordered by seq. */
export interface ChatSlice {
  chatMessages: ChatMessage[];
  /** Whether older messages exist, per view (see {@link hasOlderMessages}). */
  chatHasMore: Partial<Record<ChatViewKey, boolean>>;
  /** How far this person has read (kept per room for the tab). */
  chatRead: ChatReadState;
  /** A moderator stopped this person writing in the room chat and asking questions. */
  isChatMuted: boolean;
  /** A new message, or a newer state of one (edited, deleted; by change number, so an older state arriving late is ignored). */
  upsertChatMessage(message: ChatMessage): void;
  /** Older messages of one view, loaded on request. */
  addChatPage(key: ChatViewKey, page: ChatPage): void;
  markChatRead(key: ChatViewKey, seq: number): void;
  setChatMuted(isMuted: boolean): void;
}

export const emptyChat = {
  chatMessages: [] as ChatMessage[],
  chatHasMore: {},
  chatRead: { baseline: 0, views: {} },
  isChatMuted: false,
} satisfies Partial<ChatSlice>;

export const createChatSlice: StateCreator<AppState, [], [], ChatSlice> = (set, get) => ({
  ...emptyChat,
  upsertChatMessage(message) {
    set((state) => ({ chatMessages: mergeMessages(state.chatMessages, [message]) }));
  },
  addChatPage(key, page) {
    set((state) => ({
      chatMessages: mergeMessages(state.chatMessages, page.messages),
      chatHasMore: { ...state.chatHasMore, [key]: page.hasMore },
    }));
  },
  markChatRead(key, seq) {
    const { chatRead, roomId } = get();
    if (seq <= lastReadSeq(chatRead, key)) return;
    const read = { ...chatRead, views: { ...chatRead.views, [key]: seq } };
    set({ chatRead: read });
    if (roomId) saveChatRead(roomId, read);
  },
  setChatMuted(isChatMuted) {
    set({ isChatMuted });
  },
});
