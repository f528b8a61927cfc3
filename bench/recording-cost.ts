/**
 * recording-cost: what it costs to record M people on stage at once through
 * the real capture path, and whether what it writes is whole. Usage:
 * `npm run bench -- recording-cost [--concurrent=20] [--seconds=60] [--keep-files]`
 * (`--concurrent=2 --seconds=5` is a quick smoke run; `--keep-files` leaves
 * the recordings in the temporary directory and says where).
 *
 * Streams. One real mediasoup worker and one router; M people, each a VP8
 * camera and an Opus microphone producer on its own PlainTransport, fed by
 * its own replay of sfu-fanout's pre-encoded clip (sfuFanout/rtpClip.ts,
 * about 560 kbps, a keyframe every second, replayed at its own pace by
 * sfuFanout/rtpSource.ts); recordingCost/streamFleet.ts.
 *
 * Recordings. One `RtpCapture` (server/recording/rtpCapture.ts) per person,
 * all started at once, each writing 2 s WebM segments by stream copy into
 * its own temporary directory; after S seconds all are stopped at once
 * (gracefully: ffmpeg is sent 'q'). recordingCost/recordingFleet.ts.
 *
 * CPU per recording, in cores. The recorded period runs from just before
 * the captures start to when the last has stopped; the baseline is the same
 * M streams flowing into the same worker with no recording, measured in the
 * same run for S/2 seconds before the recordings and S/2 after (so that a
 * drift of the machine's state shows in the two halves, which are reported).
 * Counted: the worker (utime + stime from /proc/<pid>/stat, all threads),
 * this Node process (process.cpuUsage(): the sources, the captures'
 * bookkeeping) and the ffmpeg processes over their whole life (this process's
 * cutime + cstime: children that ended, start-up and the final flush
 * included). cpu_per_recording = (ffmpeg + worker above its baseline + Node
 * above its baseline) ÷ period ÷ M. The steady-state figure beside it counts
 * the same between "all are recording" and "stop", with each ffmpeg read
 * from /proc/<pid>/stat: without the start-up and stop. Softirq time (the
 * loopback delivery to ffmpeg, charged to no process) and other tasks on the
 * machine are reported, not counted.
 *
 * Files. After the recordings, every segment is opened and decoded by
 * ffprobe (VP8 + Opus expected, a duration in its header, the first video
 * frame a keyframe), and each recording's segments are decoded concatenated,
 * in order, through ffmpeg's concat demuxer: any error from the demuxer or a
 * decoder makes the recording undecodable (recordingCost/checkRecording.ts).
 * Reported beside, not counted as errors: jumps in a stream's timeline
 * within a segment, and packets that fall at or before the previous one of
 * their stream once segments are concatenated. A recording's wall time runs
 * from its first run's start (`capture.runStarts`: media begins to flow to
 * ffmpeg) to its stop() call; its duration error is |decoded − wall| ÷ wall,
 * and max_duration_error the worst over the recordings.
 *
 * The machine is shared: before the baseline the run waits (up to two
 * minutes) while other tasks use a quarter of a core or more, and it is
 * flagged `contended` when they did during the baseline or the recordings.
 * Their load barely changes the CPU time counted, but it delays ffmpeg and
 * the worker, which is what durations and decodability would show.
 *
 * Targets (reported, never failing the process): 20 concurrent recordings on
 * this 2-core machine, every file decodable, each within 2% of its wall time,
 * at most 0.05 core per recording.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { readProcessCpuMs } from './sfuFanout/counters.js';
import { closeOnInterrupt, createResourceStack, runClosingOnFailure } from './chatFanout/resourceStack.js';
import { createRtpClip } from './sfuFanout/rtpClip.js';
import { checkRecording, type RecordingCheck } from './recordingCost/checkRecording.js';
import { combineSpans, cpuBetween, takeCpuSnapshot, waitForQuietMachine, type CpuSpan } from './recordingCost/cpuAccount.js';
import { startRecordingFleet, type RecordingOutcome } from './recordingCost/recordingFleet.js';
import { createStreamFleet, type StreamFleet } from './recordingCost/streamFleet.js';

const TARGETS = { concurrent: 20, cpuPerRecording: 0.05, maxDurationError: 0.02 };
const SEGMENT_SECONDS = 2;
/** Media flows this long before the baseline, so that it measures the worker in its steady state. */
const SETTLE_MS = 2_000;
const EXPECTED_CODECS = { video: 'vp8', audio: 'opus' };
/**
 * Other tasks using this much of the machine (in cores) make a run
 * contended: before the baseline it waits, up to {@link QUIET_WAIT_BUDGET_MS},
 * for them to quieten down, and the figures say when they did not.
 */
const CONTENDED_CORES = 0.25;
const QUIET_WAIT_BUDGET_MS = 120_000;

// Worker warnings and errors (mediasoup logs through `debug`) go to stderr;
// mediasoup reads DEBUG when it loads, hence the dynamic import.
process.env.DEBUG ??= 'mediasoup:WARN* mediasoup:ERROR*';
const { createWorker } = await import('mediasoup');

const log = (line: string) => process.stderr.write(`${line}\n`);
const USAGE = 'npm run bench -- recording-cost [--concurrent=20] [--seconds=60] [--keep-files]';
const options = parseOptions(process.argv.slice(3));
const resources = createResourceStack(log);
const interrupt = closeOnInterrupt(resources, log);
// The captures' own warnings (an ffmpeg that died and was restarted) on stderr: stdout ends with the figures.
const logger = pino({ name: 'recording-cost', level: 'warn' }, pino.destination(2));

type SteadyState = { span: CpuSpan; ffmpegPerRecording: number; ffmpegCounted: number };

async function run() {
  const startedAt = Date.now();
  const { concurrent: count, seconds } = options;
  log(
    `recording-cost: ${count} concurrent recordings of ${seconds} s (VP8 + Opus, stream copy, ${SEGMENT_SECONDS} s WebM segments); ` +
      `targets: ${TARGETS.concurrent} concurrent, all decodable, within ${TARGETS.maxDurationError * 100}% of wall time, ` +
      `≤ ${TARGETS.cpuPerRecording} core per recording`,
  );
  const directory = await mkdtemp(path.join(os.tmpdir(), 'convene-recording-cost-'));
  if (!options.keepFiles) resources.push(() => rm(directory, { recursive: true, force: true }));
  // Closed before the directory is removed: kills the clip's and the checks' ffmpeg/ffprobe.
  const abort = new AbortController();
  resources.push(() => abort.abort());

  const clip = await createRtpClip(directory, abort.signal);
  const fleetDepth = resources.depth();
  const streams = await createStreamFleet({ createWorker, clip, count });
  resources.push(() => streams.close());
  const workerPid = streams.worker.pid;
  log(`${count} people's camera + microphone flowing into one mediasoup worker (pid ${workerPid})`);
  await sleep(SETTLE_MS);
  const quiet = await waitForQuietMachine(workerPid, { threshold: CONTENDED_CORES, budgetMs: QUIET_WAIT_BUDGET_MS, sampleMs: 1_000 });
  if (quiet.waitedMs > 0) {
    log(`waited ${(quiet.waitedMs / 1000).toFixed(0)} s for other tasks to quieten down (last: ${percent(quiet.neighbours)} of a core)`);
  }

  const baselineBefore = await measureIdle(workerPid, (seconds * 1000) / 2);
  log(`baseline before: ${describeSpan(baselineBefore)}`);

  const { period, steady, outcomes, startSeconds } = await record(streams, directory, seconds);
  log(`recorded period: ${describeSpan(period)}, ffmpeg (ended children) ${percent(period.endedChildren)}`);

  await sleep(SETTLE_MS);
  const baselineAfter = await measureIdle(workerPid, (seconds * 1000) / 2);
  log(`baseline after: ${describeSpan(baselineAfter)}`);
  await resources.closeDownTo(fleetDepth);

  const checkStartedAt = Date.now();
  const checks = await mapConcurrently(outcomes, os.cpus().length, (outcome) =>
    outcome.startError === undefined ? checkRecording(outcome.directory, EXPECTED_CODECS, abort.signal) : Promise.resolve(undefined),
  );
  const checkSeconds = (Date.now() - checkStartedAt) / 1000;
  if (options.keepFiles) log(`recordings kept in ${directory}`);
  return {
    count,
    seconds,
    startSeconds,
    waitedForQuietSeconds: quiet.waitedMs / 1000,
    baseline: { before: baselineBefore, after: baselineAfter },
    period,
    steady,
    outcomes,
    checks,
    checkSeconds,
    totalSeconds: (Date.now() - startedAt) / 1000,
  };
}

/**
 * The recorded period: starts a capture per person, all at once, records for
 * `seconds`, stops them all, and accounts for the CPU over the whole period
 * and over its steady part (from all recording to the stop).
 */
async function record(streams: StreamFleet, directory: string, seconds: number) {
  const workerPid = streams.worker.pid;
  const periodStart = takeCpuSnapshot(workerPid);
  const capturesDepth = resources.depth();
  const recordings = await startRecordingFleet({
    router: streams.router,
    people: streams.people,
    directory,
    logger,
    segmentSeconds: SEGMENT_SECONDS,
    onOpened: (stop) => resources.push(stop),
  });
  const steadyStart = takeCpuSnapshot(workerPid);
  const startSeconds = (steadyStart.atMs - periodStart.atMs) / 1000;
  const pidsAtStart = recordings.ffmpegPids();
  const recording = pidsAtStart.filter((pid) => pid !== undefined).length;
  log(`${recording} of ${pidsAtStart.length} captures started in ${startSeconds.toFixed(1)} s; recording for ${seconds} s`);
  const ffmpegAtStart = pidsAtStart.map((pid) => (pid === undefined ? 0 : readProcessCpuMs(pid)));
  await sleep(seconds * 1000);
  const steadyEnd = takeCpuSnapshot(workerPid);
  const pidsAtEnd = recordings.ffmpegPids();
  // Only ffmpegs that ran the whole steady window, under the same pid (none restarted).
  const ffmpegSteadyMs = pidsAtStart.flatMap((pid, i) =>
    pid !== undefined && pidsAtEnd[i] === pid ? [readProcessCpuMs(pid) - ffmpegAtStart[i]!] : [],
  );
  const outcomes = await recordings.stopAll();
  const periodEnd = takeCpuSnapshot(workerPid);
  await resources.closeDownTo(capturesDepth);
  const steadySpan = cpuBetween(steadyStart, steadyEnd);
  const steady: SteadyState = {
    span: steadySpan,
    ffmpegPerRecording: sum(ffmpegSteadyMs) / 1000 / steadySpan.seconds / Math.max(1, ffmpegSteadyMs.length),
    ffmpegCounted: ffmpegSteadyMs.length,
  };
  return { period: cpuBetween(periodStart, periodEnd), steady, outcomes, startSeconds };
}

async function measureIdle(workerPid: number, durationMs: number): Promise<CpuSpan> {
  const before = takeCpuSnapshot(workerPid);
  await sleep(durationMs);
  return cpuBetween(before, takeCpuSnapshot(workerPid));
}

type Outcome = Awaited<ReturnType<typeof run>>;

/** One recording's wall time against what its files hold. */
type RecordingFigures = {
  index: number;
  wallSeconds: number;
  decodedSeconds: number;
  durationError: number;
  check: RecordingCheck;
  outcome: RecordingOutcome;
};

function report(outcome: Outcome) {
  const { count, baseline, period, steady, outcomes, checks } = outcome;
  const base = combineSpans([baseline.before, baseline.after]);
  const recorded: RecordingFigures[] = outcomes.flatMap((recording, i) => {
    const check = checks[i];
    if (!check || recording.startedAt === undefined || recording.stopCalledAt === undefined) return [];
    const wallSeconds = (recording.stopCalledAt - recording.startedAt) / 1000;
    const durationError = Math.abs(check.decodedSeconds - wallSeconds) / wallSeconds;
    return [{ index: recording.index, wallSeconds, decodedSeconds: check.decodedSeconds, durationError, check, outcome: recording }];
  });
  const started = recorded.length;
  const startFailures = outcomes.filter((recording) => recording.startError !== undefined);
  const crashes = outcomes.flatMap((recording) => recording.crashes.map((exit) => ({ recording: recording.index, exit })));
  const uncleanStops = recorded.filter(({ outcome }) => outcome.finalExit?.code !== 0);

  // The recordings' own cost: what the period used above the no-recording baseline.
  const perRecording = (cores: number) => (started > 0 ? cores / started : 0);
  const parts = {
    ffmpeg: perRecording(period.endedChildren),
    worker: perRecording(period.worker - base.worker),
    node: perRecording(period.node - base.node),
  };
  const cpuPerRecording = parts.ffmpeg + parts.worker + parts.node;
  const steadyParts = {
    ffmpeg: steady.ffmpegPerRecording,
    worker: perRecording(steady.span.worker - base.worker),
    node: perRecording(steady.span.node - base.node),
  };
  const steadyPerRecording = steadyParts.ffmpeg + steadyParts.worker + steadyParts.node;

  // About the files written: a recording that never started is the concurrency target's miss.
  const allDecodable =
    started > 0 && recorded.every(({ check }) => check.decodable && check.probeFailures.length === 0 && check.segments > 0);
  const maxDurationError = started > 0 ? Math.max(...recorded.map((figures) => figures.durationError)) : 1;
  const recordedMinusWall = recorded.map((figures) => figures.decodedSeconds - figures.wallSeconds).sort((a, b) => a - b);
  const met = {
    concurrent: count >= TARGETS.concurrent && started === count && uncleanStops.length === 0,
    all_decodable: allDecodable,
    max_duration_error: maxDurationError <= TARGETS.maxDurationError,
    cpu_per_recording: cpuPerRecording <= TARGETS.cpuPerRecording,
  };

  log('');
  for (const failure of startFailures) log(`recording ${failure.index} failed to start: ${failure.startError}`);
  for (const { recording, exit } of crashes) {
    log(`recording ${recording}: ffmpeg run ${exit.run} died (${exit.signal ?? exit.code}): ${exit.stderrTail.slice(-3).join(' | ')}`);
  }
  for (const { index, outcome: recording } of uncleanStops) {
    log(`recording ${index}: the last ffmpeg ended with ${recording.finalExit?.signal ?? recording.finalExit?.code} on stop`);
  }
  for (const { index, check } of recorded) {
    const problems = [
      ...check.probeFailures.map((line) => `ffprobe: ${line}`),
      ...check.decodeErrors.map((line) => `decode: ${line}`),
      ...(check.unfinished.length ? [`unfinished segments: ${check.unfinished.join(', ')}`] : []),
      ...(check.notStartingOnKeyframe.length ? [`not starting on a keyframe: ${check.notStartingOnKeyframe.join(', ')}`] : []),
      ...(check.irregularities.length ? [`timeline jumps: ${describeJumps(check.irregularities)}`] : []),
      ...(check.overlaps ? [`${check.overlaps} packets at or before the previous one of their stream once concatenated`] : []),
    ];
    for (const problem of problems) log(`recording ${index}: ${problem}`);
  }
  log(
    `baseline (no recording, ${base.seconds.toFixed(0)} s): worker ${percent(base.worker)}, node ${percent(base.node)}; ` +
      `recorded period (${period.seconds.toFixed(1)} s): worker ${percent(period.worker)}, node ${percent(period.node)}, ` +
      `ffmpeg ${percent(period.endedChildren)} in all`,
  );
  log(
    `cpu per recording: ${cpuPerRecording.toFixed(4)} core (ffmpeg ${parts.ffmpeg.toFixed(4)}, worker ${parts.worker.toFixed(4)}, ` +
      `node ${parts.node.toFixed(4)}); steady state ${steadyPerRecording.toFixed(4)} core ` +
      `(ffmpeg ${steadyParts.ffmpeg.toFixed(4)}, worker ${steadyParts.worker.toFixed(4)}, node ${steadyParts.node.toFixed(4)})`,
  );
  log(
    `durations: recorded − wall from ${seconds3(recordedMinusWall[0])} to ${seconds3(recordedMinusWall.at(-1))} ` +
      `(median ${seconds3(median(recordedMinusWall))}), worst error ${(maxDurationError * 100).toFixed(2)}%; ` +
      `${sum(recorded.map(({ check }) => check.segments))} segments, all decodable: ${allDecodable}`,
  );
  const contended = base.neighbours >= CONTENDED_CORES || period.neighbours >= CONTENDED_CORES;
  if (contended) {
    log(
      `caution: other tasks used ${percent(base.neighbours)} of a core during the baseline and ` +
        `${percent(period.neighbours)} during the recordings`,
    );
  }
  log(
    `targets: ${TARGETS.concurrent} concurrent: ${metText(met.concurrent)}; all decodable: ${metText(met.all_decodable)}; ` +
      `within ${TARGETS.maxDurationError * 100}% of wall time: ${metText(met.max_duration_error)}; ` +
      `≤ ${TARGETS.cpuPerRecording} core per recording: ${metText(met.cpu_per_recording)} (${outcome.totalSeconds.toFixed(0)} s)`,
  );

  const spanFigures = (span: CpuSpan) => ({
    seconds: round(span.seconds, 1),
    worker: round(span.worker, 4),
    node: round(span.node, 4),
    interrupts: round(span.interrupts, 4),
    other_tasks: round(span.neighbours, 4),
  });
  const result = {
    bench: 'recording-cost',
    concurrent: started,
    cpu_per_recording: round(cpuPerRecording, 4),
    all_decodable: allDecodable,
    max_duration_error: round(maxDurationError, 4),
    targets: {
      concurrent: TARGETS.concurrent,
      all_decodable: true,
      max_duration_error: TARGETS.maxDurationError,
      cpu_per_recording: TARGETS.cpuPerRecording,
    },
    targets_met: { ...met, all: Object.values(met).every(Boolean) },
    requested: count,
    seconds: outcome.seconds,
    cpu_parts_per_recording: { ffmpeg: round(parts.ffmpeg, 4), worker: round(parts.worker, 4), node: round(parts.node, 4) },
    steady_cpu_per_recording: round(steadyPerRecording, 4),
    steady_parts_per_recording: {
      ffmpeg: round(steadyParts.ffmpeg, 4),
      worker: round(steadyParts.worker, 4),
      node: round(steadyParts.node, 4),
      ffmpeg_processes_counted: steady.ffmpegCounted,
    },
    interrupts_per_recording: round(perRecording(period.interrupts - base.interrupts), 4),
    baseline: { ...spanFigures(base), before: spanFigures(baseline.before), after: spanFigures(baseline.after) },
    recorded_period: { ...spanFigures(period), ffmpeg: round(period.endedChildren, 4) },
    durations: {
      wall_seconds: summary(recorded.map((figures) => figures.wallSeconds), 3),
      decoded_seconds: summary(recorded.map((figures) => figures.decodedSeconds), 3),
      recorded_minus_wall_seconds: summary(recordedMinusWall, 3),
      segments_sum_minus_wall_seconds: summary(recorded.map(({ check, wallSeconds }) => check.segmentSecondsTotal - wallSeconds), 3),
      errors: recorded.map((figures) => round(figures.durationError, 4)),
    },
    segments: {
      total: sum(recorded.map(({ check }) => check.segments)),
      unfinished: sum(recorded.map(({ check }) => check.unfinished.length)),
      not_starting_on_keyframe: sum(recorded.map(({ check }) => check.notStartingOnKeyframe.length)),
      probe_failures: sum(recorded.map(({ check }) => check.probeFailures.length)),
      undecodable_recordings: recorded.filter(({ check }) => !check.decodable).length,
      overlaps_when_concatenated: sum(recorded.map(({ check }) => check.overlaps)),
    },
    contended,
    waited_for_quiet_seconds: Math.round(outcome.waitedForQuietSeconds),
    timestamp_jumps: jumpFigures(recorded.map(({ check }) => check)),
    start_failures: startFailures.length,
    ffmpeg_restarts: crashes.length,
    unclean_stops: uncleanStops.length,
    start_all_seconds: round(outcome.startSeconds, 2),
    stop_seconds_max: round(Math.max(0, ...recorded.map(({ outcome: recording }) => recording.stopSeconds ?? 0)), 2),
    check_seconds: Math.round(outcome.checkSeconds),
    total_seconds: Math.round(outcome.totalSeconds),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function parseOptions(args: string[]) {
  const parsed = { concurrent: 20, seconds: 60, keepFiles: false };
  for (const arg of args) {
    const [name, value] = arg.split('=', 2);
    if (name === '--concurrent' && value && /^\d+$/.test(value) && Number(value) >= 1) parsed.concurrent = Number(value);
    else if (name === '--seconds' && value && Number(value) > 0) parsed.seconds = Number(value);
    else if (arg === '--keep-files') parsed.keepFiles = true;
    else {
      log(`unknown or invalid option ${arg}; usage: ${USAGE}`);
      process.exit(1);
    }
  }
  return parsed;
}

type Jump = RecordingCheck['irregularities'][number];

/** A recording's jumps, run together per stream and segment (squeezed audio comes as a row of small ones). */
function describeJumps(jumps: Jump[]): string {
  const groups = new Map<string, Jump[]>();
  for (const jump of jumps) {
    const key = `${jump.kind} in ${jump.segment}`;
    groups.set(key, [...(groups.get(key) ?? []), jump]);
  }
  return [...groups]
    .map(([where, group]) => {
      const total = sum(group.map((jump) => jump.offByMs));
      const at = group.length === 1 ? `at ${group[0]!.atSeconds.toFixed(3)} s` : `${group.length} intervals from ${group[0]!.atSeconds.toFixed(3)} s`;
      return `${where} ${at}, ${total >= 0 ? '+' : ''}${total.toFixed(0)} ms in all`;
    })
    .join('; ');
}

/** How often, where and by how much the recordings' timelines jump. */
function jumpFigures(checks: RecordingCheck[]) {
  const jumps = checks.flatMap((check) => check.irregularities);
  const isFirstSegment = (jump: Jump) => /-00000\.webm$/.test(jump.segment);
  return {
    recordings_affected: checks.filter((check) => check.irregularities.length > 0).length,
    video_intervals: jumps.filter((jump) => jump.kind === 'video').length,
    audio_intervals: jumps.filter((jump) => jump.kind === 'audio').length,
    in_first_segment: jumps.filter(isFirstSegment).length,
    largest_ms: round(Math.max(0, ...jumps.map((jump) => Math.abs(jump.offByMs))), 1),
  };
}

function describeSpan(span: CpuSpan): string {
  return (
    `${span.seconds.toFixed(1)} s, worker ${percent(span.worker)}, node ${percent(span.node)}, ` +
    `softirq ${percent(span.interrupts)}, other tasks ${percent(span.neighbours)}`
  );
}

async function mapConcurrently<T, R>(items: T[], concurrency: number, map: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const work = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await map(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, work));
  return results;
}

function summary(values: number[], digits: number) {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    min: round(sorted[0] ?? 0, digits),
    median: round(median(sorted) ?? 0, digits),
    max: round(sorted.at(-1) ?? 0, digits),
  };
}

/** The median of values sorted ascending. */
function median(sorted: number[]): number | undefined {
  if (sorted.length === 0) return undefined;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
const round = (value: number, digits: number) => Number(value.toFixed(digits));
const percent = (cores: number) => `${(cores * 100).toFixed(1)}%`;
const seconds3 = (value: number | undefined) => (value === undefined ? 'n/a' : `${value >= 0 ? '+' : ''}${value.toFixed(3)} s`);
const metText = (isMet: boolean) => (isMet ? 'met' : 'NOT met');

const outcome: Outcome = await runClosingOnFailure(run, resources, interrupt);
await resources.closeAll();
report(outcome);
