/**
 * sfu-fanout: how many viewers one mediasoup worker serves from one stage
 * producer, and how well that scales to two workers joined by
 * `router.pipeToRouter`. Usage:
 * `npm run bench -- sfu-fanout [--video-only] [--srtp=SUITE] [--receiver=sockets]`.
 *
 * Source. The stage producer is VP8 (about 500 kbps, a keyframe every
 * second) plus Opus, encoded at start-up from ffmpeg's lavfi test sources
 * and packetised into RTP by `ffmpeg -c copy` once (sfuFanout/rtpClip.ts).
 * Node then replays those packets in a loop, at their own pace, into a
 * PlainTransport (sfuFanout/rtpSource.ts). Replaying rather than leaving
 * ffmpeg to stream, because the benchmark then knows exactly how many
 * packets it sent in a window and can pause the source so that every
 * counter is read while nothing is in flight. With ffmpeg streaming, the
 * expected count would come from the producer's stats read at a slightly
 * different moment than the receiver's counter: an error of (packets in that
 * gap) × N, comparable to the 1% threshold.
 *
 * Viewers. A viewer is one PlainTransport with SRTP (its own keys) carrying a
 * VP8 and an Opus consumer, as a browser receives the stage; "consumers per
 * worker" counts viewers, that is video consumers, each with its audio.
 * `--video-only` leaves the Opus consumers out. SRTP uses PlainTransport's
 * default suite, AES_CM_128_HMAC_SHA1_80; `--srtp=AEAD_AES_256_GCM` (what
 * browsers usually negotiate with mediasoup) or another suite changes it.
 * RTCP goes to its own socket so that only RTP is counted.
 *
 * Counting. The consumers send to a closed UDP port and the kernel's
 * `Udp: NoPorts` counter counts the datagrams (sfuFanout/counters.ts);
 * `--receiver=sockets` counts with eight bound Node sockets instead.
 * Measured on the 2-core development machine, one worker, 250 viewers (about
 * 28,500 packets/s), no loss either way: with the kernel counter this
 * process used 2–3% of a core, with sockets 32%, the worker the same. On two
 * shared cores that third of a core would come out of the workers' share,
 * most of all in the two-worker run, so the kernel counter is the default.
 *
 * Loss = 1 − received ÷ (sent × N), with sent counted by the source (of the
 * kinds the viewers consume). Its parts are reported too: ingress (sent vs
 * the producers' packet counts), worker (producers × N vs the consumers' own
 * outbound packet counts) and network (consumers' counts vs received).
 *
 * Ramp. N doubles until a step fails (loss ≥ 1% or a worker at ≥ 95% of a
 * core), then is bisected. The machine is shared (browser tests often run
 * alongside on development machines): a window that fails while other tasks
 * used a quarter of a core or more is measured again (two windows at most),
 * and the output says when a capacity was bounded by a failure under such
 * contention. Before each window the benchmark also waits while other tasks
 * are that busy, up to a minute over the whole run.
 *
 * Baseline. The one-worker run is the baseline for the two-worker run (the
 * producer on router A, piped to router B, viewers alternating between the
 * two); scaling efficiency = two-worker capacity ÷ (2 × one-worker capacity).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { findCapacity } from './sfuFanout/capacitySearch.js';
import { createKernelSink, createRtcpSink, createSocketSink, measureBackground, type PacketSink } from './sfuFanout/counters.js';
import {
  CONTENDED_NEIGHBOUR_CPU_PERCENT,
  MAX_LOSS,
  SATURATED_CPU_PERCENT,
  measureStep,
  type StepResult,
  type StepTiming,
} from './sfuFanout/measureStep.js';
import { createRtpClip, type ClipStream, type RtpClip } from './sfuFanout/rtpClip.js';
import { createRtpSource } from './sfuFanout/rtpSource.js';
import type { types } from 'mediasoup';
import { SRTP_KEY_BYTES, createStage, type MediaKind } from './sfuFanout/stage.js';

const TARGET_CONSUMERS_PER_WORKER = 500;
const TARGET_SCALING_EFFICIENCY = 0.85;
const TIMING: StepTiming = { settleMs: 2_500, windowMs: 5_000 };
const MAX_VIEWERS_PER_WORKER = 5_000;
/** Longest total time a run may wait for other tasks on the machine to quieten down. */
const QUIET_WAIT_BUDGET_MS = 60_000;

// Worker warnings and errors (mediasoup logs through `debug`) go to stderr,
// so a run whose figures come with worker complaints shows them. mediasoup
// reads DEBUG when it loads, hence the dynamic import after setting it.
process.env.DEBUG ??= 'mediasoup:WARN* mediasoup:ERROR*';
const { createWorker } = await import('mediasoup');

const log = (line: string) => process.stderr.write(`${line}\n`);
const USAGE = 'npm run bench -- sfu-fanout [--video-only] [--srtp=SUITE] [--receiver=sockets]';
const flags = new Set(process.argv.slice(3));
const srtpFlag = [...flags].find((flag) => flag.startsWith('--srtp='));
const srtpCryptoSuite = (srtpFlag?.slice('--srtp='.length) ?? 'AES_CM_128_HMAC_SHA1_80') as types.SrtpCryptoSuite;
for (const flag of flags) {
  if (flag !== '--receiver=sockets' && flag !== '--video-only' && flag !== srtpFlag) {
    log(`unknown option ${flag}; usage: ${USAGE}`);
    process.exit(1);
  }
}
if (!(srtpCryptoSuite in SRTP_KEY_BYTES)) {
  log(`unknown SRTP suite ${srtpCryptoSuite}; one of ${Object.keys(SRTP_KEY_BYTES).join(', ')}`);
  process.exit(1);
}
const receiver = flags.has('--receiver=sockets') ? 'sockets' : 'kernel';
/** By default a viewer receives the whole stage; `--video-only` leaves the Opus consumer out. */
const viewerKinds: MediaKind[] = flags.has('--video-only') ? ['video'] : ['video', 'audio'];

/** Things to close at the end, newest first, whether the run ends normally, fails or is interrupted. */
const openResources: Array<() => unknown> = [];
const abort = new AbortController();

let closing: Promise<void> | undefined;

/** Closes everything once; the signal handlers and the main flow await the same promise. */
function closeAll(): Promise<void> {
  closing ??= (async () => {
    abort.abort();
    while (openResources.length > 0) {
      try {
        await openResources.pop()!();
      } catch (error) {
        log(`cleanup: ${String(error)}`);
      }
    }
  })();
  return closing;
}

function hold<T>(resource: T, close: (resource: T) => unknown): { resource: T; release: () => Promise<void> } {
  const closer = () => close(resource);
  openResources.push(closer);
  return {
    resource,
    release: async () => {
      const index = openResources.indexOf(closer);
      if (index >= 0) {
        openResources.splice(index, 1);
        await closer();
      }
    },
  };
}

/** Exit code once SIGINT or SIGTERM arrived: the run is being torn down. */
let interruptedWith: number | undefined;
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
  process.once(signal, () => {
    log(`${signal}: cleaning up`);
    interruptedWith = code;
    void closeAll().finally(() => process.exit(code));
  });
}

type Configuration = {
  capacity: number;
  /** The most viewers a step measured at under 1% loss, however busy the worker(s). */
  maxUnderLossLimit: number;
  atCapacity: StepResult | undefined;
  /** The failed step just above the capacity, if any. */
  failedAbove: StepResult | undefined;
  steps: StepResult[];
};

async function runConfiguration(
  context: { clip: RtpClip; sink: PacketSink; rtcpSinkPort: number; quietWaitBudget: { remainingMs: number } },
  workerCount: 1 | 2,
  search: { start: number; growth: number },
): Promise<Configuration> {
  const stage = hold(
    await createStage({ createWorker, workerCount, viewerKinds, srtpCryptoSuite, ...context }),
    (stage) => stage.close(),
  );
  const source = hold(await createRtpSource(context.clip, stage.resource.producerTarget), (source) => source.close());
  try {
    // Let media flow before the pipe and the first viewers ask for keyframes.
    source.resource.resume();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    source.resource.pause();
    await stage.resource.pipeProducers();
    const steps: StepResult[] = [];
    const capacity = await findCapacity(
      async (viewers) => {
        const step = await measureStep(
          {
            stage: stage.resource,
            source: source.resource,
            sink: context.sink,
            timing: TIMING,
            quietWaitBudget: context.quietWaitBudget,
          },
          viewers,
        );
        steps.push(step);
        log(describeStep(step));
        return step.passed;
      },
      {
        start: search.start,
        growth: search.growth,
        granularity: workerCount,
        max: MAX_VIEWERS_PER_WORKER * workerCount,
        precision: 0.05,
      },
    );
    const atCapacity = steps.filter((step) => step.passed && step.viewers === capacity).at(-1);
    const failedAbove = steps
      .filter((step) => !step.passed && step.viewers > capacity)
      .sort((a, b) => a.viewers - b.viewers)[0];
    const maxUnderLossLimit = Math.max(0, ...steps.filter((step) => step.drained && step.loss < MAX_LOSS).map((step) => step.viewers));
    return { capacity, maxUnderLossLimit, atCapacity, failedAbove, steps };
  } finally {
    await source.release();
    await stage.release();
  }
}

async function run() {
  const startedAt = Date.now();
  const tempDir = hold(await mkdtemp(path.join(os.tmpdir(), 'convene-sfu-fanout-')), (dir) =>
    rm(dir, { recursive: true, force: true }),
  );
  const clip = await createRtpClip(tempDir.resource, abort.signal);
  await tempDir.release();
  log(
    `stage: ${describeStream(clip.video)}, ${describeStream(clip.audio)}; ` +
      `each viewer receives ${viewerKinds.join(' + ')} over SRTP ${srtpCryptoSuite}`,
  );

  const sink = hold(receiver === 'kernel' ? await createKernelSink() : await createSocketSink(8), (sink) => sink.close());
  const rtcpSink = hold(await createRtcpSink(), (sink) => sink.close());
  const background = await measureBackground(sink.resource, 1_000);
  log(
    `receiver: ${receiver === 'kernel' ? 'kernel Udp NoPorts counter' : '8 bound Node sockets'}, ` +
      `${background.datagramsPerSecond.toFixed(1)} datagrams/s counted before sending anything`,
  );
  log(
    `other tasks before start: ${background.machineCpu.tasks.toFixed(0)}% of one core (of ${os.cpus().length}); ` +
      `windows wait (up to ${QUIET_WAIT_BUDGET_MS / 1000} s in all) while other tasks use ≥ ` +
      `${CONTENDED_NEIGHBOUR_CPU_PERCENT}%, and are measured again if they then fail`,
  );
  const context = {
    clip,
    sink: sink.resource,
    rtcpSinkPort: rtcpSink.resource.port,
    quietWaitBudget: { remainingMs: QUIET_WAIT_BUDGET_MS },
  };

  log('one worker (baseline):');
  const one = await runConfiguration(context, 1, { start: 250, growth: 2 });
  log('two workers, producer piped from router A to router B, viewers split evenly:');
  // Start below perfect scaling and grow gently: the capacity is expected
  // between 1× and 2× the one-worker capacity.
  const two = await runConfiguration(context, 2, { start: Math.max(2, Math.round(one.capacity * 1.6)), growth: 1.25 });

  await rtcpSink.release();
  await sink.release();
  const quietWaitMs = QUIET_WAIT_BUDGET_MS - context.quietWaitBudget.remainingMs;
  return { clip, receiver, background, quietWaitMs, one, two, seconds: (Date.now() - startedAt) / 1000 };
}

function report({ clip, background, quietWaitMs, one, two, seconds }: Awaited<ReturnType<typeof run>>) {
  const scalingEfficiency = one.capacity > 0 ? two.capacity / (2 * one.capacity) : 0;
  const baseline = one.atCapacity;
  const atTwo = two.atCapacity;
  log('');
  log(
    `one worker: ${one.capacity} viewers at ${percent(baseline?.loss)} loss, ` +
      `${Math.round(baseline?.forwardedPps ?? 0)} packets/s forwarded, worker at ${cpus(baseline)} of a core ` +
      `(most measured at < 1% loss, ignoring the CPU limit: ${one.maxUnderLossLimit})`,
  );
  log(
    `two workers: ${two.capacity} viewers (${two.capacity / 2} per worker) at ${percent(atTwo?.loss)} loss, ` +
      `${Math.round(atTwo?.forwardedPps ?? 0)} packets/s forwarded, workers at ${cpus(atTwo)} of a core ` +
      `(most measured at < 1% loss, ignoring the CPU limit: ${two.maxUnderLossLimit})`,
  );
  log(`scaling efficiency: ${two.capacity} ÷ (2 × ${one.capacity}) = ${scalingEfficiency.toFixed(3)}`);
  for (const [name, configuration] of [['one worker', one], ['two workers', two]] as const) {
    if (configuration.failedAbove?.contended) {
      const { viewers, neighbourCpu } = configuration.failedAbove;
      log(
        `caution: ${name}: the capacity is bounded by a failure at ${viewers} viewers ` +
          `while other tasks used ${neighbourCpu.toFixed(0)}% of a core`,
      );
    }
  }
  const consumersMet = one.capacity >= TARGET_CONSUMERS_PER_WORKER;
  const scalingMet = scalingEfficiency >= TARGET_SCALING_EFFICIENCY;
  log(
    `targets: ≥ ${TARGET_CONSUMERS_PER_WORKER} consumers per worker at < ${MAX_LOSS * 100}% loss: ${consumersMet ? 'met' : 'NOT met'}; ` +
      `scaling efficiency ≥ ${TARGET_SCALING_EFFICIENCY}: ${scalingMet ? 'met' : 'NOT met'} (${seconds.toFixed(0)} s)`,
  );

  const result = {
    bench: 'sfu-fanout',
    consumers_per_worker: one.capacity,
    loss: round(baseline?.loss ?? 0, 5),
    forwarded_pps: Math.round(baseline?.forwardedPps ?? 0),
    worker_cpu: round(baseline?.workerCpu[0] ?? 0, 1),
    scaling_efficiency: round(scalingEfficiency, 3),
    targets_met: { consumers_per_worker: consumersMet, scaling_efficiency: scalingMet },
    two_workers: {
      consumers_total: two.capacity,
      consumers_per_worker: two.capacity / 2,
      loss: round(atTwo?.loss ?? 0, 5),
      forwarded_pps: Math.round(atTwo?.forwardedPps ?? 0),
      worker_cpu: (atTwo?.workerCpu ?? []).map((cpu) => round(cpu, 1)),
      bounded_by_contention: two.failedAbove?.contended ?? false,
      max_measured_under_loss_limit: two.maxUnderLossLimit,
    },
    bounded_by_contention: one.failedAbove?.contended ?? false,
    // The capacity above also requires the worker below the saturation
    // level; this is the most viewers any step served at < 1% loss.
    max_measured_under_loss_limit: one.maxUnderLossLimit,
    baseline: {
      producer_pps: round(baseline?.producerPps ?? 0, 1),
      producer_kbps: round(baseline?.producerKbps ?? 0, 1),
      video_pps: round(packetRate(clip.video), 1),
      audio_pps: round(packetRate(clip.audio), 1),
    },
    viewer: {
      consumers: viewerKinds.map((kind) => (kind === 'video' ? clip.video.mimeType : clip.audio.mimeType)),
      srtp: srtpCryptoSuite,
    },
    receiver,
    receiver_background_pps: round(background.datagramsPerSecond, 1),
    neighbour_cpu_before: round(background.machineCpu.tasks, 1),
    waited_for_quiet_seconds: Math.round(quietWaitMs / 1000),
    saturated_cpu_percent: SATURATED_CPU_PERCENT,
    seconds: Math.round(seconds),
    steps: [...one.steps, ...two.steps].map((step) => ({
      workers: step.workers,
      viewers: step.viewers,
      loss: round(step.loss, 5),
      worker_loss: round(step.workerLoss, 5),
      network_loss: round(step.networkLoss, 5),
      forwarded_pps: Math.round(step.forwardedPps),
      worker_cpu: step.workerCpu.map((cpu) => round(cpu, 1)),
      neighbour_cpu: round(step.neighbourCpu, 1),
      interrupt_cpu: round(step.interruptCpu, 1),
      windows: step.windows,
      ...(step.waitedMs > 0 ? { waited_seconds: round(step.waitedMs / 1000, 1) } : {}),
      ...(step.drained ? {} : { drained: false }),
      passed: step.passed,
      ...(step.contended ? { contended: true } : {}),
    })),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function describeStep(step: StepResult): string {
  return (
    `  ${String(step.viewers).padStart(5)} viewers: loss ${percent(step.loss)} ` +
    `(ingress ${percent(step.ingressLoss)}, worker ${percent(step.workerLoss)}, network ${percent(step.networkLoss)}), ` +
    `${Math.round(step.forwardedPps)} pps forwarded, producer ${Math.round(step.producerPps)} pps, ` +
    `cpu: worker ${cpus(step)}, bench ${step.benchCpu.toFixed(0)}%, softirq ${step.interruptCpu.toFixed(0)}%, ` +
    `other tasks ${step.neighbourCpu.toFixed(0)}%` +
    `${step.rcvbufErrors ? `, ${step.rcvbufErrors} rcvbuf drops` : ''}` +
    `${step.backlogDrops ? `, ${step.backlogDrops} backlog drops` : ''}` +
    `${step.drained ? '' : ', still sending 10 s after the source paused'} → ${step.passed ? 'pass' : 'FAIL'}` +
    `${step.contended ? ' (contended)' : ''}${step.windows > 1 ? ` after ${step.windows} windows` : ''}` +
    `${step.waitedMs > 0 ? `, waited ${(step.waitedMs / 1000).toFixed(1)} s for other tasks` : ''}`
  );
}

function describeStream(stream: ClipStream): string {
  const bytes = stream.packets.reduce((total, { packet }) => total + packet.length, 0);
  const kbps = (bytes * 8) / stream.periodMs;
  return `${stream.mimeType} ${kbps.toFixed(0)} kbps ${packetRate(stream).toFixed(0)} pps`;
}

const packetRate = (stream: ClipStream) => (stream.packets.length * 1000) / stream.periodMs;
const percent = (value: number | undefined) => (value === undefined ? 'n/a' : `${(value * 100).toFixed(2)}%`);
const cpus = (step: StepResult | undefined) => (step ? step.workerCpu.map((cpu) => `${cpu.toFixed(0)}%`).join(' + ') : 'n/a');
const round = (value: number, digits: number) => Number(value.toFixed(digits));

let outcome: Awaited<ReturnType<typeof run>>;
try {
  outcome = await run();
} catch (error) {
  await closeAll();
  // Interrupted: whatever failed failed because its resources were closed.
  if (interruptedWith !== undefined) process.exit(interruptedWith);
  throw error;
}
await closeAll();
report(outcome);
