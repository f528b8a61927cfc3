import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { clockTicksPerSecond, machineCpu, readMachineCpuTicks, readProcessCpuMs, type MachineTicks } from '../sfuFanout/counters.js';

/**
 * CPU time so far of everything a recording can cost, in milliseconds: the
 * mediasoup worker, this Node process, and the child processes that have
 * ended (every ffmpeg a capture started, once it exited and was reaped).
 */
export type CpuSnapshot = {
  atMs: number;
  workerMs: number;
  nodeMs: number;
  endedChildrenMs: number;
  machine: MachineTicks;
};

/** CPU used between two snapshots, in cores (1 = one core busy all the time). */
export type CpuSpan = {
  seconds: number;
  worker: number;
  node: number;
  /** Child processes that ended within the span (and were reaped), over their whole life. */
  endedChildren: number;
  /** Every task on the machine (user, nice, system, steal), ours included. */
  machineTasks: number;
  /** Interrupts and softirqs, charged to no process: mostly loopback UDP delivery. */
  interrupts: number;
  /** Every task on the machine that is not one of the above. */
  neighbours: number;
};

export function takeCpuSnapshot(workerPid: number): CpuSnapshot {
  const usage = process.cpuUsage();
  return {
    atMs: performance.now(),
    workerMs: readProcessCpuMs(workerPid),
    nodeMs: (usage.user + usage.system) / 1000,
    endedChildrenMs: readEndedChildrenCpuMs(),
    machine: readMachineCpuTicks(),
  };
}

export function cpuBetween(before: CpuSnapshot, after: CpuSnapshot): CpuSpan {
  const elapsedMs = after.atMs - before.atMs;
  const cores = (ms: number) => ms / elapsedMs;
  const machine = machineCpu(before.machine, after.machine);
  const worker = cores(after.workerMs - before.workerMs);
  const node = cores(after.nodeMs - before.nodeMs);
  const endedChildren = cores(after.endedChildrenMs - before.endedChildrenMs);
  const machineTasks = machine.tasks / 100;
  return {
    seconds: elapsedMs / 1000,
    worker,
    node,
    endedChildren,
    machineTasks,
    interrupts: machine.interrupts / 100,
    neighbours: Math.max(0, machineTasks - worker - node - endedChildren),
  };
}

/** Several spans taken as one: each part weighted by its span's length. */
export function combineSpans(spans: CpuSpan[]): CpuSpan {
  const seconds = spans.reduce((total, span) => total + span.seconds, 0);
  const weighted = (part: keyof Omit<CpuSpan, 'seconds'>) =>
    spans.reduce((total, span) => total + span[part] * span.seconds, 0) / seconds;
  return {
    seconds,
    worker: weighted('worker'),
    node: weighted('node'),
    endedChildren: weighted('endedChildren'),
    machineTasks: weighted('machineTasks'),
    interrupts: weighted('interrupts'),
    neighbours: weighted('neighbours'),
  };
}

/**
 * cutime + cstime of this process: the CPU time of its children that have
 * exited and been waited for (Node reaps them before their 'exit' event).
 * Counting ffmpeg this way, rather than sampling /proc/<pid>/stat, covers its
 * whole life: start-up and probing, and the last flush after 'q', which a
 * reading taken before it exits would miss.
 */
function readEndedChildrenCpuMs(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[13]) + Number(fields[14]);
  return (ticks * 1000) / clockTicksPerSecond;
}

/**
 * While other tasks on the machine use at least `threshold` cores, waits
 * (sampling every `sampleMs`) for at most `budgetMs`: on a shared machine, a
 * recording period under someone else's load measures their scheduling as
 * much as ours. Returns how long it waited and how busy the others were in
 * the last sample.
 */
export async function waitForQuietMachine(
  workerPid: number,
  { threshold, budgetMs, sampleMs }: { threshold: number; budgetMs: number; sampleMs: number },
): Promise<{ waitedMs: number; neighbours: number }> {
  const startedAt = performance.now();
  for (;;) {
    const before = takeCpuSnapshot(workerPid);
    await new Promise((resolve) => setTimeout(resolve, sampleMs));
    const { neighbours } = cpuBetween(before, takeCpuSnapshot(workerPid));
    if (neighbours < threshold) return { waitedMs: before.atMs - startedAt, neighbours };
    const waitedMs = performance.now() - startedAt;
    if (waitedMs >= budgetMs) return { waitedMs, neighbours };
  }
}
