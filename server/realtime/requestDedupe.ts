import type { RedisClientType } from 'redis';
import { AppError } from '../../shared/errors.js';
import type { ClientEventName } from '../../shared/events.js';
import type { Logger } from '../logger.js';

/**
 * Requests that are not stored under their request id, yet would change
 * something if done twice: a reaction counts again, and a late retry of an
 * upvote or a vote would undo the person's later choice. (Chat messages and
 * questions are stored: the database's unique index de-duplicates those; a
 * join is answered from the connection's own membership.)
 */
export type DedupedEvent = Extract<ClientEventName, 'question:upvote' | 'poll:vote' | 'reaction:send'>;

/**
 * How long a first answer is remembered. A client retries within seconds to
 * a minute or two; a person pressing again after a failure, within minutes.
 * A reaction is on screen for a moment, so a retry later than a minute has
 * nothing left to join, and its budget (many a minute) would fill the store.
 */
export const DEDUPE_WINDOW_MS: Record<DedupedEvent, number> = {
  'question:upvote': 10 * 60_000,
  'poll:vote': 10 * 60_000,
  'reaction:send': 60_000,
};

/**
 * How long a first attempt holds its key while it runs. A handler ends long
 * before (database statements time out within seconds); a process that died
 * mid-way frees the key this long after.
 */
export const PENDING_MS = 30_000;

/** The most answers this process keeps in memory (the oldest go first): a bound when Redis is away for long. */
export const MEMORY_CAPACITY = 100_000;

/** A Redis command slower than this counts as failed: the request goes on with this process's memory. */
const REDIS_TIMEOUT_MS = 500;

/** What a request is recognised by: who sent it, what it is, and the id their client gave the action. */
export interface RequestKey {
  userId: string;
  event: DedupedEvent;
  /** Undefined from clients that send none: such a request is simply done. */
  requestId: string | undefined;
}

/** What a store holds under a key: a first attempt still running, or its answer (JSON). */
export type Remembered = { state: 'pending' } | { state: 'answered'; answer: string };

/**
 * Where first answers are kept. `claim` is atomic: of attempts racing for a
 * key, one gets `null` (it goes ahead) and the others see what it left.
 */
export interface AnswerStore {
  /** Takes the key for a first attempt (null), or says what is there already. */
  claim(key: string, pendingMs: number): Promise<Remembered | null>;
  /** The first attempt's answer, for retries within `windowMs`. */
  remember(key: string, answer: string, windowMs: number): Promise<void>;
  /** The first attempt failed: a retry may act. */
  release(key: string): Promise<void>;
}

/** Answers kept in this process, each until it lapses; at most `capacity`, the oldest dropped first. */
export class MemoryAnswers implements AnswerStore {
  private readonly entries = new Map<string, { value: Remembered; expiresAt: number }>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly capacity = MEMORY_CAPACITY,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  claim(key: string, pendingMs: number): Promise<Remembered | null> {
    const found = this.read(key);
    if (!found) this.write(key, { state: 'pending' }, pendingMs);
    return Promise.resolve(found);
  }

  remember(key: string, answer: string, windowMs: number): Promise<void> {
    this.write(key, { state: 'answered', answer }, windowMs);
    return Promise.resolve();
  }

  release(key: string): Promise<void> {
    this.entries.delete(key);
    return Promise.resolve();
  }

  private read(key: string): Remembered | null {
    const entry = this.entries.get(key);
    if (!entry) return null;
    if (entry.expiresAt > this.now()) return entry.value;
    this.entries.delete(key);
    return null;
  }

  private write(key: string, value: Remembered, ttlMs: number): void {
    // Re-inserted at the end: the map's order is the order entries were last written, oldest first.
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: this.now() + ttlMs });
    this.prune();
  }

  /** Drops lapsed entries from the old end, then the oldest beyond capacity. */
  private prune(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt > now && this.entries.size <= this.capacity) break;
      this.entries.delete(key);
    }
  }
}

/** A shared store, and whether it can take commands now. */
export interface SharedAnswers extends AnswerStore {
  readonly isReady: boolean;
}

const PENDING = 'pending';
const ANSWERED = 'answered:';

/**
 * Answers kept in Redis, shared by every process: a client that reconnects
 * to another process is still recognised. `SET NX PX` claims a key; a
 * command that fails or hangs (Redis down, node-redis holding commands
 * until it reconnects) rejects within {@link REDIS_TIMEOUT_MS}.
 */
export class RedisAnswers implements SharedAnswers {
  constructor(
    private readonly redis: RedisClientType,
    /** The deployment's prefix (REDIS_KEY_PREFIX), so deployments sharing a Redis never meet. */
    private readonly keyPrefix: string,
  ) {}

  get isReady(): boolean {
    return this.redis.isReady;
  }

  async claim(key: string, pendingMs: number): Promise<Remembered | null> {
    const redisKey = this.keyOf(key);
    // Twice at most: a key that lapses between SET NX and GET is free again.
    for (let attempt = 0; attempt < 2; attempt += 1) {
      if ((await this.command(this.redis.set(redisKey, PENDING, { NX: true, PX: pendingMs }))) === 'OK') return null;
      const value = await this.command(this.redis.get(redisKey));
      if (value === PENDING) return { state: 'pending' };
      if (value?.startsWith(ANSWERED)) return { state: 'answered', answer: value.slice(ANSWERED.length) };
    }
    throw new Error('the request key kept lapsing');
  }

  async remember(key: string, answer: string, windowMs: number): Promise<void> {
    await this.command(this.redis.set(this.keyOf(key), `${ANSWERED}${answer}`, { PX: windowMs }));
  }

  async release(key: string): Promise<void> {
    await this.command(this.redis.del(this.keyOf(key)));
  }

  private keyOf(key: string): string {
    return `${this.keyPrefix}:${key}`;
  }

  private command<T>(pending: Promise<T>): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Redis did not answer within ${REDIS_TIMEOUT_MS} ms`)), REDIS_TIMEOUT_MS);
    });
    // A command that settles after the timeout has nobody left to tell.
    pending.catch(() => undefined);
    return Promise.race([pending, timeout]).finally(() => clearTimeout(timer));
  }
}

/**
 * Retries of votes and reactions, done once: the first request with a
 * (person, event, requestId) acts and its answer is remembered for a window
 * ({@link DEDUPE_WINDOW_MS}); a retry within it gets that answer and acts
 * not at all. A first attempt that fails is forgotten, so its retry acts.
 *
 * With Redis the window is kept there, shared by every process; while Redis
 * fails, this process's memory stands in (a retry reaching the same process
 * is still recognised), so a Redis outage never fails a request. What this
 * process remembered is looked at first: a first attempt recorded only here
 * during an outage is not done again once Redis is back.
 */
export class RequestDedupe {
  constructor(
    private readonly logger: Logger,
    private readonly shared: SharedAnswers | null = null,
    private readonly memory = new MemoryAnswers(),
  ) {}

  /** Runs `act` for the first request with this key; a retry within the window gets the first answer. */
  async once<T>(key: RequestKey, act: () => Promise<T> | T): Promise<T> {
    if (key.requestId === undefined) return act();
    const storeKey = `dedupe:${key.event}:${key.userId}:${key.requestId}`;
    const windowMs = DEDUPE_WINDOW_MS[key.event];
    const { found, sharedToo } = await this.claim(storeKey);
    if (found?.state === 'answered') return JSON.parse(found.answer) as T;
    if (found?.state === 'pending') {
      // Only from another connection (one connection's requests run one at a time): ask again shortly.
      throw new AppError('UNAVAILABLE', 'this request is still being handled; try again in a moment');
    }
    let answer: T;
    try {
      answer = await act();
    } catch (error) {
      await this.forget(storeKey, sharedToo);
      throw error;
    }
    const json = JSON.stringify(answer);
    await this.memory.remember(storeKey, json, windowMs);
    if (sharedToo) await this.tryShared(() => this.shared!.remember(storeKey, json, windowMs), 'remember');
    return answer;
  }

  /** Claims the key here, and in Redis when it answers; `sharedToo` says whether Redis holds the claim. */
  private async claim(storeKey: string): Promise<{ found: Remembered | null; sharedToo: boolean }> {
    const local = await this.memory.claim(storeKey, PENDING_MS);
    if (local) return { found: local, sharedToo: false };
    if (!this.shared?.isReady) return { found: null, sharedToo: false };
    try {
      const found = await this.shared.claim(storeKey, PENDING_MS);
      // Another process's claim or answer: ours here goes (a later retry asks Redis again).
      if (found) await this.memory.release(storeKey);
      return { found, sharedToo: found === null };
    } catch (error) {
      this.logger.warn({ err: error }, 'request de-duplication: Redis unavailable; this process remembers alone');
      return { found: null, sharedToo: false };
    }
  }

  private async forget(storeKey: string, sharedToo: boolean): Promise<void> {
    await this.memory.release(storeKey);
    if (sharedToo) await this.tryShared(() => this.shared!.release(storeKey), 'release');
  }

  private async tryShared(command: () => Promise<void>, what: string): Promise<void> {
    try {
      await command();
    } catch (error) {
      // This process still remembers. Elsewhere, the claim left in Redis lapses after PENDING_MS and a retry there then acts.
      this.logger.warn({ err: error, what }, 'request de-duplication: Redis unavailable');
    }
  }
}

/** The de-duplication a process uses: kept in Redis when there is one. */
export function createRequestDedupe(logger: Logger, redis?: { client: RedisClientType; keyPrefix: string }): RequestDedupe {
  return new RequestDedupe(logger, redis ? new RedisAnswers(redis.client, redis.keyPrefix) : null);
}
