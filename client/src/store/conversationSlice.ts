import type { StateCreator } from 'zustand/vanilla';
import type { ConversationSnapshot } from '../../../shared/conversation.js';
import type { AppState } from './appStore.js';
import { loadChatRead, saveChatRead } from './chatReadStorage.js';
import { emptyChat } from './chatSlice.js';
import { emptyModeration } from './moderationSlice.js';
import { emptyPolls } from './pollsSlice.js';
import { emptyQuestions } from './questionsSlice.js';
import { OPEN_ROOM } from './roomControlsSlice.js';

/**
 * Who this person is in the conversation, and the one action that replaces
 * all of it (chat, questions, polls, controls, lobby, mutes) from the
 * server's snapshot.
 */
export interface ConversationSlice {
  /** Recognises one's own messages and questions; null outside a room. */
  selfUserId: string | null;
  /**
   * Replaces the whole conversation with what the server sent on (re)joining,
   * so a reconnecting client catches up without duplicates or stale entries.
   * Null empties it (after leaving).
   */
  resetConversation(snapshot: ConversationSnapshot | null): void;
}

export const createConversationSlice: StateCreator<AppState, [], [], ConversationSlice> = (set, get) => ({
  selfUserId: null,
  resetConversation(snapshot) {
    if (!snapshot) {
      set({
        selfUserId: null,
        ...emptyChat,
        ...emptyQuestions,
        ...emptyPolls,
        ...emptyModeration,
        roomControls: OPEN_ROOM,
        reactionBursts: [],
      });
      return;
    }
    const { roomId } = get();
    const messages = [...snapshot.chat.messages, ...snapshot.moderatorsChat.messages].sort((a, b) => a.seq - b.seq);
    let chatRead = roomId ? loadChatRead(roomId) : null;
    if (!chatRead) {
      // First time in this room (in this tab): the history already there is not "new".
      chatRead = { baseline: messages.at(-1)?.seq ?? 0, views: {} };
      if (roomId) saveChatRead(roomId, chatRead);
    }
    set({
      selfUserId: snapshot.selfUserId,
      chatMessages: messages,
      chatHasMore: { room: snapshot.chat.hasMore, moderators: snapshot.moderatorsChat.hasMore },
      chatRead,
      isChatMuted: snapshot.isChatMuted,
      questions: snapshot.questions,
      upvotedQuestionIds: snapshot.upvoted,
      polls: snapshot.polls,
      pollVotes: snapshot.pollVotes,
      roomControls: snapshot.controls,
      lobby: snapshot.lobby,
      chatMutes: snapshot.chatMutes,
      // The log is not in the snapshot: what happened while away is read again when shown.
      auditEntries: [],
      auditHasMore: false,
      isAuditLoaded: false,
    });
  },
});
