import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { BuzzPlace } from '../../shared/buzz.js';
import type { RoomSummary } from '../../shared/http.js';
import type { RoomId } from '../../shared/ids.js';
import { startServerPair, type ServerPair } from '../test/redis.js';
import { connectClient, expectOk, issueToken, nextEvent, request, type TestSocket } from '../test/testClient.js';
import { startTestPlatform, type TestPlatform } from '../test/testPlatform.js';

/** The budgets under test: what a deployment gets by default. */
const IDENTITIES_PER_MIN = 10;
const JOINS_PER_MIN = 60;
const MESSAGES_PER_10S = 10;
const ADDRESS_MESSAGES_PER_10S = 50;
const LIMITS = {
  RATE_ADDRESS_IDENTITIES_PER_MIN: String(IDENTITIES_PER_MIN),
  RATE_ADDRESS_JOINS_PER_MIN: String(JOINS_PER_MIN),
  RATE_ADDRESS_MESSAGES_PER_10S: String(ADDRESS_MESSAGES_PER_10S),
  RATE_MESSAGES_PER_10S: String(MESSAGES_PER_10S),
};

interface Minting {
  status: number;
  retryAfter: string | null;
  body: { token?: string; error?: { code: string } };
}

/** POST /api/identity, optionally claiming to come from another address. */
async function mint(baseUrl: string, displayName: string, forwardedFor?: string): Promise<Minting> {
  const response = await fetch(`${baseUrl}/api/identity`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}) },
    body: JSON.stringify({ displayName }),
  });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as Minting['body'] };
}

async function firstRoom(baseUrl: string): Promise<RoomId> {
  const rooms = (await (await fetch(`${baseUrl}/api/rooms`)).json()) as RoomSummary[];
  return rooms[0]!.id as RoomId;
}

/** Every one of `senders` posts `each` messages at once; the acks, in order. */
function flood(senders: TestSocket[], each: number) {
  return Promise.all(
    senders.flatMap((sender, who) =>
      Array.from({ length: each }, (_, index) => request(sender, 'chat:send', { channel: 'room', body: `flood ${who}.${index}` })),
    ),
  );
}

/**
 * Abuse by fresh identities (issue 13, A10): identities are free and last
 * 12 hours, so one machine could mint many and post as all of them.
 * Minting, arriving and posting are limited per network address, on a real
 * server.
 */
describe('budgets per network address', () => {
  let platform: TestPlatform | undefined;
  let pair: ServerPair | undefined;
  const sockets: TestSocket[] = [];

  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.disconnect();
    await platform?.dispose();
    platform = undefined;
  });
  afterAll(async () => {
    await pair?.stop();
  });

  it('20 fresh identities from one address cannot post 200 messages in a second', async () => {
    platform = await startTestPlatform(LIMITS);
    const roomId = await firstRoom(platform.url);
    const watcher = await connectClient(platform.url, 'Watcher');
    sockets.push(watcher);
    expect((await request(watcher, 'room:join', { roomId })).ok).toBe(true);
    const posted: string[] = [];
    watcher.on('chat:posted', (message) => posted.push(message.body));

    // Twenty identities at once, each claiming another address in X-Forwarded-For: no proxy is trusted, so it changes nothing.
    const mintings = await Promise.all(
      Array.from({ length: 20 }, (_, index) => mint(platform!.url, `Fresh ${index}`, `198.51.100.${index + 1}`)),
    );
    const minted = mintings.filter((m) => m.status === 201);
    const refused = mintings.filter((m) => m.status !== 201);
    // The watcher's identity came from the same address.
    expect(minted).toHaveLength(IDENTITIES_PER_MIN - 1);
    for (const refusal of refused) {
      expect(refusal.status).toBe(429);
      expect(refusal.body.error?.code).toBe('RATE_LIMITED');
      expect(Number(refusal.retryAfter)).toBeGreaterThan(0);
      expect(Number(refusal.retryAfter)).toBeLessThanOrEqual(60);
    }

    // Everyone minted joins and posts their whole budget at once.
    const senders = await Promise.all(minted.map((m, index) => connectClient(platform!.url, `Fresh ${index}`, { token: m.body.token! })));
    sockets.push(...senders);
    for (const sender of senders) expect((await request(sender, 'room:join', { roomId })).ok).toBe(true);
    const acks = await flood(senders, 20);
    const accepted = acks.filter((ack) => ack.ok).length;
    // Each within their own budget, and all of them within their address's.
    expect(accepted).toBe(Math.min(minted.length * MESSAGES_PER_10S, ADDRESS_MESSAGES_PER_10S));
    expect(acks.filter((ack) => !ack.ok).every((ack) => !ack.ok && ack.error.code === 'RATE_LIMITED')).toBe(true);
    // What the room saw matches (the last one arrives after its ack at the latest).
    await expect.poll(() => posted.length).toBe(accepted);
  });

  it('20 identities minted beforehand cannot post 200 messages in a second either', async () => {
    // Minted over the past minutes (identities last 12 hours): the minting budget is not what stops them here.
    platform = await startTestPlatform({ ...LIMITS, RATE_ADDRESS_IDENTITIES_PER_MIN: '1000' });
    const roomId = await firstRoom(platform.url);
    const watcher = await connectClient(platform.url, 'Watcher');
    sockets.push(watcher);
    expectOk(await request(watcher, 'room:join', { roomId }));
    const posted: string[] = [];
    watcher.on('chat:posted', (message) => posted.push(message.body));
    const tokens = await Promise.all(Array.from({ length: 20 }, async (_, index) => (await issueToken(platform!.url, `Prepared ${index}`)).token));
    const senders = await Promise.all(tokens.map((token, index) => connectClient(platform!.url, `Prepared ${index}`, { token })));
    sockets.push(...senders);
    for (const sender of senders) expectOk(await request(sender, 'room:join', { roomId }));

    // Each spends exactly their own budget, all at once: 200 messages, every one within its person's budget.
    const acks = await flood(senders, MESSAGES_PER_10S);
    const accepted = acks.filter((ack) => ack.ok).length;
    expect(accepted).toBe(ADDRESS_MESSAGES_PER_10S);
    expect(acks.filter((ack) => !ack.ok).every((ack) => !ack.ok && ack.error.code === 'RATE_LIMITED')).toBe(true);
    await expect.poll(() => posted.length).toBe(accepted);
    // The watcher, who sent nothing, waits too: the budget is the address's, whoever posts (questions
    // and edits included, see rateLimits.test.ts).
    const fromWatcher = await request(watcher, 'question:ask', { body: 'Me too?', isAnonymous: false });
    expect(fromWatcher.ok ? 'ok' : fromWatcher.error.code).toBe('RATE_LIMITED');
  });

  it('counts arrivals, not the moves of people already in: a venue behind one address splits into buzz groups and back', async () => {
    const ARRIVALS = 5;
    platform = await startTestPlatform({ ...LIMITS, RATE_ADDRESS_JOINS_PER_MIN: String(ARRIVALS) });
    const roomId = await firstRoom(platform.url);
    const arrive = async (name: string, invitation?: string) => {
      const socket = await connectClient(platform!.url, name, invitation ? { invitation } : {});
      sockets.push(socket);
      return { socket, joined: await request(socket, 'room:join', { roomId }) };
    };
    const moderator = await arrive('Mod', await platform.invite(roomId, 'moderator'));
    const people = await Promise.all(['Ama', 'Bo', 'Chen', 'Dee'].map((name) => arrive(name)));
    for (const person of [moderator, ...people]) expectOk(person.joined);

    // Two rounds of groups: everyone moves into their group and back on the same connection.
    for (let round = 0; round < 2; round += 1) {
      expectOk(await request(moderator.socket, 'buzz:draft', { split: { groups: 2 }, method: 'balanced' }));
      const assigned = people.map((person) => nextEvent(person.socket, 'buzz:assigned'));
      expectOk(await request(moderator.socket, 'buzz:start', { durationMs: 600_000 }));
      const places = (await Promise.all(assigned)) as BuzzPlace[];
      for (const [index, person] of people.entries()) {
        expectOk(await request(person.socket, 'room:leave', {}));
        expectOk(await request(person.socket, 'room:join', { roomId: places[index]!.group!.roomId! }));
      }
      const ended = people.map((person) => nextEvent(person.socket, 'buzz:ended'));
      expectOk(await request(moderator.socket, 'buzz:end', { countdownMs: 0 }));
      await Promise.all(ended);
      for (const person of people) {
        expectOk(await request(person.socket, 'room:leave', {}));
        expectOk(await request(person.socket, 'room:join', { roomId }));
      }
    }

    // Sixteen moves cost the address nothing: its budget was spent by the five arrivals, and a sixth waits.
    const late = await arrive('Late');
    expect(late.joined.ok ? 'ok' : late.joined.error.code).toBe('RATE_LIMITED');
  });

  it('limits the rooms one address joins, whoever joins, and honours X-Forwarded-For only from trusted proxies', async () => {
    platform = await startTestPlatform({ ...LIMITS, RATE_ADDRESS_JOINS_PER_MIN: '5', TRUST_PROXY: '1' });
    const roomId = await firstRoom(platform.url);
    // Identities minted elsewhere (through a proxy that says so), then joined from this one address.
    const tokens = await Promise.all(
      Array.from({ length: 7 }, async (_, index) => (await mint(platform!.url, `Elsewhere ${index}`, `203.0.113.${index + 1}`)).body.token!),
    );
    expect(tokens.every(Boolean)).toBe(true);
    // A trusted proxy's word counts: one claimed address has its own budget, and exhausts it.
    const claimed = await Promise.all(Array.from({ length: 11 }, () => mint(platform!.url, 'Same place', '192.0.2.50')));
    expect(claimed.map((m) => m.status).sort()).toEqual([...Array(10).fill(201), 429]);

    const joiners = await Promise.all(tokens.map((token, index) => connectClient(platform!.url, `Elsewhere ${index}`, { token })));
    sockets.push(...joiners);
    const codes: string[] = [];
    for (const joiner of joiners) {
      const ack = await request(joiner, 'room:join', { roomId });
      codes.push(ack.ok ? 'ok' : ack.error.code);
    }
    expect(codes).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'RATE_LIMITED', 'RATE_LIMITED']);
  });

  it('shares an address budget between server processes through Redis', async () => {
    pair = await startServerPair({ LOG_LEVEL: 'warn', ...LIMITS });
    const first = await Promise.all(Array.from({ length: 6 }, (_, index) => mint(pair!.first.url, `One ${index}`)));
    const second = await Promise.all(Array.from({ length: 6 }, (_, index) => mint(pair!.second.url, `Two ${index}`)));
    const statuses = [...first, ...second].map((m) => m.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(IDENTITIES_PER_MIN);
    expect(statuses.filter((status) => status === 429)).toHaveLength(12 - IDENTITIES_PER_MIN);
    // Refused on the second process although it minted only what the first left.
    expect(second.filter((m) => m.status === 429)).toHaveLength(12 - IDENTITIES_PER_MIN);

    // The budgets do not stop anyone who got an identity: they join and talk across processes.
    const roomId = await firstRoom(pair.first.url);
    const ama = await connectClient(pair.first.url, 'One 0', { token: first[0]!.body.token! });
    const bo = await connectClient(pair.second.url, 'Two 0', { token: second[0]!.body.token! });
    sockets.push(ama, bo);
    for (const socket of [ama, bo]) expect((await request(socket, 'room:join', { roomId })).ok).toBe(true);
    const atBo = nextEvent(bo, 'chat:posted');
    expect((await request(ama, 'chat:send', { channel: 'room', body: 'across processes' })).ok).toBe(true);
    expect((await atBo).body).toBe('across processes');
  });
});
