import { createAdapter } from '@socket.io/redis-adapter';
import { createClient, type RedisClientType } from 'redis';
import type { Logger } from '../logger.js';
import type { AppServer } from './types.js';

export interface RedisLink {
  isReady(): boolean;
  /** A connection for ordinary commands (the publishing one; the other only subscribes). */
  commands: RedisClientType;
  close(): Promise<void>;
}

/**
 * How long one command may wait for Redis. node-redis waits for ever by
 * default: a Redis that is paused (or cut off without the connection
 * closing) would hold every caller — rate limits, room claims, the
 * adapter's requests — until it came back. A command that times out fails
 * like any other Redis failure, which every caller handles.
 */
const COMMAND_TIMEOUT_MS = 2_000;
/** A graceful stop waits this long for Redis to take what was sent, then drops the connection. */
const CLOSE_CEILING_MS = 1_000;
/** Lost publishes are logged at most this often (an outage loses many, each the same story). */
const LOST_LOG_EVERY_MS = 5_000;
/** How long after the subscriber reconnects its subscriptions are taken to hold again. */
const RESUBSCRIBED_AFTER_MS = 1_000;
/** How often a process that lost publishes tries Redis until it answers. */
const PROBE_EVERY_MS = 1_000;

/**
 * Connects Socket.IO to Redis so that broadcasts reach sockets on every
 * process. node-redis reconnects by itself and subscribes again after a
 * reconnect, so a Redis restart interrupts broadcasts only while it is down.
 */
export async function attachRedisAdapter(
  io: AppServer,
  { url, keyPrefix }: { url: string; keyPrefix: string },
  logger: Logger,
  /**
   * Broadcasts may have been missed: `'here'` when this process's
   * subscription came back after an outage (what the others sent
   * meanwhile never arrived), `'everywhere'` when Redis takes this
   * process's publishes again after some were lost.
   */
  onMissed: (where: 'here' | 'everywhere') => void = () => {},
): Promise<RedisLink> {
  const socket = { reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 5000) };
  const pub = createClient({ url, socket, commandOptions: { timeout: COMMAND_TIMEOUT_MS } });
  // The subscriber sends only (re)subscriptions, which node-redis replays after a reconnect: no timeout there.
  const sub = createClient({ url, socket });
  for (const [name, client] of [['pub', pub], ['sub', sub]] as const) {
    client.on('error', (error: unknown) => logger.warn({ err: error, client: name }, 'redis error'));
    client.on('reconnecting', () => logger.warn({ client: name }, 'redis reconnecting'));
    client.on('ready', () => logger.info({ client: name }, 'redis ready'));
  }
  await Promise.all([pub.connect(), sub.connect()]);
  // Every later 'ready' is a reconnection. node-redis sends the subscriptions again right after
  // it; a moment later they hold, and what was missed is in the database to catch up from.
  sub.on('ready', () => setTimeout(() => onMissed('here'), RESUBSCRIBED_AFTER_MS).unref());
  const lost = lostPublishLogger(logger);
  const publisher = catchingPublishes(pub as unknown as RedisClientType, (error) => {
    lost(error);
    whenPublishing(pub, () => onMissed('everywhere'));
  });
  // The adapter subscribes without awaiting: Redis going away before the answer was an unhandled rejection too.
  // node-redis keeps the subscriptions and sends them again when it reconnects, so a failure is only logged.
  const subscriber = catching(sub as unknown as RedisClientType, SUBSCRIBING, (error) =>
    logger.warn({ err: error }, 'redis subscription not confirmed; it is sent again on reconnection'),
  );
  io.adapter(createAdapter(publisher, subscriber, { key: `${keyPrefix}:socket.io` }));
  return {
    isReady: () => pub.isReady && sub.isReady,
    commands: pub as unknown as RedisClientType,
    async close() {
      await Promise.allSettled([closeWithin(pub), closeWithin(sub)]);
    },
  };
}

/**
 * The publishing client as the adapter sees it: its `publish` never rejects.
 *
 * `@socket.io/redis-adapter` (8.3) calls `pubClient.publish()` for every
 * broadcast, server-side message and response and drops the promise, so a
 * publish that fails — Redis closing the connection while a broadcast
 * waited for its answer, a command timing out — was an unhandled rejection
 * and took the process down. Here a failed publish is reported to
 * `onLost` and counts as delivered to nobody: the broadcast still reached
 * this process's sockets, and other processes' clients catch up on what
 * they missed. A wrapper rather than a patch of the package: the adapter
 * has no option for this, and the wrapper survives its upgrades.
 */
export function catchingPublishes(client: RedisClientType, onLost: (error: unknown) => void): RedisClientType {
  return catching(client, ['publish'], onLost, 0);
}

/** The subscriber's methods the adapter calls without handling their promise. */
const SUBSCRIBING = ['subscribe', 'pSubscribe', 'sSubscribe', 'unsubscribe', 'pUnsubscribe', 'sUnsubscribe'] as const;

/**
 * The client with `methods` whose failures go to `onFailure` (their promise
 * then resolves to `fallback`); everything else is the client's own.
 */
function catching(
  client: RedisClientType,
  methods: readonly string[],
  onFailure: (error: unknown) => void,
  fallback?: unknown,
): RedisClientType {
  return new Proxy(client, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      // Methods run on the client itself: node-redis keeps its state in private fields.
      const method = (value as (...args: unknown[]) => unknown).bind(target);
      if (typeof property !== 'string' || !methods.includes(property)) return method;
      return (...args: unknown[]) =>
        (method(...args) as Promise<unknown>).catch((error: unknown) => {
          onFailure(error);
          return fallback;
        });
    },
  });
}

/** Logs lost publishes: the first at once, then how many more were lost, at most every few seconds. */
function lostPublishLogger(logger: Logger): (error: unknown) => void {
  let unreported = 0;
  let lastLoggedAt = 0;
  return (error) => {
    unreported += 1;
    const now = Date.now();
    if (now - lastLoggedAt < LOST_LOG_EVERY_MS) return;
    logger.warn({ err: error, lost: unreported }, 'redis publish lost: other processes missed a broadcast');
    unreported = 0;
    lastLoggedAt = now;
  };
}

const probing = new WeakSet<object>();

/**
 * Calls `then` once Redis answers the client again (one probe at a time per
 * client, however many publishes were lost): a paused Redis loses
 * publishes without dropping anyone's connection, so no subscriber
 * reconnects to say that something was missed.
 */
export function whenPublishing(client: { isOpen: boolean; ping(): Promise<unknown> }, then: () => void): void {
  if (probing.has(client)) return;
  probing.add(client);
  const probe = () => {
    if (!client.isOpen) {
      probing.delete(client);
      return;
    }
    client.ping().then(
      () => {
        probing.delete(client);
        then();
      },
      () => setTimeout(probe, PROBE_EVERY_MS).unref(),
    );
  };
  setTimeout(probe, PROBE_EVERY_MS).unref();
}

/**
 * Closes a client without waiting on a Redis that is not there: a client
 * that is not connected is dropped at once (its queued commands fail, and
 * their callers handle that); a connected one gets a moment to send what
 * it holds (people leaving as this process stops, which other processes
 * must hear), but a Redis that stopped answering does not hold the stop.
 */
async function closeWithin(client: { isReady: boolean; close(): Promise<void>; destroy(): void }): Promise<void> {
  if (!client.isReady) {
    client.destroy();
    return;
  }
  let timer: NodeJS.Timeout | undefined;
  const ceiling = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, CLOSE_CEILING_MS);
    timer.unref();
  });
  await Promise.race([client.close(), ceiling]);
  clearTimeout(timer);
}
