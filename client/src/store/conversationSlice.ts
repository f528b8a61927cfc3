import type { StateCreator } from 'zustand/vanilla';
import type { CatchUp, ChatMessage, ConversationSnapshot } from '../../../shared/conversation.js';
import type { AppState } from './appStore.js';
import { loadChatRead, saveChatRead } from './chatReadStorage.js';
import { emptyChat } from './chatSlice.js';
import { mergeMessages } from './chatViews.js';
import { emptyModeration } from './moderationSlice.js';
import { emptyPolls, withPoll } from './pollsSlice.js';
import { emptyQuestions, withoutQuestion, withQuestion, type QuestionRecords } from './questionsSlice.js';
import { OPEN_ROOM } from './roomControlsSlice.js';

/** A catch-up that lists what changed (not one that sends the whole snapshot instead). */
export type CatchUpChanges = Exclude<CatchUp, { snapshot: ConversationSnapshot }>;

/**
 * Who this person is in the conversation, and the actions that take a
 * whole conversation (chat, questions, polls, controls, lobby, mutes) from
 * the server: a snapshot, or a catch-up of what changed.
 */
export interface ConversationSlice {
  /** Recognises one's own messages and questions; null outside a room. */
  selfUserId: string | null;
  /**
   * The change number the last snapshot held everything up to. Its
   * questions and polls are whole lists, so a question or poll it did not
   * hold, in a state numbered at or below it, had left the view (or was
   * never in it): a late broadcast of that state is ignored.
   */
  snapshotHead: number;
  /**
   * Replaces the whole conversation with what the server sent on joining a
   * room (or in a catch-up too large to list). Null empties it (after
   * leaving).
   */
  resetConversation(snapshot: ConversationSnapshot | null): void;
  /**
   * Rejoining the same room after a lost connection: the snapshot's lists
   * and settings replace ours, but the chat messages held stay (the snapshot
   * brings only the latest page) with the snapshot's merged in by id, the
   * newer state winning. What happened between the two is for a catch-up.
   */
  mergeConversation(snapshot: ConversationSnapshot): void;
  /** What changed since a change number, applied in change order by the same newer-wins rules as broadcasts. */
  applyCatchUp(changes: CatchUpChanges): void;
}

const byChangeSeq = (a: { changeSeq: number }, b: { changeSeq: number }) => a.changeSeq - b.changeSeq;

/** Everything a snapshot sets but the chat (which a rejoin merges). */
function takenFromSnapshot(snapshot: ConversationSnapshot) {
  return {
    selfUserId: snapshot.selfUserId,
    snapshotHead: snapshot.head,
    isChatMuted: snapshot.isChatMuted,
    // Whole lists: what left the view before the snapshot is known by its head, not by name.
    ...emptyQuestions,
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
  } satisfies Partial<AppState>;
}

const snapshotMessages = (snapshot: ConversationSnapshot): ChatMessage[] =>
  [...snapshot.chat.messages, ...snapshot.moderatorsChat.messages].sort((a, b) => a.seq - b.seq);

export const createConversationSlice: StateCreator<AppState, [], [], ConversationSlice> = (set, get) => ({
  selfUserId: null,
  snapshotHead: 0,
  resetConversation(snapshot) {
    if (!snapshot) {
      set({
        selfUserId: null,
        snapshotHead: 0,
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
    const messages = snapshotMessages(snapshot);
    let chatRead = roomId ? loadChatRead(roomId) : null;
    if (!chatRead) {
      // First time in this room (in this tab): the history already there is not "new".
      chatRead = { baseline: messages.at(-1)?.seq ?? 0, views: {} };
      if (roomId) saveChatRead(roomId, chatRead);
    }
    set({
      ...takenFromSnapshot(snapshot),
      chatMessages: messages,
      chatHasMore: { room: snapshot.chat.hasMore, moderators: snapshot.moderatorsChat.hasMore },
      chatRead,
    });
  },
  mergeConversation(snapshot) {
    const { chatMessages, chatHasMore } = get();
    // Whether older messages exist is about the oldest message held: ours, where we held any in the channel.
    const holdsAny = (channel: ChatMessage['channel']) => chatMessages.some((message) => message.channel === channel);
    set({
      ...takenFromSnapshot(snapshot),
      chatMessages: mergeMessages(chatMessages, snapshotMessages(snapshot)),
      chatHasMore: {
        ...chatHasMore,
        room: (holdsAny('room') ? chatHasMore.room : undefined) ?? snapshot.chat.hasMore,
        moderators: (holdsAny('moderators') ? chatHasMore.moderators : undefined) ?? snapshot.moderatorsChat.hasMore,
      },
    });
  },
  applyCatchUp(changes) {
    set((state) => {
      // A question may be listed as it stands and as removed; the later change decides.
      const questionChanges = [
        ...changes.questions.map((question) => ({ changeSeq: question.changeSeq, apply: (r: QuestionRecords) => withQuestion(r, question) })),
        ...changes.removedQuestions.map((removal) => ({ changeSeq: removal.changeSeq, apply: (r: QuestionRecords) => withoutQuestion(r, removal) })),
      ].sort(byChangeSeq);
      const { questions, upvotedQuestionIds, removedQuestions, upvotesChangeSeqs } = questionChanges.reduce<QuestionRecords>(
        (records, change) => change.apply(records),
        state,
      );
      const polls = [...changes.polls].sort(byChangeSeq).reduce((held, poll) => withPoll(held, state.snapshotHead, poll), state.polls);
      return {
        chatMessages: mergeMessages(state.chatMessages, [...changes.chat].sort(byChangeSeq)),
        questions,
        upvotedQuestionIds,
        removedQuestions,
        upvotesChangeSeqs,
        polls,
      };
    });
  },
});
