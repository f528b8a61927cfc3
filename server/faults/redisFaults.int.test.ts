import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultHarness, type FaultHarness } from '../test/faultHarness.js';
import { runScenario, type ScenarioReport } from '../test/faultScenarios.js';

/**
 * Redis failing under two server processes while people chat: killed and
 * restarted; frozen with broadcasts waiting for its answers, then killed.
 * No process goes down, messages cross between the processes again once
 * Redis is back, every acknowledged message is in the database's history
 * exactly once, and every person holds it exactly once (catching up on what
 * the broadcasts lost). Last, a graceful stop with Redis gone still exits
 * cleanly within its budget.
 */
describe('Redis failing during a chat burst', () => {
  let harness: FaultHarness;

  beforeAll(async () => {
    harness = await startFaultHarness();
  });

  afterAll(async () => {
    await harness?.stop();
  });

  it('killed and restarted 3 s later: no exit, delivery across processes resumes, nothing lost or doubled in history or for anyone', async () => {
    const report = await runScenario(harness, 'redis-restart', { timing: { burstMs: 10_000, faultAtMs: 3_000 } });
    expectNoHarm(report);
  });

  it('frozen with broadcasts in flight, then killed: no exit, delivery across processes resumes, nothing lost or doubled in history or for anyone', async () => {
    const report = await runScenario(harness, 'redis-pause-kill', { timing: { burstMs: 11_000, faultAtMs: 3_000 } });
    expectNoHarm(report);
  });

  it('a graceful stop (SIGTERM) with Redis down exits 0, within the shutdown budget', async () => {
    const report = await runScenario(harness, 'stop-redis-down');
    expect(report.faults).toEqual([]);
    // Exit code 0 is only reached by the graceful path; past SHUTDOWN_TIMEOUT_MS the server exits 1 instead.
    expect(report.stop).toMatchObject({ code: 0, signal: null });
  });
});

function expectNoHarm(report: ScenarioReport): void {
  expect(report.faults).toEqual([]);
  expect(report.deliveryResumedMs).not.toBeNull();
  expect(report.delivery!.acknowledged).toBeGreaterThan(0);
  expect(report.history).toMatchObject({ acknowledgedMissing: 0, acknowledgedNotOnce: 0, duplicates: 0 });
  // Every person still connected holds every acknowledged message once: what the broadcasts lost, they caught up on.
  expect(report.delivery).toMatchObject({ missedByAnyone: 0, peopleMissing: 0, duplicatesSeen: 0 });
}
