import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../shared/conversation.js';
import type { RoomJoined } from '../../shared/events.js';
import type { RoomSummary } from '../../shared/http.js';
import type { RoomId } from '../../shared/ids.js';
import {
  connectClient,
  expectOk,
  issueToken,
  loseConnection,
  nextEvent,
  request,
  type TestSocket,
} from '../test/testClient.js';
import { startTestPlatform, type TestPlatform } from '../test/testPlatform.js';

/** Collects every payload of one server event a socket receives, in order. */
function collect<E extends 'chat:posted' | 'chat:changed' | 'question:asked' | 'poll:changed'>(socket: TestSocket, event: E) {
  const seen: unknown[] = [];
  (socket as unknown as { on(event: string, listener: (payload: unknown) => void): void }).on(event, (payload) =>
    seen.push(payload),
  );
  return seen;
}

/** Resolves with the first payload of an event that satisfies a condition. */
function eventWhere<T>(socket: TestSocket, event: string, matches: (payload: T) => boolean, timeoutMs = 10_000): Promise<T> {
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

describe('conversation: chat, Q&A, polls, reactions, room controls (real server and database)', () => {
  let platform: TestPlatform;
  let roomId: RoomId;
  let otherRoomId: RoomId;
  const sockets: TestSocket[] = [];

  interface Person {
    socket: TestSocket;
    token: string;
    joined: RoomJoined;
  }

  async function join(name: string, role?: 'moderator' | 'speaker', room = roomId): Promise<Person> {
    const invitation = role ? await platform.invite(room, role) : undefined;
    const { token } = await issueToken(platform.url, name, invitation);
    const socket = await connectClient(platform.url, name, { token });
    sockets.push(socket);
    const joined = expectOk(await request(socket, 'room:join', { roomId: room }));
    return { socket, token, joined };
  }

  /** The rows a refused request must leave alone. */
  async function rows() {
    const prisma = platform.db.prisma;
    return {
      messages: await prisma.chatMessage.findMany({ orderBy: { seq: 'asc' } }),
      questions: await prisma.question.findMany({ orderBy: { seq: 'asc' } }),
      questionVotes: await prisma.questionVote.count(),
      polls: await prisma.poll.findMany({ orderBy: { seq: 'asc' } }),
      pollVotes: await prisma.pollVote.findMany({ orderBy: [{ pollId: 'asc' }, { userId: 'asc' }] }),
      mutes: await prisma.chatMute.count(),
      lobby: await prisma.lobbyEntry.findMany({ orderBy: { requestedAt: 'asc' } }),
      rooms: await prisma.room.findMany({ orderBy: { id: 'asc' } }),
    };
  }

  let moderator: Person;
  let ama: Person;
  let bo: Person;
  let speaker: Person;

  beforeAll(async () => {
    platform = await startTestPlatform({ RATE_MESSAGES_PER_10S: '100', RATE_FLOOD_STRIKES_PER_10S: '20' });
    const rooms = (await (await fetch(`${platform.url}/api/rooms`)).json()) as RoomSummary[];
    roomId = rooms[0]!.id as RoomId;
    otherRoomId = rooms[1]!.id as RoomId;
    moderator = await join('Mona (moderator)', 'moderator');
    speaker = await join('Sipho (speaker)', 'speaker');
    ama = await join('Ama');
    bo = await join('Bo');
  });

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await platform?.dispose();
  });

  it('delivers a chat message to everyone in the room and keeps it in the history a newcomer gets', async () => {
    const atBo = nextEvent(bo.socket, 'chat:posted');
    const atModerator = nextEvent(moderator.socket, 'chat:posted');
    const sent = expectOk(await request(ama.socket, 'chat:send', { channel: 'room', body: '  Hello from Accra  ' }));
    expect(sent).toMatchObject({
      channel: 'room',
      body: 'Hello from Accra',
      author: { userId: ama.joined.self.userId, displayName: 'Ama', role: 'participant' },
    });
    // Everyone reads the author's name; only the moderators (and Ama) get her id.
    const asRead = { ...sent, author: { displayName: 'Ama', role: 'participant' } };
    expect(await atBo).toEqual(asRead);
    expect(await atModerator).toEqual(sent);

    const late = await join('Chen');
    expect(late.joined.conversation.chat.messages.at(-1)).toEqual(asRead);
    expect(late.joined.conversation.selfUserId).toBe(late.joined.self.userId);
    expect((await join('Ada (moderator)', 'moderator')).joined.conversation.chat.messages.at(-1)).toEqual(sent);
  });

  it('pages back through the history, oldest first within a page', async () => {
    for (let index = 0; index < 12; index += 1) {
      expectOk(await request(bo.socket, 'chat:send', { channel: 'room', body: `message ${index}` }));
    }
    const newest = expectOk(await request(bo.socket, 'chat:history', { channel: 'room', limit: 5 }));
    expect(newest.messages.map((m) => m.body)).toEqual(['message 7', 'message 8', 'message 9', 'message 10', 'message 11']);
    expect(newest.hasMore).toBe(true);
    const older = expectOk(
      await request(bo.socket, 'chat:history', { channel: 'room', limit: 5, before: newest.messages[0]!.seq }),
    );
    expect(older.messages.map((m) => m.body)).toEqual(['message 2', 'message 3', 'message 4', 'message 5', 'message 6']);
  });

  it('lets authors edit and delete their own messages, refuses others, and lets moderators delete any', async () => {
    const message = expectOk(await request(ama.socket, 'chat:send', { channel: 'room', body: 'tpyo' }));
    const before = await rows();
    expect(await request(bo.socket, 'chat:edit', { messageId: message.messageId, body: 'hijacked' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await request(bo.socket, 'chat:delete', { messageId: message.messageId })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await rows()).toEqual(before);

    const edited = nextEvent(bo.socket, 'chat:changed');
    expectOk(await request(ama.socket, 'chat:edit', { messageId: message.messageId, body: 'typo' }));
    expect(await edited).toMatchObject({ messageId: message.messageId, body: 'typo', editedAt: expect.any(String) });

    const deleted = nextEvent(ama.socket, 'chat:changed');
    expectOk(await request(moderator.socket, 'chat:delete', { messageId: message.messageId }));
    expect(await deleted).toMatchObject({ messageId: message.messageId, body: '', deletedBy: 'moderator' });
    // The audit log says who deleted whose message, and keeps none of its words.
    const log = expectOk(await request(moderator.socket, 'audit:list', { limit: 100 }));
    const deletion = log.entries.find((entry) => entry.action === 'chat.delete');
    expect(deletion).toMatchObject({ targetName: 'Ama', detail: null });
    expect(JSON.stringify(log)).not.toContain('typo');
    expect(await request(ama.socket, 'chat:edit', { messageId: message.messageId, body: 'again' })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
  });

  it('keeps the moderators channel between one person and the moderators', async () => {
    const boPosts = collect(bo.socket, 'chat:posted') as ChatMessage[];
    const atModerator = nextEvent(moderator.socket, 'chat:posted');
    const note = expectOk(await request(ama.socket, 'chat:send', { channel: 'moderators', body: 'My audio is broken' }));
    expect(note.threadId).toBe(ama.joined.self.userId);
    expect(await atModerator).toEqual(note);

    const reply = nextEvent(ama.socket, 'chat:posted');
    expectOk(
      await request(moderator.socket, 'chat:send', {
        channel: 'moderators',
        body: 'Try reloading',
        threadId: ama.joined.self.userId,
      }),
    );
    expect(await reply).toMatchObject({ body: 'Try reloading', threadId: ama.joined.self.userId });

    // A room message sent after both: once Bo has it, Bo would have had the
    // private ones before it (one process emits in order).
    const marker = eventWhere<ChatMessage>(bo.socket, 'chat:posted', (m) => m.body === 'marker');
    expectOk(await request(ama.socket, 'chat:send', { channel: 'room', body: 'marker' }));
    await marker;
    expect(boPosts.map((m) => m.body)).toEqual(['marker']);

    // Bo cannot read Ama's thread, nor write into it, nor delete in it.
    expect(
      await request(bo.socket, 'chat:history', { channel: 'moderators', threadId: ama.joined.self.userId }),
    ).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(expectOk(await request(bo.socket, 'chat:history', { channel: 'moderators' })).messages).toEqual([]);
    expect(
      await request(bo.socket, 'chat:send', { channel: 'moderators', body: 'psst', threadId: ama.joined.self.userId }),
    ).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await request(bo.socket, 'chat:delete', { messageId: note.messageId })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    const modView = expectOk(await request(moderator.socket, 'chat:history', { channel: 'moderators' }));
    expect(modView.messages.map((m) => m.body)).toEqual(['My audio is broken', 'Try reloading']);
  });

  it('refuses forged ids (another room, unknown people) and changes nothing', async () => {
    const elsewhere = await join('Dana', undefined, otherRoomId);
    const foreignMessage = expectOk(await request(elsewhere.socket, 'chat:send', { channel: 'room', body: 'other room' }));
    const foreignQuestion = expectOk(await request(elsewhere.socket, 'question:ask', { body: 'Elsewhere?', isAnonymous: false }));
    const otherModerator = await join('Olu (moderator)', 'moderator', otherRoomId);
    const foreignPoll = expectOk(
      await request(otherModerator.socket, 'poll:create', { question: 'Other?', kind: 'single', options: ['x', 'y'] }),
    );
    expectOk(await request(otherModerator.socket, 'poll:open', { pollId: foreignPoll.pollId }));

    const before = await rows();
    const refusals = [
      await request(moderator.socket, 'chat:delete', { messageId: foreignMessage.messageId }),
      await request(ama.socket, 'chat:edit', { messageId: foreignMessage.messageId, body: 'x' }),
      await request(ama.socket, 'question:upvote', { questionId: foreignQuestion.questionId, upvote: true }),
      await request(moderator.socket, 'question:moderate', { questionId: foreignQuestion.questionId, action: 'dismiss' }),
      await request(ama.socket, 'poll:vote', { pollId: foreignPoll.pollId, choices: [0] }),
      await request(moderator.socket, 'poll:close', { pollId: foreignPoll.pollId }),
      await request(moderator.socket, 'chat:mute-person', { userId: elsewhere.joined.self.userId, muted: true }),
      await request(moderator.socket, 'chat:send', {
        channel: 'moderators',
        body: 'hello?',
        threadId: elsewhere.joined.self.userId,
      }),
      await request(moderator.socket, 'lobby:admit', { entryId: crypto.randomUUID() as never }),
    ];
    for (const refusal of refusals) expect(refusal).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await rows()).toEqual(before);
  });

  it('refuses moderator actions to participants and speakers, changing nothing', async () => {
    const poll = expectOk(
      await request(moderator.socket, 'poll:create', { question: 'Draft?', kind: 'single', options: ['a', 'b'] }),
    );
    const message = expectOk(await request(bo.socket, 'chat:send', { channel: 'room', body: 'mine' }));
    const before = await rows();
    for (const socket of [ama.socket, speaker.socket]) {
      const refusals = [
        await request(socket, 'poll:open', { pollId: poll.pollId }),
        await request(socket, 'poll:close', { pollId: poll.pollId }),
        await request(socket, 'poll:create', { question: 'Mine?', kind: 'single', options: ['a', 'b'] }),
        await request(socket, 'room:set-controls', { isLocked: true }),
        await request(socket, 'chat:mute-person', { userId: bo.joined.self.userId, muted: true }),
        await request(socket, 'audit:list', {}),
        await request(socket, 'lobby:refuse', { entryId: crypto.randomUUID() as never }),
      ];
      for (const refusal of refusals) expect(refusal).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(await request(ama.socket, 'chat:delete', { messageId: message.messageId })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    // A draft is invisible to participants: voting on it finds nothing.
    expect(await request(ama.socket, 'poll:vote', { pollId: poll.pollId, choices: [0] })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await rows()).toEqual(before);
  });

  it('runs Q&A: anonymous to the audience, one upvote per person, live counts, moderation', async () => {
    const atModerator = nextEvent(moderator.socket, 'question:asked');
    const atAma = nextEvent(ama.socket, 'question:asked');
    const asked = expectOk(await request(bo.socket, 'question:ask', { body: 'How do we fund this?', isAnonymous: true }));
    expect(asked.askedBy?.displayName).toBe('Bo');
    expect((await atModerator).askedBy?.displayName).toBe('Bo');
    expect(await atAma).toMatchObject({ questionId: asked.questionId, askedBy: null, isAnonymous: true });

    // Upvoting twice, and from a second connection of the same person, counts once.
    const secondAma = await connectClient(platform.url, 'Ama', { token: ama.token });
    sockets.push(secondAma);
    const counted = eventWhere<{ questionId: string; upvotes: number }>(bo.socket, 'question:upvoted', (p) => p.upvotes === 1);
    expect(expectOk(await request(ama.socket, 'question:upvote', { questionId: asked.questionId, upvote: true }))).toEqual({
      upvotes: 1,
    });
    expect(await counted).toEqual({ questionId: asked.questionId, upvotes: 1, changeSeq: expect.any(Number) });
    expect(expectOk(await request(ama.socket, 'question:upvote', { questionId: asked.questionId, upvote: true })).upvotes).toBe(1);
    // Joining from a second connection takes the person's place over (the first is closed).
    const replaced = nextEvent(ama.socket, 'room:closed');
    expectOk(await request(secondAma, 'room:join', { roomId }));
    expect(await replaced).toMatchObject({ reason: 'replaced' });
    ama = { ...ama, socket: secondAma };
    expect(expectOk(await request(secondAma, 'question:upvote', { questionId: asked.questionId, upvote: true })).upvotes).toBe(1);
    expect(expectOk(await request(speaker.socket, 'question:upvote', { questionId: asked.questionId, upvote: true })).upvotes).toBe(2);

    expect(await request(ama.socket, 'question:withdraw', { questionId: asked.questionId })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });

    const pinned = eventWhere<{ questionId: string; isPinned: boolean }>(ama.socket, 'question:changed', (q) => q.isPinned);
    expectOk(await request(moderator.socket, 'question:moderate', { questionId: asked.questionId, action: 'pin' }));
    expect(await pinned).toMatchObject({ questionId: asked.questionId, askedBy: null });
    const live = expectOk(await request(moderator.socket, 'question:moderate', { questionId: asked.questionId, action: 'answer-live' }));
    expect(live).toMatchObject({ isAnsweringLive: true, status: 'open' });
    const answered = expectOk(await request(moderator.socket, 'question:moderate', { questionId: asked.questionId, action: 'answer' }));
    expect(answered).toMatchObject({ status: 'answered', isAnsweringLive: false, isPinned: false });
    expect(await request(moderator.socket, 'question:moderate', { questionId: asked.questionId, action: 'dismiss' })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });

    // Dismissed: gone for the audience, still there for moderators and the asker.
    const other = expectOk(await request(ama.socket, 'question:ask', { body: 'Off topic', isAnonymous: false }));
    const removed = nextEvent(bo.socket, 'question:removed');
    expectOk(await request(moderator.socket, 'question:moderate', { questionId: other.questionId, action: 'dismiss' }));
    expect(await removed).toEqual({ questionId: other.questionId, changeSeq: expect.any(Number) });
    const lateView = (await join('Eve')).joined.conversation.questions.map((q) => q.questionId);
    expect(lateView).toContain(asked.questionId);
    expect(lateView).not.toContain(other.questionId);

    // The asker withdraws an open question, pinned meanwhile: it leaves everyone's view.
    const third = expectOk(await request(bo.socket, 'question:ask', { body: 'Never mind', isAnonymous: false }));
    expectOk(await request(moderator.socket, 'question:moderate', { questionId: third.questionId, action: 'pin' }));
    const withdrawn = nextEvent(moderator.socket, 'question:removed');
    expectOk(await request(bo.socket, 'question:withdraw', { questionId: third.questionId }));
    expect(await withdrawn).toEqual({ questionId: third.questionId, changeSeq: expect.any(Number) });

    // The audit log says what a moderator did to whose question, never its words: an asker may take them back.
    const log = expectOk(await request(moderator.socket, 'audit:list', { limit: 100 }));
    const moderated = log.entries.filter((entry) => entry.action === 'question.moderate').reverse();
    expect(moderated.map((entry) => [entry.targetName, entry.detail])).toEqual([
      ['Bo', 'pin'],
      ['Bo', 'answer-live'],
      ['Bo', 'answer'],
      ['Ama', 'dismiss'],
      ['Bo', 'pin'],
    ]);
    const stored = JSON.stringify(await platform.db.prisma.auditEntry.findMany());
    for (const words of ['Never mind', 'How do we fund this', 'Off topic']) expect(stored).not.toContain(words);
  });

  it('runs a poll through draft, open and closed; votes count once per person and may change until it closes', async () => {
    const amaPolls = collect(ama.socket, 'poll:changed');
    const poll = expectOk(
      await request(moderator.socket, 'poll:create', {
        question: 'Which region?',
        kind: 'single',
        options: ['Africa', 'Asia', 'Americas'],
      }),
    );
    expect(poll).toMatchObject({ state: 'draft', results: { counts: [0, 0, 0], voters: 0 } });

    const opened = eventWhere<{ pollId: string; state: string }>(ama.socket, 'poll:changed', (p) => p.state === 'open');
    expectOk(await request(moderator.socket, 'poll:open', { pollId: poll.pollId }));
    expect(await opened).toMatchObject({ pollId: poll.pollId, results: null });
    expect(amaPolls.every((p) => (p as { state: string }).state !== 'draft')).toBe(true);

    expect(await request(ama.socket, 'poll:vote', { pollId: poll.pollId, choices: [0, 1] })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_PAYLOAD' },
    });
    const tallied = eventWhere<{ results: { counts: number[]; voters: number } | null }>(
      moderator.socket,
      'poll:changed',
      (p) => p.results?.voters === 2 && p.results.counts[1] === 2,
    );
    expectOk(await request(ama.socket, 'poll:vote', { pollId: poll.pollId, choices: [0] }));
    expectOk(await request(bo.socket, 'poll:vote', { pollId: poll.pollId, choices: [1] }));
    expectOk(await request(ama.socket, 'poll:vote', { pollId: poll.pollId, choices: [1] }));
    expect((await tallied).results).toEqual({ counts: [0, 2, 0], voters: 2 });

    expectOk(await request(moderator.socket, 'poll:close', { pollId: poll.pollId }));
    expect(await request(bo.socket, 'poll:vote', { pollId: poll.pollId, choices: [2] })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
    expect(await request(moderator.socket, 'poll:open', { pollId: poll.pollId })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });

    const shared = eventWhere<{ results: unknown }>(bo.socket, 'poll:changed', (p) => p.results !== null);
    expectOk(await request(moderator.socket, 'poll:share-results', { pollId: poll.pollId, shared: true }));
    expect(await shared).toMatchObject({ state: 'closed', results: { counts: [0, 2, 0], voters: 2 } });
  });

  it('counts reactions into bursts that everyone receives', async () => {
    let clapped = 0;
    let hearts = 0;
    const total = new Promise<void>((resolve) => {
      bo.socket.on('reaction:burst', ({ counts }) => {
        clapped += counts.clap ?? 0;
        hearts += counts.heart ?? 0;
        if (clapped === 5 && hearts === 2) resolve();
      });
    });
    for (let index = 0; index < 5; index += 1) expectOk(await request(ama.socket, 'reaction:send', { reaction: 'clap' }));
    for (let index = 0; index < 2; index += 1) expectOk(await request(speaker.socket, 'reaction:send', { reaction: 'heart' }));
    await total;
    bo.socket.off('reaction:burst');
  });

  it('turns the audience chat off, mutes one person, and records each action in the audit log', async () => {
    const controlsSeen = nextEvent(ama.socket, 'room:controls-changed');
    expectOk(await request(moderator.socket, 'room:set-controls', { isAudienceChatEnabled: false }));
    expect(await controlsSeen).toMatchObject({ isAudienceChatEnabled: false });
    expect(await request(ama.socket, 'chat:send', { channel: 'room', body: 'hello?' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expectOk(await request(speaker.socket, 'chat:send', { channel: 'room', body: 'speakers still can' }));
    expectOk(await request(ama.socket, 'chat:send', { channel: 'moderators', body: 'and the moderators still hear me' }));
    expectOk(await request(moderator.socket, 'room:set-controls', { isAudienceChatEnabled: true }));

    const told = nextEvent(bo.socket, 'chat:muted-changed');
    expectOk(await request(moderator.socket, 'chat:mute-person', { userId: bo.joined.self.userId, muted: true }));
    expect(await told).toEqual({ isMuted: true, by: 'Mona (moderator)' });
    expect(await request(bo.socket, 'chat:send', { channel: 'room', body: 'spam' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await request(bo.socket, 'question:ask', { body: 'spam?', isAnonymous: true })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expectOk(await request(ama.socket, 'chat:send', { channel: 'room', body: 'others still can' }));
    expect(await request(moderator.socket, 'chat:mute-person', { userId: moderator.joined.self.userId, muted: true })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expectOk(await request(moderator.socket, 'chat:mute-person', { userId: bo.joined.self.userId, muted: false }));
    expectOk(await request(bo.socket, 'chat:send', { channel: 'room', body: 'back' }));

    const log = expectOk(await request(moderator.socket, 'audit:list', { limit: 100 }));
    const actions = log.entries.map((entry) => `${entry.action} ${entry.targetName ?? ''}`.trim());
    expect(actions).toEqual(
      expect.arrayContaining([
        'chat.unmute Bo',
        'chat.mute Bo',
        'room.controls',
        'poll.share-results',
        'poll.close',
        'poll.open',
        'poll.create',
        'question.moderate Ama',
        'question.moderate Bo',
        'chat.delete Ama',
      ]),
    );
    expect(log.entries[0]).toMatchObject({ action: 'chat.unmute', actorName: 'Mona (moderator)' });
    const seqs = log.entries.map((entry) => entry.seq);
    expect([...seqs].sort((a, b) => b - a)).toEqual(seqs);
  });

  it('locks the room to newcomers while people who were in get back in', async () => {
    expectOk(await request(moderator.socket, 'room:set-controls', { isLocked: true }));
    const newcomer = await connectClient(platform.url, 'Newcomer');
    sockets.push(newcomer);
    expect(await request(newcomer, 'room:join', { roomId })).toMatchObject({ ok: false, error: { code: 'ROOM_LOCKED' } });

    // Bo reloads the page: not new, so back in.
    bo.socket.disconnect();
    const boAgain = await connectClient(platform.url, 'Bo', { token: bo.token });
    sockets.push(boAgain);
    expectOk(await request(boAgain, 'room:join', { roomId }));
    bo = { ...bo, socket: boAgain };
    expectOk(await request(moderator.socket, 'room:set-controls', { isLocked: false }));
  });

  it('holds newcomers in the lobby until a moderator admits or refuses them', async () => {
    expectOk(await request(moderator.socket, 'room:set-controls', { hasLobby: true }));
    const waiting = nextEvent(moderator.socket, 'lobby:changed');
    const knocking = await connectClient(platform.url, 'Fatima');
    sockets.push(knocking);
    expect(await request(knocking, 'room:join', { roomId })).toMatchObject({ ok: false, error: { code: 'IN_LOBBY' } });
    const { waiting: list } = await waiting;
    expect(list.map((entry) => entry.displayName)).toEqual(['Fatima']);

    const admitted = nextEvent(knocking, 'lobby:admitted');
    expectOk(await request(moderator.socket, 'lobby:admit', { entryId: list[0]!.entryId }));
    expect(await admitted).toEqual({ roomId });
    expectOk(await request(knocking, 'room:join', { roomId }));

    const refusedOne = await connectClient(platform.url, 'Gaspard');
    sockets.push(refusedOne);
    const second = nextEvent(moderator.socket, 'lobby:changed');
    expect(await request(refusedOne, 'room:join', { roomId })).toMatchObject({ ok: false, error: { code: 'IN_LOBBY' } });
    const entry = (await second).waiting.find((person) => person.displayName === 'Gaspard')!;
    const refused = nextEvent(refusedOne, 'lobby:refused');
    expectOk(await request(moderator.socket, 'lobby:refuse', { entryId: entry.entryId }));
    expect(await refused).toEqual({ roomId });
    expect(await request(refusedOne, 'room:join', { roomId })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    // Someone who closes the page while waiting leaves the moderators' list.
    const leaver = await connectClient(platform.url, 'Hana');
    sockets.push(leaver);
    const third = nextEvent(moderator.socket, 'lobby:changed');
    await request(leaver, 'room:join', { roomId });
    expect((await third).waiting.map((person) => person.displayName)).toEqual(['Hana']);
    const emptied = nextEvent(moderator.socket, 'lobby:changed');
    leaver.disconnect();
    expect((await emptied).waiting).toEqual([]);
    expectOk(await request(moderator.socket, 'room:set-controls', { hasLobby: false }));
  });

  it('gives a reconnecting client the same history, votes and polls', async () => {
    const before = expectOk(await request(bo.socket, 'room:leave', {}));
    expect(before).toEqual({});
    const first = expectOk(await request(bo.socket, 'room:join', { roomId })).conversation;
    loseConnection(bo.socket);
    const again = await connectClient(platform.url, 'Bo', { token: bo.token });
    sockets.push(again);
    const second = expectOk(await request(again, 'room:join', { roomId })).conversation;
    expect(second).toEqual(first);
    expect(second.chat.messages.length).toBeGreaterThan(0);
    expect(Object.values(second.pollVotes)).toContainEqual([1]);
    bo = { ...bo, socket: again };
  });

  it('answers a flood with RATE_LIMITED, then disconnects the flooder while others keep talking', async () => {
    const flooder = await join('Flood');
    const disconnected = new Promise<string>((resolve) => flooder.socket.once('disconnect', resolve));
    const acks = await Promise.all(
      Array.from({ length: 150 }, (_, index) =>
        request(flooder.socket, 'chat:send', { channel: 'room', body: `spam ${index}` }).catch(() => null),
      ),
    );
    const codes = acks.map((ack) => (ack === null ? 'no answer' : ack.ok ? 'ok' : ack.error.code));
    expect(codes.filter((code) => code === 'ok')).toHaveLength(100);
    expect(codes).toContain('RATE_LIMITED');
    expect(await disconnected).toBe('io server disconnect');

    const atBo = eventWhere<ChatMessage>(bo.socket, 'chat:posted', (m) => m.body === 'still here');
    expectOk(await request(ama.socket, 'chat:send', { channel: 'room', body: 'still here' }));
    await atBo;
    expect((await fetch(`${platform.url}/healthz`)).status).toBe(200);
  });
});
