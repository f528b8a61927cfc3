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

/**
 * How long to wait before trying to reconnect media after its transport
 * failed, the person staying in the room meanwhile. Never gives up: a
 * network that blocks media now may let it through later (a VPN switched
 * off, another Wi-Fi), and an attempt costs one small request.
 */
const MEDIA_RETRY_DELAYS_MS = [1_000, 2_000, 4_000, 8_000, 15_000, 30_000];

/** Delay before media reconnection attempt `failures + 1`, with jitter; the last step repeats. */
export function mediaRetryDelayMs(failures: number, random: () => number = Math.random): number {
  const base = MEDIA_RETRY_DELAYS_MS[Math.min(failures, MEDIA_RETRY_DELAYS_MS.length - 1)]!;
  return Math.round(base * (0.75 + random() * 0.5));
}
