import type { ServerToClientEvents } from '../../shared/events.js';
import type { AppServer } from './types.js';
import { moderatorsChannel, personChannel, roomChannel, sessionChannel } from './types.js';

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
  /** One person's sockets in the room (also while they wait in the lobby). */
  toPerson<E extends keyof ServerToClientEvents>(
    userId: string,
    event: E,
    ...args: Parameters<ServerToClientEvents[E]>
  ): void;
  /** Several people's sockets in the room, one message encoded once (a buzz group's members). */
  toPeople<E extends keyof ServerToClientEvents>(
    userIds: readonly string[],
    event: E,
    ...args: Parameters<ServerToClientEvents[E]>
  ): void;
  /** The moderators and, if given, one person (each socket once). */
  toModeratorsAnd<E extends keyof ServerToClientEvents>(
    userId: string | null,
    event: E,
    ...args: Parameters<ServerToClientEvents[E]>
  ): void;
  /** Everyone in the session: this room and every buzz group split from it. */
  toSession: Emit;
  /** Everyone in the session but its moderators. */
  toSessionAudience: Emit;
  /** Everyone in the session but these people (each in whichever of its rooms they are). */
  toSessionExcept<E extends keyof ServerToClientEvents>(
    userIds: readonly string[],
    event: E,
    ...args: Parameters<ServerToClientEvents[E]>
  ): void;
  /** Everyone in the room except the moderators and, if given, one person. */
  toAudienceExcept<E extends keyof ServerToClientEvents>(
    userId: string | null,
    event: E,
    ...args: Parameters<ServerToClientEvents[E]>
  ): void;
}

export function createRoomBroadcast(io: AppServer, roomId: string): RoomBroadcast {
  const everyone = roomChannel(roomId);
  const moderators = moderatorsChannel(roomId);
  const withPerson = (userId: string | null) => (userId ? [moderators, personChannel(roomId, userId)] : [moderators]);
  return {
    toAll: (event, ...args) => io.to(everyone).emit(event, ...args),
    toAllExcept: (socketId, event, ...args) =>
      (socketId ? io.to(everyone).except(socketId) : io.to(everyone)).emit(event, ...args),
    toModerators: (event, ...args) => io.to(moderators).emit(event, ...args),
    toPerson: (userId, event, ...args) => io.to(personChannel(roomId, userId)).emit(event, ...args),
    toPeople: (userIds, event, ...args) => {
      if (userIds.length > 0) io.to(userIds.map((userId) => personChannel(roomId, userId))).emit(event, ...args);
    },
    toModeratorsAnd: (userId, event, ...args) => io.to(withPerson(userId)).emit(event, ...args),
    toSession: (event, ...args) => io.to(sessionChannel(roomId)).emit(event, ...args),
    toSessionAudience: (event, ...args) => io.to(sessionChannel(roomId)).except(moderators).emit(event, ...args),
    // A session's members listen on their person channel of the session's room too (rooms/membership.ts).
    toSessionExcept: (userIds, event, ...args) =>
      io
        .to(sessionChannel(roomId))
        .except(userIds.map((userId) => personChannel(roomId, userId)))
        .emit(event, ...args),
    toAudienceExcept: (userId, event, ...args) => io.to(everyone).except(withPerson(userId)).emit(event, ...args),
  };
}

/** Something the room's audience saw: an event and its payload. */
export type AudienceEventListener = <E extends keyof ServerToClientEvents>(
  event: E,
  payload: Parameters<ServerToClientEvents[E]>[0],
) => void;

/**
 * The same broadcast, also telling `listener` of every event the room's
 * audience sees (not what only moderators or one person see): a recording's
 * timeline is written from exactly what the audience saw.
 */
export function withAudienceTap(broadcast: RoomBroadcast, listener: AudienceEventListener): RoomBroadcast {
  const tapped =
    <E extends keyof ServerToClientEvents>(send: (event: E, ...args: Parameters<ServerToClientEvents[E]>) => void) =>
    (event: E, ...args: Parameters<ServerToClientEvents[E]>) => {
      send(event, ...args);
      listener(event, args[0]);
    };
  return {
    ...broadcast,
    toAll: (event, ...args) => tapped(broadcast.toAll)(event, ...args),
    toAllExcept: (socketId, event, ...args) => {
      broadcast.toAllExcept(socketId, event, ...args);
      listener(event, args[0]);
    },
    toAudienceExcept: (userId, event, ...args) => {
      broadcast.toAudienceExcept(userId, event, ...args);
      listener(event, args[0]);
    },
    toSession: (event, ...args) => tapped(broadcast.toSession)(event, ...args),
    toSessionAudience: (event, ...args) => tapped(broadcast.toSessionAudience)(event, ...args),
  };
}
