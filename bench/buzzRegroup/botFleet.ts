import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ActivityReport, BotCommand, BotEvent, MoveKind, MoveReport } from './protocol.js';

const botProcessPath = path.join(path.dirname(fileURLToPath(import.meta.url)), 'botProcess.ts');
const CONNECT_TIMEOUT_MS = 300_000;
const REPLY_TIMEOUT_MS = 10_000;
/** Waits for moves still under way first, then for joins that may each take up to a minute. */
const REHOME_TIMEOUT_MS = 600_000;

/** One bot process as the parent sees it. */
export type BotProcess = {
  readonly pid: number;
  readonly bots: number;
  activity(): Promise<ActivityReport>;
  /** Resolves once the bots time the next move of this kind. */
  arm(kind: MoveKind, tag: string): Promise<void>;
  report(tag: string): Promise<MoveReport>;
  /** Puts bots a move left outside the session back in; resolves with how many were moved and how many of those failed. */
  rehome(concurrency: number): Promise<{ bots: number; failed: number }>;
  close(): Promise<void>;
};

export type BotPlan = { serverUrl: string; sessionId: string; bots: number; namePrefix: string };

/**
 * Starts one bot process per plan, all connecting and joining at once, and
 * resolves when every bot is in the session. Each process is handed to
 * `onStarted` as soon as it exists, so the caller can close it if another
 * fails.
 */
export async function startBots(
  plans: BotPlan[],
  concurrency: { connect: number; join: number },
  onStarted: (bot: BotProcess) => void,
): Promise<{ bots: BotProcess[]; connectMs: number; joinMs: number }> {
  const started = plans.map((plan) => {
    const bot = createBotProcess(plan);
    onStarted(bot.handle);
    return bot;
  });
  const connected = await Promise.all(
    started.map(({ connect }, i) =>
      connect({ type: 'connect', ...plans[i]!, connectConcurrency: concurrency.connect, joinConcurrency: concurrency.join }),
    ),
  );
  return {
    bots: started.map(({ handle }) => handle),
    connectMs: Math.max(...connected.map((event) => event.connectMs)),
    joinMs: Math.max(...connected.map((event) => event.joinMs)),
  };
}

type Connected = Extract<BotEvent, { type: 'connected' }>;

function createBotProcess(plan: BotPlan) {
  // Node with tsx, as `npm run bench` itself runs; the bots' warnings reach our stderr.
  const child = fork(botProcessPath, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let failure: Error | undefined;
  const waiters: Array<{ accepts: (event: BotEvent) => boolean; settle: (event: BotEvent | Error) => void }> = [];

  const failAll = (error: Error) => {
    failure ??= error;
    for (const waiter of waiters.splice(0)) waiter.settle(error);
  };
  child.on('message', (event: BotEvent) => {
    if (event.type === 'failed') return failAll(new Error(`bot process ${child.pid}: ${event.message}`));
    const index = waiters.findIndex((waiter) => waiter.accepts(event));
    if (index >= 0) waiters.splice(index, 1)[0]!.settle(event);
  });
  child.once('exit', (code, signal) => failAll(new Error(`bot process ${child.pid} exited (${signal ?? code})`)));

  /** Sends a command and resolves with the first event it accepts. */
  function ask<T extends BotEvent>(command: BotCommand, accepts: (event: BotEvent) => boolean, timeoutMs = REPLY_TIMEOUT_MS): Promise<T> {
    if (failure) return Promise.reject(failure);
    return new Promise<T>((resolve, reject) => {
      const waiter = {
        accepts,
        settle: (outcome: BotEvent | Error) => {
          clearTimeout(timer);
          if (outcome instanceof Error) reject(outcome);
          else resolve(outcome as T);
        },
      };
      const timer = setTimeout(() => {
        const index = waiters.indexOf(waiter);
        if (index >= 0) waiters.splice(index, 1);
        reject(new Error(`bot process ${child.pid}: no answer to ${command.type} within ${timeoutMs} ms`));
      }, timeoutMs);
      waiters.push(waiter);
      child.send(command);
    });
  }

  const handle: BotProcess = {
    pid: child.pid!,
    bots: plan.bots,
    activity: () => ask<ActivityReport>({ type: 'activity' }, (event) => event.type === 'activity'),
    arm: async (kind, tag) => {
      await ask({ type: 'arm', kind, tag }, (event) => event.type === 'armed' && event.tag === tag);
    },
    report: (tag) => ask<MoveReport>({ type: 'report', tag }, (event) => event.type === 'move' && event.tag === tag),
    rehome: (concurrency) =>
      ask<Extract<BotEvent, { type: 'rehomed' }>>({ type: 'rehome', concurrency }, (event) => event.type === 'rehomed', REHOME_TIMEOUT_MS),
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      if (child.connected) child.send({ type: 'close' } satisfies BotCommand);
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
  const connect = (command: BotCommand) =>
    ask<Connected>(command, (event) => event.type === 'connected', CONNECT_TIMEOUT_MS);
  return { handle, connect };
}
