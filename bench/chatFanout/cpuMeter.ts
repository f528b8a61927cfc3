import { readFileSync, readdirSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { machineCpu, readMachineCpuTicks, readProcessCpuMs } from '../sfuFanout/counters.js';

/** CPU use over a window, in percent of one core. */
export type CpuReading = {
  elapsedMs: number;
  /** One entry per server process (its Node process; the idle mediasoup worker is not counted). */
  server: number[];
  /** One entry per bot process. */
  bots: number[];
  /** Every PostgreSQL process on the machine (other users of the server included). */
  postgres: number;
  redis: number;
  /** This process: the benchmark's own timers and bookkeeping. */
  bench: number;
  /** Interrupts and softirqs, charged to no task (mostly loopback TCP). */
  interrupts: number;
  /** Every other task on the machine, and hypervisor steal. */
  neighbours: number;
};

export type CpuSubjects = {
  serverPids: number[];
  botPids: number[];
  /** A Redis started for this run; otherwise every `redis-server` on the machine is counted. */
  redisPid: number | undefined;
};

/** Starts measuring; `read()` gives the CPU used since. */
export function startCpuMeter(subjects: CpuSubjects): { read(): CpuReading } {
  const serverBefore = subjects.serverPids.map(readProcessCpuMs);
  const botsBefore = subjects.botPids.map(readProcessCpuMs);
  const postgresBefore = cpuByName('postgres');
  const redisBefore = redisCpu(subjects.redisPid);
  const benchBefore = process.cpuUsage();
  const machineBefore = readMachineCpuTicks();
  const startedAt = performance.now();
  return {
    read() {
      const elapsedMs = performance.now() - startedAt;
      const percent = (ms: number) => (ms / elapsedMs) * 100;
      const server = subjects.serverPids.map((pid, i) => percent(readProcessCpuMs(pid) - serverBefore[i]!));
      const bots = subjects.botPids.map((pid, i) => percent(readProcessCpuMs(pid) - botsBefore[i]!));
      const postgres = percent(growth(postgresBefore, cpuByName('postgres')));
      const redis = percent(growth(redisBefore, redisCpu(subjects.redisPid)));
      const benchUsage = process.cpuUsage(benchBefore);
      const bench = percent((benchUsage.user + benchUsage.system) / 1000);
      const machine = machineCpu(machineBefore, readMachineCpuTicks());
      const ours = sum(server) + sum(bots) + postgres + redis + bench;
      return {
        elapsedMs,
        server,
        bots,
        postgres,
        redis,
        bench,
        interrupts: machine.interrupts,
        neighbours: Math.max(0, machine.tasks - ours),
      };
    },
  };
}

function redisCpu(pid: number | undefined): Map<number, number> {
  return pid === undefined ? cpuByName('redis-server') : new Map([[pid, readProcessCpuMs(pid)]]);
}

/** CPU ms so far of every process whose command name is `name`, by pid. */
function cpuByName(name: string): Map<number, number> {
  const found = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === name) found.set(Number(entry), readProcessCpuMs(Number(entry)));
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

/** CPU ms used between two readings; a process that started in between counts from zero. */
function growth(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}

export const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
