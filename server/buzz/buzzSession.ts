import { AppError } from '../../shared/errors.js';

/**
 * The life of one round of buzz groups, owned by the main session:
 *
 *   draft ──start──▶ running ──end──▶ ending ──finish──▶ ended
 *     │                 ▲  │ extend     │
 *     └──cancel──▶ ended └──── cancel ──┘
 *
 * - draft: the moderator previews and adjusts the plan; nobody has moved.
 * - running: people are in their groups until `endsAt` (extendable).
 * - ending: "end all groups" was pressed; everyone returns at `returnAt`
 *   (a countdown, or at once). Cancelling the countdown keeps the groups running.
 * - ended: everyone is back in the main session (or the draft was dropped).
 *
 * Pure: times are passed in (ms since the epoch), nothing is scheduled here.
 */
export type BuzzState =
  | { name: 'draft' }
  | { name: 'running'; startedAt: number; endsAt: number }
  | { name: 'ending'; startedAt: number; endsAt: number; returnAt: number }
  | { name: 'ended'; startedAt: number | null; endedAt: number };

/** Longest a round may run, and longest an extension or a countdown. */
export const BUZZ_LIMITS = { maxDurationMs: 4 * 60 * 60_000, maxCountdownMs: 5 * 60_000 } as const;

const conflict = (state: BuzzState, action: string) =>
  new AppError('CONFLICT', `cannot ${action} buzz groups that are ${state.name}`);

function assertDuration(ms: number, max: number, what: string): void {
  if (!Number.isFinite(ms) || ms <= 0 || ms > max) {
    throw new AppError('INVALID_PAYLOAD', `${what} must be between 1 ms and ${max} ms`);
  }
}

export function startBuzz(state: BuzzState, now: number, durationMs: number): BuzzState {
  if (state.name !== 'draft') throw conflict(state, 'start');
  assertDuration(durationMs, BUZZ_LIMITS.maxDurationMs, 'the duration');
  return { name: 'running', startedAt: now, endsAt: now + durationMs };
}

/** More time for every group; a round that ran over gets the time from now. */
export function extendBuzz(state: BuzzState, now: number, byMs: number): BuzzState {
  if (state.name !== 'running') throw conflict(state, 'extend');
  assertDuration(byMs, BUZZ_LIMITS.maxDurationMs, 'the extension');
  const endsAt = Math.max(state.endsAt, now) + byMs;
  if (endsAt - state.startedAt > BUZZ_LIMITS.maxDurationMs) {
    throw new AppError('INVALID_PAYLOAD', 'buzz groups cannot run longer than four hours');
  }
  return { ...state, endsAt };
}

/** "End all groups": everyone returns after the countdown (0: at once). */
export function endBuzz(state: BuzzState, now: number, countdownMs: number): BuzzState {
  if (state.name !== 'running') throw conflict(state, 'end');
  if (countdownMs === 0) return { name: 'ended', startedAt: state.startedAt, endedAt: now };
  assertDuration(countdownMs, BUZZ_LIMITS.maxCountdownMs, 'the countdown');
  return { name: 'ending', startedAt: state.startedAt, endsAt: state.endsAt, returnAt: now + countdownMs };
}

/** The countdown is over: everyone is back. */
export function finishBuzz(state: BuzzState, now: number): BuzzState {
  if (state.name !== 'ending') throw conflict(state, 'finish');
  if (now < state.returnAt) throw new AppError('CONFLICT', 'the countdown is not over yet');
  return { name: 'ended', startedAt: state.startedAt, endedAt: now };
}

/** Drops a draft, or stops an "end all groups" countdown (the groups go on). */
export function cancelBuzz(state: BuzzState, now: number): BuzzState {
  switch (state.name) {
    case 'draft':
      return { name: 'ended', startedAt: null, endedAt: now };
    case 'ending':
      return { name: 'running', startedAt: state.startedAt, endsAt: state.endsAt };
    default:
      throw conflict(state, 'cancel');
  }
}
