import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoomSummary } from '../../shared/http.js';
import { asRoomId, type RoomId } from '../../shared/ids.js';
import { connectClient, expectOk, request, type TestSocket } from '../test/testClient.js';
import { startTestPlatform, type TestPlatform } from '../test/testPlatform.js';

/** Work the server does on its own, whatever people do (recordings' sweeps, the packaging queue). */
const BACKGROUND = /"(Recording|RecordingFile|RecordingTimelineEntry|PackagingJob)"/;
/**
 * How long no query may run before the server counts as quiet: before a
 * join (earlier joins' batched attendance rows are written by then) and
 * after it (its own trailing writes are in). Generous, for a busy machine.
 */
const QUIET_MS = 1_000;

/** Every statement the server sends PostgreSQL, counted at the driver (Prisma goes through pg here). */
function countQueries() {
  const seen: string[] = [];
  const original = pg.Client.prototype.query;
  let isCounting = false;
  let lastQueryAt = Date.now();
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const config = args[0];
    const text = typeof config === 'string' ? config : ((config as { text?: string } | undefined)?.text ?? '');
    if (!BACKGROUND.test(text)) {
      lastQueryAt = Date.now();
      if (isCounting) seen.push(text);
    }
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  const quiet = async () => {
    while (Date.now() - lastQueryAt < QUIET_MS) await new Promise((resolve) => setTimeout(resolve, 50));
  };
  return {
    /** The statements `act` causes, including those that trail its answer (nothing earlier still running). */
    async during(act: () => Promise<unknown>): Promise<string[]> {
      await quiet();
      seen.length = 0;
      isCounting = true;
      await act();
      await quiet();
      isCounting = false;
      return [...seen];
    },
    restore() {
      pg.Client.prototype.query = original;
    },
  };
}

/**
 * A join costs a small, fixed number of database queries: what everyone
 * joining a session reads (the room, who is barred, the latest chat, the
 * questions, the polls, the last buzz round's notes) is read once per
 * change, and only what is the caller's own is read per person. Counted at
 * the PostgreSQL driver, in a session with a handful of people and nothing
 * said, then with sixty people, a hundred messages, questions, polls and a
 * buzz round of twenty groups behind it.
 */
describe('the cost of a join (real server and database)', () => {
  let platform: TestPlatform;
  let sessionId: RoomId;
  const sockets: TestSocket[] = [];
  const queries = countQueries();

  async function connect(name: string, role?: 'moderator') {
    const invitation = role ? await platform.invite(sessionId, role) : undefined;
    const socket = await connectClient(platform.url, name, invitation ? { invitation } : {});
    sockets.push(socket);
    return socket;
  }

  const join = async (socket: TestSocket) => expectOk(await request(socket, 'room:join', { roomId: sessionId }));

  /** The statements one participant's join costs, once what everyone reads has been read. */
  async function costOfJoining(name: string): Promise<string[]> {
    // The first joiner after a change reads what everyone shares; the next one finds it read.
    // (Counted only to wait until earlier work, such as a poll's coalesced tally, is done.)
    const first = await connect(`${name} (first)`);
    await queries.during(() => join(first));
    const socket = await connect(name);
    return queries.during(() => join(socket));
  }

  beforeAll(async () => {
    platform = await startTestPlatform({
      RATE_JOINS_PER_10S: '1000000',
      RATE_MESSAGES_PER_10S: '1000000',
      RATE_SOCKET_EVENTS_PER_10S: '1000000',
    });
    const rooms = (await (await fetch(`${platform.url}/api/rooms`)).json()) as RoomSummary[];
    sessionId = asRoomId(rooms.find((room) => room.id === 'buzz-groups')?.id ?? rooms[0]!.id);
  });

  afterAll(async () => {
    queries.restore();
    for (const socket of sockets) socket.disconnect();
    await platform?.dispose();
  });

  it('does not grow with the number of people, messages, questions, polls or groups', async () => {
    const moderator = await connect('Moana', 'moderator');
    await join(moderator);
    // A small session: a few people, one message, one question, one poll.
    const few = await Promise.all(['Ada', 'Bo'].map((name) => connect(name)));
    for (const socket of few) await join(socket);
    expectOk(await request(few[0]!, 'chat:send', { channel: 'room', body: 'Hello' }));
    expectOk(await request(few[1]!, 'question:ask', { body: 'Why?', isAnonymous: false }));
    const firstPoll = expectOk(await request(moderator, 'poll:create', { question: 'Which?', kind: 'single', options: ['a', 'b'] }));
    expectOk(await request(moderator, 'poll:open', { pollId: firstPoll.pollId }));
    const small = await costOfJoining('Early');

    // The session fills up and talks.
    const crowd: TestSocket[] = [];
    for (let batch = 0; batch < 6; batch++) {
      crowd.push(...(await Promise.all(Array.from({ length: 10 }, (_, i) => connect(`Crowd ${batch * 10 + i}`)))));
    }
    for (const socket of crowd) await join(socket);
    for (let i = 0; i < 100; i++) {
      expectOk(await request(crowd[i % crowd.length]!, 'chat:send', { channel: 'room', body: `Message ${i}` }));
    }
    for (let i = 0; i < 10; i++) {
      expectOk(await request(crowd[i]!, 'question:ask', { body: `Question ${i}?`, isAnonymous: i % 2 === 0 }));
    }
    for (let i = 0; i < 3; i++) {
      const poll = expectOk(await request(moderator, 'poll:create', { question: `Poll ${i}?`, kind: 'single', options: ['a', 'b'] }));
      expectOk(await request(moderator, 'poll:open', { pollId: poll.pollId }));
      for (const socket of crowd.slice(0, 20)) expectOk(await request(socket, 'poll:vote', { pollId: poll.pollId, choices: [1] }));
    }
    // A buzz round of twenty groups, started and ended: its notes stay with the session.
    expectOk(await request(moderator, 'buzz:draft', { split: { groups: 20 }, method: 'balanced' }));
    expectOk(await request(moderator, 'buzz:start', { durationMs: 600_000 }));
    expectOk(await request(moderator, 'buzz:end', { countdownMs: 0 }));

    const large = await costOfJoining('Late');
    expect(large.length).toBe(small.length);
    // The caller's own (their attendance, their thread with the moderators, their upvotes, their votes) and the live round.
    expect(small.some((sql) => sql.includes('INSERT INTO "public"."RoomVisit"'))).toBe(true);
    expect(small.length).toBeLessThanOrEqual(8);
  });

  it('a change is read again once, then shared: the next joiner pays nothing for it', async () => {
    const poster = await connect('Poster');
    await join(poster);
    expectOk(await request(poster, 'chat:send', { channel: 'room', body: 'Something new' }));
    const first = await connect('First after the message');
    const reread = await queries.during(() => join(first));
    expect(reread.filter((sql) => sql.includes('"ChatMessage"'))).not.toEqual([]);
    const second = await connect('Second after the message');
    let answer: Awaited<ReturnType<typeof join>> | undefined;
    const shared = await queries.during(async () => (answer = await join(second)));
    // Nothing of the chat is read again (and they have no thread with the moderators to look in).
    expect(shared.filter((sql) => sql.includes('"ChatMessage"'))).toEqual([]);
    expect(answer?.conversation.chat.messages.at(-1)?.body).toBe('Something new');
  });

  it("a moderator's switch reads the room once to apply it, not once more as it is told", async () => {
    const moderator = await connect('Switcher', 'moderator');
    await join(moderator);
    for (const change of [{ isAudienceChatEnabled: false }, { isAudienceChatEnabled: true }]) {
      const statements = await queries.during(async () => expectOk(await request(moderator, 'room:set-controls', change)));
      const roomReads = statements.filter((sql) => sql.startsWith('SELECT') && /FROM "public"\."Room"(\s|$)/.test(sql));
      // The controls before the change, then the live room's reading of them after it.
      expect(roomReads, statements.join('\n')).toHaveLength(2);
    }
  });
});
