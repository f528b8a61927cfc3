import { BUZZ_GROUP_LIMITS, type BuzzRound } from '../../../../shared/buzz.js';
import { formatClock } from '../../../../shared/recordings.js';

/** What the groups' timer shows: time left, the last minute, over time, or the countdown back. */
export type TimerView =
  | { kind: 'time-left' | 'warning'; remainingMs: number }
  | { kind: 'over'; remainingMs: 0 }
  | { kind: 'returning'; remainingMs: number };

/**
 * The timer of a running round at `now` (server time). During "end all
 * groups" it counts down to the return instead; a draft has no timer.
 */
export function timerView(round: BuzzRound | null, now: number): TimerView | null {
  if (!round) return null;
  if (round.phase === 'ending' && round.returnAt !== null) {
    return { kind: 'returning', remainingMs: Math.max(0, round.returnAt - now) };
  }
  if (round.phase !== 'running' || round.endsAt === null) return null;
  const remainingMs = round.endsAt - now;
  if (remainingMs <= 0) return { kind: 'over', remainingMs: 0 };
  return { kind: remainingMs <= BUZZ_GROUP_LIMITS.warningMs ? 'warning' : 'time-left', remainingMs };
}

/** 7:05, or 1:02:03 past an hour; rounded up, so "0:00" shows only at the end. */
export function formatCountdown(ms: number): string {
  return formatClock(Math.ceil(ms / 1000) * 1000);
}
