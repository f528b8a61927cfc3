import { RequestError } from '../realtime/requestError.js';

/**
 * How long to wait before re-entering a room after a failure. Spread out so
 * a restarted server is not hit by every participant at the same instant.
 */
const RETRY_DELAYS_MS = [500, 1_000, 2_000, 4_000, 8_000, 15_000];

/** `base` give or take a quarter, so that clients failing together do not come back together. */
function withJitter(base: number, random: () => number): number {
  return Math.round(base * (0.75 + random() * 0.5));
}

/** Delay before attempt `failures + 1`, with jitter; null once we should give up. */
export function retryDelayMs(failures: number, random: () => number = Math.random): number | null {
  const base = RETRY_DELAYS_MS[failures];
  return base === undefined ? null : withJitter(base, random);
}

/** Failures that can pass on their own (busy, restarting, slow link); others need a person. */
export function isRetryable(error: unknown): boolean {
  if (!(error instanceof RequestError)) return false;
  return error.code === 'UNAVAILABLE' || error.code === 'TIMEOUT' || error.code === 'INTERNAL' || error.code === 'RATE_LIMITED';
}

/**
 * How far the asks a `room:check` sets off are spread: the server tells
 * every client on a process at once (its link to the others came back), and
 * thousands asking in the same instant would be a storm of their own.
 */
const CHECK_SPREAD_MS = 1_000;

/** Delay before asking what a `room:check` may concern: anywhere in the next second. */
export function checkDelayMs(random: () => number = Math.random): number {
  return Math.floor(random() * CHECK_SPREAD_MS);
}

/**
 * Failures after which a person's action (a message, a question) is sent
 * again as it was, by itself: the server's storage is not answering
 * (UNAVAILABLE), or no answer came (TIMEOUT: it may have gone through, which
 * its requestId makes harmless). Anything else is the server's answer about
 * the action itself, for the person to see.
 */
export function isResendable(error: unknown): boolean {
  return error instanceof RequestError && (error.code === 'UNAVAILABLE' || error.code === 'TIMEOUT');
}

/**
 * Waits between sending a person's action again: a few, the first ones
 * quick; after the last the draft stays, with a button to try again. With
 * storage down, each attempt itself takes a few seconds to fail, so these
 * cover about half a minute of a stall.
 */
const RESEND_DELAYS_MS = RETRY_DELAYS_MS.slice(0, 4);

/** Delay before sending again after `failures` failed attempts, with jitter; null once the person should decide. */
export function resendDelayMs(failures: number, random: () => number = Math.random): number | null {
  const base = RESEND_DELAYS_MS[failures];
  return base === undefined ? null : withJitter(base, random);
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
  return withJitter(MEDIA_RETRY_DELAYS_MS[Math.min(failures, MEDIA_RETRY_DELAYS_MS.length - 1)]!, random);
}
