/**
 * Version of the real-time protocol. A client sends it in the Socket.IO
 * handshake; a server that speaks another version refuses the connection
 * with a typed `PROTOCOL_MISMATCH` rejection. Bump it on any incompatible
 * change to `events.ts`.
 */
export const PROTOCOL_VERSION = 1;
