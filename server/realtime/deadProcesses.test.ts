import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { findDeadProcesses, renewalPeriodMs, SweepSchedule, type DeadProcess } from './deadProcesses.js';

const timing = { ttlMs: 2_000, graceMs: 4_000 };

describe('findDeadProcesses', () => {
  it('takes a process for dead once its last renewal is a TTL old, never before', () => {
    const listed = [
      { processId: 'a', renewedAt: 10_000 },
      { processId: 'b', renewedAt: 10_001 },
    ];

    expect(findDeadProcesses(listed, 11_999, 'self', timing)).toEqual([]);
    expect(findDeadProcesses(listed, 12_000, 'self', timing).map((dead) => dead.processId)).toEqual(['a']);
    expect(findDeadProcesses(listed, 12_001, 'self', timing).map((dead) => dead.processId)).toEqual(['a', 'b']);
  });

  it('never takes this process for dead, however old its entry', () => {
    expect(findDeadProcesses([{ processId: 'self', renewedAt: 0 }], 1_000_000, 'self', timing)).toEqual([]);
  });

  it("sweeps a dead process's people a reconnection grace after its last renewal", () => {
    const [dead] = findDeadProcesses([{ processId: 'a', renewedAt: 10_000 }], 12_500, 'self', timing);

    expect(dead).toEqual({ processId: 'a', renewedAt: 10_000, sweepAt: 14_000 });
  });

  it('renews three times per TTL, so one late renewal is not a death', () => {
    expect(renewalPeriodMs(10_000)).toBe(3_333);
    expect(3 * renewalPeriodMs(2_000)).toBeLessThanOrEqual(2_000);
    expect(renewalPeriodMs(1)).toBe(1);
  });
});

describe('SweepSchedule', () => {
  let swept: { processId: string; at: number }[];
  let finishSweep: (() => void) | null;
  let schedule: SweepSchedule;

  const dead = (processId: string, sweepAt: number): DeadProcess => ({ processId, renewedAt: sweepAt - timing.graceMs, sweepAt });

  beforeEach(() => {
    vi.useFakeTimers({ now: 100_000 });
    swept = [];
    finishSweep = null;
    schedule = new SweepSchedule(
      (process) =>
        new Promise<void>((resolve) => {
          swept.push({ processId: process.processId, at: Date.now() });
          finishSweep = resolve;
        }),
    );
  });

  afterEach(() => {
    schedule.close();
    vi.useRealTimers();
  });

  it('sweeps at the planned time, once, however often it is planned again', async () => {
    schedule.plan([dead('a', 103_000)], 100_000);
    await vi.advanceTimersByTimeAsync(1_000);
    schedule.plan([dead('a', 103_000)], 101_000);
    await vi.advanceTimersByTimeAsync(1_999);
    expect(swept).toEqual([]);

    await vi.advanceTimersByTimeAsync(1);
    expect(swept).toEqual([{ processId: 'a', at: 103_000 }]);

    // Planned again while the sweep still runs: not a second sweep.
    schedule.plan([dead('a', 103_000)], 103_000);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(swept).toHaveLength(1);
  });

  it('sweeps at once when the planned time has passed', async () => {
    schedule.plan([dead('a', 90_000)], 100_000);
    await vi.advanceTimersByTimeAsync(0);

    expect(swept).toEqual([{ processId: 'a', at: 100_000 }]);
  });

  it('plans a sweep again after one that did not take the process off the list', async () => {
    schedule.plan([dead('a', 100_000)], 100_000);
    await vi.advanceTimersByTimeAsync(0);
    finishSweep?.();
    await vi.advanceTimersByTimeAsync(0);

    // Still listed as dead at the next renewal (the sweep failed, or another process is on it).
    schedule.plan([dead('a', 100_000)], 100_700);
    await vi.advanceTimersByTimeAsync(0);
    expect(swept.map((sweep) => sweep.processId)).toEqual(['a', 'a']);
  });

  it('forgets a process that is no longer dead before its time comes', async () => {
    schedule.plan([dead('a', 103_000), dead('b', 103_000)], 100_000);
    await vi.advanceTimersByTimeAsync(1_000);
    // `a` renewed after all (it was only stalled): it keeps its people.
    schedule.plan([dead('b', 103_000)], 101_000);
    await vi.advanceTimersByTimeAsync(5_000);

    expect(swept.map((sweep) => sweep.processId)).toEqual(['b']);
  });

  it('sweeps nothing more once closed', async () => {
    schedule.plan([dead('a', 101_000)], 100_000);
    schedule.close();
    schedule.plan([dead('b', 100_000)], 100_000);
    await vi.advanceTimersByTimeAsync(5_000);

    expect(swept).toEqual([]);
  });

  it('lists the sweeps still running, and drops each when it ends', async () => {
    schedule.plan([dead('a', 100_000)], 100_000);
    await vi.advanceTimersByTimeAsync(0);
    const running = schedule.inFlight();
    expect(running).toHaveLength(1);

    finishSweep?.();
    await Promise.all(running);
    expect(schedule.inFlight()).toEqual([]);
  });
});
