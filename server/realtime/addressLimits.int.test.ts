import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { RoomSummary } from '../../shared/http.js';
import type { RoomId } from '../../shared/ids.js';
import { startServerPair, type ServerPair } from '../test/redis.js';
import { connectClient, nextEvent, request, type TestSocket } from '../test/testClient.js';
import { startTestPlatform, type TestPlatform } from '../test/testPlatform.js';

/** The budgets under test: what a deployment gets by default. */
const IDENTITIES_PER_MIN = 10;
const JOINS_PER_MIN = 60;
const MESSAGES_PER_10S = 10;
const LIMITS = {
  RATE_ADDRESS_IDENTITIES_PER_MIN: String(IDENTITIES_PER_MIN),
  RATE_ADDRESS_JOINS_PER_MIN: String(JOINS_PER_MIN),
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

/**
 * Abuse by fresh identities (issue 13, A10): identities are free, so one
 * machine could mint many and post as all of them. Minting and joining
 * are limited per network address, on a real server.
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
    const startedAt = Date.now();
    const acks = await Promise.all(
      senders.flatMap((sender, who) =>
        Array.from({ length: 20 }, (_, index) => request(sender, 'chat:send', { channel: 'room', body: `flood ${who}.${index}` })),
      ),
    );
    const accepted = acks.filter((ack) => ack.ok).length;
    expect(accepted).toBe(minted.length * MESSAGES_PER_10S);
    expect(accepted).toBeLessThan(200);
    expect(acks.filter((ack) => !ack.ok).every((ack) => !ack.ok && ack.error.code === 'RATE_LIMITED')).toBe(true);
    // What the room saw matches (the last one arrives after its ack at the latest).
    await expect.poll(() => posted.length).toBe(accepted);
    expect(Date.now() - startedAt).toBeLessThan(10_000);
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
