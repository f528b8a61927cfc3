import { startCpuMeter, type CpuSubjects } from '../chatFanout/cpuMeter.js';
import { CONTENDED_NEIGHBOUR_CPU_PERCENT } from '../chatFanout/measureStep.js';
import { now } from '../chatFanout/protocol.js';
import type { BotProcess } from './botFleet.js';

/** The bots count as settled when none received anything for this long. */
const QUIET_MS = 1_000;
const POLL_MS = 200;
const NEIGHBOUR_SAMPLE_MS = 500;

/**
 * Waits until the rooms' announcements have died down (and, with
 * `inSession`, every bot is back in the main session): a thousand people
 * entering or leaving one room are announced (to the moderators in
 * `peers:changed` batches, to everyone as the audience's count), which is
 * not the next move's load. Returns the time
 * waited; throws after `timeoutMs`.
 */
export async function waitUntilSettled(bots: BotProcess[], options: { inSession: boolean; timeoutMs: number }): Promise<number> {
  const { timeoutMs } = options;
  const startedAt = now();
  const expected = bots.reduce((total, bot) => total + bot.bots, 0);
  let last = -1;
  let quietSince = now();
  for (;;) {
    const activity = await Promise.all(bots.map((bot) => bot.activity()));
    const events = activity.reduce((total, report) => total + report.events, 0);
    const inSession = activity.reduce((total, report) => total + report.inSession, 0);
    if (events !== last) {
      last = events;
      quietSince = now();
    } else if ((!options.inSession || inSession === expected) && now() - quietSince >= QUIET_MS) {
      return now() - startedAt;
    }
    if (now() - startedAt > timeoutMs) {
      throw new Error(`bots not settled after ${Math.round(timeoutMs / 1000)} s: ${inSession} of ${expected} in the session`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/**
 * The machine is shared with other work: waits while other tasks take at
 * least chat-fanout's contention level of one core, within the run's
 * budget. Returns the time waited.
 */
export async function waitForQuietMachine(subjects: CpuSubjects, budget: { remainingMs: number }): Promise<number> {
  let waitedMs = 0;
  for (;;) {
    const meter = startCpuMeter(subjects);
    await new Promise((resolve) => setTimeout(resolve, NEIGHBOUR_SAMPLE_MS));
    const { neighbours, elapsedMs } = meter.read();
    if (neighbours < CONTENDED_NEIGHBOUR_CPU_PERCENT || budget.remainingMs <= 0) return waitedMs;
    budget.remainingMs -= elapsedMs;
    waitedMs += elapsedMs;
  }
}
