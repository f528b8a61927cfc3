import { execFileSync } from 'node:child_process';
import dgram from 'node:dgram';
import { readFileSync } from 'node:fs';
import os from 'node:os';

/** The `Udp:` line of /proc/net/snmp for this network namespace, by field name. */
export function readUdpCounters(): Record<string, number> {
  const lines = readFileSync('/proc/net/snmp', 'utf8').split('\n').filter((line) => line.startsWith('Udp:'));
  const [names, values] = lines.map((line) => line.split(/\s+/).slice(1));
  if (!names || !values) throw new Error('/proc/net/snmp has no Udp counters');
  return Object.fromEntries(names.map((name, i) => [name, Number(values[i])]));
}

/**
 * Packets the kernel dropped because a CPU's input backlog was full (all
 * CPUs, /proc/net/softnet_stat): loopback datagrams lost before UDP sees them.
 */
export function readBacklogDrops(): number {
  return readFileSync('/proc/net/softnet_stat', 'utf8')
    .split('\n')
    .filter(Boolean)
    .reduce((total, line) => total + parseInt(line.split(' ')[1] ?? '0', 16), 0);
}

/** The kernel's clock ticks per second, in which /proc reports CPU times. */
export const clockTicksPerSecond = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** User + system CPU time of a process so far, in milliseconds (from /proc/<pid>/stat). */
export function readProcessCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which may itself contain spaces or parentheses.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime
  return (ticks * 1000) / clockTicksPerSecond;
}

/** CPU time of the whole machine so far, in clock ticks (from /proc/stat). */
export type MachineTicks = {
  /** Time spent running tasks (user, nice, system) or taken by the hypervisor (steal). */
  tasks: number;
  /** Interrupt and softirq time, charged to no task: mostly the loopback packet delivery. */
  interrupts: number;
  total: number;
};

export function readMachineCpuTicks(): MachineTicks {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = line
    .split(/\s+/)
    .slice(1, 9)
    .map(Number);
  return {
    tasks: user + nice + system + steal,
    interrupts: irq + softirq,
    total: user + nice + system + idle + iowait + irq + softirq + steal,
  };
}

/** Task and interrupt time of the whole machine between two readings, in percent of one core. */
export function machineCpu(before: MachineTicks, after: MachineTicks): { tasks: number; interrupts: number } {
  const scale = (os.cpus().length * 100) / (after.total - before.total);
  return {
    tasks: (after.tasks - before.tasks) * scale,
    interrupts: (after.interrupts - before.interrupts) * scale,
  };
}

/**
 * Where the consumers' RTP goes and how it is counted.
 *
 * - `kernel` (the default): every consumer sends to a UDP port on 127.0.0.1
 *   where nothing listens, and the kernel's `Udp: NoPorts` counter counts the
 *   datagrams. Nothing in user space reads them, so the receiver costs no
 *   CPU beyond the loopback delivery that any receiver needs. Linux reports
 *   the resulting ICMP port-unreachable errors only to connected sockets (or
 *   with IP_RECVERR), which the worker's are not, so the worker neither sees
 *   nor logs them; ICMP generation is rate limited (icmp_msgs_per_sec).
 *   The counter is per network namespace: {@link measureBackground} checks
 *   that nothing else adds to it.
 * - `sockets`: bound Node sockets that count `message` events, kept to show
 *   what a user-space receiver costs (see bench/sfu-fanout.ts).
 */
export type PacketSink = {
  readonly kind: 'kernel' | 'sockets';
  rtpTarget(index: number): { ip: string; port: number };
  /** Datagrams received so far. */
  count(): number;
  /** Throws if the counts can no longer be trusted. */
  check(): void;
  close(): Promise<void>;
};

/**
 * Workers must take their ports from this range, so that the closed port the
 * kernel sink sends to (below it) can never become a transport's port.
 */
export const WORKER_PORT_RANGE = { rtcMinPort: 10_000, rtcMaxPort: 59_999 };

export async function createKernelSink(): Promise<PacketSink> {
  const port = await findClosedPort();
  return {
    kind: 'kernel',
    rtpTarget: () => ({ ip: '127.0.0.1', port }),
    count: () => readUdpCounters().NoPorts ?? 0,
    check: () => {
      if (isBound(port)) throw new Error(`something started listening on 127.0.0.1:${port} during the run`);
    },
    close: async () => {},
  };
}

export async function createSocketSink(socketCount: number): Promise<PacketSink> {
  const sockets: dgram.Socket[] = [];
  let received = 0;
  for (let i = 0; i < socketCount; i++) {
    const socket = dgram.createSocket({ type: 'udp4', recvBufferSize: 4 * 1024 * 1024 });
    socket.on('message', () => {
      received += 1;
    });
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    sockets.push(socket);
  }
  return {
    kind: 'sockets',
    rtpTarget: (index) => ({ ip: '127.0.0.1', port: sockets[index % sockets.length]!.address().port }),
    count: () => received,
    check: () => {},
    close: async () => {
      await Promise.all(sockets.map((socket) => new Promise<void>((resolve) => socket.close(() => resolve()))));
    },
  };
}

/**
 * A socket that swallows the consumers' RTCP (sender reports), so that the
 * RTP counters above count RTP only.
 */
export async function createRtcpSink(): Promise<{ port: number; count(): number; close(): Promise<void> }> {
  const socket = dgram.createSocket({ type: 'udp4', recvBufferSize: 1024 * 1024 });
  let received = 0;
  socket.on('message', () => {
    received += 1;
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    port: socket.address().port,
    count: () => received,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

/**
 * While the benchmark sends nothing: datagrams per second that the sink
 * counts anyway, and how busy the machine is (percent of one core).
 */
export async function measureBackground(
  sink: PacketSink,
  durationMs: number,
): Promise<{ datagramsPerSecond: number; machineCpu: { tasks: number; interrupts: number } }> {
  const before = sink.count();
  const machineBefore = readMachineCpuTicks();
  await new Promise((resolve) => setTimeout(resolve, durationMs));
  return {
    datagramsPerSecond: ((sink.count() - before) * 1000) / durationMs,
    machineCpu: machineCpu(machineBefore, readMachineCpuTicks()),
  };
}

/** A UDP port below the workers' range that nothing is bound to. */
async function findClosedPort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 5_000 + Math.floor(Math.random() * (WORKER_PORT_RANGE.rtcMinPort - 5_000));
    if (!isBound(port) && (await canBind(port))) return port;
  }
  throw new Error('found no free UDP port below the workers\' port range');
}

function canBind(port: number): Promise<boolean> {
  const socket = dgram.createSocket('udp4');
  return new Promise((resolve) => {
    socket.once('error', () => {
      socket.close();
      resolve(false);
    });
    socket.bind(port, '127.0.0.1', () => socket.close(() => resolve(true)));
  });
}

function isBound(port: number): boolean {
  const hex = `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  return readFileSync('/proc/net/udp', 'utf8')
    .split('\n')
    .some((line) => line.trim().split(/\s+/)[1]?.endsWith(hex) ?? false);
}
