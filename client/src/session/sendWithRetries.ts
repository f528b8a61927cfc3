import type { ClientEventName, RequestOf, ResponseOf } from '../../../shared/events.js';
import { request } from '../realtime/socket.js';
import { isResendable, resendDelayMs } from './retryPolicy.js';

export interface ResendOptions {
  /** Told each time an attempt failed in a way that passes, before the same payload goes again. */
  onRetrying?(error: unknown): void;
  /** The wait before attempt `failures + 1`; null gives up. Defaults to {@link resendDelayMs}. */
  delayMs?(failures: number): number | null;
  /** Waits `ms` (tests pass one that does not). */
  wait?(ms: number): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Sends `payload`, and while that fails in a way that passes on its own
 * (storage not answering, no answer: {@link isResendable}) sends the very
 * same payload again, a few times with backoff. The payload is taken once
 * and never rebuilt, so its `requestId` is the same in every attempt: an
 * attempt that went through though its answer was lost is then answered
 * with what it did, not done twice.
 *
 * Rejects with the last failure: at once for one that does not pass (a
 * refusal), or when the attempts run out.
 */
export async function sendWithRetries<Payload, Result>(
  send: (payload: Payload) => Promise<Result>,
  payload: Payload,
  { onRetrying, delayMs = resendDelayMs, wait = sleep }: ResendOptions = {},
): Promise<Result> {
  for (let failures = 0; ; failures += 1) {
    try {
      return await send(payload);
    } catch (error) {
      const delay = isResendable(error) ? delayMs(failures) : null;
      if (delay === null) throw error;
      onRetrying?.(error);
      await wait(delay);
    }
  }
}

/**
 * {@link sendWithRetries} for one client→server event on the room's
 * connection: what a person writes (a chat message, a question).
 *
 * @example
 * const message = await requestWithRetries('chat:send', { channel: 'room', body, requestId }, { onRetrying });
 */
export function requestWithRetries<E extends ClientEventName>(event: E, payload: RequestOf<E>, options?: ResendOptions): Promise<ResponseOf<E>> {
  return sendWithRetries((sent: RequestOf<E>) => request(event, sent), payload, options);
}
