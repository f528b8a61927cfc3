import { io as connect, type Socket } from 'socket.io-client';
import type { Ack } from '../../shared/ack.js';
import type {
  ClientEventName,
  ClientToServerEvents,
  RequestOf,
  ResponseOf,
  ServerToClientEvents,
} from '../../shared/events.js';
import type { CreateIdentityResponse } from '../../shared/http.js';
import { PROTOCOL_VERSION } from '../../shared/protocol.js';

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** An identity from the server, optionally from an invitation link's token. */
export async function issueToken(
  baseUrl: string,
  displayName: string,
  invitation?: string,
): Promise<CreateIdentityResponse> {
  const response = await fetch(`${baseUrl}/api/identity`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(invitation ? { displayName, invitation } : { displayName }),
  });
  if (response.status !== 201) throw new Error(`identity: HTTP ${response.status}`);
  return (await response.json()) as CreateIdentityResponse;
}

export interface ConnectOptions {
  /** Handshake auth to send instead of a fresh identity's. */
  auth?: Record<string, unknown>;
  /** An invitation link's token: the identity gets its role. */
  invitation?: string;
  /** An identity token to reuse (a reconnection as the same person). */
  token?: string;
}

/** A real Socket.IO client, signed in, connected over WebSocket. */
export async function connectClient(baseUrl: string, displayName: string, options: ConnectOptions = {}): Promise<TestSocket> {
  const token = options.token ?? (await issueToken(baseUrl, displayName, options.invitation)).token;
  const socket: TestSocket = connect(baseUrl, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    auth: options.auth ?? { token, protocolVersion: PROTOCOL_VERSION },
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => reject(error));
  });
  return socket;
}

/**
 * How long an ack or an awaited event may take before a test gives up: an
 * answer comes in milliseconds when idle, but a loaded machine (another suite,
 * `stress-ng`) can hold the server back for seconds.
 */
const ANSWER_CEILING_MS = 30_000;

/** Emits a contract event and resolves with its ack. */
export function request<E extends ClientEventName>(
  socket: TestSocket,
  event: E,
  payload: RequestOf<E>,
): Promise<Ack<ResponseOf<E>>> {
  return rawRequest(socket, event, payload) as Promise<Ack<ResponseOf<E>>>;
}

/** Emits anything at all (for malformed-input tests), resolving with the raw ack. */
export function rawRequest(socket: TestSocket, event: string, ...args: unknown[]): Promise<unknown> {
  const untyped = socket as unknown as Socket;
  return untyped.timeout(ANSWER_CEILING_MS).emitWithAck(event, ...args);
}

/** Resolves with the next payload of a server event. */
export function nextEvent<E extends keyof ServerToClientEvents>(
  socket: TestSocket,
  event: E,
  timeoutMs = ANSWER_CEILING_MS,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
    const untyped = socket as unknown as Socket;
    untyped.once(event as string, (payload: Parameters<ServerToClientEvents[E]>[0]) => {
      clearTimeout(timer);
      resolve(payload);
    });
  });
}

/** Unwraps a successful ack or fails the test with the error it carried. */
export function expectOk<T>(ack: Ack<T>): T {
  if (!ack.ok) throw new Error(`expected ok, got ${ack.error.code}: ${ack.error.message}`);
  return ack.data;
}

/**
 * Drops the connection the way a network failure does (the transport closes
 * without a goodbye), unlike `socket.disconnect()`, which the server takes as
 * leaving.
 */
export function loseConnection(socket: TestSocket): void {
  socket.io.engine.close();
}
