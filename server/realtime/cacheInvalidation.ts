import { z } from 'zod';
import type { ServerToClientEvents } from '../../shared/events.js';
import type { Logger } from '../logger.js';
import { CACHED_PARTS, partsChangedBy, type CachedPart, type JoinCache } from '../rooms/joinCache.js';
import type { RoomBroadcast } from './roomBroadcast.js';
import type { AppServer } from './types.js';

/** The server-to-server message (Socket.IO `serverSideEmit`, through Redis) that says a part changed. */
const INVALIDATED = 'cache:invalidated';
/** The one that says everything may have changed. */
const LOST = 'cache:lost';
const invalidatedSchema = z.tuple([z.enum(CACHED_PARTS), z.string().min(1).max(200)]);
/** Longest a moderator's switch waits for the other processes before it is answered anyway. */
const EVERYWHERE_CEILING_MS = 2_000;

/**
 * Keeps every process's {@link JoinCache} true to the database. A change is
 * forgotten here at once and, with Redis, announced to the other processes
 * through Socket.IO's server-side messages: they travel on the same Redis
 * connection as the broadcasts, so another process has forgotten the old
 * value before it relays the broadcast of the change to its sockets. A
 * newcomer there either reads after the change or hears of it.
 */
export interface CacheInvalidation {
  /** The part changed: forget it here and tell the other processes (in order with what is broadcast next). */
  changed(part: CachedPart, roomId: string): void;
  /**
   * The same, resolved once every other process has forgotten it and
   * applied it to its live room: a room locked, put behind a lobby or
   * opened about its audience on one process holds on all of them before
   * the moderator is answered, and a removed person is barred everywhere
   * before being told. Best effort, never rejected: the change it follows
   * is already written, so a failure here is logged and the entry's
   * lifetime heals it (see JoinCache).
   */
  changedEverywhere(part: CachedPart, roomId: string): Promise<void>;
  /**
   * Invalidations may have been lost (Redis was out): forget everything
   * here and, with `everywhere`, on the other processes too (this one's
   * were among the lost).
   */
  lost(everywhere: boolean): void;
}

export interface CacheInvalidationDeps {
  io: AppServer;
  cache: JoinCache;
  /** Whether other processes share this one's broadcasts (a Redis adapter is attached). */
  isShared(): boolean;
  /** A room's controls changed: the live room here follows them (its roster rule). */
  onRoomChanged(roomId: string): Promise<void>;
  logger: Logger;
}

export function createCacheInvalidation(deps: CacheInvalidationDeps): CacheInvalidation {
  const { io, cache, logger } = deps;
  /** Forgets the part here (at once, before anything else runs) and has the live room follow; never rejects. */
  const forget = async (part: CachedPart, roomId: string) => {
    cache.invalidate(part, roomId);
    if (part !== 'room') return;
    await deps.onRoomChanged(roomId).catch((error: unknown) => {
      logger.warn({ err: error, part, roomId }, 'the live room did not follow a change of its controls');
    });
  };
  // Another process's change. Socket.IO passes an acknowledgement last when the sender waits for it.
  io.on(INVALIDATED as never, (...args: unknown[]) => {
    const ack = typeof args.at(-1) === 'function' ? (args.pop() as (answer: string) => void) : undefined;
    const parsed = invalidatedSchema.safeParse(args);
    if (!parsed.success) {
      logger.warn({ args: args.length }, 'malformed cache invalidation ignored');
      return;
    }
    const [part, roomId] = parsed.data;
    void forget(part, roomId).finally(() => ack?.('ok'));
  });

  io.on(LOST as never, () => cache.clear());

  /**
   * What was told to the other processes in the current task. One change is
   * often several broadcasts in a row (a chat message goes to the
   * moderators with its author's id, to everyone else without): the others
   * hear of it once, before the first of them.
   */
  const toldThisTask = new Set<string>();
  return {
    changed(part, roomId) {
      void forget(part, roomId);
      if (!deps.isShared()) return;
      const key = `${part} ${roomId}`;
      if (toldThisTask.has(key)) return;
      if (toldThisTask.size === 0) queueMicrotask(() => toldThisTask.clear());
      toldThisTask.add(key);
      io.serverSideEmit(INVALIDATED, part, roomId);
    },
    lost(everywhere) {
      cache.clear();
      if (everywhere && deps.isShared()) io.serverSideEmit(LOST);
    },
    async changedEverywhere(part, roomId) {
      await forget(part, roomId);
      if (!deps.isShared()) return;
      let timer: NodeJS.Timeout | undefined;
      const ceiling = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${EVERYWHERE_CEILING_MS} ms`)), EVERYWHERE_CEILING_MS);
      });
      try {
        await Promise.race([io.serverSideEmitWithAck(INVALIDATED, part, roomId), ceiling]);
      } catch (error) {
        logger.warn({ err: error, part, roomId }, 'not every process confirmed a cache invalidation in time');
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/**
 * The broadcast, forgetting what each event says has changed before it is
 * sent (see {@link partsChangedBy}).
 */
export function withCacheInvalidation(broadcast: RoomBroadcast, roomId: string, invalidation: CacheInvalidation): RoomBroadcast {
  const changed = (event: keyof ServerToClientEvents) => {
    for (const part of partsChangedBy(event)) invalidation.changed(part, roomId);
  };
  return {
    toAll: (event, ...args) => {
      changed(event);
      broadcast.toAll(event, ...args);
    },
    toAllExcept: (socketId, event, ...args) => {
      changed(event);
      broadcast.toAllExcept(socketId, event, ...args);
    },
    toModerators: (event, ...args) => {
      changed(event);
      broadcast.toModerators(event, ...args);
    },
    toPerson: (userId, event, ...args) => {
      changed(event);
      broadcast.toPerson(userId, event, ...args);
    },
    toPeople: (userIds, event, ...args) => {
      changed(event);
      broadcast.toPeople(userIds, event, ...args);
    },
    toModeratorsAnd: (userId, event, ...args) => {
      changed(event);
      broadcast.toModeratorsAnd(userId, event, ...args);
    },
    toSession: (event, ...args) => {
      changed(event);
      broadcast.toSession(event, ...args);
    },
    toSessionAudience: (event, ...args) => {
      changed(event);
      broadcast.toSessionAudience(event, ...args);
    },
    toAudienceExcept: (userId, event, ...args) => {
      changed(event);
      broadcast.toAudienceExcept(userId, event, ...args);
    },
    toSessionExcept: (userIds, event, ...args) => {
      changed(event);
      broadcast.toSessionExcept(userIds, event, ...args);
    },
  };
}
