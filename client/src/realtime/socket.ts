/**
 * The one typed Socket.IO connection of the client. Every request goes
 * through {@link request}, which turns acks into values or RequestErrors.
 */
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import type { Ack } from '../../../shared/ack.js';
import type {
  ClientEventName,
  ClientToServerEvents,
  HandshakeAuth,
  RequestOf,
  ResponseOf,
  ServerToClientEvents,
} from '../../../shared/events.js';
import { PROTOCOL_VERSION } from '../../../shared/protocol.js';
import { describeError, readConnectRejection, RequestError, unwrapAck } from './requestError.js';

export type AppSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Long enough for a slow mobile link, short enough that a person is told something. */
const DEFAULT_TIMEOUT_MS = 15_000;

export interface SocketHandlers {
  /** The identity token for the next handshake (read on every attempt). */
  getToken(): string;
  /** Fetches a fresh identity after the server refused our token; the handshake is then retried. */
  renewIdentity(): Promise<void>;
  /** The server refused the connection for a reason retrying cannot fix; `message` is for people. */
  onRefused(message: string): void;
  /** A connection attempt failed on the network; socket.io keeps retrying with backoff. */
  onUnreachable(): void;
}

let current: AppSocket | null = null;

/**
 * Opens the connection (closing any previous one): to the page's own server,
 * or to `serverUrl`. Network failures are retried by socket.io with backoff;
 * typed refusals go to `handlers`.
 */
export function openSocket(handlers: SocketHandlers, serverUrl: string | null = null): AppSocket {
  closeSocket();
  const options: Partial<ManagerOptions & SocketOptions> = {
    autoConnect: false,
    // A function, so a renewed token is used by the next attempt.
    auth: (send) => send({ token: handlers.getToken(), protocolVersion: PROTOCOL_VERSION } satisfies HandshakeAuth),
    reconnectionDelay: 500,
    reconnectionDelayMax: 5_000,
  };
  // Another process of the platform (a buzz group's media lives there): a
  // WebSocket straight away, since cross-origin long-polling would need CORS.
  const socket: AppSocket = serverUrl ? io(serverUrl, { ...options, transports: ['websocket'] }) : io(options);

  // One renewal per successful connection: a server that refuses every new
  // token would otherwise make us loop.
  let hasRenewedSinceConnect = false;
  socket.on('connect', () => {
    hasRenewedSinceConnect = false;
  });
  socket.on('connect_error', (error) => {
    const rejection = readConnectRejection(error);
    if (!rejection) {
      handlers.onUnreachable();
      return;
    }
    switch (rejection.code) {
      case 'PROTOCOL_MISMATCH':
        handlers.onRefused('The platform was updated. Please reload the page.');
        return;
      case 'UNAUTHENTICATED':
        if (hasRenewedSinceConnect) {
          handlers.onRefused('The server did not accept your sign-in. Please reload the page.');
          return;
        }
        hasRenewedSinceConnect = true;
        handlers.renewIdentity().then(
          () => {
            if (current === socket) socket.connect();
          },
          (renewError: unknown) => handlers.onRefused(describeError(renewError)),
        );
        return;
      case 'INVALID_PAYLOAD':
        handlers.onRefused(describeError(new RequestError(rejection.code, rejection.message)));
        return;
    }
  });

  current = socket;
  socket.connect();
  return socket;
}

/**
 * Closes the connection on purpose (socket.io will not reconnect it). Given
 * `socket`, only if that one is still open: opening another closed it, and
 * the one open now is not the caller's to close.
 */
export function closeSocket(socket: AppSocket | null = current): void {
  if (socket !== current) return;
  current?.removeAllListeners();
  current?.disconnect();
  current = null;
}

/**
 * Sends a client→server event and resolves with the ack's data.
 *
 * Rejects with a {@link RequestError}: the server's code, `TIMEOUT` when no
 * ack came in time, or `DISCONNECTED` when there is no connection. Requests
 * are never queued while offline: socket.io would replay them after a
 * reconnect, when they no longer make sense (a `room:join` for a session the
 * server has already forgotten).
 *
 * @example
 * const joined = await request('room:join', { roomId });
 */
export function request<E extends ClientEventName>(
  event: E,
  payload: RequestOf<E>,
  timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<ResponseOf<E>> {
  const socket = current;
  if (!socket?.connected) {
    return Promise.reject(new RequestError('DISCONNECTED', `not connected (${event})`));
  }
  return new Promise((resolve, reject) => {
    const timed = socket.timeout(timeoutMs);
    (timed.emit as TimedEmit).call(timed, event, payload, (error, ack) => {
      if (error) {
        reject(new RequestError('TIMEOUT', `no answer to ${event} within ${timeoutMs} ms`));
        return;
      }
      try {
        resolve(unwrapAck(ack));
      } catch (ackError) {
        reject(ackError);
      }
    });
  });
}

/**
 * socket.io's emit typed for one generic event: its own typings cannot
 * resolve the parameters of an event name that is still a type parameter.
 */
type TimedEmit = <E extends ClientEventName>(
  event: E,
  payload: RequestOf<E>,
  ack: (error: Error | null, response: Ack<ResponseOf<E>>) => void,
) => void;

/** The signature of {@link request}, for code that receives it as a dependency. */
export type RequestFn = typeof request;
