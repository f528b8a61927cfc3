import { RequestError } from '../realtime/requestError.js';

/**
 * How long to wait before re-entering a room after a failure. Spread out so
 * a restarted server is not hit by every participant at the same instant.
 */
const RETRY_DELAYS_MS = [500, 1_000, 2_000, 4_000, 8_000, 15_000];

/** Delay before attempt `failures + 1`, with jitter; null once we should give up. */
export function retryDelayMs(failures: number, random: () => number = Math.random): number | null {
  const base = RETRY_DELAYS_MS[failures];
  if (base === undefined) return null;
  return Math.round(base * (0.75 + random() * 0.5));
}

/** Failures that can pass on their own (busy, restarting, slow link); others need a person. */
export function isRetryable(error: unknown): boolean {
  if (!(error instanceof RequestError)) return false;
  return error.code === 'UNAVAILABLE' || error.code === 'TIMEOUT' || error.code === 'INTERNAL' || error.code === 'RATE_LIMITED';
}
