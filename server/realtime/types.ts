import type { DefaultEventsMap, Server, Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents, SocketData } from '../../shared/events.js';

export type AppServer = Server<ClientToServerEvents, ServerToClientEvents, DefaultEventsMap, SocketData>;
export type AppSocket = Socket<ClientToServerEvents, ServerToClientEvents, DefaultEventsMap, SocketData>;

/** The Socket.IO room that carries a live room's broadcasts (across processes with Redis). */
export const roomChannel = (roomId: string): string => `room:${roomId}`;
/** The channel of a room's moderators (requests to the stage, removals). */
export const moderatorsChannel = (roomId: string): string => `moderators:${roomId}`;
/** The channel of one person's sockets in a room (private replies, lobby decisions, their own mute). */
export const personChannel = (roomId: string, userId: string): string => `person:${roomId}:${userId}`;
/** Everyone in a session: its main room and every buzz group split from it (timers, broadcasts, the end). */
export const sessionChannel = (sessionId: string): string => `session:${sessionId}`;
