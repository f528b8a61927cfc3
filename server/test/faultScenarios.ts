import type { Attempt, BurstMessage, BurstResult, SendOutcome } from './chatBurst.js';
import type { FaultHarness, ProcessFault, ReadyzAnswer } from './faultHarness.js';
import { waitUntil } from './roomPeople.js';

/**
 * The faults of issue #14, each injected into a running chat burst on a
 * {@link FaultHarness}, and what came of it: what was acknowledged, missed,
 * doubled, what the people saw while it lasted, and how the processes
 * fared. Shared by the fault integration tests (server/faults/) and
 * `npm run bench -- faults`, so both measure the same thing.
 */
export const SCENARIOS = [
  /** The burst with no fault: what "nothing lost, nothing doubled" looks like on this machine. */
  'baseline',
  /** Redis killed (-9) during the burst, started again 3 s later (empty: no persistence). */
  'redis-restart',
  /** Redis frozen with broadcasts waiting for its answers (hands raised and lowered meanwhile), then killed, then started again. */
  'redis-pause-kill',
  /** PostgreSQL frozen (SIGSTOP, every process of it) for 10 s during the burst. */
  'postgres-stall-10s',
  /** The same for 25 s: longer than the browser waits for an answer. */
  'postgres-stall-25s',
  /** One of the two server processes killed (-9) during the burst. */
  'process-kill',
  /** Redis killed, then a server process asked to stop (SIGTERM): no burst. */
  'stop-redis-down',
] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

export interface ScenarioTiming {
  /** How long the burst sends. */
  burstMs: number;
  /** When into the burst the fault starts. */
  faultAtMs: number;
}

/** The issue's own measurement: 300 messages at 10 a second, the fault 10 s in, the burst going on 10 s past a PostgreSQL stall. */
export function defaultTiming(scenario: ScenarioName): ScenarioTiming {
  const faultAtMs = 10_000;
  const stall = stallMs(scenario);
  return { burstMs: stall === undefined ? 30_000 : Math.max(30_000, faultAtMs + stall + 10_000), faultAtMs };
}

/** Ceilings: generous, so they only stop what will never happen (and the old code's hangs). */
const DELIVERY_SETTLE_CEILING_MS = 15_000;
const RECOVERY_CEILING_MS = 60_000;
const VISITS_CEILING_MS = 30_000;
/** Redis is down this long before it is started again (the 3 s). */
const REDIS_DOWN_MS = 3_000;
/** How long Redis stays frozen before it is killed: broadcasts pile up waiting for its answers. */
const REDIS_FROZEN_MS = 2_000;
/** A /readyz probe asked this close to the end of a stall may be answered after it: not counted as "during". */
const READYZ_EDGE_MS = 2_500;

export interface DeliveryFigures {
  /** Messages the burst meant to post (one per tick a sender was free). */
  messages: number;
  /** Of those, acknowledged (by the last try). */
  acknowledged: number;
  /** Acknowledged messages that at least one person still connected never received. */
  missedByAnyone: number;
  /** People still connected who missed at least one acknowledged message. */
  peopleMissing: number;
  /** Messages (by text) that at least one person received more than once. */
  duplicatesSeen: number;
  /**
   * People who first held the burst's messages out of their order in
   * history (a broadcast from the other process may overtake one from this
   * process, and what is caught up arrives late; the browser shows them
   * in history order whatever the arrival).
   */
  peopleOutOfOrder: number;
  /** Catch-ups the people asked (after a hole in the change sequence, or told to by `room:check`). */
  catchUpsAsked: number;
  /** Acknowledged messages (counted per person) first held through a catch-up: what the broadcasts lost. */
  heldThroughCatchUp: number;
  /** People whose connection dropped during the run (not counted above). */
  peopleDisconnected: number;
  /** People still connected at the end: with none, nothing above was measured. */
  peopleConnected: number;
}

export interface HistoryFigures {
  /** Acknowledged messages whose id is not in the database's history. */
  acknowledgedMissing: number;
  /** Acknowledged messages (by text) in history other than exactly once. */
  acknowledgedNotOnce: number;
  /** Messages that took more than one try. */
  retried: number;
  /** Of those, messages (by text) posted more than once. */
  retriesPostedTwice: number;
  /** Any of the burst's messages (by text) in history more than once. */
  duplicates: number;
}

export interface ScenarioReport {
  scenario: ScenarioName;
  /** The fault's window on the harness clock: from injecting it to the service (or process) being back. */
  window: { from: number; to: number } | undefined;
  burst: BurstResult | undefined;
  /** Every try's outcome, counted. */
  outcomes: Partial<Record<SendOutcome, number>>;
  /** The tries sent while the fault lasted: outcomes and the slowest answer. */
  duringFault: { outcomes: Partial<Record<SendOutcome, number>>; slowestMs: number } | undefined;
  delivery: DeliveryFigures | undefined;
  history: HistoryFigures | undefined;
  /** Unexpected exits, unhandled rejections and crash output since the scenario began. */
  faults: ProcessFault[];
  /** `/readyz` answers asked while the fault lasted. */
  readyzDuringFault: ReadyzAnswer[];
  /** PostgreSQL stalls: ms from the stall's end until every running process's /readyz answered 200 (null: not within the ceiling). */
  readyAgainMs: number | null | undefined;
  /** Redis faults: ms from Redis answering again until a message crossed between the processes both ways. */
  deliveryResumedMs: number | null | undefined;
  /** Process kill: ms from the kill until the survivors were told everyone on the dead process left. */
  ghostsGoneMs: number | null | undefined;
  /** Process kill: the dead process's people's attendance rows still open at the end. */
  openVisits: number | undefined;
  /** Process kill: whether someone new could still join on the survivor. */
  newcomerJoined: boolean | undefined;
  /** stop-redis-down: how the stopped process exited, and how long it took. */
  stop: { code: number | null; signal: string | null; ms: number } | undefined;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What an injection leaves to measure once the burst is over. */
interface Injected {
  window: { from: number; to: number };
  readyz: ReadyzAnswer[];
  readyAgainMs?: Promise<number | null>;
  deliveryResumedMs?: Promise<number | null>;
  ghostsGoneMs?: Promise<number | null>;
}

/**
 * Runs one scenario on `harness` (whose processes and services must be up).
 * `label` makes the burst's texts unique when one harness runs several.
 */
export async function runScenario(
  harness: FaultHarness,
  scenario: ScenarioName,
  options: { timing?: ScenarioTiming; label?: string } = {},
): Promise<ScenarioReport> {
  const startedAt = harness.now();
  const report: ScenarioReport = {
    scenario,
    window: undefined,
    burst: undefined,
    outcomes: {},
    duringFault: undefined,
    delivery: undefined,
    history: undefined,
    faults: [],
    readyzDuringFault: [],
    readyAgainMs: undefined,
    deliveryResumedMs: undefined,
    ghostsGoneMs: undefined,
    openVisits: undefined,
    newcomerJoined: undefined,
    stop: undefined,
  };
  if (scenario === 'stop-redis-down') {
    await harness.redis.kill9();
    report.stop = await harness.stopServer(0);
    report.faults = harness.faults().filter((fault) => fault.at >= startedAt);
    return report;
  }

  const timing = options.timing ?? defaultTiming(scenario);
  const burst = harness.burst({ label: options.label ?? scenario, durationMs: timing.burstMs });
  let injected: Injected | undefined;
  if (scenario !== 'baseline') {
    await sleep(timing.faultAtMs);
    injected = await inject(harness, scenario);
  }
  report.burst = await burst;
  report.window = injected?.window;
  report.readyzDuringFault = injected?.readyz ?? [];
  report.readyAgainMs = await injected?.readyAgainMs;
  report.deliveryResumedMs = await injected?.deliveryResumedMs;
  report.ghostsGoneMs = await injected?.ghostsGoneMs;

  const attempts = report.burst.messages.flatMap((message) => message.attempts);
  report.outcomes = countOutcomes(attempts);
  if (injected) {
    const { from, to } = injected.window;
    const during = attempts.filter((attempt) => attempt.sentAt >= from && attempt.sentAt <= to);
    report.duringFault = { outcomes: countOutcomes(during), slowestMs: Math.max(0, ...during.map((attempt) => attempt.ms)) };
  }
  const acknowledged = report.burst.messages.flatMap((message) => (message.acknowledged ? [message.acknowledged.messageId] : []));
  await harness.waitForDeliveries(acknowledged, DELIVERY_SETTLE_CEILING_MS);
  report.delivery = deliveryFigures(harness, report.burst);
  report.history = historyFigures(report.burst, await harness.historyInDatabase());

  if (scenario === 'process-kill') {
    const deadPeers = harness.people.filter((person) => person.server === 1).map((person) => person.peerId);
    await waitUntil(async () => (await harness.openVisits(deadPeers)) === 0, VISITS_CEILING_MS, 500);
    report.openVisits = await harness.openVisits(deadPeers);
    report.newcomerJoined = await harness.join(0, 'Newcomer').then(
      () => true,
      () => false,
    );
  }
  report.faults = harness.faults().filter((fault) => fault.at >= startedAt);
  return report;
}

/** Injects the scenario's fault (the burst goes on meanwhile); resolves once the service or process is back, or gone for good. */
async function inject(harness: FaultHarness, scenario: Exclude<ScenarioName, 'baseline' | 'stop-redis-down'>): Promise<Injected> {
  const from = harness.now();
  if (scenario === 'process-kill') {
    await harness.killServer(1);
    const { graceMs, livenessTtlMs } = harness.settings;
    return {
      window: { from, to: harness.now() },
      readyz: [],
      ghostsGoneMs: harness.ghostsGoneAfter(1, from, graceMs + livenessTtlMs + RECOVERY_CEILING_MS),
    };
  }
  const readyz = harness.watchReadyz();
  const stall = stallMs(scenario);
  if (stall !== undefined) {
    await harness.postgres.pause();
    await sleep(stall);
    await harness.postgres.resume();
  } else {
    if (scenario === 'redis-pause-kill') {
      await harness.redis.pause();
      // Chat waits on the frozen Redis for its rate budget before it broadcasts: hands are broadcast at once.
      await harness.waveHands(REDIS_FROZEN_MS);
    }
    await harness.redis.kill9();
    await sleep(REDIS_DOWN_MS);
    await harness.redis.restart();
  }
  const to = harness.now();
  const answers = (await readyz.stop()).filter((answer) => answer.at >= from && answer.at <= to - READYZ_EDGE_MS);
  return {
    window: { from, to },
    readyz: answers,
    ...(stall !== undefined
      ? { readyAgainMs: readyAgainAfter(harness, to) }
      : { deliveryResumedMs: harness.crossDeliveryAfter(to, RECOVERY_CEILING_MS) }),
  };
}

function stallMs(scenario: ScenarioName): number | undefined {
  if (scenario === 'postgres-stall-10s') return 10_000;
  if (scenario === 'postgres-stall-25s') return 25_000;
  return undefined;
}

/** Ms from `since` until every running process's /readyz answers 200, or null. */
async function readyAgainAfter(harness: FaultHarness, since: number): Promise<number | null> {
  const isReady = async () => {
    const running = harness.servers.map((_, server) => server).filter((server) => harness.isRunning(server));
    const answers = await Promise.all(running.map((server) => harness.readyz(server, 5_000)));
    return running.length > 0 && answers.every((answer) => answer.status === 200);
  };
  return (await waitUntil(isReady, RECOVERY_CEILING_MS, 200)) ? harness.now() - since : null;
}

function countOutcomes(attempts: readonly Attempt[]): Partial<Record<SendOutcome, number>> {
  const counts: Partial<Record<SendOutcome, number>> = {};
  for (const { outcome } of attempts) counts[outcome] = (counts[outcome] ?? 0) + 1;
  return counts;
}

/** What the people still connected received of the burst, against what was acknowledged. */
export function deliveryFigures(harness: FaultHarness, burst: BurstResult): DeliveryFigures {
  const bodies = new Set(burst.messages.map((message) => message.body));
  const acknowledged = burst.messages.flatMap((message) => (message.acknowledged ? [message.acknowledged.messageId] : []));
  const connected = harness.people.filter((person) => person.disconnectedAt === undefined);
  const missed = new Set<string>();
  const doubled = new Set<string>();
  let peopleMissing = 0;
  let peopleOutOfOrder = 0;
  let heldThroughCatchUp = 0;
  const acknowledgedIds = new Set<string>(acknowledged);
  for (const person of connected) {
    heldThroughCatchUp += person.received.filter((message) => message.via === 'catch-up' && acknowledgedIds.has(message.messageId)).length;
    const ids = new Set(person.received.map((message) => message.messageId));
    const missing = acknowledged.filter((id) => !ids.has(id));
    for (const id of missing) missed.add(id);
    if (missing.length > 0) peopleMissing += 1;
    const seen = new Set<string>();
    const seqs: number[] = [];
    for (const message of person.received) {
      if (!bodies.has(message.body)) continue;
      if (seen.has(message.body)) doubled.add(message.body);
      else seqs.push(message.seq);
      seen.add(message.body);
    }
    if (seqs.some((seq, index) => index > 0 && seq < seqs[index - 1]!)) peopleOutOfOrder += 1;
  }
  return {
    messages: burst.messages.length,
    acknowledged: acknowledged.length,
    missedByAnyone: missed.size,
    peopleMissing,
    duplicatesSeen: doubled.size,
    peopleOutOfOrder,
    catchUpsAsked: connected.reduce((sum, person) => sum + person.catchUps.asked, 0),
    heldThroughCatchUp,
    peopleDisconnected: harness.people.length - connected.length,
    peopleConnected: connected.length,
  };
}

/** The burst against the room's history as stored: each acknowledged message once, and no try posted twice. */
export function historyFigures(burst: BurstResult, history: ReadonlyArray<{ messageId: string; body: string }>): HistoryFigures {
  const copies = new Map<string, number>();
  for (const { body } of history) copies.set(body, (copies.get(body) ?? 0) + 1);
  const ids = new Set(history.map((message) => message.messageId));
  const acknowledged = burst.messages.filter((message) => message.acknowledged);
  const retried = burst.messages.filter((message) => message.attempts.length > 1);
  const twice = (message: BurstMessage) => (copies.get(message.body) ?? 0) > 1;
  return {
    acknowledgedMissing: acknowledged.filter((message) => !ids.has(message.acknowledged!.messageId)).length,
    acknowledgedNotOnce: acknowledged.filter((message) => copies.get(message.body) !== 1).length,
    retried: retried.length,
    retriesPostedTwice: retried.filter(twice).length,
    duplicates: burst.messages.filter(twice).length,
  };
}
