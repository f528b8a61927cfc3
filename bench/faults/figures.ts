import type { ReadyzAnswer } from '../../server/test/faultHarness.js';
import type { ScenarioName, ScenarioReport } from '../../server/test/faultScenarios.js';

/** One run of one scenario as bench/faults.ts prints it (the figures first). */
export interface RunFigures {
  run: number;
  /** Messages acknowledged to their senders. */
  acknowledged: number | null;
  /** Acknowledged messages some person still connected never received (target 0; null: nobody stayed connected). */
  missed: number | null;
  /** Messages some person received more than once (target 0). */
  duplicates_seen: number | null;
  /** Messages sent again after TIMEOUT/UNAVAILABLE/INTERNAL, and of those, posted twice (target 0). */
  retries: number | null;
  retries_posted_twice: number | null;
  /** Server processes that exited without being asked to (target 0). */
  process_exits: number;
  unhandled_rejections: number;
  crash_output_lines: number;
  /**
   * /readyz asked while the fault lasted (every second, each process): how
   * many probes, how many answered 503 within 2 s (what a load balancer's
   * probe waits), the slowest answer (null: one got none within 10 s), and
   * the statuses (an answer that came only after the fault is counted by its status).
   */
  readyz_during_fault: { probes: number; answered_503_within_2s: number; slowest_ms: number | null; statuses: Record<string, number> } | null;
  ready_again_ms: number | null | undefined;
  delivery_resumed_ms: number | null | undefined;
  ghosts_gone_ms: number | null | undefined;
  open_visits: number | undefined;
  newcomer_joined: boolean | undefined;
  stop: { exit: string; ms: number } | undefined;
  /** Everything else: the burst in detail. */
  messages: number | null;
  skipped_ticks: number | null;
  people_missing: number | null;
  people_out_of_order: number | null;
  /** Catch-ups the people asked, and acknowledged messages (per person) they first held through one. */
  catch_ups_asked: number | null;
  held_through_catch_up: number | null;
  people_disconnected: number | null;
  duplicates_in_history: number | null;
  acknowledged_not_once: number | null;
  acknowledged_missing_from_history: number | null;
  ack_outcomes: Record<string, number>;
  during_fault: { outcomes: Record<string, number>; slowest_ms: number } | null;
  /** Whether the burst's messages carried a requestId (an older server refuses one). */
  request_ids: boolean | null;
  /** The run could not be completed (harness start, a ceiling): why. */
  error?: string;
}

const round = (value: number) => Math.round(value);
const roundOrNull = (value: number | null | undefined) => (value === null || value === undefined ? value : round(value));

export function figuresOf(run: number, report: ScenarioReport, usesRequestIds: boolean): RunFigures {
  const { history, burst } = report;
  // Everyone lost their connection (their process died): nobody's deliveries were measured.
  const delivery = report.delivery?.peopleConnected === 0 ? undefined : report.delivery;
  const count = (kind: string) => report.faults.filter((fault) => fault.kind === kind).length;
  return {
    run,
    acknowledged: report.delivery?.acknowledged ?? null,
    missed: delivery?.missedByAnyone ?? null,
    duplicates_seen: delivery?.duplicatesSeen ?? null,
    retries: history?.retried ?? null,
    retries_posted_twice: history?.retriesPostedTwice ?? null,
    process_exits: count('exit'),
    unhandled_rejections: count('unhandled-rejection'),
    crash_output_lines: count('crash-output'),
    readyz_during_fault: report.window && report.scenario !== 'process-kill' ? readyzFigures(report.readyzDuringFault) : null,
    ready_again_ms: roundOrNull(report.readyAgainMs),
    delivery_resumed_ms: roundOrNull(report.deliveryResumedMs),
    ghosts_gone_ms: roundOrNull(report.ghostsGoneMs),
    open_visits: report.openVisits,
    newcomer_joined: report.newcomerJoined,
    stop: report.stop && { exit: report.stop.signal ?? `code ${report.stop.code}`, ms: round(report.stop.ms) },
    messages: report.delivery?.messages ?? null,
    skipped_ticks: burst?.skippedTicks ?? null,
    people_missing: delivery?.peopleMissing ?? null,
    people_out_of_order: delivery?.peopleOutOfOrder ?? null,
    catch_ups_asked: delivery?.catchUpsAsked ?? null,
    held_through_catch_up: delivery?.heldThroughCatchUp ?? null,
    people_disconnected: report.delivery?.peopleDisconnected ?? null,
    duplicates_in_history: history?.duplicates ?? null,
    acknowledged_not_once: history?.acknowledgedNotOnce ?? null,
    acknowledged_missing_from_history: history?.acknowledgedMissing ?? null,
    ack_outcomes: report.outcomes as Record<string, number>,
    during_fault: report.duringFault
      ? { outcomes: report.duringFault.outcomes as Record<string, number>, slowest_ms: round(report.duringFault.slowestMs) }
      : null,
    request_ids: usesRequestIds,
  };
}

/** A run that could not be measured: every figure null, the reason kept. */
export function failedRun(run: number, error: unknown, faults: ScenarioReport['faults'] = []): RunFigures {
  const count = (kind: string) => faults.filter((fault) => fault.kind === kind).length;
  return {
    run,
    acknowledged: null,
    missed: null,
    duplicates_seen: null,
    retries: null,
    retries_posted_twice: null,
    process_exits: count('exit'),
    unhandled_rejections: count('unhandled-rejection'),
    crash_output_lines: count('crash-output'),
    readyz_during_fault: null,
    ready_again_ms: undefined,
    delivery_resumed_ms: undefined,
    ghosts_gone_ms: undefined,
    open_visits: undefined,
    newcomer_joined: undefined,
    stop: undefined,
    messages: null,
    skipped_ticks: null,
    people_missing: null,
    people_out_of_order: null,
    catch_ups_asked: null,
    held_through_catch_up: null,
    people_disconnected: null,
    duplicates_in_history: null,
    acknowledged_not_once: null,
    acknowledged_missing_from_history: null,
    ack_outcomes: {},
    during_fault: null,
    request_ids: null,
    error: error instanceof Error ? error.message.split('\n')[0]! : String(error),
  };
}

/** What a load balancer's readiness probe commonly waits (the promise for /readyz). */
const PROBE_PATIENCE_MS = 2_000;

function readyzFigures(answers: readonly ReadyzAnswer[]) {
  const statuses: Record<string, number> = {};
  for (const answer of answers) {
    const key = answer.status === null ? 'no answer' : String(answer.status);
    statuses[key] = (statuses[key] ?? 0) + 1;
  }
  const slowest = answers.some((answer) => answer.status === null) ? null : round(Math.max(0, ...answers.map((answer) => answer.ms)));
  const clear = answers.filter((answer) => answer.status === 503 && answer.ms <= PROBE_PATIENCE_MS).length;
  return { probes: answers.length, answered_503_within_2s: clear, slowest_ms: slowest, statuses };
}

/** One line per run for the log: the figures a reader looks for first. */
export function describeRun(scenario: ScenarioName, figures: RunFigures): string {
  if (figures.error) return `${scenario} #${figures.run}: not measured: ${figures.error}`;
  const parts = [
    figures.acknowledged !== null ? `${figures.acknowledged}/${figures.messages} acknowledged` : undefined,
    figures.missed !== null
      ? `missed ${figures.missed} (by ${figures.people_missing} people; ${figures.held_through_catch_up} held through ${figures.catch_ups_asked} catch-ups)`
      : figures.acknowledged !== null
        ? 'missed: not measured (nobody stayed connected)'
        : undefined,
    figures.duplicates_seen !== null ? `duplicates seen ${figures.duplicates_seen}` : undefined,
    figures.retries !== null ? `retries ${figures.retries}, posted twice ${figures.retries_posted_twice}` : undefined,
    `exits ${figures.process_exits}, unhandled rejections ${figures.unhandled_rejections}`,
    figures.during_fault ? `during the fault ${JSON.stringify(figures.during_fault.outcomes)} (slowest ${figures.during_fault.slowest_ms} ms)` : undefined,
    figures.readyz_during_fault
      ? `/readyz: ${figures.readyz_during_fault.answered_503_within_2s} of ${figures.readyz_during_fault.probes} probes answered 503 within 2 s, ` +
        `statuses ${JSON.stringify(figures.readyz_during_fault.statuses)}, slowest ${figures.readyz_during_fault.slowest_ms ?? 'no answer within 10 s'}${figures.readyz_during_fault.slowest_ms === null ? '' : ' ms'}`
      : undefined,
    figures.ready_again_ms !== undefined ? `ready again after ${figures.ready_again_ms ?? 'never'} ms` : undefined,
    figures.delivery_resumed_ms !== undefined ? `cross-process delivery back after ${figures.delivery_resumed_ms ?? 'never'} ms` : undefined,
    figures.ghosts_gone_ms !== undefined ? `ghosts gone after ${figures.ghosts_gone_ms ?? 'never'} ms` : undefined,
    figures.open_visits !== undefined ? `open visits ${figures.open_visits}` : undefined,
    figures.newcomer_joined !== undefined ? `newcomer joined: ${figures.newcomer_joined}` : undefined,
    figures.stop ? `stop: ${figures.stop.exit} after ${figures.stop.ms} ms` : undefined,
  ];
  return `${scenario} #${figures.run}: ${parts.filter(Boolean).join('; ')}`;
}
