import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { createClient } from 'redis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PeerId, RoomId } from '../../shared/ids.js';
import { openDatabase, type Database } from '../db/database.js';
import type { PrismaClient } from '../db/generated/client.js';
import { createRoomRepository } from '../db/roomRepository.js';
import { DEMO_ROOMS, seedDemoEdition } from '../db/seed.js';
import { createTestDatabase, type TestDatabase } from '../test/postgres.js';
import { redisUrl, requireRedis } from '../test/redis.js';
import { connectClient, expectOk, request, type TestSocket } from '../test/testClient.js';
import { startTestPlatform, type TestPlatform } from '../test/testPlatform.js';
import { createProcessLiveness, liveProcessesKey, type LivenessRedis } from './processLiveness.js';

const roomId = DEMO_ROOMS[0]!.id as RoomId;

/**
 * Visits a process left open when it stopped without closing them (killed
 * outright, a power cut): the next start closes them, and never the visits
 * of the process that is running.
 */
describe('visits left open by a process that is gone', () => {
  let database: TestDatabase;
  let dataDir: string;
  let platform: TestPlatform | undefined;
  const sockets: TestSocket[] = [];
  /** Left open by a process that crashed, by one from before processes were recorded, and one closed in time. */
  let left: { crashed: string; unrecorded: string; ended: string; endedAt: Date };

  beforeEach(async () => {
    database = await createTestDatabase();
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'convene-liveness-'));
    const db = await openDatabase({ databaseUrl: database.url, dataDir, logger: pino({ level: 'silent' }) });
    try {
      await seedDemoEdition(db.prisma);
      const visit = (peerId: string, processId: string | null, leftAt: Date | null = null) =>
        db.prisma.roomVisit.create({ data: { roomId, peerId, displayName: peerId, processId, leftAt } }).then((row) => row.id);
      const endedAt = new Date(Date.now() - 60_000);
      left = {
        crashed: await visit('crashed-peer', 'crashed-process'),
        unrecorded: await visit('unrecorded-peer', null),
        ended: await visit('ended-peer', 'crashed-process', endedAt),
        endedAt,
      };
    } finally {
      await db.close();
    }
  });

  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.disconnect();
    await platform?.dispose();
    platform = undefined;
    await database.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** Someone joins: a visit of the running process, open. Returns its id once on record. */
  async function joinSomeone(on: TestPlatform): Promise<{ visitId: string; processId: string | null }> {
    const socket = await connectClient(on.url, 'Ama');
    sockets.push(socket);
    const { peerId } = expectOk(await request(socket, 'room:join', { roomId })).self;
    let row: { id: string; processId: string | null } | null = null;
    await waitFor('the visit to be on record', async () => {
      row = await on.db.prisma.roomVisit.findFirst({ where: { peerId }, select: { id: true, processId: true } });
      return row !== null;
    });
    const { id, processId } = row!;
    return { visitId: id, processId };
  }

  async function isOpen(prisma: PrismaClient, visitId: string): Promise<boolean> {
    return (await prisma.roomVisit.findUniqueOrThrow({ where: { id: visitId } })).leftAt === null;
  }

  it('without Redis (one process): closes them at start-up and keeps its own open', async () => {
    platform = await startTestPlatform({ DATABASE_URL: database.url });
    const { prisma } = platform.db;

    expect(await isOpen(prisma, left.crashed)).toBe(false);
    expect(await isOpen(prisma, left.unrecorded)).toBe(false);
    // A visit closed in time keeps its own leave time.
    expect((await prisma.roomVisit.findUniqueOrThrow({ where: { id: left.ended } })).leftAt).toEqual(left.endedAt);

    const own = await joinSomeone(platform);
    expect(own.processId).not.toBeNull();
    expect(own.processId).not.toBe('crashed-process');
    expect(await isOpen(prisma, own.visitId)).toBe(true);
    expect(platform.loggedErrors()).toEqual([]);
  });

  it('with Redis: closes those of processes not on the list, and takes itself off the list when it stops', async () => {
    const redis = await requireRedis();
    try {
      const keyPrefix = `test-${randomBytes(4).toString('hex')}`;
      platform = await startTestPlatform({
        DATABASE_URL: database.url,
        REDIS_URL: redisUrl,
        REDIS_KEY_PREFIX: keyPrefix,
        TOKEN_SECRET: randomBytes(32).toString('hex'),
        LIVENESS_TTL_MS: '1000',
      });
      const { prisma } = platform.db;
      const own = await joinSomeone(platform);

      // A TTL after start-up (every live process has renewed by then), whatever is not on the list is closed.
      await waitFor('the visits of processes not on the list to be closed', async () =>
        !(await isOpen(prisma, left.crashed)) && !(await isOpen(prisma, left.unrecorded)),
      );
      expect(await isOpen(prisma, own.visitId)).toBe(true);
      expect(await redis.zRange(liveProcessesKey(keyPrefix), 0, -1)).toEqual([own.processId]);
      expect(await redis.exists(`${keyPrefix}:process:${own.processId}`)).toBe(1);

      await platform.stop();
      expect(await redis.zRange(liveProcessesKey(keyPrefix), 0, -1)).toEqual([]);
      expect(await redis.exists(`${keyPrefix}:process:${own.processId}`)).toBe(0);
      expect(platform.loggedErrors()).toEqual([]);
    } finally {
      await redis.quit();
    }
  });
});

/**
 * Two processes' liveness in this test process, on the real Redis and
 * database; one loses Redis (its connection goes through a proxy the test
 * cuts, as a network cut or a Redis crash would), so it stops renewing.
 */
describe('a process that can no longer renew', () => {
  let database: TestDatabase;
  let dataDir: string;
  let db: Database;

  beforeEach(async () => {
    database = await createTestDatabase();
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'convene-liveness-'));
    db = await openDatabase({ databaseUrl: database.url, dataDir, logger: pino({ level: 'silent' }) });
    await seedDemoEdition(db.prisma);
  });

  afterEach(async () => {
    await db.close();
    await database.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('is taken for dead by the other after the grace, never throws, and stops within its ceiling', async () => {
    const keyPrefix = `test-${randomBytes(4).toString('hex')}`;
    const proxy = await startProxy(new URL(redisUrl));
    const cutOff = createClient({ url: `redis://127.0.0.1:${proxy.port}`, socket: { reconnectStrategy: () => 200 } });
    cutOff.on('error', () => undefined);
    await cutOff.connect();
    const survivorRedis = await requireRedis();
    const timing = { ttlMs: 1_000, graceMs: 1_500 };
    const start = (processId: string, client: LivenessRedis, heard: [RoomId, PeerId][], logged: string[]) => {
      const rooms = createRoomRepository(db.prisma, { processId });
      const logger = pino({ level: 'warn' }, { write: (line: string) => void logged.push((JSON.parse(line) as { msg: string }).msg) });
      const liveness = createProcessLiveness({
        processId,
        redis: { client, keyPrefix },
        rooms,
        announceLeft: (roomId, peerId) => heard.push([roomId, peerId]),
        ...timing,
        logger,
      });
      return { rooms, liveness };
    };
    const heardBySurvivor: [RoomId, PeerId][] = [];
    const loggedByCutOff: string[] = [];
    const dying = start('cut-off', cutOff, [], loggedByCutOff);
    const survivor = start('survivor', survivorRedis, heardBySurvivor, []);
    try {
      const person = (peerId: string) => ({ roomId, peerId, userId: peerId, role: 'participant' as const, displayName: peerId });
      const ghostVisit = await dying.rooms.startVisit(person('ghost'));
      const stayerVisit = await survivor.rooms.startVisit(person('stayer'));
      await dying.liveness.start();
      await survivor.liveness.start();

      await proxy.cut();
      await waitFor('the survivor to tell the room the ghost left', () => Promise.resolve(heardBySurvivor.length > 0));
      expect(heardBySurvivor).toEqual([[roomId, 'ghost']]);
      const visits = await db.prisma.roomVisit.findMany({ where: { id: { in: [ghostVisit, stayerVisit] } } });
      expect(Object.fromEntries(visits.map((visit) => [visit.peerId, visit.leftAt !== null]))).toEqual({ ghost: true, stayer: false });
      // The process cut off said so, and threw nothing (an unhandled rejection fails the run).
      expect(loggedByCutOff.some((message) => /liveness/i.test(message))).toBe(true);

      // Its graceful stop does not wait for a Redis it cannot reach (the ceiling is for a loaded machine).
      const stopping = performance.now();
      await dying.liveness.stop();
      expect(performance.now() - stopping).toBeLessThan(3_000);
      await survivor.liveness.stop();
      await waitFor('the list to be empty', async () => (await survivorRedis.zRange(liveProcessesKey(keyPrefix), 0, -1)).length === 0);
    } finally {
      await dying.liveness.stop();
      await survivor.liveness.stop();
      cutOff.destroy();
      await survivorRedis.quit();
      await proxy.close();
    }
  });
});

/** A TCP proxy to Redis that the test can cut: connections drop and new ones are refused. */
async function startProxy(target: URL): Promise<{ port: number; cut(): Promise<void>; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  };
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 6379), target.hostname);
    track(client);
    track(upstream);
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  let isCut = false;
  const cut = async () => {
    if (isCut) return;
    isCut = true;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of sockets) socket.destroy();
    await closed;
  };
  return { port, cut, close: cut };
}

async function waitFor(what: string, condition: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await condition())) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
