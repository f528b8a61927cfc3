import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createReadinessProbe, READINESS_DEADLINE_MS, type ReadinessCheck } from './readiness.js';

/** A check that answers only when told to, counting how often it was started. */
function heldCheck(name: string) {
  let settle: (passed: boolean) => void = () => undefined;
  const check = {
    name,
    starts: 0,
    check: () => {
      check.starts += 1;
      return new Promise<boolean>((resolve) => {
        settle = resolve;
      });
    },
    answer: (passed: boolean) => settle(passed),
  };
  return check;
}

describe('createReadinessProbe', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('passes what answers true, fails what answers false or throws', async () => {
    const probe = createReadinessProbe([
      { name: 'database', check: async () => true },
      { name: 'redis', check: () => false },
      { name: 'media', check: () => Promise.reject(new Error('worker lost')) },
      { name: 'thrown', check: () => { throw new Error('at once'); } },
    ]);
    await expect(probe()).resolves.toEqual([
      ['database', true],
      ['redis', false],
      ['media', false],
      ['thrown', false],
    ]);
  });

  it('counts a check that hangs as failed once its deadline passes, and answers for the others', async () => {
    const stalled = heldCheck('database');
    const probe = createReadinessProbe([stalled, { name: 'redis', check: () => true }]);

    const results = probe();
    await vi.advanceTimersByTimeAsync(READINESS_DEADLINE_MS);

    await expect(results).resolves.toEqual([
      ['database', false],
      ['redis', true],
    ]);
  });

  it('starts a hanging check once however often it is probed, and again once it answered', async () => {
    const stalled = heldCheck('database');
    const probe = createReadinessProbe([stalled]);

    const probes = [probe(), probe()];
    await vi.advanceTimersByTimeAsync(READINESS_DEADLINE_MS);
    probes.push(probe());
    await vi.advanceTimersByTimeAsync(READINESS_DEADLINE_MS);
    expect(await Promise.all(probes)).toEqual([[['database', false]], [['database', false]], [['database', false]]]);
    expect(stalled.starts).toBe(1);

    // It answers at last (the database is back): a probe waiting on it then passes, the next starts it anew.
    const waiting = probe();
    stalled.answer(true);
    await expect(waiting).resolves.toEqual([['database', true]]);
    const next = probe();
    expect(stalled.starts).toBe(2);
    stalled.answer(true);
    await expect(next).resolves.toEqual([['database', true]]);
  });

  it('keeps separate checks apart even when named alike', async () => {
    const first: ReadinessCheck = { name: 'worker', check: () => true };
    const second: ReadinessCheck = { name: 'worker', check: () => false };
    await expect(createReadinessProbe([first, second])()).resolves.toEqual([
      ['worker', true],
      ['worker', false],
    ]);
  });
});
