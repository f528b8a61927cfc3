import { performance } from 'node:perf_hooks';
import {
  machineCpu,
  readBacklogDrops,
  readMachineCpuTicks,
  readProcessCpuMs,
  readUdpCounters,
  type PacketSink,
} from './counters.js';
import type { RtpSource, SentCounts } from './rtpSource.js';
import type { MediaKind, ProducerCounts, Stage } from './stage.js';

export type StepTiming = {
  /** Time for new consumers to get a keyframe (the clip has one every second) before measuring. */
  settleMs: number;
  /** Time the source sends while the counters run. */
  windowMs: number;
};

/** Above this share of one core the worker counts as saturated, whatever the loss. */
export const SATURATED_CPU_PERCENT = 95;
export const MAX_LOSS = 0.01;
/**
 * The machine is shared: when other tasks took at least this share of one
 * core during a window, a failure may be theirs rather than the SFU's.
 */
export const CONTENDED_NEIGHBOUR_CPU_PERCENT = 25;
/** Windows measured at one count when failures keep coinciding with contention. */
export const MAX_WINDOWS = 2;
const NEIGHBOUR_SAMPLE_MS = 500;

export type StepResult = {
  workers: number;
  viewers: number;
  windowSeconds: number;
  /** RTP packets the source sent in the window, of the kinds viewers consume: the ground truth. */
  sent: number;
  /** Of those, packets the producers received. */
  producerReceived: number;
  /** Everything the producers received (both kinds, whatever the viewers consume). */
  producerPps: number;
  producerKbps: number;
  /** Sum over consumers of their outbound packet counts (what the workers forwarded). */
  forwarded: number;
  /** Datagrams the sink counted. */
  received: number;
  /** 1 − received ÷ (expected, that is sent × viewers): everything lost between the source and the receiver. */
  loss: number;
  /** Its parts: before the producer, inside the worker(s), and after the consumers. */
  ingressLoss: number;
  workerLoss: number;
  networkLoss: number;
  forwardedPps: number;
  /** Percent of one core, one entry per worker. */
  workerCpu: number[];
  /** Percent of one core used by this Node process (source, RTCP sink, and a socket receiver if chosen). */
  benchCpu: number;
  /** Percent of one core spent in interrupts and softirqs (charged to no task): mostly loopback delivery. */
  interruptCpu: number;
  /** Percent of one core used by every other task on the machine, plus hypervisor steal. */
  neighbourCpu: number;
  /** UDP datagrams the kernel dropped for full receive buffers during the window. */
  rcvbufErrors: number;
  /** Packets the kernel dropped for a full input backlog (loopback delivery) during the window. */
  backlogDrops: number;
  /** Whether the workers had sent everything within {@link DRAIN_TIMEOUT_MS} of the source pausing. */
  drained: boolean;
  passed: boolean;
  /** The window failed while neighbours were busy (only kept when every window did). */
  contended: boolean;
  /** Windows measured at this count (see {@link measureStep}). */
  windows: number;
  /** Time spent at this count waiting for other tasks to quieten down before windows. */
  waitedMs: number;
};

type Context = {
  stage: Stage;
  source: RtpSource;
  sink: PacketSink;
  timing: StepTiming;
  /** Shared by all steps of a run: how much longer they may wait for a quiet machine. */
  quietWaitBudget: { remainingMs: number };
};

type Snapshot = {
  sent: SentCounts;
  producer: ProducerCounts;
  forwarded: number;
  received: number;
  rcvbufErrors: number;
  backlogDrops: number;
};

/**
 * Sets the viewer count, lets it settle, then measures one window, after
 * waiting (within the run's budget) while other tasks are busy. A window
 * that fails while they were busy all the same is measured again, up to
 * {@link MAX_WINDOWS} windows: the step passes or fails on the first window
 * that passes or fails without contention, and is flagged `contended` when
 * every window failed with contention.
 */
export async function measureStep(context: Context, viewers: number): Promise<StepResult> {
  context.source.resume();
  await context.stage.setViewerCount(viewers);
  await sleep(context.timing.settleMs);
  let waitedMs = 0;
  for (let windows = 1; ; windows++) {
    waitedMs += await waitForQuietMachine(context);
    const result = { ...(await measureWindow(context, viewers)), windows, waitedMs };
    if (result.passed || !result.contended || windows === MAX_WINDOWS) return result;
  }
}

/**
 * While media flows, samples how much CPU other tasks take, and waits while
 * it is at the contention level, as long as the run's budget allows. Returns
 * the time spent waiting.
 */
async function waitForQuietMachine(context: Context): Promise<number> {
  const { stage, quietWaitBudget } = context;
  let waitedMs = 0;
  for (;;) {
    const meter = startCpuMeter(stage);
    await sleep(NEIGHBOUR_SAMPLE_MS);
    const { neighbourCpu, elapsedMs } = meter.read();
    if (neighbourCpu < CONTENDED_NEIGHBOUR_CPU_PERCENT || quietWaitBudget.remainingMs <= 0) return waitedMs;
    quietWaitBudget.remainingMs -= elapsedMs;
    waitedMs += elapsedMs;
  }
}

type CpuReading = {
  elapsedMs: number;
  workerCpu: number[];
  benchCpu: number;
  interruptCpu: number;
  neighbourCpu: number;
};

/** CPU use from now on, in percent of one core: the workers', this process's, interrupts', everyone else's. */
function startCpuMeter(stage: Stage): { read(): CpuReading } {
  const workerCpuBefore = stage.workerPids.map(readProcessCpuMs);
  const benchCpuBefore = process.cpuUsage();
  const machineBefore = readMachineCpuTicks();
  const startedAt = performance.now();
  return {
    read() {
      const elapsedMs = performance.now() - startedAt;
      const workerCpu = stage.workerPids.map((pid, i) => ((readProcessCpuMs(pid) - workerCpuBefore[i]!) / elapsedMs) * 100);
      const benchUsage = process.cpuUsage(benchCpuBefore);
      const benchCpu = ((benchUsage.user + benchUsage.system) / 1000 / elapsedMs) * 100;
      const machine = machineCpu(machineBefore, readMachineCpuTicks());
      return {
        elapsedMs,
        workerCpu,
        benchCpu,
        interruptCpu: machine.interrupts,
        neighbourCpu: Math.max(0, machine.tasks - sum(workerCpu) - benchCpu),
      };
    },
  };
}

/**
 * The source is paused before each snapshot and the sink's count is left to
 * settle, so that the window's counters cover exactly the packets sent in
 * it: nothing is in flight in the source, the workers or the kernel when
 * they are read, and expected = sent × viewers holds exactly.
 */
async function measureWindow(context: Context, viewers: number): Promise<Omit<StepResult, 'windows' | 'waitedMs'>> {
  const { stage, source, sink, timing } = context;
  source.pause();
  // A backlog left from the settling time (or an earlier window) is not this window's.
  const drainedBefore = await waitForDrain(sink, viewers);
  sink.check();
  const before = await takeSnapshot(stage, source, sink);

  const meter = startCpuMeter(stage);
  source.resume();
  await sleep(timing.windowMs);
  source.pause();
  const { elapsedMs, workerCpu, benchCpu, interruptCpu, neighbourCpu } = meter.read();

  const drained = drainedBefore && (await waitForDrain(sink, viewers));
  sink.check();
  const after = await takeSnapshot(stage, source, sink);
  // Keep media flowing while the next step adds or removes viewers.
  source.resume();

  const kinds: MediaKind[] = ['video', 'audio'];
  const sentOf = (kind: MediaKind) => after.sent[kind].packets - before.sent[kind].packets;
  const receivedOf = (kind: MediaKind) => after.producer[kind].packets - before.producer[kind].packets;
  const sent = sum(stage.viewerKinds.map(sentOf));
  const producerReceived = sum(stage.viewerKinds.map(receivedOf));
  const producerBytes = sum(kinds.map((kind) => after.producer[kind].bytes - before.producer[kind].bytes));
  const forwarded = after.forwarded - before.forwarded;
  const received = after.received - before.received;
  const windowSeconds = elapsedMs / 1000;
  const loss = 1 - received / (sent * viewers);
  const passed = drained && loss < MAX_LOSS && workerCpu.every((cpu) => cpu < SATURATED_CPU_PERCENT);
  return {
    workers: stage.workerPids.length,
    viewers,
    windowSeconds,
    sent,
    producerReceived,
    producerPps: sum(kinds.map(receivedOf)) / windowSeconds,
    producerKbps: (producerBytes * 8) / 1000 / windowSeconds,
    forwarded,
    received,
    loss,
    ingressLoss: 1 - producerReceived / sent,
    workerLoss: 1 - forwarded / (producerReceived * viewers),
    networkLoss: 1 - received / forwarded,
    forwardedPps: forwarded / windowSeconds,
    workerCpu,
    benchCpu,
    interruptCpu,
    neighbourCpu,
    rcvbufErrors: after.rcvbufErrors - before.rcvbufErrors,
    backlogDrops: after.backlogDrops - before.backlogDrops,
    drained,
    passed,
    contended: !passed && neighbourCpu >= CONTENDED_NEIGHBOUR_CPU_PERCENT,
  };
}

async function takeSnapshot(stage: Stage, source: RtpSource, sink: PacketSink): Promise<Snapshot> {
  return {
    sent: source.sent(),
    producer: await stage.readProducerCounts(),
    forwarded: await stage.readConsumerPackets(),
    received: sink.count(),
    rcvbufErrors: readUdpCounters().RcvbufErrors ?? 0,
    backlogDrops: readBacklogDrops(),
  };
}

const DRAIN_POLL_MS = 50;
const DRAIN_POLLS = 3;
export const DRAIN_TIMEOUT_MS = 10_000;

/**
 * Waits until the workers have sent everything they had: for a few polls in
 * a row the sink counted fewer datagrams than one source packet forwarded to
 * half the viewers (one worker's share) would make. Not "no change at all":
 * other tasks on the machine now and then send to closed ports too. Returns
 * false if that does not happen within {@link DRAIN_TIMEOUT_MS}.
 */
async function waitForDrain(sink: PacketSink, viewers: number): Promise<boolean> {
  const deadline = performance.now() + DRAIN_TIMEOUT_MS;
  let last = sink.count();
  let quietPolls = 0;
  while (quietPolls < DRAIN_POLLS) {
    if (performance.now() > deadline) return false;
    await sleep(DRAIN_POLL_MS);
    const count = sink.count();
    quietPolls = count - last < viewers / 2 ? quietPolls + 1 : 0;
    last = count;
  }
  return true;
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
