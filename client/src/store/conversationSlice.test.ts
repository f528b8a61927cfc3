import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RoomId } from '../../../shared/ids.js';
import { createAppStore } from './appStore.js';
import { unreadCount } from './chatViews.js';
import { chatMessage, poll, question, questionId, snapshot } from './testConversation.js';
import { userId } from './testPeople.js';

const roomId = 'people-power' as RoomId;

/** sessionStorage as a tab has it: per test, in memory. */
function stubSessionStorage() {
  const items = new Map<string, string>();
  vi.stubGlobal('sessionStorage', {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  });
}

function joinedStore() {
  const store = createAppStore();
  store.getState().startJoining(roomId);
  return store;
}

describe('conversation slice', () => {
  beforeEach(stubSessionStorage);
  afterEach(() => vi.unstubAllGlobals());

  it('takes everything from the join snapshot, chat channels merged in seq order', () => {
    const store = joinedStore();
    store.getState().resetConversation(
      snapshot({
        chat: { messages: [chatMessage(1, 2), chatMessage(3, 2)], hasMore: true },
        moderatorsChat: { messages: [chatMessage(2, 1, { channel: 'moderators', threadId: userId(1) })], hasMore: false },
        questions: [question(1)],
        upvoted: [questionId(1)],
        polls: [poll(1, { state: 'open' })],
        pollVotes: { [poll(1).pollId]: [0] },
        controls: { isLocked: true, hasLobby: false, isAudienceChatEnabled: false, autoRecord: false, isRosterVisible: false },
        isChatMuted: true,
      }),
    );
    const state = store.getState();
    expect(state.chatMessages.map((m) => m.seq)).toEqual([1, 2, 3]);
    expect(state.chatHasMore).toEqual({ room: true, moderators: false });
    expect(state.selfUserId).toBe(userId(1));
    expect(state.upvotedQuestionIds).toEqual([questionId(1)]);
    expect(state.pollVotes).toEqual({ [poll(1).pollId]: [0] });
    expect(state.roomControls.isLocked).toBe(true);
    expect(state.isChatMuted).toBe(true);
  });

  it('replaces, not adds to, what it had on a reset: no duplicates, nothing stale', () => {
    const store = joinedStore();
    store.getState().resetConversation(snapshot({ chat: { messages: [chatMessage(1, 2)], hasMore: false }, questions: [question(1), question(2)] }));
    // While connected: a message arrives live.
    store.getState().upsertChatMessage(chatMessage(2, 3));
    // A snapshot replacing everything has it too, and question 2 was withdrawn meanwhile.
    store.getState().resetConversation(
      snapshot({ chat: { messages: [chatMessage(1, 2), chatMessage(2, 3), chatMessage(3, 2)], hasMore: false }, questions: [question(1)] }),
    );
    expect(store.getState().chatMessages.map((m) => m.seq)).toEqual([1, 2, 3]);
    expect(store.getState().questions.map((q) => q.questionId)).toEqual([questionId(1)]);
  });

  it('does not count the history found on a first join as unread, but counts what arrives after', () => {
    const store = joinedStore();
    store.getState().resetConversation(snapshot({ chat: { messages: [chatMessage(1, 2), chatMessage(2, 2)], hasMore: false } }));
    expect(store.getState().chatRead).toEqual({ baseline: 2, views: {} });
    store.getState().upsertChatMessage(chatMessage(3, 2));
    store.getState().upsertChatMessage(chatMessage(4, 1)); // our own
    const { chatMessages, chatRead, selfUserId } = store.getState();
    expect(unreadCount(chatMessages, chatRead, selfUserId, false)).toBe(1);
  });

  it('keeps the read position across a reload of the tab (same room, new store)', () => {
    const first = joinedStore();
    first.getState().resetConversation(snapshot({ chat: { messages: [chatMessage(1, 2)], hasMore: false } }));
    first.getState().upsertChatMessage(chatMessage(2, 2));
    first.getState().markChatRead('room', 2);

    const reloaded = joinedStore();
    reloaded.getState().resetConversation(
      snapshot({ chat: { messages: [chatMessage(1, 2), chatMessage(2, 2), chatMessage(3, 2)], hasMore: false } }),
    );
    expect(reloaded.getState().chatRead).toEqual({ baseline: 1, views: { room: 2 } });
  });

  it('never moves the read position back', () => {
    const store = joinedStore();
    store.getState().resetConversation(snapshot());
    store.getState().markChatRead('room', 5);
    store.getState().markChatRead('room', 3);
    expect(store.getState().chatRead.views.room).toBe(5);
  });

  it('empties everything after leaving', () => {
    const store = joinedStore();
    store.getState().resetConversation(snapshot({ chat: { messages: [chatMessage(1, 2)], hasMore: true }, questions: [question(1)], isChatMuted: true }));
    store.getState().resetConversation(null);
    const state = store.getState();
    expect(state.chatMessages).toEqual([]);
    expect(state.questions).toEqual([]);
    expect(state.isChatMuted).toBe(false);
    expect(state.selfUserId).toBeNull();
  });

  it('ignores a late state of a question or poll the snapshot did not hold, if no newer than the snapshot', () => {
    const store = joinedStore();
    store.getState().resetConversation(snapshot({ head: 10, questions: [question(1)] }));
    // Asked and withdrawn before the snapshot was read; the asking's broadcast was slow.
    store.getState().upsertQuestion(question(2, { changeSeq: 8 }));
    store.getState().upsertPoll(poll(1, { state: 'open', changeSeq: 9 }));
    expect(store.getState().questions.map((q) => q.questionId)).toEqual([questionId(1)]);
    expect(store.getState().polls).toEqual([]);
    store.getState().upsertQuestion(question(3, { changeSeq: 11 }));
    store.getState().upsertPoll(poll(2, { changeSeq: 12 }));
    expect(store.getState().questions.map((q) => q.questionId)).toEqual([questionId(1), questionId(3)]);
    expect(store.getState().polls.map((p) => p.pollId)).toEqual([poll(2).pollId]);
  });

  it('on a rejoin of the same room, keeps the chat held and merges the snapshot in, newer states winning', () => {
    const store = joinedStore();
    store.getState().resetConversation(snapshot({ head: 5, chat: { messages: [chatMessage(4, 2), chatMessage(5, 3)], hasMore: true }, questions: [question(1)] }));
    // History loaded up to the first message; a message arrived, was edited and read.
    store.getState().addChatPage('room', { messages: [chatMessage(1, 2), chatMessage(2, 2), chatMessage(3, 2)], hasMore: false });
    store.getState().upsertChatMessage(chatMessage(6, 2, { body: 'edited', changeSeq: 9 }));
    store.getState().markChatRead('room', 6);

    // Back after a lost connection: the snapshot's latest page (an older state of 6, and 7), questions as they are now.
    store.getState().mergeConversation(
      snapshot({
        head: 12,
        chat: { messages: [chatMessage(5, 3), chatMessage(6, 2, { changeSeq: 6 }), chatMessage(7, 3, { changeSeq: 12 })], hasMore: true },
        questions: [question(2, { changeSeq: 11 })],
        isChatMuted: true,
      }),
    );
    const state = store.getState();
    expect(state.chatMessages.map((m) => [m.seq, m.body])).toEqual([
      [1, 'message 1'],
      [2, 'message 2'],
      [3, 'message 3'],
      [4, 'message 4'],
      [5, 'message 5'],
      [6, 'edited'],
      [7, 'message 7'],
    ]);
    // Everything older than the first message is held already; the read position stays.
    expect(state.chatHasMore.room).toBe(false);
    expect(state.chatRead.views.room).toBe(6);
    expect(state.questions.map((q) => q.questionId)).toEqual([questionId(2)]);
    expect(state.isChatMuted).toBe(true);
    expect(state.snapshotHead).toBe(12);
  });

  it('applies a catch-up by the same newer-wins rules: chat in seq order, a question’s later change deciding', () => {
    const store = joinedStore();
    store.getState().resetConversation(
      snapshot({ head: 10, chat: { messages: [chatMessage(1, 2, { changeSeq: 10 })], hasMore: false }, questions: [question(1, { changeSeq: 3 })], polls: [poll(1, { changeSeq: 4 })] }),
    );
    // Told live while the catch-up was on its way.
    store.getState().upsertChatMessage(chatMessage(3, 2, { body: 'edited', changeSeq: 16 }));
    store.getState().applyCatchUp({
      head: 16,
      chat: [chatMessage(3, 2, { changeSeq: 12 }), chatMessage(2, 3, { changeSeq: 11 })],
      // Question 1 pinned, then withdrawn; question 2 withdrawn, then reopened; question 3 asked.
      questions: [question(1, { isPinned: true, changeSeq: 13 }), question(2, { changeSeq: 15 }), question(3, { changeSeq: 14 })],
      removedQuestions: [
        { questionId: questionId(2), changeSeq: 12 },
        { questionId: questionId(1), changeSeq: 14 },
      ],
      polls: [poll(1, { state: 'open', changeSeq: 15 })],
    });
    const state = store.getState();
    expect(state.chatMessages.map((m) => [m.seq, m.body])).toEqual([
      [1, 'message 1'],
      [2, 'message 2'],
      [3, 'edited'],
    ]);
    expect(state.questions.map((q) => q.questionId).sort()).toEqual([questionId(2), questionId(3)]);
    expect(state.polls.map((p) => p.state)).toEqual(['open']);

    // The withdrawn question's pinning, broadcast before its withdrawal, arrives late: it stays gone.
    store.getState().upsertQuestion(question(1, { isPinned: true, changeSeq: 13 }));
    expect(state.questions.map((q) => q.questionId)).not.toContain(questionId(1));
    expect(store.getState().questions).toBe(state.questions);
  });
});
