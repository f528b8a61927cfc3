import type { RedisClientType } from 'redis';
import type { RoomId } from '../../shared/ids.js';
import type { Logger } from '../logger.js';

/** Where a room's media lives: on this process, or on another (its address). */
export type RoomHome = { isHere: true } | { isHere: false; url: string };

/**
 * Which server process holds a room's media. A buzz group must meet in one
 * mediasoup instance, so with several processes its first member's process
 * claims it and everyone else is sent there. Without Redis there is one
 * process and every room is here.
 */
export interface RoomHomes {
  /** Claims the room for this process, or says which process has it. */
  claim(roomId: RoomId): Promise<RoomHome>;
  /** The room closed here: another process may claim it next time. */
  release(roomId: RoomId): void;
  close(): void;
}

export const localRoomHomes: RoomHomes = {
  claim: () => Promise.resolve({ isHere: true }),
  release: () => undefined,
  close: () => undefined,
};

/** A claim lapses this long after its process stops renewing it (the process died). */
const CLAIM_TTL_MS = 30_000;
const RENEW_EVERY_MS = 10_000;

/** Deletes the claim only if it is still ours (another process may hold it since). */
const RELEASE_IF_OURS = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/**
 * Claims in Redis: `<prefix>:room-home:<roomId>` holds the address of the
 * process that has the room, with a TTL that process renews while the room
 * is open here.
 */
export function createRedisRoomHomes(deps: {
  redis: RedisClientType;
  keyPrefix: string;
  /** This process's address, as browsers reach it. */
  selfUrl: string;
  logger: Logger;
}): RoomHomes {
  const { redis, keyPrefix, selfUrl, logger } = deps;
  const keyOf = (roomId: RoomId) => `${keyPrefix}:room-home:${roomId}`;
  const held = new Set<RoomId>();
  const renewal = setInterval(() => {
    for (const roomId of held) {
      redis.set(keyOf(roomId), selfUrl, { PX: CLAIM_TTL_MS }).catch((error: unknown) => logger.warn({ err: error, roomId }, 'room claim not renewed'));
    }
  }, RENEW_EVERY_MS);
  renewal.unref();

  return {
    async claim(roomId) {
      const key = keyOf(roomId);
      const claimed = await redis.set(key, selfUrl, { NX: true, PX: CLAIM_TTL_MS });
      const owner = claimed === 'OK' ? selfUrl : await redis.get(key);
      // The claim lapsed between the two calls: nobody has it, take it.
      if (owner === null) return this.claim(roomId);
      if (owner !== selfUrl) return { isHere: false, url: owner };
      held.add(roomId);
      return { isHere: true };
    },
    release(roomId) {
      if (!held.delete(roomId)) return;
      redis
        .eval(RELEASE_IF_OURS, { keys: [keyOf(roomId)], arguments: [selfUrl] })
        .catch((error: unknown) => logger.warn({ err: error, roomId }, 'room claim not released'));
    },
    close() {
      clearInterval(renewal);
      for (const roomId of [...held]) this.release(roomId);
    },
  };
}
