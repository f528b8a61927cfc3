import type { ServerToClientEvents } from '../../shared/events.js';
import type { AppServer } from './types.js';
import { moderatorsChannel, roomChannel } from './types.js';

type Emit = <E extends keyof ServerToClientEvents>(event: E, ...args: Parameters<ServerToClientEvents[E]>) => void;

/**
 * How a room talks to the people in it. Goes through Socket.IO channels, so
 * with the Redis adapter the announcements reach every process.
 */
export interface RoomBroadcast {
  toAll: Emit;
  /** Everyone but one socket (the one that acted and already knows). Null: everyone. */
  toAllExcept<E extends keyof ServerToClientEvents>(
    socketId: string | null,
    event: E,
    ...args: Parameters<ServerToClientEvents[E]>
  ): void;
  /** The room's moderators only. */
  toModerators: Emit;
}

export function createRoomBroadcast(io: AppServer, roomId: string): RoomBroadcast {
  const everyone = roomChannel(roomId);
  return {
    toAll: (event, ...args) => io.to(everyone).emit(event, ...args),
    toAllExcept: (socketId, event, ...args) =>
      (socketId ? io.to(everyone).except(socketId) : io.to(everyone)).emit(event, ...args),
    toModerators: (event, ...args) => io.to(moderatorsChannel(roomId)).emit(event, ...args),
  };
}
