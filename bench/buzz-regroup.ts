/**
 * buzz-regroup: how long a session of 1,000 people takes to split into 200
 * buzz groups and to come back, on the server and for the people. Usage:
 * `npm run bench -- buzz-regroup [--bots=1000] [--groups=200] [--cycles=3] [--server-log=FILE]
 * [--profile-server=DIR]` (the server's JSON log is written to FILE at the end; a V8
 * CPU profile of the server to DIR).
 *
 * Server. The real server (server/index.ts) in its own process, in-memory
 * Socket.IO adapter, on a fresh PostgreSQL database (dropped afterwards),
 * logging at info as in production, with the per-person and per-socket
 * budgets lifted (shared/benchServer.ts). The bench asks the server for a
 * moderator invitation with its token secret, as `npm run invite` does.
 *
 * People. A moderator (a Socket.IO client on this process) and 1,000 bots
 * (socket.io-client, WebSocket, no media; each a person with its own
 * identity) in two bot processes of 500 (buzzRegroup/botProcess.ts), all in
 * the seeded `buzz-groups` session. The bots do what the web client does:
 * on `buzz:assigned` they `room:leave` and `room:join` the group's room, on
 * `buzz:ended` they leave it and join the session again; a join refused
 * with a code the client retries (the server busy, a timeout) is retried
 * after the client's delays (client/src/session/retryPolicy.ts) and counted
 * in joins_retried. They receive every
 * other event (audience:counted, buzz:changed, …) and ignore it: as
 * participants, they hear how many are in the audience, not who (the
 * moderator hears who, in peers:changed batches). Before each measurement
 * the join/leave announcements are let die down.
 *
 * Cycles. Three times: the baseline, a fresh balanced draft into 200
 * groups, the split (`buzz:start`), the return (`buzz:end` with no
 * countdown). Each figure is the median of the cycles (the first one runs
 * on a cold server); the worst cycle is reported beside it.
 *
 * Figures. One clock for everyone: wall-clock milliseconds as
 * performance.timeOrigin + performance.now() in each process (all on one
 * machine). p95_split_ms: from the moderator emitting `buzz:start` to each
 * bot receiving its `buzz:assigned`, 95th percentile over the bots (a bot
 * that never got it counts as infinitely late); p95_split_joined_ms: to its
 * `room:join` into the group being acknowledged. p95_return_ms and
 * p95_return_joined_ms: the same from `buzz:end` to `buzz:ended` and to the
 * session's `room:join` ack. server_split_ms and server_return_ms: the
 * server's own time, logged by server/buzz/buzzService.ts ('buzz groups
 * started': from the queued task's entry to the last `buzz:assigned` emit;
 * 'buzz groups ended': finish() from entry to the `buzz:ended` emit) and
 * read from its stdout; server_ms is the larger. The baseline,
 * baseline_p95_broadcast_ms, is the p95 from a moderator's `buzz:broadcast`
 * to each bot's `buzz:broadcasted`, a plain fan-out to the same session,
 * measured in each cycle just before the split; the *_vs_broadcast ratios
 * divide by it. Targets: server_ms < 1 s, both p95 < 2 s. A `room:join`
 * the server refuses leaves that bot out of the *_joined figures (counted
 * as infinitely late) and is counted in joins_refused, with the errors the
 * server logged meanwhile in per_cycle.
 *
 * The bots, PostgreSQL and this process share the machine's cores with the
 * server; server and bot CPU over each move are reported, and a move waits
 * (within a budget) while other tasks keep a core busy, and is flagged
 * `contended` when they did all the same.
 */
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startBots, type BotProcess } from './buzzRegroup/botFleet.js';
import type { ServerProcess } from '../server/test/serverProcess.js';
import { serverErrors, serverTiming, startBuzzServer, type ServerTiming } from './buzzRegroup/buzzServer.js';
import { connectModerator, type Moderator, type Timed } from './buzzRegroup/moderator.js';
import { collectMove, median, type MoveTiming, type Spread } from './buzzRegroup/moveTiming.js';
import type { MoveKind } from './buzzRegroup/protocol.js';
import { waitForQuietMachine, waitUntilSettled } from './buzzRegroup/settle.js';
import { startCpuMeter, sum, type CpuReading, type CpuSubjects } from './chatFanout/cpuMeter.js';
import { CONTENDED_NEIGHBOUR_CPU_PERCENT } from './chatFanout/measureStep.js';
import { closeOnInterrupt, createResourceStack, runClosingOnFailure } from './chatFanout/resourceStack.js';

const TARGET_SERVER_MS = 1_000;
const TARGET_P95_MS = 2_000;
const BOT_PROCESSES = 2;
const CONCURRENCY = { connect: 20, join: 10 };
/** Longest a settling may take: 1,000 people re-entering one room announce half a million joins. */
const SETTLE_TIMEOUT_MS = 180_000;
/** Longest total time a run may wait for other tasks on the machine to quieten down. */
const QUIET_WAIT_BUDGET_MS = 60_000;

const log = (line: string) => process.stderr.write(`${line}\n`);
const USAGE = 'npm run bench -- buzz-regroup [--bots=1000] [--groups=200] [--cycles=3] [--server-log=FILE] [--profile-server=DIR]';

const options = parseOptions(process.argv.slice(3));
const resources = createResourceStack(log);
const quietWaitBudget = { remainingMs: QUIET_WAIT_BUDGET_MS };

const interrupt = closeOnInterrupt(resources, log);

type Move = MoveTiming & {
  /** The moderator's request round trip. */
  ackMs: number;
  /** The moderator's request was refused or not answered. */
  moderatorFailure: string | null;
  cpu: CpuReading;
  contended: boolean;
  waitedForOthersMs: number;
  /** Errors the server logged meanwhile (why a request was answered INTERNAL), by message. */
  serverErrors: Record<string, number>;
};

type Cycle = {
  cycle: number;
  settleMs: number;
  broadcast: Move;
  split: Move & { server: ServerTiming | undefined; groups: number };
  returned: Move & { server: ServerTiming | undefined };
};

type Context = {
  bots: BotProcess[];
  moderator: Moderator;
  cpu: CpuSubjects;
  server: ServerProcess;
  /** How far the server's output has been read for errors. */
  logOffset: { value: number };
};

async function run() {
  const startedAt = Date.now();
  log(
    `buzz-regroup: ${options.bots} bots in ${BOT_PROCESSES} processes, ${options.groups} groups, ${options.cycles} cycles ` +
      `(baseline broadcast, split, return); figures are medians of the cycles`,
  );
  const { server, sessionId, moderatorInvitation } = await startBuzzServer((close) => resources.push(close), {
    profileDir: options.profileDir,
  });
  if (options.serverLog) {
    const file = options.serverLog;
    // Written when the run closes, just before the server stops (also after a failure).
    resources.push(() => writeFile(file, server.output()));
  }
  const moderator = await connectModerator(server.url, sessionId, moderatorInvitation);
  resources.push(async () => moderator.close());
  const perProcess = Math.ceil(options.bots / BOT_PROCESSES);
  const started = await startBots(
    Array.from({ length: BOT_PROCESSES }, (_, i) => ({
      serverUrl: server.url,
      sessionId,
      bots: Math.min(perProcess, options.bots - i * perProcess),
      namePrefix: `Bot ${i}.`,
    })).filter((plan) => plan.bots > 0),
    CONCURRENCY,
    (bot) => resources.push(() => bot.close()),
  );
  const { bots } = started;
  const context: Context = {
    bots,
    moderator,
    cpu: { serverPids: [server.child.pid!], botPids: bots.map((bot) => bot.pid), redisPid: undefined },
    server,
    logOffset: { value: serverErrors(server, 0).offset },
  };
  const firstSettleMs = await waitUntilSettled(bots, { inSession: true, timeoutMs: SETTLE_TIMEOUT_MS });
  const setup = { connectSeconds: started.connectMs / 1000, joinSeconds: started.joinMs / 1000, settleSeconds: firstSettleMs / 1000 };
  log(
    `server pid ${server.child.pid}, session ${sessionId}; ${options.bots} bots (pids ${bots.map((bot) => bot.pid).join(', ')}) ` +
      `connected in ${setup.connectSeconds.toFixed(1)} s, joined in ${setup.joinSeconds.toFixed(1)} s, ` +
      `join announcements settled in ${setup.settleSeconds.toFixed(1)} s`,
  );

  const cycles: Cycle[] = [];
  let stoppedEarly: string | null = null;
  for (let cycle = 1; cycle <= options.cycles; cycle++) {
    try {
      const settleMs = cycle === 1 ? 0 : await rehomeAndSettle(bots);
      cycles.push(await runCycle(context, cycle, settleMs));
    } catch (error) {
      if (interrupt.interruptedWith() !== undefined) throw error;
      // What was measured stands: a session that could not be split or
      // brought together again within the time limits is reported as such.
      stoppedEarly = `cycle ${cycle}: ${error instanceof Error ? error.message : String(error)}`;
      log(`stopping: ${stoppedEarly}`);
      break;
    }
  }
  await resources.closeAll();
  return { cycles, setup, stoppedEarly, seconds: (Date.now() - startedAt) / 1000 };
}

/** The baseline broadcast, a fresh draft, the split and the return. */
async function runCycle(context: Context, cycle: number, settleMs: number): Promise<Cycle> {
  const { bots, moderator, server } = context;
  const broadcast = await timeMove(context, 'broadcast', `buzz-regroup baseline ${cycle}`, () =>
    moderator.broadcast(`buzz-regroup baseline ${cycle}`),
  );
  log(`cycle ${cycle}: ${describeMove(broadcast)}`);

  const draft = await moderator.draft(options.groups);
  const drafted = sum(draft.groups.map((group) => group.memberCount));
  if (drafted !== options.bots) throw new Error(`the draft placed ${drafted} people, not ${options.bots}`);
  // Starting a draft keeps its id.
  const roundId = draft.roundId;
  const split = await timeMove(context, 'split', `split ${cycle}`, () => moderator.start());
  const splitServer = await serverTiming(server, 'buzz groups started', roundId);
  log(`cycle ${cycle}: ${describeMove(split)}; server ${describeServer(splitServer)}`);

  await waitUntilSettled(bots, { inSession: false, timeoutMs: SETTLE_TIMEOUT_MS });
  const returned = await timeMove(context, 'return', `return ${cycle}`, () => moderator.end());
  const returnServer = await serverTiming(server, 'buzz groups ended', roundId);
  log(`cycle ${cycle}: ${describeMove(returned)}; server ${describeServer(returnServer)}`);
  return {
    cycle,
    settleMs,
    broadcast,
    split: { ...split, server: splitServer, groups: draft.groups.length },
    returned: { ...returned, server: returnServer },
  };
}

/**
 * Bots the last return left outside the session (their join was refused
 * or timed out) join it again, then the announcements die down. Returns
 * the time taken.
 */
async function rehomeAndSettle(bots: BotProcess[]): Promise<number> {
  const startedAt = Date.now();
  const rehomed = await Promise.all(bots.map((bot) => bot.rehome(CONCURRENCY.join)));
  const outside = sum(rehomed.map((result) => result.bots));
  const failed = sum(rehomed.map((result) => result.failed));
  if (outside > 0) log(`  ${outside} bot(s) were outside the session and joined it again${failed ? `; ${failed} could not` : ''}`);
  await waitUntilSettled(bots, { inSession: true, timeoutMs: SETTLE_TIMEOUT_MS });
  return Date.now() - startedAt;
}

/**
 * Arms the bots, has the moderator act, and waits until every bot has
 * received the event and (for a move) joined its new room.
 */
async function timeMove(context: Context, kind: MoveKind, tag: string, act: () => Promise<Timed>): Promise<Move> {
  const waitedForOthersMs = await waitForQuietMachine(context.cpu, quietWaitBudget);
  context.logOffset.value = serverErrors(context.server, context.logOffset.value).offset;
  await Promise.all(context.bots.map((bot) => bot.arm(kind, tag)));
  const meter = startCpuMeter(context.cpu);
  const { emittedAt, ackedAt, failure } = await act();
  if (failure) log(`  moderator: ${failure}`);
  const timing = await collectMove(context.bots, kind, tag, emittedAt);
  const cpu = meter.read();
  const logged = serverErrors(context.server, context.logOffset.value);
  context.logOffset.value = logged.offset;
  return {
    ...timing,
    serverErrors: logged.errors,
    ackMs: ackedAt === null ? Infinity : ackedAt - emittedAt,
    moderatorFailure: failure,
    cpu,
    contended: cpu.neighbours >= CONTENDED_NEIGHBOUR_CPU_PERCENT,
    waitedForOthersMs,
  };
}

function report({ cycles, setup, stoppedEarly, seconds }: Awaited<ReturnType<typeof run>>) {
  if (cycles.length === 0) throw new Error(`no cycle completed: ${stoppedEarly}`);
  const serverSplit = cycles.map((cycle) => cycle.split.server?.tookMs ?? Infinity);
  const serverReturn = cycles.map((cycle) => cycle.returned.server?.tookMs ?? Infinity);
  const figures = (pick: (cycle: Cycle) => number) => {
    const values = cycles.map(pick);
    return { median: median(values), worst: Math.max(...values) };
  };
  const baseline = figures((cycle) => cycle.broadcast.received.p95);
  const split = figures((cycle) => cycle.split.received.p95);
  const splitJoined = figures((cycle) => cycle.split.joined?.p95 ?? Infinity);
  const back = figures((cycle) => cycle.returned.received.p95);
  const backJoined = figures((cycle) => cycle.returned.joined?.p95 ?? Infinity);
  const serverSplitMs = median(serverSplit);
  const serverReturnMs = median(serverReturn);
  const serverMs = Math.max(serverSplitMs, serverReturnMs);
  const targets = {
    server_ms: serverMs < TARGET_SERVER_MS,
    p95_split_ms: split.median < TARGET_P95_MS,
    p95_return_ms: back.median < TARGET_P95_MS,
  };
  const ratio = (value: number) => (baseline.median > 0 && Number.isFinite(value) ? round(value / baseline.median, 2) : null);

  log('');
  log(
    `server: split ${formatMs(serverSplitMs)}, return ${formatMs(serverReturnMs)} → server_ms ${formatMs(serverMs)} ` +
      `(target < ${TARGET_SERVER_MS} ms: ${targets.server_ms ? 'met' : 'NOT met'})`,
  );
  log(
    `p95 to receive: split ${formatMs(split.median)} (${ratio(split.median)}× broadcast), return ${formatMs(back.median)} ` +
      `(${ratio(back.median)}× broadcast); baseline broadcast ${formatMs(baseline.median)} ` +
      `(target < ${TARGET_P95_MS} ms: split ${targets.p95_split_ms ? 'met' : 'NOT met'}, return ${targets.p95_return_ms ? 'met' : 'NOT met'})`,
  );
  log(`p95 until in the new room: split ${formatMs(splitJoined.median)}, return ${formatMs(backJoined.median)}`);
  const refusedJoins = (pick: (cycle: Cycle) => Move) => sum(cycles.map((cycle) => sum(Object.values(pick(cycle).errors))));
  const joinsRefused = { split: refusedJoins((cycle) => cycle.split), return: refusedJoins((cycle) => cycle.returned) };
  const retriedJoins = (pick: (cycle: Cycle) => Move) => sum(cycles.map((cycle) => sum(Object.values(pick(cycle).retried))));
  const joinsRetried = { split: retriedJoins((cycle) => cycle.split), return: retriedJoins((cycle) => cycle.returned) };
  if (joinsRefused.split + joinsRefused.return > 0) {
    log(
      `caution: room:join refused ${joinsRefused.split} time(s) into a group and ${joinsRefused.return} time(s) back into the session ` +
        `over ${cycles.length} cycle(s) (server_errors in per_cycle says why)`,
    );
  }
  const contended = cycles.flatMap((cycle) => [cycle.broadcast, cycle.split, cycle.returned]).filter((move) => move.contended);
  if (contended.length > 0) {
    log(`caution: ${contended.length} measurement(s) ran while other tasks used ≥ ${CONTENDED_NEIGHBOUR_CPU_PERCENT}% of a core`);
  }
  log(`(${seconds.toFixed(0)} s)`);

  const result = {
    bench: 'buzz-regroup',
    server_ms: finite(serverMs, 1),
    p95_split_ms: finite(split.median, 1),
    p95_return_ms: finite(back.median, 1),
    server_split_ms: finite(serverSplitMs, 1),
    server_return_ms: finite(serverReturnMs, 1),
    p95_split_joined_ms: finite(splitJoined.median, 1),
    p95_return_joined_ms: finite(backJoined.median, 1),
    baseline_p95_broadcast_ms: finite(baseline.median, 1),
    joins_refused: joinsRefused,
    joins_retried: joinsRetried,
    split_vs_broadcast: ratio(split.median),
    return_vs_broadcast: ratio(back.median),
    targets: { server_ms: TARGET_SERVER_MS, p95_ms: TARGET_P95_MS },
    targets_met: { ...targets, all: targets.server_ms && targets.p95_split_ms && targets.p95_return_ms },
    aggregate: 'median of cycles',
    worst: {
      server_split_ms: finite(Math.max(...serverSplit), 1),
      server_return_ms: finite(Math.max(...serverReturn), 1),
      p95_split_ms: finite(split.worst, 1),
      p95_return_ms: finite(back.worst, 1),
      p95_split_joined_ms: finite(splitJoined.worst, 1),
      p95_return_joined_ms: finite(backJoined.worst, 1),
      baseline_p95_broadcast_ms: finite(baseline.worst, 1),
    },
    bots: options.bots,
    groups: options.groups,
    cycles: cycles.length,
    ...(stoppedEarly ? { cycles_planned: options.cycles, stopped_early: stoppedEarly } : {}),
    clock: 'wall clock, performance.timeOrigin + performance.now(), one machine',
    cores: os.cpus().length,
    setup_seconds: {
      connect: round(setup.connectSeconds, 1),
      join: round(setup.joinSeconds, 1),
      settle: round(setup.settleSeconds, 1),
    },
    waited_for_quiet_seconds: Math.round((QUIET_WAIT_BUDGET_MS - quietWaitBudget.remainingMs) / 1000),
    seconds: Math.round(seconds),
    per_cycle: cycles.map((cycle) => ({
      cycle: cycle.cycle,
      settle_seconds: round(cycle.settleMs / 1000, 1),
      broadcast: summary(cycle.broadcast),
      split: { ...summary(cycle.split), server_ms: finite(cycle.split.server?.tookMs ?? Infinity, 1), groups: cycle.split.groups },
      return: { ...summary(cycle.returned), server_ms: finite(cycle.returned.server?.tookMs ?? Infinity, 1) },
    })),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function summary(move: Move) {
  const spreadOf = (spread: Spread) => ({
    p50_ms: finite(spread.p50, 1),
    p95_ms: finite(spread.p95, 1),
    max_ms: finite(spread.max, 1),
    ...(spread.missing > 0 ? { missing: spread.missing } : {}),
  });
  return {
    received: spreadOf(move.received),
    ...(move.joined ? { joined: spreadOf(move.joined) } : {}),
    moderator_ack_ms: finite(move.ackMs, 1),
    ...(move.moderatorFailure ? { moderator_failure: move.moderatorFailure } : {}),
    cpu: {
      server: round(sum(move.cpu.server), 1),
      bots: move.cpu.bots.map((cpu) => round(cpu, 1)),
      postgres: round(move.cpu.postgres, 1),
      neighbours: round(move.cpu.neighbours, 1),
    },
    ...(Object.keys(move.errors).length > 0 ? { errors: move.errors } : {}),
    ...(Object.keys(move.retried).length > 0 ? { retried: move.retried } : {}),
    ...(Object.keys(move.serverErrors).length > 0 ? { server_errors: move.serverErrors } : {}),
    ...(move.disconnects > 0 ? { disconnects: move.disconnects } : {}),
    ...(move.contended ? { contended: true } : {}),
    ...(move.waitedForOthersMs > 0 ? { waited_seconds: round(move.waitedForOthersMs / 1000, 1) } : {}),
  };
}

function describeMove(move: Move): string {
  const spread = (name: string, value: Spread) =>
    `${name} p50 ${formatMs(value.p50)} p95 ${formatMs(value.p95)} max ${formatMs(value.max)}` +
    (value.missing > 0 ? ` (${value.missing} missing)` : '');
  const { cpu } = move;
  return (
    `${move.kind}: ${spread('received', move.received)}` +
    (move.joined ? `; ${spread('joined', move.joined)}` : '') +
    `; moderator ack ${formatMs(move.ackMs)}` +
    `; cpu over ${formatMs(cpu.elapsedMs)}: server ${sum(cpu.server).toFixed(0)}%, bots ${cpu.bots.map((b) => `${b.toFixed(0)}%`).join(' + ')}, ` +
    `postgres ${cpu.postgres.toFixed(0)}%, other tasks ${cpu.neighbours.toFixed(0)}%` +
    (Object.keys(move.errors).length > 0 ? `; refused ${JSON.stringify(move.errors)}` : '') +
    (Object.keys(move.retried).length > 0 ? `; retried ${JSON.stringify(move.retried)}` : '') +
    (Object.keys(move.serverErrors).length > 0 ? `; server logged ${JSON.stringify(move.serverErrors)}` : '') +
    (move.disconnects > 0 ? `; ${move.disconnects} disconnected` : '') +
    (move.contended ? ' (contended)' : '')
  );
}

const describeServer = (timing: ServerTiming | undefined) =>
  timing ? `${formatMs(timing.tookMs)} for ${timing.members} people in ${timing.groups} groups` : 'timing not logged';

function parseOptions(args: string[]) {
  const parsed: { bots: number; groups: number; cycles: number; serverLog?: string; profileDir?: string } = {
    bots: 1_000,
    groups: 200,
    cycles: 3,
  };
  for (const arg of args) {
    const [flag, value = ''] = arg.split(/=(.*)/s);
    const number = /^\d+$/.test(value) ? Number(value) : NaN;
    if (flag === '--bots' && number >= 2) parsed.bots = number;
    else if (flag === '--groups' && number >= 1 && number <= 500) parsed.groups = number;
    else if (flag === '--cycles' && number >= 1) parsed.cycles = number;
    else if (flag === '--server-log' && value) parsed.serverLog = value;
    else if (flag === '--profile-server' && value) parsed.profileDir = path.resolve(value);
    else {
      log(`bad option ${arg}; usage: ${USAGE} (--bots ≥ 2, --groups 1…500 and at most --bots, --cycles ≥ 1)`);
      process.exit(1);
    }
  }
  if (parsed.groups > parsed.bots) {
    log(`--groups=${parsed.groups} is more than --bots=${parsed.bots}; usage: ${USAGE}`);
    process.exit(1);
  }
  return parsed;
}

const formatMs = (ms: number) => (Number.isFinite(ms) ? `${ms.toFixed(1)} ms` : '∞');
const round = (value: number, digits: number) => Number(value.toFixed(digits));
/** JSON has no Infinity: a figure that never arrived is reported as null. */
const finite = (value: number, digits: number) => (Number.isFinite(value) ? round(value, digits) : null);

const outcome = await runClosingOnFailure(run, resources, interrupt);
report(outcome);
