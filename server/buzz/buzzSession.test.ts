import { describe, expect, it } from 'vitest';
import { outcomeOf } from '../test/outcome.js';
import {
  BUZZ_LIMITS,
  cancelBuzz,
  endBuzz,
  extendBuzz,
  finishBuzz,
  startBuzz,
  type BuzzState,
} from './buzzSession.js';

const MIN = 60_000;
const draft: BuzzState = { name: 'draft' };
const running = startBuzz(draft, 1_000, 10 * MIN);
const ending = endBuzz(running, 5 * MIN, 30_000);
const ended = finishBuzz(ending, 5 * MIN + 30_000);

const outcome = (run: () => BuzzState): string => outcomeOf(run, (state) => state.name);

describe('buzz session state machine', () => {
  it('goes draft → running → ending → ended', () => {
    expect(running).toEqual({ name: 'running', startedAt: 1_000, endsAt: 1_000 + 10 * MIN });
    expect(ending).toEqual({ name: 'ending', startedAt: 1_000, endsAt: 1_000 + 10 * MIN, returnAt: 5 * MIN + 30_000 });
    expect(ended).toEqual({ name: 'ended', startedAt: 1_000, endedAt: 5 * MIN + 30_000 });
  });

  it('allows each action only from its states', () => {
    const states = { draft, running, ending, ended };
    const actions = {
      start: (state: BuzzState) => startBuzz(state, 0, MIN),
      extend: (state: BuzzState) => extendBuzz(state, 0, MIN),
      end: (state: BuzzState) => endBuzz(state, 0, 10_000),
      finish: (state: BuzzState) => finishBuzz(state, 10 * MIN),
      cancel: (state: BuzzState) => cancelBuzz(state, 0),
    };
    const table = Object.fromEntries(
      Object.entries(states).flatMap(([stateName, state]) =>
        Object.entries(actions).map(([action, run]) => [`${stateName} ${action}`, outcome(() => run(state))]),
      ),
    );
    expect(table).toEqual({
      'draft start': 'running',
      'draft extend': 'CONFLICT',
      'draft end': 'CONFLICT',
      'draft finish': 'CONFLICT',
      'draft cancel': 'ended',
      'running start': 'CONFLICT',
      'running extend': 'running',
      'running end': 'ending',
      'running finish': 'CONFLICT',
      'running cancel': 'CONFLICT',
      'ending start': 'CONFLICT',
      'ending extend': 'CONFLICT',
      'ending end': 'CONFLICT',
      'ending finish': 'ended',
      'ending cancel': 'running',
      'ended start': 'CONFLICT',
      'ended extend': 'CONFLICT',
      'ended end': 'CONFLICT',
      'ended finish': 'CONFLICT',
      'ended cancel': 'CONFLICT',
    });
  });

  it('ends at once with no countdown', () => {
    expect(endBuzz(running, 2 * MIN, 0)).toEqual({ name: 'ended', startedAt: 1_000, endedAt: 2 * MIN });
  });

  it('finishes only once the countdown is over', () => {
    expect(outcome(() => finishBuzz(ending, 5 * MIN + 29_999))).toBe('CONFLICT');
  });

  it('extends from the planned end, or from now when the time already ran out', () => {
    expect(extendBuzz(running, 2 * MIN, 5 * MIN)).toMatchObject({ endsAt: 1_000 + 15 * MIN });
    expect(extendBuzz(running, 20 * MIN, 5 * MIN)).toMatchObject({ endsAt: 25 * MIN });
  });

  it('cancelling the countdown keeps the groups running until their end', () => {
    expect(cancelBuzz(ending, 5 * MIN + 1_000)).toEqual(running);
  });

  it('refuses impossible durations', () => {
    expect(outcome(() => startBuzz(draft, 0, 0))).toBe('INVALID_PAYLOAD');
    expect(outcome(() => startBuzz(draft, 0, BUZZ_LIMITS.maxDurationMs + 1))).toBe('INVALID_PAYLOAD');
    expect(outcome(() => extendBuzz(running, 0, BUZZ_LIMITS.maxDurationMs))).toBe('INVALID_PAYLOAD');
    expect(outcome(() => endBuzz(running, 0, BUZZ_LIMITS.maxCountdownMs + 1))).toBe('INVALID_PAYLOAD');
    expect(outcome(() => startBuzz(draft, 0, Number.NaN))).toBe('INVALID_PAYLOAD');
  });
});
