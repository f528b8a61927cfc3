/**
 * Version of the real-time protocol. A client sends it in the Socket.IO
 * handshake; a server that speaks another version refuses the connection
 * with a typed `PROTOCOL_MISMATCH` rejection. Bump it on any incompatible
 * change to `events.ts`.
 */
// 2: an account's identity is for one session (a tab of the client before it holds one for none, refused at join).
export const PROTOCOL_VERSION = 2;
