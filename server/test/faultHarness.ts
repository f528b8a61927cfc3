import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import type { ChatMessage } from '../../shared/conversation.js';
import type { RoomSummary } from '../../shared/http.js';
import { asRoomId, type RoomId } from '../../shared/ids.js';
import { createTokenService } from '../auth/tokens.js';
import { runChatBurst, sendChat, type BurstOptions, type BurstResult } from './chatBurst.js';
import { mintInvitation } from './invitations.js';
import { startPrivatePostgres, startPrivateRedis, type PrivatePostgres, type PrivateRedis } from './privateServices.js';
import { createProcessWatch, type ProcessFault } from './processWatch.js';
import {
  crossDeliveryAfter,
  follow,
  ghostsGoneAfter,
  historyVia,
  isConnected,
  waitForDeliveries,
  waveHands,
  type Person,
} from './roomPeople.js';
import { freePort, spawnServer, type ServerProcess } from './serverProcess.js';
import { connectClient, expectOk, issueToken, request, type TestSocket } from './testClient.js';

export type { Person } from './roomPeople.js';
export type { ProcessFault } from './processWatch.js';

/**
 * Two real server processes on a PostgreSQL cluster and a Redis of their
 * own, a room of people spread over both, and what those people and the
 * processes went through while a test broke the services underneath
 * (server/test/faultScenarios.ts injects the faults).
 */

/** Short, so a test sees a dead process's people leave within seconds. */
export const FAULT_SERVER_SETTINGS = {
  RECONNECT_GRACE_MS: '4000',
  LIVENESS_TTL_MS: '2000',
} as const;

export interface ReadyzAnswer {
  server: number;
  /** When it was asked (harness clock, ms). */
  at: number;
  /** HTTP status, or null: no answer within the probe's ceiling. */
  status: number | null;
  ms: number;
}

export interface FaultHarnessOptions {
  /** People in the room, half on each process (the first on each a moderator). Default 20. */
  people?: number;
  /**
   * Checkout whose server runs, to measure or test an older commit with
   * this harness. Default: CONVENE_SERVER_ROOT if set, else this checkout.
   */
  serverRoot?: string;
  /** Added to each server's environment. */
  env?: Record<string, string>;
  /**
   * `always`: every burst message carries a `requestId` (the promised
   * contract). `if-taken`: only if the server accepts one (an older server
   * refuses the unknown field), as a benchmark of any commit needs.
   */
  requestIds?: 'always' | 'if-taken';
}

export interface FaultHarness {
  readonly postgres: PrivatePostgres;
  readonly redis: PrivateRedis;
  readonly servers: readonly ServerProcess[];
  readonly roomId: RoomId;
  /** The people joined at start, in order: even indexes on process 0, odd on process 1; the first two are moderators. */
  readonly people: readonly Person[];
  readonly settings: { graceMs: number; livenessTtlMs: number };
  /** Whether burst messages carry a `requestId`. */
  readonly usesRequestIds: boolean;
  /** Harness clock: ms since the harness started (monotonic). */
  now(): number;
  /** Exits nobody asked for, unhandled rejections and crash output, so far. */
  faults(): ProcessFault[];
  isRunning(server: number): boolean;
  /** Kills a server process outright (SIGKILL); its exit is not a fault. */
  killServer(server: number): Promise<void>;
  /** Stops a server process gracefully (SIGTERM); its exit is not a fault. Resolves with how it exited, and when. */
  stopServer(server: number, ceilingMs?: number): Promise<{ code: number | null; signal: string | null; ms: number }>;
  /** A chat burst by every participant (moderators watch and probe instead). */
  burst(options: Omit<BurstOptions, 'now' | 'useRequestIds'>): Promise<BurstResult>;
  /** Connected participants raise and lower their hands for a while (roomPeople.ts: waveHands). */
  waveHands(durationMs: number, everyMs?: number): Promise<void>;
  /** Someone new joins on `server`; not one of {@link people}. */
  join(server: number, name: string): Promise<Person>;
  /** Asks `/readyz` once, giving up after `ceilingMs`. */
  readyz(server: number, ceilingMs?: number): Promise<ReadyzAnswer>;
  /** Asks every running process's `/readyz` every `intervalMs` until `stop()`, which resolves with every answer. */
  watchReadyz(intervalMs?: number, ceilingMs?: number): { stop(): Promise<ReadyzAnswer[]> };
  /** Ms from `since` until a message crossed between the processes both ways, or null (roomPeople.ts). */
  crossDeliveryAfter(since: number, ceilingMs: number): Promise<number | null>;
  /** Waits until every connected person has received every one of `messageIds`; false at the ceiling. */
  waitForDeliveries(messageIds: readonly string[], ceilingMs: number): Promise<boolean>;
  /** Ms from `since` until the survivors were told that everyone on `deadServer` left, or null (roomPeople.ts). */
  ghostsGoneAfter(deadServer: number, since: number, ceilingMs: number): Promise<number | null>;
  /** Attendance rows of these peers still open (leftAt null), read from the database. */
  openVisits(peerIds: readonly string[]): Promise<number>;
  /** The room channel's whole history as `person` pages through it with `chat:history`. */
  historyVia(person: Person): Promise<ChatMessage[]>;
  /** The room channel's messages, read from the database directly (whatever the server processes' state). */
  historyInDatabase(): Promise<Array<{ messageId: string; body: string; seq: number }>>;
  /** Disconnects everyone, stops both processes and both services, removes their files; throws after cleaning up if a step failed. */
  stop(): Promise<void>;
}

/** Starts the private services, both processes and the room's people. Cleans up what it started if a step fails. */
export async function startFaultHarness(options: FaultHarnessOptions = {}): Promise<FaultHarness> {
  const origin = performance.now();
  const now = () => performance.now() - origin;
  const closers: Array<() => Promise<unknown>> = [];
  const stop = async () => {
    const failures: unknown[] = [];
    // Newest first: people, then processes, then the services under them.
    for (const close of closers.splice(0).reverse()) {
      await close().catch((error: unknown) => failures.push(error));
    }
    if (failures.length > 0) throw new AggregateError(failures, `stopping the fault harness: ${failures.map(String).join('; ')}`);
  };
  try {
    return await start(options, now, (close) => closers.push(close), stop);
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}

type OnOpened = (close: () => Promise<unknown>) => void;

async function start(options: FaultHarnessOptions, now: () => number, onOpened: OnOpened, stop: () => Promise<void>): Promise<FaultHarness> {
  const [postgres, redis] = await Promise.all([startPrivatePostgres(), startPrivateRedis()]);
  onOpened(() => postgres.stop());
  onOpened(() => redis.stop());
  await createDatabase(postgres.url, 'convene');
  const databaseUrl = postgres.urlOf('convene');
  const tokenSecret = randomBytes(32).toString('hex');
  const { servers, watch } = await startServers(
    { DATABASE_URL: databaseUrl, REDIS_URL: redis.url, TOKEN_SECRET: tokenSecret, ...options.env },
    options.serverRoot ?? (process.env.CONVENE_SERVER_ROOT || undefined),
    now,
    onOpened,
  );
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2, connectionTimeoutMillis: 10_000, query_timeout: 30_000 });
  pool.on('error', () => undefined);
  onOpened(() => pool.end());

  const rooms = (await (await fetch(`${servers[0]!.url}/api/rooms`)).json()) as RoomSummary[];
  if (!rooms[0]) throw new Error('the server lists no rooms');
  const roomId = asRoomId(rooms[0].id);
  const tokens = createTokenService(tokenSecret);
  const sockets: TestSocket[] = [];
  onOpened(async () => {
    for (const socket of sockets) socket.disconnect();
  });
  const enter = async (server: number, name: string, isModerator: boolean): Promise<Person> => {
    const url = servers[server]!.url;
    const invitation = isModerator ? await mintInvitation(servers[0]!.url, tokens, roomId, 'moderator') : undefined;
    const socket = await connectClient(url, name, { token: (await issueToken(url, name, invitation)).token });
    sockets.push(socket);
    const person = follow(socket, { name, server, isModerator }, now);
    const { self, conversation } = expectOk(await request(socket, 'room:join', { roomId }));
    person.peerId = self.peerId;
    person.userId = self.userId;
    person.sequence.caughtUpTo(conversation.head);
    return person;
  };
  const people: Person[] = [];
  for (let index = 0; index < (options.people ?? 20); index += 1) {
    people.push(await enter(index % 2, `Person ${index + 1}`, index < 2));
  }
  const moderators = [people[0]!, people[1]!] as const;
  const usesRequestIds = options.requestIds === 'if-taken' ? await takesRequestIds(moderators[0], now) : true;

  const isRunning = (server: number) => servers[server]!.child.exitCode === null && servers[server]!.child.signalCode === null;
  const readyz = (server: number, ceilingMs = 10_000) => askReadyz(servers[server]!, server, ceilingMs, now);
  const participants = () => people.filter((person) => !person.isModerator);
  return {
    postgres,
    redis,
    servers,
    roomId,
    people,
    settings: {
      graceMs: Number(options.env?.RECONNECT_GRACE_MS ?? FAULT_SERVER_SETTINGS.RECONNECT_GRACE_MS),
      livenessTtlMs: Number(options.env?.LIVENESS_TTL_MS ?? FAULT_SERVER_SETTINGS.LIVENESS_TTL_MS),
    },
    usesRequestIds,
    now,
    faults: watch.faults,
    isRunning,
    async killServer(server) {
      watch.expectExit(server);
      servers[server]!.child.kill('SIGKILL');
      await servers[server]!.exited;
    },
    stopServer(server, ceilingMs) {
      watch.expectExit(server);
      return stopGracefully(servers[server]!, now, ceilingMs);
    },
    burst: (burstOptions) => runChatBurst(participants(), { ...burstOptions, now, useRequestIds: usesRequestIds }),
    waveHands: (durationMs, everyMs = 100) => waveHands(participants().filter(isConnected), durationMs, everyMs),
    join: (server, name) => enter(server, name, false),
    readyz,
    watchReadyz(intervalMs = 1_000, ceilingMs = 10_000) {
      const answers: Promise<ReadyzAnswer>[] = [];
      const ask = () => {
        for (const server of servers.keys()) if (isRunning(server)) answers.push(readyz(server, ceilingMs));
      };
      ask();
      const timer = setInterval(ask, intervalMs);
      return {
        stop: () => {
          clearInterval(timer);
          return Promise.all(answers);
        },
      };
    },
    crossDeliveryAfter: (since, ceilingMs) => crossDeliveryAfter(moderators, since, { ceilingMs, now, isUp: () => isRunning(0) && isRunning(1) }),
    waitForDeliveries: (messageIds, ceilingMs) => waitForDeliveries(people, messageIds, ceilingMs),
    ghostsGoneAfter: (deadServer, since, ceilingMs) => ghostsGoneAfter(people, deadServer, since, ceilingMs),
    async openVisits(peerIds) {
      const { rows } = await pool.query<{ open: number }>(
        'SELECT count(*)::int AS open FROM "RoomVisit" WHERE "peerId" = ANY($1::text[]) AND "leftAt" IS NULL',
        [peerIds],
      );
      return rows[0]!.open;
    },
    historyVia,
    async historyInDatabase() {
      const { rows } = await pool.query<{ messageId: string; body: string; seq: number }>(
        `SELECT id AS "messageId", body, seq FROM "ChatMessage" WHERE "roomId" = $1 AND channel = 'room' ORDER BY seq`,
        [roomId],
      );
      return rows;
    },
    stop,
  };
}

/**
 * Two server processes on the given database and Redis, as a deployment
 * runs them: one token secret, Redis channels and keys of their own (a
 * random REDIS_KEY_PREFIX), each allowed to be connected to from the
 * other's pages, with short reconnection grace and liveness TTL.
 */
async function startServers(env: Record<string, string>, root: string | undefined, now: () => number, onOpened: OnOpened) {
  const ports = [await freePort(), await freePort()];
  const settings = {
    REDIS_KEY_PREFIX: `fault-${randomBytes(4).toString('hex')}`,
    CSP_CONNECT_SOURCES: ports.map((port) => `http://localhost:${port}`).join(' '),
    LOG_LEVEL: 'warn',
    // Each person sends one message every couple of seconds, and retries: not what the flood budget is for.
    RATE_MESSAGES_PER_10S: '1000',
    ...FAULT_SERVER_SETTINGS,
    ...env,
  };
  const watch = createProcessWatch(now);
  const servers: ServerProcess[] = [];
  for (const port of ports) {
    // One at a time: the first applies the migrations.
    const server = await spawnServer(settings, { port, root });
    const index = servers.length;
    servers.push(server);
    onOpened(async () => {
      watch.expectExit(index);
      await server.stop();
    });
    watch.watch(server, index);
  }
  return { servers, watch };
}

async function askReadyz(server: ServerProcess, index: number, ceilingMs: number, now: () => number): Promise<ReadyzAnswer> {
  const at = now();
  const status = await fetch(`${server.url}/readyz`, { signal: AbortSignal.timeout(ceilingMs) }).then(
    (response) => response.status,
    () => null,
  );
  return { server: index, at, status, ms: now() - at };
}

/** SIGTERM, then SIGKILL at the ceiling (a process that never finishes stopping says so by its signal). */
async function stopGracefully(server: ServerProcess, now: () => number, ceilingMs = 90_000) {
  const sentAt = now();
  server.child.kill('SIGTERM');
  const killer = setTimeout(() => server.child.kill('SIGKILL'), ceilingMs);
  const { code, signal } = await server.exited;
  clearTimeout(killer);
  return { code, signal, ms: now() - sentAt };
}

/**
 * Whether the server accepts a `requestId` on `chat:send`: an older one
 * refuses the unknown field as INVALID_PAYLOAD (and posts nothing).
 */
async function takesRequestIds(person: Person, now: () => number): Promise<boolean> {
  const probe = await sendChat(person.socket, 'request id probe', randomBytes(16).toString('hex'), now);
  if (probe.outcome === 'ok') return true;
  if (probe.outcome === 'INVALID_PAYLOAD') return false;
  throw new Error(`probing for request ids: ${probe.outcome}`);
}

async function createDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 30_000 });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}
