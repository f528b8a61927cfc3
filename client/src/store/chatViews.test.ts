import { describe, expect, it } from 'vitest';
import { chatMessage } from './testConversation.js';
import { userId } from './testPeople.js';
import {
  channelOf,
  hasOlderMessages,
  mergeMessages,
  messagesInView,
  moderatorThreads,
  unreadCount,
  viewKeyOfMessage,
  type ChatReadState,
} from './chatViews.js';

const me = userId(1);
const ada = userId(2);
const ben = userId(3);

const room = (seq: number, author: number) => chatMessage(seq, author);
/** In person `owner`'s line to the moderators, written by `author`. */
const inThread = (seq: number, owner: number, author: number) =>
  chatMessage(seq, author, { channel: 'moderators', threadId: userId(owner) });
const moderatorsOnly = (seq: number, author: number) => chatMessage(seq, author, { channel: 'moderators', threadId: null });

describe('chat views', () => {
  it('puts each message in the view its reader sees it in', () => {
    expect(viewKeyOfMessage(room(1, 2), false)).toBe('room');
    // A participant only receives their own thread: it is their "moderators" view.
    expect(viewKeyOfMessage(inThread(2, 1, 9), false)).toBe('moderators');
    expect(viewKeyOfMessage(inThread(2, 1, 9), true)).toBe(`thread:${me}`);
    expect(viewKeyOfMessage(moderatorsOnly(3, 9), true)).toBe('moderators');
  });

  it('filters the messages of a moderator view', () => {
    const messages = [room(1, 2), inThread(2, 2, 2), moderatorsOnly(3, 9), inThread(4, 3, 3)];
    expect(messagesInView(messages, { kind: 'thread', userId: ada }, true).map((m) => m.seq)).toEqual([2]);
    expect(messagesInView(messages, { kind: 'moderators' }, true).map((m) => m.seq)).toEqual([3]);
    expect(messagesInView(messages, { kind: 'room' }, true).map((m) => m.seq)).toEqual([1]);
  });

  it('names where to send: a thread by its owner, the moderators channel otherwise', () => {
    expect(channelOf({ kind: 'room' })).toEqual({ channel: 'room' });
    expect(channelOf({ kind: 'moderators' })).toEqual({ channel: 'moderators' });
    expect(channelOf({ kind: 'thread', userId: ada })).toEqual({ channel: 'moderators', threadId: ada });
  });
});

describe('unreadCount', () => {
  const read: ChatReadState = { baseline: 10, views: { room: 12 } };

  it('counts messages by others after the read position of their view, not deleted ones', () => {
    const messages = [
      room(9, 2), // before the baseline
      room(12, 2), // read
      room(13, 2),
      room(14, 1), // our own
      room(15, 2),
      chatMessage(16, 2, { deletedBy: 'author', body: '' }),
      inThread(17, 1, 9), // a moderator answered us: the view was never opened, so the baseline counts
    ];
    expect(unreadCount(messages, read, me, false)).toBe(3);
    expect(unreadCount(messages, read, me, false, 'room')).toBe(2);
    expect(unreadCount(messages, read, me, false, 'moderators')).toBe(1);
  });

  it('counts messages that come without their author’s id (as everyone but moderators gets others’) as others’', () => {
    const nameOnly = (seq: number, author: number, overrides = {}) => {
      const message = chatMessage(seq, author, overrides);
      return { ...message, author: { displayName: message.author.displayName, role: message.author.role } };
    };
    const messages = [nameOnly(13, 2), room(14, 1), nameOnly(15, 9, { channel: 'moderators', threadId: me })];
    expect(unreadCount(messages, read, me, false)).toBe(2);
  });
});

describe('moderatorThreads', () => {
  it('lists people who wrote to the moderators, most recently active first, named by their own messages', () => {
    const messages = [inThread(1, 2, 2), inThread(2, 3, 9), moderatorsOnly(3, 9), inThread(4, 2, 9), room(5, 3)];
    const nameOf = (id: string) => (id === ben ? 'Ben (in the room)' : null);
    expect(moderatorThreads(messages, nameOf)).toEqual([
      { userId: ada, displayName: 'Person 2', lastSeq: 4 },
      // Only a moderator wrote in Ben's thread: his name comes from the people in the room.
      { userId: ben, displayName: 'Ben (in the room)', lastSeq: 2 },
    ]);
    expect(moderatorThreads([inThread(1, 4, 9)], () => null)[0]?.displayName).toBe('Someone who left');
  });
});

describe('mergeMessages', () => {
  it('replaces by id and keeps seq order, so a message seen twice is listed once', () => {
    const merged = mergeMessages([room(1, 2), room(3, 2)], [room(2, 3), { ...room(3, 2), body: 'edited', changeSeq: 9 }, room(1, 2)]);
    expect(merged.map((m) => [m.seq, m.body])).toEqual([
      [1, 'message 1'],
      [2, 'message 2'],
      [3, 'edited'],
    ]);
  });

  it('keeps the later state of a message when an older one arrives after it', () => {
    const deleted = { ...room(1, 2), body: '', deletedBy: 'moderator' as const, changeSeq: 9 };
    const edited = { ...room(1, 2), body: 'edited', changeSeq: 5 };
    const held = [deleted];
    expect(mergeMessages(held, [edited, room(1, 2)])).toBe(held);
  });
});

describe('hasOlderMessages', () => {
  it('lets a thread not paged yet follow the whole moderators channel', () => {
    expect(hasOlderMessages({ room: false, moderators: true }, `thread:${ada}`)).toBe(true);
    expect(hasOlderMessages({ moderators: true, [`thread:${ada}`]: false }, `thread:${ada}`)).toBe(false);
    expect(hasOlderMessages({}, 'room')).toBe(false);
  });
});
