import { describe, expect, it } from 'vitest';
import type { BuzzRound } from '../../../../shared/buzz.js';
import { formatCountdown, timerView } from './buzzTimer.js';

const MIN = 60_000;
const round = (change: Partial<BuzzRound>): BuzzRound => ({
  roundId: 'r1',
  phase: 'running',
  method: 'balanced',
  lateArrivals: 'assign',
  selfSelectCap: null,
  startedAt: 0,
  endsAt: 10 * MIN,
  returnAt: null,
  groups: [],
  unassigned: null,
  ...change,
});

describe('timerView', () => {
  it('counts down, warns in the last minute, then shows over time', () => {
    expect(timerView(round({}), 5 * MIN)).toEqual({ kind: 'time-left', remainingMs: 5 * MIN });
    expect(timerView(round({}), 9.5 * MIN)).toEqual({ kind: 'warning', remainingMs: 0.5 * MIN });
    expect(timerView(round({}), 11 * MIN)).toEqual({ kind: 'over', remainingMs: 0 });
  });

  it('counts down to the return while the groups end, and shows nothing for a draft', () => {
    expect(timerView(round({ phase: 'ending', returnAt: 6 * MIN }), 5.5 * MIN)).toEqual({ kind: 'returning', remainingMs: 0.5 * MIN });
    expect(timerView(round({ phase: 'draft', endsAt: null }), 0)).toBeNull();
    expect(timerView(null, 0)).toBeNull();
  });
});

describe('formatCountdown', () => {
  it('rounds up to the second, with hours past an hour', () => {
    expect(formatCountdown(65_000)).toBe('1:05');
    expect(formatCountdown(400)).toBe('0:01');
    expect(formatCountdown(0)).toBe('0:00');
    expect(formatCountdown(3_723_000)).toBe('1:02:03');
  });
});
