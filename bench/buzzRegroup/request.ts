import type { Socket } from 'socket.io-client';
import type { Ack } from '../../shared/ack.js';
import type { ClientEventName, RequestOf, ResponseOf, RoomJoined } from '../../shared/events.js';
import type { RoomId } from '../../shared/ids.js';
import type { TestSocket } from '../../server/test/testClient.js';
import { RequestError, type RequestErrorCode } from '../../client/src/realtime/requestError.js';
import { isRetryable, retryDelayMs } from '../../client/src/session/retryPolicy.js';

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

/** Why a request failed: the server's refusal, or TIMEOUT when no answer came (a lost connection too). */
export type Refusal = { code: string; message: string };

/** Sends a contract event and waits for its ack: the answer, or why there is none. */
export async function answerOf<E extends ClientEventName>(
  socket: TestSocket,
  event: E,
  payload: RequestOf<E>,
): Promise<{ data: ResponseOf<E> } | { refused: Refusal }> {
  try {
    const ack = await requestWithin(socket, event, payload);
    return ack.ok ? { data: ack.data } : { refused: ack.error };
  } catch (error) {
    return { refused: { code: 'TIMEOUT', message: error instanceof Error ? error.message : String(error) } };
  }
}

/** Sends a contract event and waits for its ack: null when it succeeded, otherwise why not. */
export async function refusalOf<E extends ClientEventName>(socket: TestSocket, event: E, payload: RequestOf<E>): Promise<Refusal | null> {
  const answer = await answerOf(socket, event, payload);
  return 'refused' in answer ? answer.refused : null;
}

/**
 * Joins as the web client does (client/src/session/retryPolicy.ts): a
 * refusal that can pass by itself (the server busy, a timeout) is tried
 * again after the client's delays; what is still refused is returned.
 */
export async function joinLikeTheClient(
  socket: TestSocket,
  roomId: RoomId,
  onRetry: (code: string) => void,
): Promise<{ data: RoomJoined } | { refused: Refusal }> {
  for (let failures = 0; ; failures++) {
    const answer = await answerOf(socket, 'room:join', { roomId });
    if (!('refused' in answer)) return answer;
    const { refused } = answer;
    const delay = isRetryable(new RequestError(refused.code as RequestErrorCode, refused.message)) ? retryDelayMs(failures) : null;
    if (delay === null) return answer;
    onRetry(refused.code);
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}
