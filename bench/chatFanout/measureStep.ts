import type { BotProcess } from './botFleet.js';
import { startCpuMeter, sum, type CpuReading, type CpuSubjects } from './cpuMeter.js';
import { mergeCounts, percentile } from './latencyHistogram.js';
import { now, type StepReport } from './protocol.js';

export const MAX_P99_MS = 50;
/**
 * The machine is shared: when other tasks took at least this share of one
 * core during a window, its outcome may be theirs rather than the server's
 * (a failure, but also the per-core figure, which improves when deliveries
 * queue up and go out in bursts), and the window is measured again (once).
 */
export const CONTENDED_NEIGHBOUR_CPU_PERCENT = 25;
const MAX_WINDOWS = 2;
const NEIGHBOUR_SAMPLE_MS = 500;

export type StepTiming = {
  /** Sending before the window, so that it starts in a steady state. */
  warmupMs: number;
  windowMs: number;
};

/** How long deliveries may keep arriving after the window, at most, before the rest count as lost. */
const DRAIN_TIMEOUT_MS = 10_000;
const DRAIN_POLL_MS = 250;
/** A run of polls without a new delivery that ends the wait. */
const DRAIN_STALL_MS = 1_500;
/** The machine counts as settled from an earlier step when no bot received anything for this long. */
const QUIET_MS = 500;
const QUIET_TIMEOUT_MS = 20_000;
/** Time for the `send` command to reach the bot processes before the first message is due. */
const LEAD_MS = 300;

export type StepResult = {
  configuration: string;
  /** Messages per second, all senders together. */
  rate: number;
  /** Bots in the room: the deliveries each message should make. */
  roomSize: number;
  windowSeconds: number;
  sent: number;
  acked: number;
  ackErrors: Record<string, number>;
  /** Acknowledged messages × room size. */
  expected: number;
  delivered: number;
  lost: number;
  deliveriesPerSecond: number;
  /** Latency percentiles over the expected deliveries, lost ones counting as infinitely late. */
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** `chat:send` round trip (validation, database, broadcast) at the sender. */
  ackP50Ms: number;
  ackP99Ms: number;
  /** Worst lateness of a sender's timer: the bot processes' own event-loop delay. */
  maxSendLagMs: number;
  disconnects: number;
  cpu: CpuReading;
  /** Server cores used: the server processes' CPU seconds ÷ wall seconds, summed. */
  serverCores: number;
  /** deliveriesPerSecond ÷ serverCores. */
  perCore: number;
  passed: boolean;
  /** Why it failed, in words. */
  failure: string | undefined;
  /** Other tasks took at least {@link CONTENDED_NEIGHBOUR_CPU_PERCENT} of a core during every window measured. */
  contended: boolean;
  windows: number;
  /** Time spent before the window waiting for other tasks on the machine to quieten down. */
  waitedForOthersMs: number;
};

export type StepContext = {
  configuration: string;
  bots: BotProcess[];
  cpu: CpuSubjects;
  timing: StepTiming;
  /** Numbers the steps, so late deliveries from an earlier step are never counted in a later one. */
  nextStep: { value: number };
  /** Shared by all steps of a run: how much longer they may wait for other tasks to quieten down. */
  quietWaitBudget: { remainingMs: number };
};

/**
 * Measures one sending rate: one window, or two when the first was
 * contended (see {@link CONTENDED_NEIGHBOUR_CPU_PERCENT}) and the run may
 * still spend time on contention (its quiet-wait budget is not used up),
 * the second standing.
 */
export async function measureStep(context: StepContext, rate: number): Promise<StepResult> {
  for (let windows = 1; ; windows++) {
    const result = { ...(await measureWindow(context, rate)), windows };
    const mayRetry = windows < MAX_WINDOWS && context.quietWaitBudget.remainingMs > 0;
    if (!result.contended || !mayRetry) return result;
  }
}

async function measureWindow(context: StepContext, rate: number): Promise<Omit<StepResult, 'windows'>> {
  const { bots, timing } = context;
  const step = context.nextStep.value++;
  await waitForQuiet(bots);
  const waitedForOthersMs = await waitForQuietMachine(context);
  const roomSize = sum(bots.map((bot) => bot.bots));

  // The bot processes share the rate and interleave: process i sends at
  // t0 + i/rate, t0 + (n + i)/rate, … so that messages are evenly spaced.
  const startAt = now() + LEAD_MS;
  const measureFrom = startAt + timing.warmupMs;
  const measureUntil = measureFrom + timing.windowMs;
  bots.forEach((bot, i) =>
    bot.send({
      type: 'send',
      step,
      rate: rate / bots.length,
      startAt: startAt + (i * 1000) / rate,
      measureFrom,
      measureUntil,
    }),
  );
  await sleepUntil(measureFrom);
  const meter = startCpuMeter(context.cpu);
  await sleepUntil(measureUntil);
  const cpu = meter.read();

  const reports = await drain(bots, step, roomSize);
  const acked = sum(reports.map((report) => report.acked));
  const expected = acked * roomSize;
  const delivered = sum(reports.map((report) => report.deliveries));
  const lost = Math.max(0, expected - delivered);
  const latency = mergeCounts(reports.map((report) => report.latency));
  const ackLatency = mergeCounts(reports.map((report) => report.ackLatency));
  const ackErrors: Record<string, number> = {};
  for (const report of reports) {
    for (const [code, count] of Object.entries(report.ackErrors)) ackErrors[code] = (ackErrors[code] ?? 0) + count;
  }
  const windowSeconds = timing.windowMs / 1000;
  const deliveriesPerSecond = delivered / windowSeconds;
  const serverCores = sum(cpu.server) / 100;
  const disconnects = sum(reports.map((report) => report.disconnects));
  const p99Ms = percentile(latency, 0.99, Math.max(expected, delivered));

  const failures = [
    p99Ms >= MAX_P99_MS ? `p99 ${formatMs(p99Ms)} ≥ ${MAX_P99_MS} ms` : undefined,
    lost > 0 ? `${lost} deliveries missing ${DRAIN_STALL_MS / 1000} s after the last arrival` : undefined,
    Object.keys(ackErrors).length > 0 ? `refused sends ${JSON.stringify(ackErrors)}` : undefined,
    disconnects > 0 ? `${disconnects} bots disconnected` : undefined,
  ].filter((failure) => failure !== undefined);
  const passed = failures.length === 0;
  return {
    configuration: context.configuration,
    rate,
    roomSize,
    windowSeconds,
    sent: sum(reports.map((report) => report.sent)),
    acked,
    ackErrors,
    expected,
    delivered,
    lost,
    deliveriesPerSecond,
    p50Ms: percentile(latency, 0.5, Math.max(expected, delivered)),
    p99Ms,
    maxMs: lost > 0 ? Infinity : Math.max(...reports.map((report) => report.maxLatencyMs)),
    ackP50Ms: percentile(ackLatency, 0.5),
    ackP99Ms: percentile(ackLatency, 0.99),
    maxSendLagMs: Math.max(...reports.map((report) => report.maxSendLagMs)),
    disconnects,
    cpu,
    serverCores,
    perCore: serverCores > 0 ? deliveriesPerSecond / serverCores : 0,
    passed,
    failure: passed ? undefined : failures.join('; '),
    contended: cpu.neighbours >= CONTENDED_NEIGHBOUR_CPU_PERCENT,
    waitedForOthersMs,
  };
}

/**
 * Samples how much CPU other tasks take, and waits while it is at the
 * contention level, as long as the run's budget allows. Returns the time
 * spent waiting.
 */
async function waitForQuietMachine(context: StepContext): Promise<number> {
  let waitedMs = 0;
  for (;;) {
    const meter = startCpuMeter(context.cpu);
    await sleep(NEIGHBOUR_SAMPLE_MS);
    const { neighbours, elapsedMs } = meter.read();
    if (neighbours < CONTENDED_NEIGHBOUR_CPU_PERCENT || context.quietWaitBudget.remainingMs <= 0) return waitedMs;
    context.quietWaitBudget.remainingMs -= elapsedMs;
    waitedMs += elapsedMs;
  }
}

/**
 * Waits until every measured message has reached every bot, or until
 * deliveries stop arriving for {@link DRAIN_STALL_MS} (at most
 * {@link DRAIN_TIMEOUT_MS}); late ones are counted with their real latency.
 */
async function drain(bots: BotProcess[], step: number, roomSize: number): Promise<StepReport[]> {
  const deadline = now() + DRAIN_TIMEOUT_MS;
  let lastDelivered = -1;
  let lastProgressAt = now();
  for (;;) {
    await sleep(DRAIN_POLL_MS);
    const reports = await Promise.all(bots.map((bot) => bot.report(step)));
    const acked = sum(reports.map((report) => report.acked));
    const failed = sum(reports.map((report) => sum(Object.values(report.ackErrors))));
    const sent = sum(reports.map((report) => report.sent));
    const delivered = sum(reports.map((report) => report.deliveries));
    const isComplete = acked + failed === sent && delivered >= acked * roomSize;
    if (delivered !== lastDelivered) {
      lastDelivered = delivered;
      lastProgressAt = now();
    }
    if (isComplete || now() - lastProgressAt > DRAIN_STALL_MS || now() > deadline) return reports;
  }
}

/**
 * Waits until the bots have received nothing for {@link QUIET_MS}: the
 * join announcements, or a backlog an overloaded step left behind, are
 * not the next step's load. Returns the time waited.
 */
export async function waitForQuiet(bots: BotProcess[]): Promise<number> {
  const startedAt = now();
  let last = -1;
  let quietSince = now();
  while (now() - startedAt < QUIET_TIMEOUT_MS) {
    const events = sum((await Promise.all(bots.map((bot) => bot.setupStatus()))).map((status) => status.events));
    if (events !== last) {
      last = events;
      quietSince = now();
    } else if (now() - quietSince >= QUIET_MS) {
      break;
    }
    await sleep(100);
  }
  return now() - startedAt;
}

export const formatMs = (ms: number) => (Number.isFinite(ms) ? `${ms.toFixed(1)} ms` : '∞');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const sleepUntil = (time: number) => sleep(Math.max(0, time - now()));
