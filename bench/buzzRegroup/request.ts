import type { Socket } from 'socket.io-client';
import type { Ack } from '../../shared/ack.js';
import type { ClientEventName, RequestOf, ResponseOf } from '../../shared/events.js';
import type { TestSocket } from '../../server/test/testClient.js';

/**
 * Longer than testClient's 10 s: a thousand people moving at once queue up
 * on the server, and a slow answer is a figure to report, not a failure.
 */
export const ACK_TIMEOUT_MS = 60_000;

/** Emits a contract event and resolves with its ack; rejects when none comes within `timeoutMs`. */
export function requestWithin<E extends ClientEventName>(
  socket: TestSocket,
  event: E,
  payload: RequestOf<E>,
  timeoutMs = ACK_TIMEOUT_MS,
): Promise<Ack<ResponseOf<E>>> {
  const untyped = socket as unknown as Socket;
  return untyped.timeout(timeoutMs).emitWithAck(event, payload) as Promise<Ack<ResponseOf<E>>>;
}
