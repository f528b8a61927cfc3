/**
 * join-storm: how long people wait when a whole audience arrives at once.
 * 1,000 people join one webinar within 10 seconds while a speaker is on
 * stage. Usage: `npm run bench -- join-storm [--joiners=1000] [--seconds=10]
 * [--baseline-joins=5] [--server-log=FILE] [--profile-server=DIR]`.
 *
 * Server. The real server (server/index.ts) in its own process, in-memory
 * Socket.IO adapter, a media worker per core as in production, on a fresh
 * PostgreSQL database (dropped afterwards), with the per-person,
 * per-socket and per-address budgets lifted (shared/benchServer.ts), in
 * the seeded webinar `people-power`.
 *
 * Speaker. A Socket.IO client with a speaker invitation, on stage, producing
 * a VP8 camera and an Opus microphone on a sending WebRTC transport
 * (joinStorm/speaker.ts). The producers are real; the bot has no WebRTC
 * stack, so no packets flow.
 *
 * Joiners. N bots (socket.io-client, WebSocket, each a person with its own
 * identity) in two processes (joinStorm/joinerProcess.ts), signed in and
 * connected before the storm, then joining at evenly spaced moments over
 * the storm's seconds (joiner g at start + g × seconds / N). Each does what
 * the web client does before it can show the speaker
 * (joinStorm/joinAndConsume.ts): `room:join` (a refusal the client retries,
 * a busy server or a timeout, is retried after the client's delays),
 * `transport:create` for a receiving transport, `media:consume` of the
 * first video on stage, then resumes the consumer.
 *
 * Figures. Per joiner, from emitting `room:join`: join_ms until the join is
 * answered (after any retries), ready_ms until the `media:consume` of the
 * speaker's video is answered on the joiner's receiving transport (the
 * server holds a consumer for them: the moment the client can attach the
 * track). p95_join_ms and p95_ready_ms are the 95th percentiles over the
 * joiners (nearest rank; a joiner that never got there counts as infinitely
 * late and is reported as null). The baseline, baseline_join_ms and
 * baseline_ready_ms, is the median of single joins (--baseline-joins, each
 * alone, one after another, after three not counted that warm the server
 * up) on the idle server with the speaker on stage, measured in the same
 * run before the storm. refused: joins still refused
 * after the client's retries; not_ready: joiners in the room who could not
 * consume the speaker's video. Targets: both p95 at most 2,000 ms, no
 * refused joins.
 *
 * The joiners, PostgreSQL and this process share the machine's cores with
 * the server; the storm waits (within a budget) while other tasks keep a
 * core busy, and CPU over the storm is reported, flagged `contended` when
 * other tasks took a quarter of a core or more.
 */
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { connectClient } from '../server/test/testClient.js';
import { startCpuMeter, sum, type CpuReading, type CpuSubjects } from './chatFanout/cpuMeter.js';
import { CONTENDED_NEIGHBOUR_CPU_PERCENT } from './chatFanout/measureStep.js';
import { now } from './chatFanout/protocol.js';
import { closeOnInterrupt, createResourceStack, runClosingOnFailure } from './chatFanout/resourceStack.js';
import { median, spread, type Spread } from './buzzRegroup/moveTiming.js';
import { waitForQuietMachine } from './buzzRegroup/settle.js';
import { joinAndConsume, type JoinTiming } from './joinStorm/joinAndConsume.js';
import { startJoiners, type JoinerProcess } from './joinStorm/joinerFleet.js';
import type { StormReport } from './joinStorm/protocol.js';
import { startSpeaker } from './joinStorm/speaker.js';
import { serverErrors, startBenchServer } from './shared/benchServer.js';

const TARGET_P95_MS = 2_000;
const JOINER_PROCESSES = 2;
const CONNECT_CONCURRENCY = 20;
/** The storm starts this long after it is ordered, so every joiner process has its schedule. */
const LEAD_MS = 1_000;
const POLL_MS = 250;
/** A storm in which nothing finishes for this long is over; the rest count as missing. */
const STALL_MS = 60_000;
const QUIET_WAIT_BUDGET_MS = 60_000;
/** Between two baseline joins: the one before has left for good. */
const BASELINE_PAUSE_MS = 300;
/** Single joins before the baseline's, not counted. */
const BASELINE_WARM_UP_JOINS = 3;

const log = (line: string) => process.stderr.write(`${line}\n`);
const USAGE =
  'npm run bench -- join-storm [--joiners=1000] [--seconds=10] [--baseline-joins=5] [--server-log=FILE] [--profile-server=DIR]';

const options = parseOptions(process.argv.slice(3));
const resources = createResourceStack(log);
const interrupt = closeOnInterrupt(resources, log);

type Storm = {
  join: Spread;
  ready: Spread;
  refused: Record<string, number>;
  retried: Record<string, number>;
  notReady: Record<string, number>;
  tookMs: number;
};

async function run() {
  const startedAt = Date.now();
  log(`join-storm: ${options.joiners} joiners in ${JOINER_PROCESSES} processes within ${options.seconds} s, a speaker on stage`);
  const { server, sessionId, invite } = await startBenchServer((close) => resources.push(close), {
    session: 'people-power',
    profileDir: options.profileDir,
  });
  if (options.serverLog) {
    const file = options.serverLog;
    // Written when the run closes, just before the server stops (also after a failure).
    resources.push(() => writeFile(file, server.output()));
  }
  const speaker = await startSpeaker(server.url, sessionId, await invite('speaker'));
  resources.push(async () => speaker.close());

  // The baseline: one person at a time on the idle server, once a few
  // joins have warmed it up (a fresh process's first requests run cold code).
  const baseline: JoinTiming[] = [];
  for (let i = 0; i < BASELINE_WARM_UP_JOINS + options.baselineJoins; i++) {
    const socket = await connectClient(server.url, `Baseline ${i}`);
    const timing = await joinAndConsume(socket, sessionId);
    if (i >= BASELINE_WARM_UP_JOINS) baseline.push(timing);
    socket.disconnect();
    await new Promise((resolve) => setTimeout(resolve, BASELINE_PAUSE_MS));
  }
  const baselineJoinMs = median(baseline.map((timing) => (timing.joinedAt === null ? Infinity : timing.joinedAt - timing.emittedAt)));
  const baselineReadyMs = median(baseline.map((timing) => (timing.readyAt === null ? Infinity : timing.readyAt - timing.emittedAt)));
  log(`baseline: a single join answered in ${formatMs(baselineJoinMs)}, the speaker's video consumed at ${formatMs(baselineReadyMs)} (median of ${baseline.length})`);

  const perProcess = Math.ceil(options.joiners / JOINER_PROCESSES);
  const { joiners, connectMs } = await startJoiners(
    Array.from({ length: JOINER_PROCESSES }, (_, i) => ({
      serverUrl: server.url,
      bots: Math.min(perProcess, options.joiners - i * perProcess),
      namePrefix: `Joiner ${i}.`,
    })).filter((plan) => plan.bots > 0),
    CONNECT_CONCURRENCY,
    (joiner) => resources.push(() => joiner.close()),
  );
  log(`server pid ${server.child.pid}, webinar ${sessionId}; ${options.joiners} joiners (pids ${joiners.map((j) => j.pid).join(', ')}) connected in ${(connectMs / 1000).toFixed(1)} s`);

  const subjects: CpuSubjects = { serverPids: [server.child.pid!], botPids: joiners.map((joiner) => joiner.pid), redisPid: undefined };
  const quietBudget = { remainingMs: QUIET_WAIT_BUDGET_MS };
  const waitedMs = await waitForQuietMachine(subjects, quietBudget);
  const logOffset = serverErrors(server, 0).offset;
  const meter = startCpuMeter(subjects);
  const startAt = now() + LEAD_MS;
  const spacingMs = (options.seconds * 1000) / options.joiners;
  joiners.forEach((joiner, processIndex) =>
    joiner.storm({ roomId: sessionId, startAt, spacingMs, processIndex, processCount: joiners.length }),
  );
  const storm = await collectStorm(joiners);
  const cpu = meter.read();
  const errors = serverErrors(server, logOffset).errors;
  await resources.closeAll();
  return { storm, cpu, errors, baselineJoinMs, baselineReadyMs, baselineCount: baseline.length, connectMs, waitedMs, seconds: (Date.now() - startedAt) / 1000 };
}

/** Waits until every joiner is in and ready (or refused), or nothing moves for a while. */
async function collectStorm(joiners: JoinerProcess[]): Promise<Storm> {
  const expected = sum(joiners.map((joiner) => joiner.bots));
  const stormStartedAt = now();
  let done = -1;
  let progressAt = now();
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    const reports = await Promise.all(joiners.map((joiner) => joiner.report()));
    const finished = count(reports.flatMap((report) => report.emittedAt));
    if (finished !== done) {
      done = finished;
      progressAt = now();
    }
    if (finished < expected && now() - progressAt < STALL_MS) continue;
    return summarise(reports, now() - stormStartedAt);
  }
}

function summarise(reports: StormReport[], tookMs: number): Storm {
  const emitted = reports.flatMap((report) => report.emittedAt);
  // Each joiner's own clock starts when it emitted its join; one that never got there is missing.
  const delays = (times: (number | null)[]) => times.map((time, i) => (time === null || emitted[i] === null ? null : time - emitted[i]!));
  return {
    join: spread(delays(reports.flatMap((report) => report.joinedAt)), 0),
    ready: spread(delays(reports.flatMap((report) => report.readyAt)), 0),
    refused: merge(reports.map((report) => report.refused)),
    retried: merge(reports.map((report) => report.retried)),
    notReady: merge(reports.map((report) => report.notReady)),
    tookMs,
  };
}

function report({ storm, cpu, errors, baselineJoinMs, baselineReadyMs, baselineCount, connectMs, waitedMs, seconds }: Awaited<ReturnType<typeof run>>) {
  const refused = sum(Object.values(storm.refused));
  const notReady = sum(Object.values(storm.notReady));
  const met = { p95_join_ms: storm.join.p95 <= TARGET_P95_MS, p95_ready_ms: storm.ready.p95 <= TARGET_P95_MS, refused: refused === 0 };
  const contended = cpu.neighbours >= CONTENDED_NEIGHBOUR_CPU_PERCENT;
  log('');
  log(
    `storm: joined p50 ${formatMs(storm.join.p50)} p95 ${formatMs(storm.join.p95)} max ${formatMs(storm.join.max)}; ` +
      `ready p50 ${formatMs(storm.ready.p50)} p95 ${formatMs(storm.ready.p95)} max ${formatMs(storm.ready.max)} ` +
      `(target p95 ≤ ${TARGET_P95_MS} ms: join ${met.p95_join_ms ? 'met' : 'NOT met'}, ready ${met.p95_ready_ms ? 'met' : 'NOT met'})`,
  );
  log(`baseline (a single join on the idle server): joined ${formatMs(baselineJoinMs)}, ready ${formatMs(baselineReadyMs)}`);
  log(`refused ${refused}${refused ? ` ${JSON.stringify(storm.refused)}` : ''}; not ready ${notReady}${notReady ? ` ${JSON.stringify(storm.notReady)}` : ''}`);
  log(describeCpu(cpu) + (contended ? ' (contended)' : ''));
  if (Object.keys(errors).length > 0) log(`server logged ${JSON.stringify(errors)}`);
  log(`(${seconds.toFixed(0)} s)`);

  const result = {
    bench: 'join-storm',
    joiners: options.joiners,
    p95_join_ms: finite(storm.join.p95),
    p95_ready_ms: finite(storm.ready.p95),
    baseline_join_ms: finite(baselineJoinMs),
    refused,
    baseline_ready_ms: finite(baselineReadyMs),
    p50_join_ms: finite(storm.join.p50),
    p50_ready_ms: finite(storm.ready.p50),
    max_join_ms: finite(storm.join.max),
    max_ready_ms: finite(storm.ready.max),
    join_vs_baseline: ratio(storm.join.p95, baselineJoinMs),
    ready_vs_baseline: ratio(storm.ready.p95, baselineReadyMs),
    not_ready: notReady,
    ...(refused ? { refused_by_code: storm.refused } : {}),
    ...(notReady ? { not_ready_by_code: storm.notReady } : {}),
    ...(Object.keys(storm.retried).length ? { retried: storm.retried } : {}),
    ...(Object.keys(errors).length ? { server_errors: errors } : {}),
    targets: { p95_ms: TARGET_P95_MS, refused: 0 },
    targets_met: { ...met, all: met.p95_join_ms && met.p95_ready_ms && met.refused },
    storm_seconds: options.seconds,
    storm_took_seconds: round(storm.tookMs / 1000, 1),
    baseline_joins: baselineCount,
    cpu: {
      server: round(sum(cpu.server), 1),
      joiners: cpu.bots.map((value) => round(value, 1)),
      postgres: round(cpu.postgres, 1),
      neighbours: round(cpu.neighbours, 1),
    },
    ...(contended ? { contended: true } : {}),
    ...(waitedMs > 0 ? { waited_for_quiet_seconds: round(waitedMs / 1000, 1) } : {}),
    setup_seconds: { connect: round(connectMs / 1000, 1) },
    clock: 'wall clock, performance.timeOrigin + performance.now(), one machine',
    cores: os.cpus().length,
    seconds: Math.round(seconds),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

const describeCpu = (cpu: CpuReading) =>
  `cpu over ${formatMs(cpu.elapsedMs)}: server ${sum(cpu.server).toFixed(0)}%, joiners ${cpu.bots.map((b) => `${b.toFixed(0)}%`).join(' + ')}, ` +
  `postgres ${cpu.postgres.toFixed(0)}%, other tasks ${cpu.neighbours.toFixed(0)}%`;

function parseOptions(args: string[]) {
  const parsed: { joiners: number; seconds: number; baselineJoins: number; serverLog?: string; profileDir?: string } = {
    joiners: 1_000,
    seconds: 10,
    baselineJoins: 5,
  };
  for (const arg of args) {
    const [flag, value = ''] = arg.split(/=(.*)/s);
    const number = /^\d+$/.test(value) ? Number(value) : NaN;
    if (flag === '--joiners' && number >= 1) parsed.joiners = number;
    else if (flag === '--seconds' && number >= 1) parsed.seconds = number;
    else if (flag === '--baseline-joins' && number >= 1) parsed.baselineJoins = number;
    else if (flag === '--server-log' && value) parsed.serverLog = value;
    else if (flag === '--profile-server' && value) parsed.profileDir = path.resolve(value);
    else {
      log(`bad option ${arg}; usage: ${USAGE} (--joiners ≥ 1, --seconds ≥ 1, --baseline-joins ≥ 1)`);
      process.exit(1);
    }
  }
  return parsed;
}

function merge(counts: Record<string, number>[]): Record<string, number> {
  const merged: Record<string, number> = {};
  for (const byCode of counts) for (const [code, n] of Object.entries(byCode)) merged[code] = (merged[code] ?? 0) + n;
  return merged;
}

const count = (times: (number | null)[]) => times.filter((time) => time !== null).length;
const formatMs = (ms: number) => (Number.isFinite(ms) ? `${ms.toFixed(1)} ms` : '∞');
const round = (value: number, digits: number) => Number(value.toFixed(digits));
/** JSON has no Infinity: a figure that never arrived is reported as null. */
const finite = (value: number) => (Number.isFinite(value) ? round(value, 1) : null);
const ratio = (value: number, base: number) => (Number.isFinite(value) && Number.isFinite(base) && base > 0 ? round(value / base, 2) : null);

const outcome = await runClosingOnFailure(run, resources, interrupt);
report(outcome);
