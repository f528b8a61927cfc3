import { randomBytes } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuzzPlace } from '../../shared/buzz.js';
import type { RoomSummary } from '../../shared/http.js';
import type { RoomId } from '../../shared/ids.js';
import { expectMediaFlowing, joinRoomPage, launchChromium } from '../test/browser.js';
import { followBuzzNumbers } from '../test/buzzNumbers.js';
import { requireRedis, startServerPair, type ServerPair } from '../test/redis.js';
import type { ServerProcess } from '../test/serverProcess.js';
import { expectOk, loseConnection, nextEvent, request } from '../test/testClient.js';

/**
 * Buzz groups with two server processes on Redis: a group's media lives on
 * one process (the one its first member entered), and a member whose
 * connection lands on the other is told where to go (`ELSEWHERE` with the
 * address) and meets the group there. The claim is dropped when the group's
 * room closes. The browser test needs the built client and Chromium.
 */
describe('buzz groups across two server processes', () => {
  const keyPrefix = `test-${randomBytes(4).toString('hex')}`;
  let pair: ServerPair;
  let first: ServerProcess;
  let second: ServerProcess;
  let sessionId: RoomId;

  const connect = (server: ServerProcess, name: string, options: { token?: string; moderator?: boolean } = {}) =>
    pair.connect(server, name, { token: options.token, moderatorOf: options.moderator ? sessionId : undefined });

  /** Where a process sends people: its PUBLIC_URL, by default http://localhost:PORT. */
  const addressOf = (server: ServerProcess) => `http://localhost:${new URL(server.url).port}`;

  beforeAll(async () => {
    pair = await startServerPair({ LOG_LEVEL: 'warn', REDIS_KEY_PREFIX: keyPrefix });
    ({ first, second } = pair);
    const rooms = (await (await fetch(`${first.url}/api/rooms`)).json()) as RoomSummary[];
    sessionId = rooms[2]!.id as RoomId;
  });

  let browser: Browser | undefined;

  afterAll(async () => {
    await browser?.close();
    await pair?.stop();
  });

  it('sends a member whose connection lands on the other process to where the group meets', async () => {
    const moderator = await connect(first, 'Mona', { moderator: true });
    const ama = await connect(first, 'Ama');
    const bo = await connect(first, 'Bo');
    for (const person of [moderator, ama, bo]) expectOk(await request(person.socket, 'room:join', { roomId: sessionId }));

    const draft = expectOk(await request(moderator.socket, 'buzz:draft', { split: { groups: 1 }, method: 'hand' }));
    const people = draft.unassigned!.filter((person) => person.displayName !== 'Mona').map((person) => person.userId);
    expectOk(
      await request(moderator.socket, 'buzz:update-draft', {
        groups: [{ name: 'Land rights', prompt: '', facilitatorUserId: null, members: people }],
        lateArrivals: 'assign',
        selfSelectCap: null,
      }),
    );
    const placed = [nextEvent(ama.socket, 'buzz:assigned'), nextEvent(bo.socket, 'buzz:assigned')];
    expectOk(await request(moderator.socket, 'buzz:start', { durationMs: 600_000 }));
    const [amaPlace] = (await Promise.all(placed)) as BuzzPlace[];
    const groupRoomId = amaPlace!.group!.roomId!;

    // Ama enters first, on the first process: the group's media lives there now.
    expectOk(await request(ama.socket, 'room:leave', {}));
    expectOk(await request(ama.socket, 'room:join', { roomId: groupRoomId }));
    const redis = await requireRedis();
    try {
      expect(await redis.get(`${keyPrefix}:room-home:${groupRoomId}`)).toBe(addressOf(first));

      // Bo's connection drops and comes back through the second process: the session tells him his group…
      loseConnection(bo.socket);
      const boAgain = await connect(second, 'Bo', { token: bo.token });
      const inSession = expectOk(await request(boAgain.socket, 'room:join', { roomId: sessionId }));
      expect(inSession.buzz.place?.group?.roomId).toBe(groupRoomId);
      expectOk(await request(boAgain.socket, 'room:leave', {}));
      // …which this process does not host: it answers where the group meets, and changes nothing.
      const refused = await request(boAgain.socket, 'room:join', { roomId: groupRoomId });
      expect(refused).toEqual({ ok: false, error: expect.objectContaining({ code: 'ELSEWHERE', location: addressOf(first) }) });
      expect(await redis.get(`${keyPrefix}:room-home:${groupRoomId}`)).toBe(addressOf(first));

      // There, Bo joins Ama's room: the same media room.
      const boThere = await connect(first, 'Bo', { token: bo.token });
      const amaHearsBo = nextEvent(ama.socket, 'peer:joined');
      const inGroup = expectOk(await request(boThere.socket, 'room:join', { roomId: groupRoomId }));
      expect(inGroup.peers.map((peer) => peer.displayName)).toEqual(['Ama']);
      expect((await amaHearsBo).displayName).toBe('Bo');

      // When the groups end and the room closes, the claim goes with it.
      const ended = nextEvent(ama.socket, 'buzz:ended');
      expectOk(await request(moderator.socket, 'buzz:end', { countdownMs: 0 }));
      await ended;
      for (const socket of [ama.socket, boThere.socket]) expectOk(await request(socket, 'room:leave', {}));
      await expect.poll(() => redis.get(`${keyPrefix}:room-home:${groupRoomId}`)).toBeNull();
    } finally {
      await redis.quit();
    }
  });

  it('numbers changes made on either process as one sequence, which everyone on both holds whole', async () => {
    const moderator = await connect(first, 'Meli', { moderator: true });
    const ama = await connect(first, 'Ama');
    const bo = await connect(second, 'Bo');
    const followed: ReturnType<typeof followBuzzNumbers>[] = [];
    for (const person of [moderator, ama, bo]) {
      const joined = expectOk(await request(person.socket, 'room:join', { roomId: sessionId }));
      followed.push(followBuzzNumbers(person.socket, joined.buzz.seq));
    }
    const latest = async () => expectOk(await request(moderator.socket, 'buzz:resync', {})).seq;
    const from = await latest();

    // Drafted and started on the first process; each chooses a group on their own; more time; the end.
    expectOk(await request(moderator.socket, 'buzz:draft', { split: { groups: 2 }, method: 'self-select' }));
    expectOk(await request(moderator.socket, 'buzz:start', { durationMs: 600_000 }));
    expectOk(await request(bo.socket, 'buzz:choose', { toGroup: 0 }));
    expectOk(await request(ama.socket, 'buzz:choose', { toGroup: 1 }));
    expectOk(await request(moderator.socket, 'buzz:extend', { byMs: 60_000 }));
    expectOk(await request(moderator.socket, 'buzz:end', { countdownMs: 0 }));

    // Draft, start, two places, more time, the end; the counts after a choice are sent coalesced, maybe after all that.
    await expect
      .poll(async () => {
        const last = await latest();
        return last - from >= 6 && followed.every((numbers) => numbers.sequence.head === last);
      }, { timeout: 60_000 })
      .toBe(true);
    for (const numbers of followed) {
      expect(numbers.sequence.hasGap).toBe(false);
      expect(numbers.twice).toEqual([]);
    }
    for (const person of [moderator, ama, bo]) expectOk(await request(person.socket, 'room:leave', {}));
  });

  it('a browser arriving late on the other process is taken to its group there, and back to its own process at the end', async () => {
    browser = await launchChromium();
    const moderator = await connect(first, 'Mia', { moderator: true });
    expectOk(await request(moderator.socket, 'room:join', { roomId: sessionId }));
    const cleo = await joinRoomPage(browser, `${first.url}/r/${sessionId}`, 'Cleo');
    const draft = expectOk(await request(moderator.socket, 'buzz:draft', { split: { groups: 1 }, method: 'hand' }));
    const cleoId = draft.unassigned!.find((person) => person.displayName === 'Cleo')!.userId;
    expectOk(
      await request(moderator.socket, 'buzz:update-draft', {
        groups: [{ name: 'Water', prompt: '', facilitatorUserId: null, members: [cleoId] }],
        lateArrivals: 'assign',
        selfSelectCap: null,
      }),
    );
    expectOk(await request(moderator.socket, 'buzz:start', { durationMs: 600_000 }));
    await expect.poll(() => cleo.getByTestId('group-banner').count(), { timeout: 30_000 }).toBe(1);
    // Cleo kept the pre-join screen's camera and microphone on (a first visit's choice): her group
    // turns on what she chose, and has nothing to ask.
    await expect.poll(() => cleo.getByRole('button', { name: 'Turn camera off' }).count(), { timeout: 30_000 }).toBe(1);
    expect(await cleo.getByTestId('device-question').count()).toBe(0);

    // Dan opens the session through the second process: placed in the group, he is sent to the first.
    const dan = await joinRoomPage(browser, `${second.url}/r/${sessionId}`, 'Dan', { timeout: 30_000 });
    await expect.poll(() => dan.getByTestId('group-banner').count(), { timeout: 30_000 }).toBe(1);
    await expect.poll(() => dan.getByTestId('room-status').getAttribute('data-status'), { timeout: 30_000 }).toBe('joined');
    await expectMediaFlowing(dan);
    await expectMediaFlowing(cleo);

    // The end: Dan returns to the session on his own process (its media is there), with no action of his.
    const ended = nextEvent(moderator.socket, 'buzz:ended');
    expectOk(await request(moderator.socket, 'buzz:end', { countdownMs: 0 }));
    await ended;
    for (const page of [dan, cleo]) {
      await expect.poll(() => page.getByTestId('group-banner').count(), { timeout: 30_000 }).toBe(0);
      await expect.poll(() => page.getByTestId('room-status').getAttribute('data-status'), { timeout: 30_000 }).toBe('joined');
    }
    // Who is in the session on the first process: Cleo, not Dan (he is on the second).
    await expect
      .poll(async () => {
        const next = expectOk(await request(moderator.socket, 'buzz:draft', { split: { groups: 1 }, method: 'hand' }));
        const names = next.unassigned!.map((person) => person.displayName);
        return names.includes('Cleo') && !names.includes('Dan');
      }, { timeout: 30_000 })
      .toBe(true);
    expectOk(await request(moderator.socket, 'buzz:cancel', {}));
  });
});
