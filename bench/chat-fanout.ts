/**
 * chat-fanout: how many chat deliveries per second one core of the server
 * makes while the 99th-percentile delivery latency stays under 50 ms, with
 * the in-memory Socket.IO adapter (one process, the baseline) and with the
 * room split over two processes on Redis. Usage:
 * `npm run bench -- chat-fanout [--bots=500] [--rates=20,40,…] [--redis-url=redis://…]`;
 * `CONVENE_SERVER_ROOT=/path/to/checkout` measures that checkout's server.
 *
 * Server. The real server (server/index.ts) in its own process, on a fresh
 * PostgreSQL database per configuration (dropped afterwards), with the
 * per-person and per-socket rate limits lifted (chatFanout/chatServers.ts).
 * The Redis configuration runs two such processes on one database, one
 * token secret and a `redis-server` started for the run; `--redis-url` uses
 * a running one instead (chatServers.ts says why a shared one is avoided).
 *
 * Bots. 500 Socket.IO clients (socket.io-client, WebSocket transport), each
 * a person with its own identity, in two bot processes of 250
 * (chatFanout/botProcess.ts), so that decoding the deliveries runs neither
 * on this process's event loop nor on one loop only. All join one room, a
 * few at a time; the join announcements (to everyone already there; in
 * batches past 100 people) are let die down before anything is measured. With
 * Redis, each bot process talks to its own server process: half the room
 * on each.
 *
 * Load. 50 of the bots send `chat:send` to the room at a fixed total rate,
 * evenly spaced in time and taken in turn; each message carries the time it
 * was emitted, and every bot (the sender too: the server broadcasts to the
 * whole room) records receive time − send time for each `chat:posted`. A
 * step sends for a warm-up, then for the measured window; only messages
 * sent in the window count, and deliveries still arriving after it are
 * waited for and counted at their real latency. A delivery that never
 * arrives counts as infinitely late. `--rates` measures the given rates
 * instead of searching.
 *
 * Figures. deliveries/s = deliveries of the window's messages ÷ window
 * length. Server cores = CPU time (utime + stime from /proc/<pid>/stat, all
 * threads) of the server process(es) over the window ÷ window length, summed
 * over processes. deliveries/s/core = deliveries/s ÷ server cores. A step
 * passes when p99 < 50 ms, nothing is missing, no send is refused and no bot
 * drops out. The in-memory rate doubles from 20 messages/s until a step
 * fails and is then bisected; the Redis search starts at the in-memory
 * result and moves by a quarter, up or down (chatFanout/rateSearch.ts). A configuration's figure is the per-core
 * figure of its highest passing rate; redis_ratio = Redis figure ÷ in-memory
 * figure (and, when both passed one rate, the ratio at that rate is given
 * too). The bots, PostgreSQL, Redis and loopback TCP (softirq) share the
 * same two cores; they are reported beside the server's CPU but not counted
 * in "per core". On this machine the rate a configuration reaches is
 * bounded by the two cores as a whole, the bots taking about as much as the
 * server; the per-core figure is the server's own cost per delivery.
 *
 * The machine is shared: like sfu-fanout, a window waits (within a budget)
 * while other tasks are busy, and a window during which they were busy all
 * the same is measured again (chatFanout/measureStep.ts says why a passing
 * one too).
 */
import os from 'node:os';
import { startBots } from './chatFanout/botFleet.js';
import { startChatServers } from './chatFanout/chatServers.js';
import { sum, type CpuReading } from './chatFanout/cpuMeter.js';
import {
  CONTENDED_NEIGHBOUR_CPU_PERCENT,
  MAX_P99_MS,
  formatMs,
  measureStep,
  waitForQuiet,
  type StepResult,
  type StepTiming,
} from './chatFanout/measureStep.js';
import { findHighestPassingRate } from './chatFanout/rateSearch.js';
import { closeOnInterrupt, createResourceStack, runClosingOnFailure } from './chatFanout/resourceStack.js';

const TARGET_PER_CORE = 10_000;
const TARGET_REDIS_RATIO = 0.8;
const BOT_PROCESSES = 2;
const SENDERS = 50;
const TIMING: StepTiming = { warmupMs: 2_000, windowMs: 10_000 };
const SEARCH = { max: 2_000, precision: 0.1 };
const CONCURRENCY = { connect: 20, join: 10 };
/** Longest total time a run may wait for other tasks on the machine to quieten down. */
const QUIET_WAIT_BUDGET_MS = 60_000;

const log = (line: string) => process.stderr.write(`${line}\n`);
const USAGE = 'npm run bench -- chat-fanout [--bots=500] [--rates=20,40,…] [--redis-url=redis://…]';

const options = parseOptions(process.argv.slice(3));
const resources = createResourceStack(log);
const quietWaitBudget = { remainingMs: QUIET_WAIT_BUDGET_MS };

const interrupt = closeOnInterrupt(resources, log);

type Configuration = {
  name: 'in-memory' | 'redis';
  processes: 1 | 2;
  steps: StepResult[];
  /** The highest passing rate's step. */
  best: StepResult | undefined;
  /** The lowest failing rate above it. */
  failedAbove: StepResult | undefined;
  setup: { connectSeconds: number; joinSeconds: number; settleSeconds: number };
};

async function runConfiguration(
  name: Configuration['name'],
  processes: 1 | 2,
  search: { start: number; factor: number },
): Promise<Configuration> {
  const depth = resources.depth();
  const { servers, roomId, redisPid } = await startChatServers(processes, options.redisUrl, (close) => resources.push(close));
  const perProcess = options.bots / BOT_PROCESSES;
  const started = await startBots(
    Array.from({ length: BOT_PROCESSES }, (_, i) => ({
      serverUrl: servers[i % servers.length]!.url,
      roomId,
      bots: perProcess,
      senders: SENDERS / BOT_PROCESSES,
      namePrefix: `${name} bot ${i}.`,
    })),
    CONCURRENCY,
    (bot) => resources.push(() => bot.close()),
  );
  const { bots } = started;
  const settleMs = await waitForQuiet(bots);
  const setup = { connectSeconds: started.connectMs / 1000, joinSeconds: started.joinMs / 1000, settleSeconds: settleMs / 1000 };
  log(
    `${name}: ${servers.length} server process(es) (pid ${servers.map((server) => server.child.pid).join(', ')}), ` +
      `${options.bots} bots in room ${roomId} via ${BOT_PROCESSES} bot processes; ` +
      `connected in ${setup.connectSeconds.toFixed(1)} s, joined in ${setup.joinSeconds.toFixed(1)} s, ` +
      `join announcements settled in ${setup.settleSeconds.toFixed(1)} s`,
  );

  const steps: StepResult[] = [];
  const context = {
    configuration: name,
    bots,
    cpu: {
      serverPids: servers.map((server) => server.child.pid!),
      botPids: bots.map((bot) => bot.pid),
      redisPid,
    },
    timing: TIMING,
    nextStep: { value: 1 },
    quietWaitBudget,
  };
  const probe = async (rate: number) => {
    const step = await measureStep(context, rate);
    steps.push(step);
    log(describeStep(step));
    return step.passed;
  };
  if (options.rates) {
    for (const rate of options.rates) await probe(rate);
  } else {
    await findHighestPassingRate(probe, { ...SEARCH, ...search, granularity: BOT_PROCESSES });
  }
  // Everything this configuration opened, newest first: bots, servers, Redis, database.
  await resources.closeDownTo(depth);
  // At the highest passing rate; of several windows there, the latest.
  const topRate = Math.max(0, ...steps.filter((step) => step.passed).map((step) => step.rate));
  const best = steps.filter((step) => step.passed && step.rate === topRate).at(-1);
  const failedAbove = steps.filter((step) => !step.passed && step.rate > (best?.rate ?? 0)).sort((a, b) => a.rate - b.rate)[0];
  return { name, processes, steps, best, failedAbove, setup };
}

async function run() {
  const startedAt = Date.now();
  log(
    `chat-fanout: ${options.bots} bots, ${SENDERS} of them sending; steps of ${TIMING.warmupMs / 1000} s warm-up + ` +
      `${TIMING.windowMs / 1000} s measured; a step passes at p99 < ${MAX_P99_MS} ms with every delivery made`,
  );
  log(
    'deliveries/s/core = deliveries/s ÷ server cores, server cores = server processes\' CPU time (utime + stime) ÷ wall time; ' +
      `bots, PostgreSQL and Redis share the same ${os.cpus().length} cores but are not counted`,
  );
  log(
    `the machine is shared: windows wait (up to ${QUIET_WAIT_BUDGET_MS / 1000} s in all) while other tasks use ≥ ` +
      `${CONTENDED_NEIGHBOUR_CPU_PERCENT}% of a core, and a window during which they did is measured again while that budget lasts`,
  );
  log('in-memory adapter, one server process (baseline):');
  const memory = await runConfiguration('in-memory', 1, { start: 20, factor: 2 });
  log('Redis adapter, two server processes, half the bots on each:');
  // Both are bounded by the same two cores: start where the baseline ended
  // and move gently, which also measures both at one rate.
  const redis = await runConfiguration('redis', 2, { start: memory.best?.rate ?? 20, factor: 1.25 });
  return { memory, redis, seconds: (Date.now() - startedAt) / 1000 };
}

function report({ memory, redis, seconds }: Awaited<ReturnType<typeof run>>) {
  const memoryPerCore = memory.best?.perCore ?? 0;
  const redisPerCore = redis.best?.perCore ?? 0;
  const redisRatio = memoryPerCore > 0 ? redisPerCore / memoryPerCore : 0;
  log('');
  for (const configuration of [memory, redis]) {
    const { best, failedAbove } = configuration;
    log(
      best
        ? `${configuration.name}: ${Math.round(best.perCore)} deliveries/s per server core at ${best.rate} messages/s ` +
            `(${Math.round(best.deliveriesPerSecond)} deliveries/s on ${best.serverCores.toFixed(2)} server cores), ` +
            `p99 ${formatMs(best.p99Ms)}` +
            (failedAbove ? `; ${failedAbove.rate} messages/s failed: ${failedAbove.failure}` : '; no step failed')
        : `${configuration.name}: no step passed`,
    );
    if (best?.contended) {
      log(`caution: ${configuration.name}: measured while other tasks used ${best.cpu.neighbours.toFixed(0)}% of a core`);
    }
    if (failedAbove?.contended) {
      log(
        `caution: ${configuration.name}: bounded by a failure while other tasks used ` +
          `${failedAbove.cpu.neighbours.toFixed(0)}% of a core`,
      );
    }
  }
  log(`redis ratio: ${Math.round(redisPerCore)} ÷ ${Math.round(memoryPerCore)} = ${redisRatio.toFixed(3)}`);
  const sameRate = ratioAtSameRate(memory, redis);
  if (sameRate) {
    log(
      `at the same rate (${sameRate.rate} messages/s, both passing): ${Math.round(sameRate.redis)} ÷ ` +
        `${Math.round(sameRate.memory)} = ${sameRate.ratio.toFixed(3)}`,
    );
  }
  const perCoreMet = memoryPerCore >= TARGET_PER_CORE;
  const ratioMet = redisRatio >= TARGET_REDIS_RATIO;
  log(
    `targets: ≥ ${TARGET_PER_CORE} deliveries/s per core: ${perCoreMet ? 'met' : 'NOT met'}; ` +
      `redis ratio ≥ ${TARGET_REDIS_RATIO}: ${ratioMet ? 'met' : 'NOT met'} (${seconds.toFixed(0)} s)`,
  );

  const summary = (configuration: Configuration) => {
    const best = configuration.best;
    return {
      deliveries_per_s_per_core: Math.round(best?.perCore ?? 0),
      p99_ms: finite(best?.p99Ms ?? 0, 2),
      rate: best?.rate ?? 0,
      deliveries_per_s: Math.round(best?.deliveriesPerSecond ?? 0),
      server_cores: round(best?.serverCores ?? 0, 3),
      server_processes: configuration.processes,
      failed_above: configuration.failedAbove
        ? { rate: configuration.failedAbove.rate, reason: configuration.failedAbove.failure }
        : null,
      contended: best?.contended ?? false,
      bounded_by_contention: configuration.failedAbove?.contended ?? false,
      setup_seconds: {
        connect: round(configuration.setup.connectSeconds, 1),
        join: round(configuration.setup.joinSeconds, 1),
        settle: round(configuration.setup.settleSeconds, 1),
      },
    };
  };
  const result = {
    bench: 'chat-fanout',
    deliveries_per_s_per_core: Math.round(memoryPerCore),
    p99_ms: finite(memory.best?.p99Ms ?? 0, 2),
    redis_ratio: round(redisRatio, 3),
    redis_ratio_same_rate: sameRate ? { rate: sameRate.rate, ratio: round(sameRate.ratio, 3) } : null,
    targets_met: { deliveries_per_s_per_core: perCoreMet, redis_ratio: ratioMet },
    in_memory: summary(memory),
    redis: summary(redis),
    bots: options.bots,
    senders: SENDERS,
    window_seconds: TIMING.windowMs / 1000,
    waited_for_quiet_seconds: Math.round((QUIET_WAIT_BUDGET_MS - quietWaitBudget.remainingMs) / 1000),
    seconds: Math.round(seconds),
    steps: [...memory.steps, ...redis.steps].map((step) => ({
      configuration: step.configuration,
      rate: step.rate,
      messages: step.sent,
      deliveries: step.delivered,
      deliveries_per_s: Math.round(step.deliveriesPerSecond),
      per_core: Math.round(step.perCore),
      p50_ms: finite(step.p50Ms, 2),
      p99_ms: finite(step.p99Ms, 2),
      max_ms: finite(step.maxMs, 1),
      ack_p99_ms: finite(step.ackP99Ms, 2),
      lost: step.lost,
      cpu: {
        server: step.cpu.server.map((cpu) => round(cpu, 1)),
        bots: step.cpu.bots.map((cpu) => round(cpu, 1)),
        postgres: round(step.cpu.postgres, 1),
        redis: round(step.cpu.redis, 1),
        neighbours: round(step.cpu.neighbours, 1),
        interrupts: round(step.cpu.interrupts, 1),
        machine: round(machineBusy(step.cpu), 1),
      },
      max_send_lag_ms: round(step.maxSendLagMs, 1),
      passed: step.passed,
      ...(step.waitedForOthersMs > 0 ? { waited_seconds: round(step.waitedForOthersMs / 1000, 1) } : {}),
      ...(step.windows > 1 ? { windows: step.windows } : {}),
      ...(step.contended ? { contended: true } : {}),
    })),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/**
 * The per-core figures of the two configurations at the highest rate both
 * passed, if any: the headline ratio compares each configuration at its own
 * highest passing rate, where fixed costs weigh differently.
 */
function ratioAtSameRate(memory: Configuration, redis: Configuration) {
  const passedAt = (configuration: Configuration, rate: number) =>
    configuration.steps.filter((step) => step.passed && step.rate === rate).at(-1);
  const rates = redis.steps
    .filter((step) => step.passed && passedAt(memory, step.rate))
    .map((step) => step.rate)
    .sort((a, b) => b - a);
  if (rates[0] === undefined) return undefined;
  const rate = rates[0];
  const memoryPerCore = passedAt(memory, rate)!.perCore;
  const redisPerCore = passedAt(redis, rate)!.perCore;
  return { rate, memory: memoryPerCore, redis: redisPerCore, ratio: redisPerCore / memoryPerCore };
}

function describeStep(step: StepResult): string {
  const { cpu } = step;
  const percent = (values: number[]) => values.map((value) => `${value.toFixed(0)}%`).join(' + ');
  return (
    `  ${String(step.rate).padStart(4)} msg/s: ${Math.round(step.deliveriesPerSecond)} deliveries/s, ` +
    `latency p50 ${formatMs(step.p50Ms)} p99 ${formatMs(step.p99Ms)} max ${formatMs(step.maxMs)}, ` +
    `ack p50 ${formatMs(step.ackP50Ms)} p99 ${formatMs(step.ackP99Ms)}; cpu: server ${percent(cpu.server)} → ${Math.round(step.perCore)} deliveries/s/core, ` +
    `bots ${percent(cpu.bots)}, postgres ${cpu.postgres.toFixed(0)}%, redis ${cpu.redis.toFixed(0)}%, ` +
    `softirq ${cpu.interrupts.toFixed(0)}%, other tasks ${cpu.neighbours.toFixed(0)}% ` +
    `(machine ${machineBusy(cpu).toFixed(0)}% of ${os.cpus().length * 100}%)` +
    `${step.maxSendLagMs > 10 ? `; senders up to ${step.maxSendLagMs.toFixed(0)} ms late` : ''}` +
    ` → ${step.passed ? 'pass' : `FAIL (${step.failure})`}` +
    `${step.contended ? ` (contended: other tasks ≥ ${CONTENDED_NEIGHBOUR_CPU_PERCENT}% of a core)` : ''}` +
    `${step.windows > 1 ? ` after ${step.windows} windows` : ''}` +
    `${step.waitedForOthersMs > 0 ? `, waited ${(step.waitedForOthersMs / 1000).toFixed(1)} s for other tasks first` : ''}`
  );
}

function parseOptions(args: string[]) {
  const parsed: { bots: number; rates: number[] | undefined; redisUrl: string | undefined } = {
    bots: 500,
    rates: undefined,
    redisUrl: undefined,
  };
  for (const arg of args) {
    const [flag, value = ''] = arg.split(/=(.*)/s);
    if (flag === '--bots' && /^\d+$/.test(value) && Number(value) >= SENDERS && Number(value) % BOT_PROCESSES === 0) {
      parsed.bots = Number(value);
    } else if (flag === '--rates' && /^\d+(,\d+)*$/.test(value)) {
      parsed.rates = value.split(',').map(Number).filter((rate) => rate > 0);
    } else if (flag === '--redis-url' && /^rediss?:\/\//.test(value)) {
      parsed.redisUrl = value;
    } else {
      log(`bad option ${arg}; usage: ${USAGE} (--bots: an even number ≥ ${SENDERS})`);
      process.exit(1);
    }
  }
  return parsed;
}

const machineBusy = (cpu: CpuReading) =>
  sum(cpu.server) + sum(cpu.bots) + cpu.postgres + cpu.redis + cpu.bench + cpu.interrupts + cpu.neighbours;
const round = (value: number, digits: number) => Number(value.toFixed(digits));
/** JSON has no Infinity: a p99 that never arrived is reported as null. */
const finite = (value: number, digits: number) => (Number.isFinite(value) ? round(value, digits) : null);

const outcome = await runClosingOnFailure(run, resources, interrupt);
await resources.closeAll();
report(outcome);
