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

  it('replaces, not adds to, what it had on a rejoin: no duplicates, nothing stale', () => {
    const store = joinedStore();
    store.getState().resetConversation(snapshot({ chat: { messages: [chatMessage(1, 2)], hasMore: false }, questions: [question(1), question(2)] }));
    // While connected: a message arrives live.
    store.getState().upsertChatMessage(chatMessage(2, 3));
    // Reconnected: the server's snapshot has it too, and question 2 was withdrawn meanwhile.
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
});
