/**
 * faults: what people lose, see doubled and go through when Redis,
 * PostgreSQL or a server process fails under a live room (issue #14).
 * Usage: `npm run bench -- faults [--runs=2] [--scenarios=baseline,redis-restart,…] [--people=20]`;
 * `CONVENE_SERVER_ROOT=/path/to/checkout` measures that checkout's server
 * (an older commit, for the "before" figures) with this one's harness.
 *
 * Setup, per run. A fresh PostgreSQL cluster (initdb) and redis-server of
 * the run's own, two real server processes on them (server/index.ts,
 * RECONNECT_GRACE_MS 4000, LIVENESS_TTL_MS 2000, unhandled rejections only
 * logged, as in production), and 20 people (Socket.IO clients, each its own
 * identity) in one room, half on each process; the first on each is a
 * moderator, who watches and probes (server/test/faultHarness.ts).
 *
 * Load. The 18 participants post to the room chat, 10 messages a second in
 * turn, each person one message at a time; after an answer that says "try
 * again" (TIMEOUT after the browser's 15 s, UNAVAILABLE, INTERNAL) they send
 * the same text again a moment later, with the same requestId when the
 * server takes one (server/test/chatBurst.ts).
 *
 * Scenarios (server/test/faultScenarios.ts), each run --runs times, the
 * fault 10 s into a 30 s burst: baseline (no fault); redis-restart (kill
 * -9, started again 3 s later); redis-pause-kill (SIGSTOP for 2 s with
 * broadcasts waiting, then kill -9, started 3 s later); postgres-stall-10s
 * and postgres-stall-25s (SIGSTOP of the postmaster and all its processes;
 * the burst runs on 10 s past the stall); process-kill (kill -9 of one
 * server process); stop-redis-down (Redis killed, then SIGTERM to a server
 * process; no burst).
 *
 * Figures, per run: acknowledged messages; missed (acknowledged, yet not
 * received by some person still connected, 15 s after the burst); duplicates
 * seen (a text received twice by someone); retries and retries posted twice
 * (a text more than once in the database's history); process exits and
 * unhandled rejections; /readyz during the fault (statuses, slowest answer;
 * each probe gives up at 10 s); ready_again_ms (stall over → both /readyz
 * 200); delivery_resumed_ms (Redis answering again → a message from each
 * process reached the other's moderator); ghosts_gone_ms (kill → the
 * survivors told that everyone on the dead process left; none within grace
 * + TTL + 60 s is null); open_visits (the dead process's attendance rows
 * still open 30 s after the burst). Every wait has a ceiling: a server that
 * hangs or dies is reported, never waited for. The last line is one JSON
 * object.
 */
import { execFileSync } from 'node:child_process';
import { startFaultHarness, type FaultHarness } from '../server/test/faultHarness.js';
import { SCENARIOS, runScenario, type ScenarioName } from '../server/test/faultScenarios.js';
import { closeOnInterrupt, createResourceStack, runClosingOnFailure } from './chatFanout/resourceStack.js';
import { describeRun, failedRun, figuresOf, type RunFigures } from './faults/figures.js';

const USAGE = 'npm run bench -- faults [--runs=2] [--scenarios=baseline,redis-restart,…] [--people=20]';
/** A run that takes longer than this is stopped and reported as not measured (the waits inside have their own ceilings). */
const RUN_CEILING_MS = 6 * 60_000;

const log = (line: string) => process.stderr.write(`${line}\n`);
const options = parseOptions(process.argv.slice(3));
const serverRoot = process.env.CONVENE_SERVER_ROOT || undefined;
const resources = createResourceStack(log);
const interrupt = closeOnInterrupt(resources, log);

async function measure(scenario: ScenarioName, run: number): Promise<RunFigures> {
  const depth = resources.depth();
  let harness: FaultHarness | undefined;
  try {
    harness = await startFaultHarness({
      people: options.people,
      requestIds: 'if-taken',
      // As production runs: a rejection nobody handled is logged, not a reason to exit (the figures count both).
      env: { UNHANDLED_REJECTIONS: 'log', LOG_LEVEL: 'warn' },
    });
    const started = harness;
    resources.push(() => started.stop());
    let timer: NodeJS.Timeout | undefined;
    const ceiling = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the run took longer than ${RUN_CEILING_MS / 1000} s`)), RUN_CEILING_MS);
    });
    const report = await Promise.race([runScenario(started, scenario), ceiling]).finally(() => clearTimeout(timer));
    for (const fault of report.faults) log(`  server ${fault.server}: ${fault.kind}: ${fault.detail}`);
    return figuresOf(run, report, started.usesRequestIds);
  } catch (error) {
    if (interrupt.interruptedWith() !== undefined) throw error;
    log(`  ${String(error).slice(0, 2_000)}`);
    return failedRun(run, error, harness?.faults());
  } finally {
    await resources.closeDownTo(depth);
  }
}

async function runAll() {
  const startedAt = Date.now();
  log(
    `faults: ${options.scenarios.join(', ')}, ${options.runs} run(s) each, ${options.people} people, 10 messages/s; ` +
      `server from ${serverRoot ?? 'this checkout'} (${describeCheckout(serverRoot ?? process.cwd())})`,
  );
  const results: Partial<Record<ScenarioName, RunFigures[]>> = {};
  for (const scenario of options.scenarios) {
    for (let run = 1; run <= options.runs; run += 1) {
      const figures = await measure(scenario, run);
      log(describeRun(scenario, figures));
      (results[scenario] ??= []).push(figures);
    }
  }
  return { results, seconds: (Date.now() - startedAt) / 1000 };
}

function report({ results, seconds }: Awaited<ReturnType<typeof runAll>>) {
  const all = Object.values(results).flat();
  const worst = (pick: (figures: RunFigures) => number | null | undefined) =>
    Math.max(0, ...all.map(pick).filter((value): value is number => typeof value === 'number'));
  const totals = {
    missed_max: worst((figures) => figures.missed),
    duplicates_seen_max: worst((figures) => figures.duplicates_seen),
    retries_posted_twice_max: worst((figures) => figures.retries_posted_twice),
    process_exits: all.reduce((sum, figures) => sum + figures.process_exits, 0),
    unhandled_rejections: all.reduce((sum, figures) => sum + figures.unhandled_rejections, 0),
    runs_not_measured: all.filter((figures) => figures.error !== undefined).length,
  };
  log(
    `totals: missed ≤ ${totals.missed_max}, duplicates seen ≤ ${totals.duplicates_seen_max}, ` +
      `retries posted twice ≤ ${totals.retries_posted_twice_max}, process exits ${totals.process_exits}, ` +
      `unhandled rejections ${totals.unhandled_rejections} (${seconds.toFixed(0)} s)`,
  );
  const result = {
    bench: 'faults',
    server: describeCheckout(serverRoot ?? process.cwd()),
    people: options.people,
    rate_per_s: 10,
    runs: options.runs,
    targets_met: {
      missed: totals.missed_max === 0,
      duplicates: totals.duplicates_seen_max === 0 && totals.retries_posted_twice_max === 0,
      process_exits: totals.process_exits === 0 && totals.unhandled_rejections === 0,
    },
    totals,
    scenarios: results,
    seconds: Math.round(seconds),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/** The checkout's commit, and whether it has changes on top (the figures are of that code). */
function describeCheckout(root: string): string {
  try {
    const commit = execFileSync('git', ['-C', root, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const changed = execFileSync('git', ['-C', root, 'status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' }).trim();
    return changed ? `${commit} with uncommitted changes` : commit;
  } catch {
    return 'not a git checkout';
  }
}

function parseOptions(args: string[]) {
  const parsed = { runs: 2, people: 20, scenarios: [...SCENARIOS] as ScenarioName[] };
  for (const arg of args) {
    const [flag, value = ''] = arg.split(/=(.*)/s);
    const names = value.split(',');
    if (flag === '--runs' && /^[1-9]\d*$/.test(value)) {
      parsed.runs = Number(value);
    } else if (flag === '--people' && /^\d+$/.test(value) && Number(value) >= 4 && Number(value) % 2 === 0) {
      parsed.people = Number(value);
    } else if (flag === '--scenarios' && names.every((name) => (SCENARIOS as readonly string[]).includes(name))) {
      parsed.scenarios = names as ScenarioName[];
    } else {
      log(`bad option ${arg}; usage: ${USAGE} (--people: an even number ≥ 4; scenarios: ${SCENARIOS.join(', ')})`);
      process.exit(1);
    }
  }
  return parsed;
}

const outcome = await runClosingOnFailure(runAll, resources, interrupt);
await resources.closeAll();
report(outcome);
