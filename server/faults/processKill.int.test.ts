import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultHarness, type FaultHarness } from '../test/faultHarness.js';
import { runScenario } from '../test/faultScenarios.js';

/**
 * One of two server processes killed outright (-9) while people chat: the
 * people who were on it leave for everyone on the survivor once their
 * grace has passed (the dead process cannot say so itself), their
 * attendance rows are closed, and the survivor carries on.
 */
describe('a server process killed during a chat burst', () => {
  let harness: FaultHarness;

  beforeAll(async () => {
    harness = await startFaultHarness();
  });

  afterAll(async () => {
    await harness?.stop();
  });

  it("leaves no ghosts: the dead process's people leave, their visits close, the survivor still takes joins", async () => {
    const report = await runScenario(harness, 'process-kill', { timing: { burstMs: 9_000, faultAtMs: 3_000 } });

    // The killed process's exit was the test's doing; any other exit, or a crash line, is a fault.
    expect(report.faults).toEqual([]);
    expect(harness.isRunning(0)).toBe(true);
    // Waited for within RECONNECT_GRACE_MS + LIVENESS_TTL_MS and a generous slack (faultScenarios.ts).
    expect(report.ghostsGoneMs).not.toBeNull();
    expect(report.openVisits).toBe(0);
    expect(report.newcomerJoined).toBe(true);
    expect(report.history).toMatchObject({ acknowledgedMissing: 0, acknowledgedNotOnce: 0, duplicates: 0 });
    // The survivor's people hold every acknowledged message once (the dead process's people are disconnected, not counted).
    expect(report.delivery).toMatchObject({ missedByAnyone: 0, duplicatesSeen: 0 });
  });
});
