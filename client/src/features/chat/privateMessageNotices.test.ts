import { describe, expect, it } from 'vitest';
import { chatMessage } from '../../store/testConversation.js';
import { userId } from '../../store/testPeople.js';
import { privateMessageNotices } from './privateMessageNotices.js';

const NOTHING_READ = { baseline: 0, views: {} };
const moderatorAuthor = (n: number) => ({ userId: userId(n), displayName: `Mod ${n}`, role: 'moderator' as const });

describe('privateMessageNotices, for a moderator', () => {
  const asModerator = { selfUserId: userId(9), isModerator: true, read: NOTHING_READ, visibleView: null };

  it('tells of a participant writing to the moderators, once per thread, with the way to that thread', () => {
    const notices = privateMessageNotices(
      [
        chatMessage(1, 2, { channel: 'moderators', threadId: userId(2), author: { userId: userId(2), displayName: 'Ada', role: 'participant' } }),
        chatMessage(2, 2, { channel: 'moderators', threadId: userId(2), author: { userId: userId(2), displayName: 'Ada', role: 'participant' } }),
        chatMessage(3, 1, { channel: 'room' }),
      ],
      asModerator,
    );
    expect(notices).toEqual([{ text: 'Ada sent the moderators a private message.', view: { kind: 'thread', userId: userId(2) } }]);
  });

  it('tells of another moderator writing in the moderators-only conversation, but not of answers in a thread', () => {
    const notices = privateMessageNotices(
      [
        chatMessage(1, 3, { channel: 'moderators', threadId: null, author: moderatorAuthor(3) }),
        chatMessage(2, 3, { channel: 'moderators', threadId: userId(2), author: moderatorAuthor(3) }),
      ],
      asModerator,
    );
    expect(notices).toEqual([{ text: 'Mod 3 wrote to the moderators only.', view: { kind: 'moderators' } }]);
  });

  it('says nothing of what is read already, deleted, written by oneself, or on screen', () => {
    const fromAda = { channel: 'moderators' as const, threadId: userId(2), author: { userId: userId(2), displayName: 'Ada', role: 'participant' as const } };
    expect(privateMessageNotices([chatMessage(5, 2, fromAda)], { ...asModerator, read: { baseline: 5, views: {} } })).toEqual([]);
    expect(privateMessageNotices([chatMessage(6, 2, { ...fromAda, deletedBy: 'author' })], asModerator)).toEqual([]);
    expect(privateMessageNotices([chatMessage(7, 9, { channel: 'moderators', threadId: null, author: moderatorAuthor(9) })], asModerator)).toEqual([]);
    expect(privateMessageNotices([chatMessage(8, 2, fromAda)], { ...asModerator, visibleView: `thread:${userId(2)}` })).toEqual([]);
  });
});

describe('privateMessageNotices, for a participant', () => {
  const asAda = { selfUserId: userId(2), isModerator: false, read: NOTHING_READ, visibleView: 'room' as const };

  it("tells of a moderator's answer, with the way to the conversation with the moderators", () => {
    const notices = privateMessageNotices(
      [chatMessage(4, 3, { channel: 'moderators', threadId: userId(2), author: moderatorAuthor(3) })],
      asAda,
    );
    expect(notices).toEqual([{ text: 'Moderator Mod 3 answered you privately.', view: { kind: 'moderators' } }]);
  });

  it('says nothing while that conversation is on screen', () => {
    const answer = chatMessage(4, 3, { channel: 'moderators', threadId: userId(2), author: moderatorAuthor(3) });
    expect(privateMessageNotices([answer], { ...asAda, visibleView: 'moderators' })).toEqual([]);
  });
});
