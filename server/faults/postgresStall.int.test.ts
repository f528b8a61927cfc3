import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_ACK_TIMEOUT_MS } from '../test/chatBurst.js';
import { startFaultHarness, type FaultHarness } from '../test/faultHarness.js';
import { runScenario, type ScenarioName, type ScenarioReport } from '../test/faultScenarios.js';

/** What /readyz promises while the database does not answer (issue #14, point 3). */
const READYZ_PROMISE_MS = 2_000;

/**
 * PostgreSQL frozen (SIGSTOP of the postmaster and every backend, so open
 * connections stall too) under two server processes while people chat:
 * requests fail fast and clearly instead of hanging, /readyz says so at
 * once, a retry of the same message posts it once, and nothing acknowledged
 * is lost from history.
 */
describe('PostgreSQL stalled during a chat burst', () => {
  let harness: FaultHarness;

  beforeAll(async () => {
    harness = await startFaultHarness();
  });

  afterAll(async () => {
    await harness?.stop();
  });

  // The longer stall only: it outlasts the browser's wait for an ack (only an answer from the server keeps a retry
  // from doubling a message), and holds everything a shorter one shows. The 10 s stall runs in `npm run bench -- faults`.
  const stalls: Array<{ scenario: ScenarioName; stallMs: number }> = [{ scenario: 'postgres-stall-25s', stallMs: 25_000 }];

  it.each(stalls)('$scenario: no exit, UNAVAILABLE within seconds, /readyz 503 then 200, retries posted once', async ({ scenario, stallMs }) => {
    const report = await runScenario(harness, scenario, { timing: { burstMs: stallMs + 6_000, faultAtMs: 4_000 } });

    expect(report.faults).toEqual([]);
    expectClearFailuresWhileStalled(report);

    expect(report.readyzDuringFault.length).toBeGreaterThan(0);
    for (const answer of report.readyzDuringFault) {
      expect(answer).toMatchObject({ status: 503 });
      expect(answer.ms).toBeLessThanOrEqual(READYZ_PROMISE_MS);
    }
    expect(report.readyAgainMs).not.toBeNull();

    // The stall made people try again; none of their messages is in history twice.
    expect(report.history!.retried).toBeGreaterThan(0);
    expect(report.history).toMatchObject({ retriesPostedTwice: 0, duplicates: 0, acknowledgedMissing: 0, acknowledgedNotOnce: 0 });
    expect(report.delivery).toMatchObject({ missedByAnyone: 0, peopleMissing: 0, duplicatesSeen: 0 });

    // As people read it: chat:history holds each acknowledged message once, retried or not.
    const history = await harness.historyVia(harness.people[0]!);
    const copies = (body: string) => history.filter((message) => message.body === body).length;
    for (const message of report.burst!.messages) {
      if (!message.acknowledged) continue;
      expect({ body: message.body, copies: copies(message.body) }).toEqual({ body: message.body, copies: 1 });
      expect(history.map((posted) => posted.messageId)).toContain(message.acknowledged.messageId);
    }
  });
});

/**
 * Every message sent while the database was frozen was answered, with
 * UNAVAILABLE (or, once it answered again, ok), well before the browser
 * gives up waiting.
 */
function expectClearFailuresWhileStalled(report: ScenarioReport): void {
  const { outcomes, slowestMs } = report.duringFault!;
  expect(outcomes.UNAVAILABLE ?? 0).toBeGreaterThan(0);
  expect(Object.keys(outcomes).filter((outcome) => outcome !== 'ok' && outcome !== 'UNAVAILABLE')).toEqual([]);
  expect(slowestMs).toBeLessThan(BROWSER_ACK_TIMEOUT_MS);
}
