/**
 * Why a screen share did not start, from what the browser's
 * `getDisplayMedia()` threw, and what to tell the person (null: nothing,
 * they chose not to share).
 *
 * - `cancelled`: the person closed the browser's picker. Browsers report it
 *   as NotAllowedError, like a refusal, but without naming the system or a
 *   policy.
 * - `not-allowed`: the operating system (macOS's screen recording
 *   permission) or a browser policy forbids sharing the screen.
 * - `not-supported`: the browser has no screen sharing (most phones).
 * - `failed`: there was nothing to capture, or capturing broke.
 */
export type ScreenShareFailureReason = 'cancelled' | 'not-allowed' | 'not-supported' | 'failed';

export interface ScreenShareFailure {
  reason: ScreenShareFailureReason;
  message: string | null;
}

const MESSAGES: Record<ScreenShareFailureReason, string | null> = {
  cancelled: null,
  'not-allowed':
    'Your browser or computer does not allow this site to share your screen. Allow screen sharing in its settings (on a Mac: System Settings › Privacy & Security › Screen Recording), then try again.',
  'not-supported': 'This browser cannot share a screen. Try a desktop browser such as Firefox or Chrome.',
  failed: 'Your screen could not be shared. Try again, or choose another window or tab.',
};

/** Chromium: "Permission denied by system"; a Permissions-Policy: "… disallowed by permissions policy". */
const REFUSED_BY_SYSTEM = /by system|polic|disallowed/i;

export function screenShareFailure(error: unknown): ScreenShareFailure {
  const reason = reasonOf(error);
  return { reason, message: MESSAGES[reason] };
}

function reasonOf(error: unknown): ScreenShareFailureReason {
  if (typeof error !== 'object' || error === null || !('name' in error)) return 'failed';
  const message = 'message' in error && typeof error.message === 'string' ? error.message : '';
  switch (error.name) {
    case 'NotAllowedError':
      return REFUSED_BY_SYSTEM.test(message) ? 'not-allowed' : 'cancelled';
    case 'NotSupportedError':
      return 'not-supported';
    case 'TypeError':
      // `getDisplayMedia` missing altogether (older mobile browsers).
      return /getDisplayMedia/.test(message) ? 'not-supported' : 'failed';
    default:
      return 'failed';
  }
}
