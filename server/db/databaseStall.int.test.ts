import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Ack } from '../../shared/ack.js';
import type { ChatMessage } from '../../shared/conversation.js';
import type { RoomSummary } from '../../shared/http.js';
import type { RoomId } from '../../shared/ids.js';
import { createTestDatabase, type TestDatabase } from '../test/postgres.js';
import { connectClient, expectOk, request, type TestSocket } from '../test/testClient.js';
import { startTestPlatform, type TestPlatform } from '../test/testPlatform.js';
import { openDatabase, type Database } from './database.js';
import { databaseUnavailability } from './databaseUnavailable.js';

/** How long the browser waits for an ack before it says the server did not answer (client/src/realtime/socket.ts). */
const BROWSER_ACK_TIMEOUT_MS = 15_000;

/**
 * A TCP relay to the test PostgreSQL server that can stop passing bytes
 * either way, as a server stopped with SIGSTOP (or a network that drops
 * everything) would look: connections stay open, nothing answers, and the
 * server cannot cancel anything itself. The shared server is never touched.
 */
interface StallingRelay {
  url: string;
  stall(): void;
  resume(): void;
  close(): Promise<void>;
}

async function startStallingRelay(databaseUrl: string): Promise<StallingRelay> {
  const target = new URL(databaseUrl);
  let isStalled = false;
  const held: (() => void)[] = [];
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  };
  const pass = (from: net.Socket, to: net.Socket) =>
    from.on('data', (chunk) => {
      if (!isStalled) {
        to.write(chunk);
        return;
      }
      // Held, and nothing more read from this side until the relay resumes.
      from.pause();
      held.push(() => {
        to.write(chunk);
        from.resume();
      });
    });
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    track(client);
    track(upstream);
    pass(client, upstream);
    pass(upstream, client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = new URL(databaseUrl);
  url.hostname = '127.0.0.1';
  url.port = String((server.address() as net.AddressInfo).port);
  return {
    url: url.toString(),
    stall: () => {
      isStalled = true;
    },
    resume: () => {
      isStalled = false;
      for (const release of held.splice(0)) release();
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A connection of its own, straight to the database: what everyone else sees, and a way to hold locks. */
async function directClient(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

/** Sends with the browser's own patience: a request it would report as TIMEOUT fails the test. */
function sendAsBrowser(socket: TestSocket, payload: { channel: 'room'; body: string; requestId: string }): Promise<Ack<ChatMessage>> {
  return (socket as unknown as { timeout(ms: number): { emitWithAck(event: string, payload: unknown): Promise<Ack<ChatMessage>> } })
    .timeout(BROWSER_ACK_TIMEOUT_MS)
    .emitWithAck('chat:send', payload);
}

describe('a request while the database does not answer', () => {
  let database: TestDatabase;
  let relay: StallingRelay;
  let platform: TestPlatform;
  let admin: pg.Client;
  let roomId: RoomId;
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    relay = await startStallingRelay(database.url);
    platform = await startTestPlatform({
      DATABASE_URL: relay.url,
      // Short, so the test is; the defaults (3 s, 5 s) behave the same, later.
      DB_CONNECT_TIMEOUT_MS: '1000',
      DB_STATEMENT_TIMEOUT_MS: '2000',
    });
    admin = await directClient(database.url);
    const rooms = (await (await fetch(`${platform.url}/api/rooms`)).json()) as RoomSummary[];
    roomId = rooms[0]!.id as RoomId;
  });

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    relay?.resume();
    await platform?.dispose();
    await admin?.end();
    await relay?.close();
    await database?.drop();
  });

  async function joinedPerson(name: string): Promise<TestSocket> {
    const socket = await connectClient(platform.url, name);
    sockets.push(socket);
    expectOk(await request(socket, 'room:join', { roomId }));
    return socket;
  }

  const postedWithBody = async (body: string) =>
    Number((await admin.query<{ n: string }>('SELECT count(*) AS n FROM "ChatMessage" WHERE body = $1', [body])).rows[0]!.n);

  it('held behind a lock: UNAVAILABLE (storage) before the browser gives up, nothing posted; the same message goes through after', async () => {
    const ama = await joinedPerson('Ama');
    const payload = { channel: 'room' as const, body: 'Is the session recorded?', requestId: 'b2f1c9d0-5a1e-4c3b-9f7a-0c2d4e6f8a10' };

    // Another session holds the table: the INSERT waits until the server cancels it at statement_timeout.
    await admin.query('BEGIN');
    await admin.query('LOCK TABLE "ChatMessage" IN ACCESS EXCLUSIVE MODE');
    let refused: Ack<ChatMessage>;
    try {
      refused = await sendAsBrowser(ama, payload);
    } finally {
      await admin.query('ROLLBACK');
    }

    expect(refused).toEqual({ ok: false, error: { code: 'UNAVAILABLE', message: expect.stringContaining('storage') as string, reason: 'storage' } });
    expect(await postedWithBody(payload.body)).toBe(0);

    // The client sends the very same payload again: posted once.
    const posted = expectOk(await sendAsBrowser(ama, payload));
    expect(posted.body).toBe(payload.body);
    expect(await postedWithBody(payload.body)).toBe(1);
    // A warning, not an error with a stack for each request.
    expect(platform.loggedErrors()).toEqual([]);
  });

  it('stalled (nothing answers at all): UNAVAILABLE and /readyz 503 while it lasts, both well again once it answers', async () => {
    const kofi = await joinedPerson('Kofi');
    expect((await fetch(`${platform.url}/readyz`)).status).toBe(200);

    relay.stall();
    let refused: Ack<ChatMessage>;
    let readiness: { status: number; body: unknown };
    try {
      refused = await sendAsBrowser(kofi, { channel: 'room', body: 'Can you hear me?', requestId: '3c9e2a71-8d4b-4f06-a5e2-7b1d0c9f6e35' });
      const answer = await fetch(`${platform.url}/readyz`);
      readiness = { status: answer.status, body: await answer.json() };
    } finally {
      relay.resume();
    }

    expect(refused).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE', reason: 'storage' } });
    expect(readiness).toMatchObject({ status: 503, body: { ok: false, checks: { database: false } } });

    await expect.poll(async () => (await fetch(`${platform.url}/readyz`)).status, { timeout: 30_000 }).toBe(200);
    expectOk(await sendAsBrowser(kofi, { channel: 'room', body: 'Now I can.', requestId: '9a4d7e12-0b3c-4e58-8f61-2c5a7d9e0b14' }));
    expect(platform.loggedErrors()).toEqual([]);
  });

  it('answers 503 UNAVAILABLE (storage) over HTTP too, not 500', async () => {
    await admin.query('BEGIN');
    await admin.query('LOCK TABLE "Room" IN ACCESS EXCLUSIVE MODE');
    let answer: { status: number; body: unknown };
    try {
      const response = await fetch(`${platform.url}/api/rooms`);
      answer = { status: response.status, body: await response.json() };
    } finally {
      await admin.query('ROLLBACK');
    }
    expect(answer).toEqual({ status: 503, body: { error: { code: 'UNAVAILABLE', message: expect.any(String) as string, reason: 'storage' } } });
    expect((await fetch(`${platform.url}/api/rooms`)).status).toBe(200);
  });
});

describe('the connection pool while the database does not answer', () => {
  let database: TestDatabase;
  let dataDir: string;
  let admin: pg.Client;
  const cleanups: (() => Promise<unknown>)[] = [];
  const logger = pino({ level: 'silent' });

  beforeEach(async () => {
    database = await createTestDatabase();
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'convene-stall-'));
    admin = await directClient(database.url);
  });

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    await admin.end();
    await database.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function open(url: string, timeouts: { connectTimeoutMs: number; statementTimeoutMs: number }): Promise<Database> {
    const db = await openDatabase({ databaseUrl: url, dataDir, logger, timeouts });
    cleanups.push(() => db.close());
    return db;
  }

  it('waiting for a connection while every one is busy gives up at the connect timeout; the busy ones finish', async () => {
    const db = await open(database.url, { connectTimeoutMs: 2000, statementTimeoutMs: 60_000 });
    // The pool's 20 connections open before the lock, so that none is still opening when the 21st asks.
    await Promise.all(Array.from({ length: 20 }, () => db.prisma.$executeRaw`SELECT pg_sleep(0.2)`));
    await admin.query('BEGIN');
    await admin.query('LOCK TABLE "ChatMessage" IN ACCESS EXCLUSIVE MODE');
    // Every connection of the pool (20) waits on the lock.
    // Prisma's queries start when awaited: Promise.resolve() starts them now.
    const busy = Array.from({ length: 20 }, () => Promise.resolve(db.prisma.chatMessage.count()));
    await expect
      .poll(async () => Number((await admin.query<{ n: string }>(
        "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
      )).rows[0]!.n), { timeout: 30_000 })
      .toBe(20);

    const waited = await Promise.resolve(db.prisma.room.count()).then(
      () => null,
      (error: unknown) => error,
    );
    await admin.query('ROLLBACK');

    expect(databaseUnavailability(waited)).toBe('connect-timeout');
    expect(await Promise.all(busy)).toEqual(Array.from({ length: 20 }, () => 0));
  });

  it('a transaction cut off mid-way leaves no connection inside it: what is written after the stall is there for everyone', async () => {
    const relay = await startStallingRelay(database.url);
    cleanups.push(() => relay.close());
    const db = await open(relay.url, { connectTimeoutMs: 500, statementTimeoutMs: 1000 });
    await db.prisma.room.create({ data: { id: 'people-power', title: 'People power' } });

    let started = 0;
    let stalled!: () => void;
    const isStalled = new Promise<void>((resolve) => {
      stalled = resolve;
    });
    const transactions = Array.from({ length: 5 }, () =>
      db.prisma
        .$transaction(async (tx) => {
          await tx.room.count();
          started += 1;
          await isStalled;
          // Never answered: pg gives up at query_timeout, Prisma rolls back.
          await tx.room.count();
        }, { timeout: 30_000 })
        .then(
          () => null,
          (error: unknown) => error,
        ),
    );
    // Five connections inside a transaction (BEGIN sent, one statement answered) when the database stops answering.
    await expect.poll(() => started).toBe(5);
    relay.stall();
    stalled();
    const failures = await Promise.all(transactions);
    relay.resume();

    expect(failures.map((failure) => databaseUnavailability(failure) !== null)).toEqual([true, true, true, true, true]);
    // Written afterwards, on whichever connections the pool holds: each committed, seen by another session.
    const ids = Array.from({ length: 20 }, (_, index) => `after-${index}`);
    await Promise.all(ids.map((id) => db.prisma.room.create({ data: { id, title: id } })));
    const seen = await admin.query<{ id: string }>('SELECT id FROM "Room" WHERE id LIKE $1 ORDER BY id', ['after-%']);
    expect(seen.rows.map((row) => row.id)).toEqual([...ids].sort());
    const insideTransactions = await admin.query<{ n: string }>(
      "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'",
    );
    expect(Number(insideTransactions.rows[0]!.n)).toBe(0);
  });
});
