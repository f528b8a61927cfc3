import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../shared/conversation.js';
import type { RoomSummary } from '../../shared/http.js';
import type { RoomId } from '../../shared/ids.js';
import { startServerPair, type ServerPair } from '../test/redis.js';
import type { ServerProcess } from '../test/serverProcess.js';
import { expectOk, issueToken, loseConnection, nextEvent, request } from '../test/testClient.js';

/**
 * The conversation with two server processes on Redis: what is said on one
 * reaches people on the other, state comes from the shared database, and a
 * person's rate budget is shared by their connections to both processes.
 */
describe('conversation across two server processes on Redis', () => {
  let pair: ServerPair;
  let first: ServerProcess;
  let second: ServerProcess;
  let roomId: RoomId;

  const connect = (server: ServerProcess, name: string, options: { token?: string; moderator?: boolean } = {}) =>
    pair.connect(server, name, { token: options.token, moderatorOf: options.moderator ? roomId : undefined });

  beforeAll(async () => {
    pair = await startServerPair({ LOG_LEVEL: 'warn', RATE_MESSAGES_PER_10S: '6' });
    ({ first, second } = pair);
    const rooms = (await (await fetch(`${first.url}/api/rooms`)).json()) as RoomSummary[];
    roomId = rooms[0]!.id as RoomId;
  });

  afterAll(async () => {
    await pair?.stop();
  });

  it('carries chat, questions, upvotes and polls between processes, and a reconnect elsewhere sees the same state', async () => {
    const moderator = await connect(first, 'Mona', { moderator: true });
    const ama = await connect(first, 'Ama');
    const bo = await connect(second, 'Bo');
    for (const person of [moderator, ama, bo]) expectOk(await request(person.socket, 'room:join', { roomId }));

    const atBo = nextEvent(bo.socket, 'chat:posted');
    const atMona = nextEvent(moderator.socket, 'chat:posted');
    const sent = expectOk(await request(ama.socket, 'chat:send', { channel: 'room', body: 'Hello from process one' }));
    // Bo reads Ama's name, not her id; the moderators get it.
    expect(await atBo).toEqual({ ...sent, author: { displayName: 'Ama', role: 'participant' } });
    expect(await atMona).toEqual(sent);

    // The moderators channel crosses processes too, and only to the moderators.
    const atModerator = nextEvent(moderator.socket, 'chat:posted');
    const privateNote = expectOk(await request(bo.socket, 'chat:send', { channel: 'moderators', body: 'A word, please' }));
    expect(await atModerator).toEqual(privateNote);

    const asked = nextEvent(ama.socket, 'question:asked');
    const question = expectOk(await request(bo.socket, 'question:ask', { body: 'Who funds this?', isAnonymous: true }));
    expect(await asked).toMatchObject({ questionId: question.questionId, askedBy: null });
    const upvoted = nextEvent(bo.socket, 'question:upvoted');
    expectOk(await request(ama.socket, 'question:upvote', { questionId: question.questionId, upvote: true }));
    expect(await upvoted).toEqual({ questionId: question.questionId, upvotes: 1, changeSeq: expect.any(Number) });

    const poll = expectOk(
      await request(moderator.socket, 'poll:create', { question: 'Ready?', kind: 'multiple', options: ['yes', 'soon', 'no'] }),
    );
    const opened = nextEvent(bo.socket, 'poll:changed');
    expectOk(await request(moderator.socket, 'poll:open', { pollId: poll.pollId }));
    expect(await opened).toMatchObject({ pollId: poll.pollId, state: 'open' });
    const tallied = new Promise<void>((resolve) => {
      moderator.socket.on('poll:changed', (changed) => {
        if (changed.results?.voters === 1) resolve();
      });
    });
    expectOk(await request(bo.socket, 'poll:vote', { pollId: poll.pollId, choices: [0, 1] }));
    await tallied;

    // Bo reconnects to the other process and catches up from the shared database.
    const boView = expectOk(await request(bo.socket, 'room:leave', {}));
    expect(boView).toEqual({});
    const before = expectOk(await request(bo.socket, 'room:join', { roomId })).conversation;
    loseConnection(bo.socket);
    const boElsewhere = await connect(first, 'Bo', { token: bo.token });
    const after = expectOk(await request(boElsewhere.socket, 'room:join', { roomId })).conversation;
    expect(after).toEqual(before);
    expect(after.chat.messages.map((m: ChatMessage) => m.body)).toContain('Hello from process one');
    expect(after.moderatorsChat.messages.map((m: ChatMessage) => m.body)).toEqual(['A word, please']);
    expect(after.upvoted).toEqual([]);
    expect(after.pollVotes).toEqual({ [poll.pollId]: [0, 1] });
    expect(after.questions.map((q) => q.questionId)).toEqual([question.questionId]);
  });

  it("shares one person's message budget between their connections to both processes", async () => {
    const { token } = await issueToken(first.url, 'Chen');
    const onFirst = await connect(first, 'Chen', { token });
    expectOk(await request(onFirst.socket, 'room:join', { roomId }));
    for (let index = 0; index < 3; index += 1) {
      expectOk(await request(onFirst.socket, 'chat:send', { channel: 'room', body: `one ${index}` }));
    }
    // The same person on the other process: the budget (6 per 10 s) is already half spent.
    onFirst.socket.disconnect();
    const onSecond = await connect(second, 'Chen', { token });
    expectOk(await request(onSecond.socket, 'room:join', { roomId }));
    const codes: string[] = [];
    for (let index = 0; index < 4; index += 1) {
      const ack = await request(onSecond.socket, 'chat:send', { channel: 'room', body: `two ${index}` });
      codes.push(ack.ok ? 'ok' : ack.error.code);
    }
    expect(codes).toEqual(['ok', 'ok', 'ok', 'RATE_LIMITED']);
  });
});
