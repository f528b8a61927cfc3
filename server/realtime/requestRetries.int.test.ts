import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReactionCounts } from '../../shared/conversation.js';
import type { RoomSummary } from '../../shared/http.js';
import type { RoomId } from '../../shared/ids.js';
import { createAppStore, type AppStore } from '../../client/src/store/appStore.js';
import { startServerPair, type ServerPair } from '../test/redis.js';
import {
  connectClient,
  expectOk,
  issueToken,
  request,
  type TestSocket,
} from '../test/testClient.js';
import { startTestPlatform, type TestPlatform } from '../test/testPlatform.js';

/**
 * Retries are safe: a request sent again with its requestId (after a
 * timeout, a lost answer, a reconnection) is done once, and answered as the
 * first time. Real server processes, PostgreSQL and Redis.
 */

/** The client's own store, fed what a person's socket hears of chat and questions (as bindServerEvents does). */
function storeHearing(socket: TestSocket): AppStore {
  const store = createAppStore('observer');
  socket.on('chat:posted', (message) => store.getState().upsertChatMessage(message));
  socket.on('question:asked', (question) => store.getState().upsertQuestion(question));
  return store;
}

/** Resolves with the first payload of an event that satisfies a condition. */
function eventWhere<T>(socket: TestSocket, event: string, matches: (payload: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const untyped = socket as unknown as {
    on(event: string, listener: (payload: T) => void): void;
    off(event: string, listener: (payload: T) => void): void;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no matching ${event} within ${timeoutMs} ms`)), timeoutMs);
    const listener = (payload: T) => {
      if (!matches(payload)) return;
      clearTimeout(timer);
      untyped.off(event, listener);
      resolve(payload);
    };
    untyped.on(event, listener);
  });
}

async function firstRoom(url: string): Promise<RoomId> {
  const rooms = (await (await fetch(`${url}/api/rooms`)).json()) as RoomSummary[];
  return rooms[0]!.id as RoomId;
}

describe('retried requests on one server process', () => {
  let platform: TestPlatform;
  let roomId: RoomId;
  const sockets: TestSocket[] = [];

  /** Someone in the room: their socket and user id. */
  async function join(name: string, role?: 'moderator') {
    const invitation = role ? await platform.invite(roomId, role) : undefined;
    const { token, identity } = await issueToken(platform.url, name, invitation);
    const socket = await connectClient(platform.url, name, { token });
    sockets.push(socket);
    expectOk(await request(socket, 'room:join', { roomId, requestId: randomUUID() }));
    return { socket, userId: identity.userId };
  }

  beforeAll(async () => {
    platform = await startTestPlatform();
    roomId = await firstRoom(platform.url);
  });

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await platform?.dispose();
  });

  it('posts a chat message sent twice with one requestId once: one row, the same answer, one copy for others', async () => {
    const ama = await join('Ama');
    const bo = await join('Bo');
    const atBo = storeHearing(bo.socket);

    const payload = { channel: 'room', body: 'Is the recording shared afterwards?', requestId: 'chat-retry-1' } as const;
    const first = expectOk(await request(ama.socket, 'chat:send', payload));
    const again = expectOk(await request(ama.socket, 'chat:send', payload));

    expect(again).toEqual(first);
    const history = expectOk(await request(bo.socket, 'chat:history', { channel: 'room' }));
    expect(history.messages.filter((message) => message.body === payload.body)).toHaveLength(1);
    expect(await platform.db.prisma.chatMessage.count({ where: { roomId, body: payload.body } })).toBe(1);
    // Delivered again (its first delivery may never have happened): Bo's store holds it once.
    await expect.poll(() => atBo.getState().chatMessages.map((m) => m.messageId)).toEqual([first.messageId]);

    // The same words with another id are another message.
    const other = expectOk(await request(ama.socket, 'chat:send', { ...payload, requestId: 'chat-retry-2' }));
    expect(other.messageId).not.toBe(first.messageId);
  });

  it('asks a question sent twice with one requestId once', async () => {
    const ama = await join('Ama');
    const bo = await join('Bo');
    const atBo = storeHearing(bo.socket);

    const payload = { body: 'Who funds the programme?', isAnonymous: false, requestId: 'ask-retry-1' };
    const first = expectOk(await request(ama.socket, 'question:ask', payload));
    const again = expectOk(await request(ama.socket, 'question:ask', payload));

    expect(again.questionId).toBe(first.questionId);
    expect(await platform.db.prisma.question.count({ where: { roomId, body: payload.body } })).toBe(1);
    await expect.poll(() => atBo.getState().questions.filter((q) => q.body === payload.body).length).toBe(1);
  });

  it('answers a retry with what a first attempt stored after its request had given up (a stalled database)', async () => {
    const ama = await join('Ama');
    const bo = await join('Bo');
    const atBo = storeHearing(bo.socket);
    // The first attempt's statements committed once the database resumed; its request had already failed, unbroadcast.
    const author = { roomId, authorId: ama.userId, authorName: 'Ama', authorRole: 'participant' };
    const storedMessage = await platform.db.prisma.chatMessage.create({
      data: { ...author, channel: 'room', body: 'Sent while the database stalled', requestId: 'stalled-chat-1' },
    });
    const storedQuestion = await platform.db.prisma.question.create({
      data: { ...author, body: 'Asked while the database stalled', isAnonymous: false, requestId: 'stalled-ask-1' },
    });

    const posted = expectOk(
      await request(ama.socket, 'chat:send', { channel: 'room', body: 'Sent while the database stalled', requestId: 'stalled-chat-1' }),
    );
    const asked = expectOk(
      await request(ama.socket, 'question:ask', { body: 'Asked while the database stalled', isAnonymous: false, requestId: 'stalled-ask-1' }),
    );

    expect(posted).toMatchObject({ messageId: storedMessage.id, seq: storedMessage.seq });
    expect(asked.questionId).toBe(storedQuestion.id);
    expect(await platform.db.prisma.chatMessage.count({ where: { roomId, requestId: 'stalled-chat-1' } })).toBe(1);
    expect(await platform.db.prisma.question.count({ where: { roomId, requestId: 'stalled-ask-1' } })).toBe(1);
    // Now everyone has them.
    await expect.poll(() => atBo.getState().chatMessages.map((m) => m.messageId)).toContain(storedMessage.id);
    await expect.poll(() => atBo.getState().questions.map((q) => q.questionId)).toContain(storedQuestion.id);
  });

  it('counts an upvote, a poll vote and a reaction retried with their requestId once, even after a later change', async () => {
    const mona = await join('Mona', 'moderator');
    const ama = await join('Ama');
    const bo = await join('Bo');
    const question = expectOk(await request(bo.socket, 'question:ask', { body: 'When is the next session?', isAnonymous: false }));
    const votesOn = () => platform.db.prisma.questionVote.count({ where: { questionId: question.questionId } });

    const upvote = { questionId: question.questionId, upvote: true, requestId: 'upvote-1' };
    expect(expectOk(await request(ama.socket, 'question:upvote', upvote))).toEqual({ upvotes: 1 });
    expect(expectOk(await request(ama.socket, 'question:upvote', { ...upvote, upvote: false, requestId: 'upvote-2' }))).toEqual({
      upvotes: 0,
    });
    // The first upvote's late retry gets its first answer and does not undo the later choice.
    expect(expectOk(await request(ama.socket, 'question:upvote', upvote))).toEqual({ upvotes: 1 });
    expect(await votesOn()).toBe(0);

    const poll = expectOk(await request(mona.socket, 'poll:create', { question: 'Lunch?', kind: 'single', options: ['yes', 'no'] }));
    expectOk(await request(mona.socket, 'poll:open', { pollId: poll.pollId }));
    const vote = { pollId: poll.pollId, choices: [0], requestId: 'poll-vote-1' };
    expectOk(await request(ama.socket, 'poll:vote', vote));
    expectOk(await request(ama.socket, 'poll:vote', { ...vote, choices: [1], requestId: 'poll-vote-2' }));
    expect(expectOk(await request(ama.socket, 'poll:vote', vote))).toEqual({});
    const choices = await platform.db.prisma.pollVote.findMany({ where: { pollId: poll.pollId }, select: { choices: true } });
    expect(choices).toEqual([{ choices: [1] }]);

    // Reactions are counted into bursts: everything sent before the marker has arrived once the marker has.
    const bursts: ReactionCounts[] = [];
    bo.socket.on('reaction:burst', ({ counts }) => bursts.push(counts));
    const marker = eventWhere<{ counts: ReactionCounts }>(bo.socket, 'reaction:burst', ({ counts }) => counts.heart !== undefined);
    const clap = { reaction: 'clap', requestId: 'reaction-1' } as const;
    expectOk(await request(ama.socket, 'reaction:send', clap));
    expectOk(await request(ama.socket, 'reaction:send', clap));
    expectOk(await request(ama.socket, 'reaction:send', { reaction: 'heart', requestId: 'reaction-2' }));
    await marker;
    expect(bursts.reduce((sum, counts) => sum + (counts.clap ?? 0), 0)).toBe(1);
  });

  it('answers a join retried on the same connection with the join that completed; any other join is CONFLICT', async () => {
    const { token } = await issueToken(platform.url, 'Chen');
    const chen = await connectClient(platform.url, 'Chen', { token });
    sockets.push(chen);
    const bo = await join('Bo');

    const joined = expectOk(await request(chen, 'room:join', { roomId, requestId: 'join-chen-1' }));
    // The client gave up waiting and asks again with the same id: the join that completed.
    const retried = expectOk(await request(chen, 'room:join', { roomId, requestId: 'join-chen-1' }));
    expect(retried.self).toEqual(joined.self);
    expect(retried.roomId).toBe(roomId);
    expect(retried.conversation.selfUserId).toBe(joined.conversation.selfUserId);

    for (const other of [{ roomId, requestId: 'join-chen-2' }, { roomId }]) {
      const refused = await request(chen, 'room:join', other);
      expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    }
    // Still in the room, once.
    const room = platform.app.registry.get(roomId)!;
    expect(room.peerList().filter((peer) => peer.identity.displayName === 'Chen').map((peer) => peer.id)).toEqual([joined.self.peerId]);
    expectOk(await request(chen, 'chat:send', { channel: 'room', body: 'Still here' }));
    const bosView = expectOk(await request(bo.socket, 'chat:history', { channel: 'room' }));
    expect(bosView.messages.at(-1)?.body).toBe('Still here');
  });

  it('refuses a requestId outside the allowed form and changes nothing', async () => {
    const ama = await join('Ama');
    const before = await platform.db.prisma.chatMessage.count();
    for (const requestId of ['short', 'x'.repeat(65), 'has space in it', 'semi;colon-1234']) {
      const refused = await request(ama.socket, 'chat:send', { channel: 'room', body: 'Hello', requestId });
      expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
    }
    expect(await platform.db.prisma.chatMessage.count()).toBe(before);
    expect(platform.loggedErrors()).toEqual([]);
  });
});

describe('retried requests across two server processes on Redis', () => {
  let pair: ServerPair;

  beforeAll(async () => {
    pair = await startServerPair({ LOG_LEVEL: 'warn' });
  });

  afterAll(async () => {
    await pair?.stop();
  });

  it('answers a vote retried on the other process without counting it again', async () => {
    const roomId = await firstRoom(pair.first.url);
    const mona = await pair.connect(pair.first, 'Mona', { moderatorOf: roomId });
    const ama = await pair.connect(pair.first, 'Ama');
    for (const person of [mona, ama]) expectOk(await request(person.socket, 'room:join', { roomId }));
    const poll = expectOk(await request(mona.socket, 'poll:create', { question: 'Again?', kind: 'single', options: ['yes', 'no'] }));
    expectOk(await request(mona.socket, 'poll:open', { pollId: poll.pollId }));

    const vote = { pollId: poll.pollId, choices: [0], requestId: 'vote-across-1' };
    expectOk(await request(ama.socket, 'poll:vote', vote));
    expectOk(await request(ama.socket, 'poll:vote', { ...vote, choices: [1], requestId: 'vote-across-2' }));

    // Ama comes back on the other process, and her client retries the first vote there.
    ama.socket.disconnect();
    const amaElsewhere = await pair.connect(pair.second, 'Ama', { token: ama.token });
    expectOk(await request(amaElsewhere.socket, 'room:join', { roomId }));
    expect(expectOk(await request(amaElsewhere.socket, 'poll:vote', vote))).toEqual({});

    // Her later choice stands.
    expectOk(await request(amaElsewhere.socket, 'room:leave', {}));
    const rejoined = expectOk(await request(amaElsewhere.socket, 'room:join', { roomId }));
    expect(rejoined.conversation.pollVotes).toEqual({ [poll.pollId]: [1] });
  });
});
