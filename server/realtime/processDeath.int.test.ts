import pg from 'pg';
import type { RedisClientType } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoomSummary } from '../../shared/http.js';
import type { PeerId, RoomId } from '../../shared/ids.js';
import { requireRedis, startServerPair, type ServerPair } from '../test/redis.js';
import { expectOk, request, type TestSocket } from '../test/testClient.js';
import { liveProcessesKey } from './processLiveness.js';

/** Small, so the test takes seconds: people keep their place 4 s; a process is dead 2 s after its last renewal. */
const GRACE_MS = 4_000;
const TTL_MS = 2_000;
/** From the kill until every ghost is gone: grace and TTL, and a loaded machine's delays on top. */
const GHOSTS_GONE_CEILING_MS = 60_000;

describe('a server process killed outright (kill -9)', () => {
  let pair: ServerPair;
  let redis: Awaited<ReturnType<typeof requireRedis>>;
  let db: pg.Client;

  beforeAll(async () => {
    pair = await startServerPair({ RECONNECT_GRACE_MS: String(GRACE_MS), LIVENESS_TTL_MS: String(TTL_MS) });
    redis = await requireRedis();
    db = new pg.Client({ connectionString: pair.databaseUrl });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await redis?.quit();
    await pair?.stop();
  });

  it('leaves no ghosts: the other process hears its people leave after the grace, and their visits are closed', async () => {
    const { first, second } = pair;
    const roomId = await firstRoomId(first.url);
    // A moderator on the first process: they see the whole audience come and go.
    const { socket: observer } = await pair.connect(first, 'Observer', { moderatorOf: roomId });
    const heardJoined = new Set<string>();
    observer.on('peer:joined', (peer) => heardJoined.add(peer.peerId));
    const observerPeer = expectOk(await request(observer, 'room:join', { roomId })).self.peerId;
    const stayerPeer = await join(pair, first, 'Stayer', roomId);
    // On the second process: someone everyone lists (a moderator) and someone in the audience.
    const ghosts = [
      await join(pair, second, 'Speaker', roomId, { moderatorOf: roomId }),
      await join(pair, second, 'Listener', roomId),
    ];
    await waitFor('the observer to list both people on the second process', () => ghosts.every((id) => heardJoined.has(id)));
    await waitFor('the visits to be on record', async () => (await openVisits(db, [...ghosts, observerPeer, stayerPeer])).size === 4);
    const processOf = await openVisits(db, [...ghosts, observerPeer, stayerPeer]);
    const deadId = processOf.get(ghosts[0]!)!;
    const survivorId = processOf.get(observerPeer)!;
    expect(deadId).not.toBe(survivorId);
    expect([processOf.get(ghosts[1]!), processOf.get(stayerPeer)]).toEqual([deadId, survivorId]);

    // When each departure was heard, on Redis's clock (the clock the processes' renewals are on).
    const heardLeft = new Map<string, Promise<number>>();
    observer.on('peer:left', ({ peerId }) => heardLeft.set(peerId, redisNow(redis)));
    const lastRenewalBeforeKill = (await listed(redis, pair.redisKeyPrefix)).get(deadId);
    expect(lastRenewalBeforeKill).toBeDefined();
    second.child.kill('SIGKILL');
    await second.exited;

    await waitFor('the observer to hear both people on the dead process leave', () => ghosts.every((id) => heardLeft.has(id)), GHOSTS_GONE_CEILING_MS);
    // Not before the grace since the dead process was last alive (its last
    // renewal, at most one renewal period before the kill): its people leave
    // when an ordinary lost connection would.
    for (const id of ghosts) expect(await heardLeft.get(id)).toBeGreaterThanOrEqual(lastRenewalBeforeKill! + GRACE_MS);
    // Nobody on the surviving process was taken for a ghost.
    expect(heardLeft.has(stayerPeer)).toBe(false);

    // Their visits are closed (before anyone was told), the survivors' still open.
    expect([...(await openVisits(db, [...ghosts, observerPeer, stayerPeer])).keys()].sort()).toEqual([observerPeer, stayerPeer].sort());
    expect(await closedVisitCount(db, ghosts)).toBe(2);
    // The dead process is off the list; the survivor stays on it.
    await waitFor('the dead process to be off the list', async () => !(await listed(redis, pair.redisKeyPrefix)).has(deadId));
    expect((await listed(redis, pair.redisKeyPrefix)).has(survivorId)).toBe(true);

    // The first process is alive and takes newcomers.
    expect(first.child.exitCode).toBeNull();
    const newcomer = await join(pair, first, 'Newcomer', roomId);
    await waitFor('the observer to hear the newcomer', () => heardJoined.has(newcomer));
  });
});

async function firstRoomId(url: string): Promise<RoomId> {
  const rooms = (await (await fetch(`${url}/api/rooms`)).json()) as RoomSummary[];
  return rooms[0]!.id as RoomId;
}

async function join(
  pair: ServerPair,
  server: ServerPair['first'],
  name: string,
  roomId: RoomId,
  options: { moderatorOf?: string } = {},
): Promise<PeerId> {
  const { socket }: { socket: TestSocket } = await pair.connect(server, name, options);
  return expectOk(await request(socket, 'room:join', { roomId })).self.peerId;
}

/** Open visits of these peers, each with the process it records. */
async function openVisits(db: pg.Client, peerIds: readonly string[]): Promise<Map<string, string | null>> {
  const { rows } = await db.query<{ peerId: string; processId: string | null }>(
    'SELECT "peerId", "processId" FROM "RoomVisit" WHERE "peerId" = ANY($1) AND "leftAt" IS NULL',
    [peerIds],
  );
  return new Map(rows.map((row) => [row.peerId, row.processId]));
}

async function closedVisitCount(db: pg.Client, peerIds: readonly string[]): Promise<number> {
  const { rows } = await db.query<{ count: string }>(
    'SELECT count(*) FROM "RoomVisit" WHERE "peerId" = ANY($1) AND "leftAt" IS NOT NULL',
    [peerIds],
  );
  return Number(rows[0]!.count);
}

/** The list of known processes: each process id with its last renewal (ms, Redis's clock). */
async function listed(redis: Pick<RedisClientType, 'zRangeWithScores'>, keyPrefix: string): Promise<Map<string, number>> {
  const entries = await redis.zRangeWithScores(liveProcessesKey(keyPrefix), 0, -1);
  return new Map(entries.map((entry) => [String(entry.value), entry.score]));
}

async function redisNow(redis: Pick<RedisClientType, 'time'>): Promise<number> {
  const [seconds, microseconds] = await redis.time();
  return Number(seconds) * 1000 + Math.floor(Number(microseconds) / 1000);
}

async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await condition())) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
