import type { RedisClientType } from 'redis';
import { asPeerId, asRoomId, type PeerId, type RoomId } from '../../shared/ids.js';
import type { RoomRepository } from '../db/roomRepository.js';
import type { Logger } from '../logger.js';
import {
  findDeadProcesses,
  renewalPeriodMs,
  SweepSchedule,
  type DeadProcess,
  type ListedProcess,
} from './deadProcesses.js';

/**
 * With Redis: this process renews its liveness; the surviving processes see
 * when another one stops (killed outright: its grace timers died with it),
 * tell everyone its people left and close their attendance rows. Without
 * Redis there is one process: what was left open at start-up is closed.
 */
export interface ProcessLiveness {
  /** Registers this process (and sweeps what earlier ones left). Never rejects. */
  start(): Promise<void>;
  /**
   * Stops renewing and takes this process off the list, within
   * {@link STOP_CEILING_MS} whatever Redis does: its own visits are closed
   * by the normal path (its rooms close on a graceful stop).
   */
  stop(): Promise<void>;
}

/** What the liveness asks of Redis (a node-redis client). */
export type LivenessRedis = Pick<RedisClientType, 'eval' | 'set' | 'zRem' | 'del'>;

export interface ProcessLivenessDeps {
  /** This process's id (random at each start); its visits record it. */
  processId: string;
  /** Null: no Redis, one process. */
  redis: { client: LivenessRedis; keyPrefix: string } | null;
  rooms: Pick<RoomRepository, 'processesWithOpenVisits' | 'openVisitsOf' | 'closeVisits' | 'closeVisitsOfOtherProcesses'>;
  /** Tells everyone in the room, on every process, that the peer left. */
  announceLeft(roomId: RoomId, peerId: PeerId): void;
  ttlMs: number;
  graceMs: number;
  logger: Logger;
}

/** The sorted set of known processes, each scored by its last renewal (on Redis's clock, in ms). */
export const liveProcessesKey = (keyPrefix: string): string => `${keyPrefix}:processes`;

/** Longest a graceful stop waits for Redis (which may be down) before going on. */
export const STOP_CEILING_MS = 500;
/**
 * How long one survivor holds the right to sweep a dead process: another may
 * take over after this if it died during the sweep. A failed sweep gives the
 * right back at once.
 */
const SWEEP_CLAIM_MS = 60_000;
/** Visits read (and closed) at a time: a process may have held thousands. */
const SWEEP_BATCH = 500;
/** The claim key's name for visits that recorded no process (written before processes were kept). */
const UNRECORDED = 'unrecorded';

// Times come from Redis's clock (TIME), so that processes on hosts whose
// clocks disagree still agree on who is dead. The Lua number becomes an
// integer reply; 13 digits of milliseconds are exact.
const NOW_MS = "local t = redis.call('TIME'); local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)";

/**
 * Renews this process and reads the list, in one round trip. The list (a
 * sorted set scored by each process's last renewal) is what decides who is
 * dead: a score a TTL old means what an expired key would, and it still says
 * when the process was last alive, which the sweep's timing needs. The key
 * with a TTL is kept as well, for operators (`EXISTS <prefix>:process:<id>`).
 * Returns { now, whether this process was newly added, [id, score, …] }.
 */
const RENEW_AND_LIST = `${NOW_MS}
local added = redis.call('ZADD', KEYS[1], now, ARGV[1])
redis.call('SET', KEYS[2], now, 'PX', ARGV[2])
return {now, added, redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')}`;

/**
 * Claims the sweep of a dead process (SET NX), only if it has not renewed
 * since it was seen dead: a process that was merely stalled and came back
 * keeps its people.
 */
const CLAIM_IF_STILL_DEAD = `local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not score or tonumber(score) > tonumber(ARGV[2]) then return 0 end
if redis.call('SET', KEYS[2], ARGV[3], 'NX', 'PX', ARGV[4]) then return 1 end
return 0`;

/** Takes a swept process off the list, unless it renewed meanwhile. */
const REMOVE_IF_STILL_DEAD = `local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
if score and tonumber(score) <= tonumber(ARGV[2]) then return redis.call('ZREM', KEYS[1], ARGV[1]) end
return 0`;

/** Gives a claim back, if it is still ours. */
const RELEASE_IF_OURS = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";

export function createProcessLiveness(deps: ProcessLivenessDeps): ProcessLiveness {
  const { redis } = deps;
  return redis ? createSharedLiveness(deps, redis) : createSingleProcessLiveness(deps);
}

/** One process: every visit open when it starts was left by an earlier one (a crash, kill -9, a power cut). */
function createSingleProcessLiveness({ processId, rooms, logger }: ProcessLivenessDeps): ProcessLiveness {
  return {
    async start() {
      try {
        const closed = await rooms.closeVisitsOfOtherProcesses(processId);
        if (closed > 0) logger.info({ closed }, 'closed the visits an earlier process left open');
      } catch (error) {
        logger.warn({ err: error }, 'could not close the visits an earlier process left open');
      }
    },
    stop: () => Promise.resolve(),
  };
}

function createSharedLiveness(deps: ProcessLivenessDeps, { client, keyPrefix }: { client: LivenessRedis; keyPrefix: string }): ProcessLiveness {
  const { processId, rooms, logger, ttlMs } = deps;
  const listKey = liveProcessesKey(keyPrefix);
  const livenessKey = (id: string) => `${keyPrefix}:process:${id}`;
  const claimKey = (id: string | null) => `${keyPrefix}:process:${id ?? UNRECORDED}:sweep`;
  const periodMs = renewalPeriodMs(ttlMs);

  let isStopped = false;
  let timer: NodeJS.Timeout | undefined;
  let tickInFlight: Promise<void> | null = null;
  let isFailing = false;
  /** On Redis's clock: this process's first renewal. */
  let firstRenewedAt: number | null = null;
  let isStartupSweepDone = false;
  const startupSweep: { running: Promise<void> | null } = { running: null };

  /** Closes the open visits of a process (null: none recorded) and tells everyone those people left; returns how many. */
  const sweepVisitsOf = async (owner: string | null): Promise<number> => {
    let closed = 0;
    for (;;) {
      const visits = await rooms.openVisitsOf(owner, SWEEP_BATCH);
      if (visits.length === 0) return closed;
      // Closed first: if the database fails, nobody was told and the next try does both.
      closed += await rooms.closeVisits(visits.map((visit) => visit.id));
      for (const visit of visits) deps.announceLeft(asRoomId(visit.roomId), asPeerId(visit.peerId));
      if (visits.length < SWEEP_BATCH) return closed;
    }
  };

  const release = (id: string | null) =>
    client.eval(RELEASE_IF_OURS, { keys: [claimKey(id)], arguments: [processId] }).catch((error: unknown) => {
      logger.warn({ err: error, deadProcessId: id }, 'could not give back the claim on a sweep; it lapses by itself');
    });

  /** A listed process stopped renewing: one survivor sweeps it, then takes it off the list. */
  const sweepDead = async (dead: DeadProcess): Promise<void> => {
    const { processId: deadId, renewedAt } = dead;
    let isClaimed = false;
    try {
      if (isStopped) return;
      const won = await client.eval(CLAIM_IF_STILL_DEAD, {
        keys: [listKey, claimKey(deadId)],
        arguments: [deadId, String(renewedAt), processId, String(SWEEP_CLAIM_MS)],
      });
      if (won !== 1) return;
      isClaimed = true;
      const closed = await sweepVisitsOf(deadId);
      await client.eval(REMOVE_IF_STILL_DEAD, { keys: [listKey], arguments: [deadId, String(renewedAt)] });
      logger.warn({ deadProcessId: deadId, closed }, 'a server process died: its people left and their visits are closed');
    } catch (error) {
      logger.warn({ err: error, deadProcessId: deadId }, 'could not sweep a dead process; trying again');
      if (isClaimed) await release(deadId);
    }
  };

  const schedule = new SweepSchedule(sweepDead);

  /**
   * Visits of processes not on the list: rows from before processes were
   * recorded (null), or of a process whose entry was lost. Done once, a TTL
   * after this process first renewed: by then every live process has
   * renewed (also after Redis lost its data), so an unlisted one is dead.
   */
  const sweepUnlisted = async (listed: readonly ListedProcess[]): Promise<void> => {
    const known = new Set([processId, ...listed.map((process) => process.processId)]);
    const owners = (await rooms.processesWithOpenVisits()).filter((owner) => owner === null || !known.has(owner));
    for (const owner of owners) {
      if (isStopped) return;
      const won = await client.set(claimKey(owner), processId, { NX: true, PX: SWEEP_CLAIM_MS });
      if (won !== 'OK') continue;
      try {
        const closed = await sweepVisitsOf(owner);
        logger.info({ deadProcessId: owner, closed }, 'closed the visits of a process no longer running');
      } catch (error) {
        await release(owner);
        throw error;
      }
    }
  };

  const tick = async (): Promise<void> => {
    const reply = await client.eval(RENEW_AND_LIST, {
      keys: [listKey, livenessKey(processId)],
      arguments: [processId, String(ttlMs)],
    });
    const { now, isAdded, listed } = parseRenewal(reply);
    if (isFailing) logger.info('liveness renewed again');
    isFailing = false;
    if (isAdded && firstRenewedAt !== null) {
      // Redis lost its data (harmless: listed again now), or this process
      // stalled past the TTL and another one swept it: then its people were
      // told gone elsewhere and their visits closed, though they are still here.
      logger.warn({ processId }, 'this process was missing from the list of live processes (Redis lost its data, or it stalled past the TTL and was taken for dead)');
    }
    firstRenewedAt ??= now;
    if (isStopped) return;
    schedule.plan(findDeadProcesses(listed, now, processId, deps), now);
    if (!isStartupSweepDone && now - firstRenewedAt >= ttlMs && !startupSweep.running) {
      startupSweep.running = sweepUnlisted(listed).then(
        () => {
          isStartupSweepDone = true;
        },
        (error: unknown) => logger.warn({ err: error }, 'could not close the visits of processes no longer running; trying again'),
      );
      void startupSweep.running.finally(() => (startupSweep.running = null));
    }
  };

  /** One renewal at a time: while Redis does not answer, later periods are skipped (and said so once). */
  const renew = (): Promise<void> => {
    if (tickInFlight) {
      if (!isFailing) logger.warn('Redis has not answered the liveness renewal; other processes may take this one for dead');
      isFailing = true;
      return tickInFlight;
    }
    tickInFlight = tick()
      .catch((error: unknown) => {
        if (!isFailing) logger.warn({ err: error }, 'liveness not renewed; trying again');
        isFailing = true;
      })
      .finally(() => (tickInFlight = null));
    return tickInFlight;
  };

  return {
    async start() {
      // The first renewal lists this process before it takes anyone in; a Redis slow to answer does not hold the start.
      const first = renew();
      await Promise.race([first, delay(periodMs)]);
      logger.info({ processId, ttlMs }, 'this process renews its liveness in Redis');
      timer = setInterval(() => void renew(), periodMs);
      timer.unref();
    },
    async stop() {
      if (isStopped) return;
      isStopped = true;
      clearInterval(timer);
      schedule.close();
      const leaving = Promise.all([
        client.zRem(listKey, processId),
        client.del(livenessKey(processId)),
      ]).catch((error: unknown) => logger.warn({ err: error }, 'could not take this process off the list; it lapses by itself'));
      const settled = Promise.allSettled([leaving, ...schedule.inFlight(), startupSweep.running]);
      await Promise.race([settled, delay(STOP_CEILING_MS)]);
    },
  };
}

/** The renewal script's answer: Redis's time, whether this process was added anew, and the list. */
function parseRenewal(reply: unknown): { now: number; isAdded: boolean; listed: ListedProcess[] } {
  if (!Array.isArray(reply) || reply.length !== 3 || !Array.isArray(reply[2])) {
    throw new Error('unexpected answer to the liveness renewal');
  }
  const [now, added, flat] = reply as [unknown, unknown, unknown[]];
  const listed: ListedProcess[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) {
    listed.push({ processId: String(flat[i]), renewedAt: Number(flat[i + 1]) });
  }
  return { now: Number(now), isAdded: Number(added) === 1, listed };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
