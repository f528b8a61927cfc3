import { Writable } from 'node:stream';
import { Server } from 'socket.io';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import { JoinCache } from '../rooms/joinCache.js';
import { createCacheInvalidation } from './cacheInvalidation.js';
import type { AppServer } from './types.js';

/** A room's facts as the database would answer, counting how often they are read. */
function joinCacheOverMemory() {
  let reads = 0;
  const cache = new JoinCache({
    rooms: {
      changeHead: async () => 0,
      joinFacts: async () => {
        reads++;
        return {
          parentRoomId: null,
          controls: { isLocked: false, hasLobby: false, isAudienceChatEnabled: true, autoRecord: false, isRosterVisible: false },
          programme: null,
        };
      },
      joinFactsOf: async () => new Map(),
    },
    removals: { barred: async () => ({ userIds: new Set(), invitationIds: new Set() }) },
    chat: { page: async () => ({ messages: [], hasMore: false }), threadOwners: async () => new Set() },
    questions: { list: async () => [] },
    polls: { list: async () => [] },
    controls: { chatMutes: async () => [] },
    buzzRounds: { lastOutputs: async () => null },
  });
  return { cache, reads: () => reads };
}

/** A logger whose lines the test reads. */
function capturedLogger() {
  const lines: { level: number; msg: string; part?: string; roomId?: string; err?: { message: string } }[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  return { logger: createLogger('info', 'test', destination), lines };
}

describe('cache invalidation', () => {
  /** A process whose live room cannot follow a change (its database read fails). */
  function withFailingRoom() {
    // Attached to nothing: one process, no Redis.
    const io: AppServer = new Server();
    const { cache, reads } = joinCacheOverMemory();
    const { logger, lines } = capturedLogger();
    const invalidation = createCacheInvalidation({
      io,
      cache,
      isShared: () => false,
      onRoomChanged: async () => {
        throw new Error('database unreachable');
      },
      logger,
    });
    const failures = () => lines.filter((line) => line.level >= 40 && line.err?.message === 'database unreachable');
    return { invalidation, cache, reads, failures };
  }

  it('forgets everywhere without failing the change it follows, and logs what went wrong with the room and part', async () => {
    const { invalidation, cache, reads, failures } = withFailingRoom();
    await cache.roomFacts('room-1');
    await expect(invalidation.changedEverywhere('room', 'room-1')).resolves.toBeUndefined();
    // Forgotten all the same: the next joiner reads the change.
    await cache.roomFacts('room-1');
    expect(reads()).toBe(2);
    expect(failures()).toEqual([expect.objectContaining({ part: 'room', roomId: 'room-1' })]);
  });

  it('logs a live room that could not follow a change told with a broadcast', async () => {
    const { invalidation, failures } = withFailingRoom();
    invalidation.changed('room', 'room-2');
    await expect.poll(failures).toEqual([expect.objectContaining({ part: 'room', roomId: 'room-2' })]);
  });

  it('tells the other processes of one change once, however many broadcasts carry it in a row', async () => {
    const io: AppServer = new Server();
    const told: unknown[][] = [];
    io.serverSideEmit = ((...args: unknown[]) => {
      told.push(args);
      return true;
    }) as AppServer['serverSideEmit'];
    const { cache } = joinCacheOverMemory();
    const invalidation = createCacheInvalidation({ io, cache, isShared: () => true, onRoomChanged: async () => {}, logger: capturedLogger().logger });
    // A chat message: to the moderators with its author's id, to everyone else without.
    invalidation.changed('chat', 'room-3');
    invalidation.changed('chat', 'room-3');
    invalidation.changed('questions', 'room-3');
    expect(told.map(([, part, roomId]) => `${part as string} ${roomId as string}`)).toEqual(['chat room-3', 'questions room-3']);
    // The next change (a later task) is told again.
    await Promise.resolve();
    invalidation.changed('chat', 'room-3');
    expect(told).toHaveLength(3);
  });
});
