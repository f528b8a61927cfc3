import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BotCommand, BotEvent, SetupReport, StepReport } from './protocol.js';

const botProcessPath = path.join(path.dirname(fileURLToPath(import.meta.url)), 'botProcess.ts');
const CONNECT_TIMEOUT_MS = 120_000;
const REPLY_TIMEOUT_MS = 10_000;

/** One bot process as the parent sees it. */
export type BotProcess = {
  readonly pid: number;
  readonly serverUrl: string;
  readonly bots: number;
  readonly senders: number;
  /** Tells the bots to start a step; resolves at once (the step runs on the bots' own clock). */
  send(command: Extract<BotCommand, { type: 'send' }>): void;
  setupStatus(): Promise<SetupReport>;
  report(step: number): Promise<StepReport>;
  close(): Promise<void>;
};

export type BotPlan = {
  serverUrl: string;
  roomId: string;
  bots: number;
  senders: number;
  namePrefix: string;
};

/**
 * Starts one bot process per plan, all connecting and joining at once, and
 * resolves when every bot is in the room. Processes that did start are
 * handed to `onStarted` first, so the caller can close them if another
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
  const results = await Promise.all(
    started.map(({ handle, connect }, i) =>
      connect({
        type: 'connect',
        ...plans[i]!,
        connectConcurrency: concurrency.connect,
        joinConcurrency: concurrency.join,
      }).then((connected) => ({ handle, connected })),
    ),
  );
  return {
    bots: results.map(({ handle }) => handle),
    connectMs: Math.max(...results.map(({ connected }) => connected.connectMs)),
    joinMs: Math.max(...results.map(({ connected }) => connected.joinMs)),
  };
}

type Connected = Extract<BotEvent, { type: 'connected' }>;

function createBotProcess(plan: BotPlan) {
  // Node with tsx, as `npm run bench` itself runs; the bots' warnings reach our stderr.
  const child: ChildProcess = fork(botProcessPath, [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let failure: Error | undefined;
  const waiters: Array<{ accepts: (event: BotEvent) => boolean; resolve: (event: BotEvent) => void; reject: (error: Error) => void }> = [];

  const failAll = (error: Error) => {
    failure ??= error;
    for (const waiter of waiters.splice(0)) waiter.reject(error);
  };
  child.on('message', (event: BotEvent) => {
    if (event.type === 'failed') {
      failAll(new Error(`bot process ${child.pid}: ${event.message}`));
      return;
    }
    const index = waiters.findIndex((waiter) => waiter.accepts(event));
    if (index >= 0) waiters.splice(index, 1)[0]!.resolve(event);
  });
  child.once('exit', (code, signal) => failAll(new Error(`bot process ${child.pid} exited (${signal ?? code})`)));

  function ask<T extends BotEvent>(command: BotCommand, accepts: (event: BotEvent) => boolean, timeoutMs: number): Promise<T> {
    if (failure) return Promise.reject(failure);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        const index = waiters.indexOf(waiter);
        if (index >= 0) waiters.splice(index, 1);
        reject(new Error(`bot process ${child.pid}: no answer to ${command.type} within ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter = {
        accepts,
        resolve: (event: BotEvent) => {
          clearTimeout(timer);
          resolve(event as T);
        },
        reject: (error: Error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      waiters.push(waiter);
      child.send(command);
    });
  }

  const handle: BotProcess = {
    pid: child.pid!,
    serverUrl: plan.serverUrl,
    bots: plan.bots,
    senders: plan.senders,
    send: (command) => {
      if (failure) throw failure;
      child.send(command);
    },
    setupStatus: () => ask<SetupReport>({ type: 'setup-status' }, (event) => event.type === 'setup', REPLY_TIMEOUT_MS),
    report: (step) =>
      ask<StepReport>({ type: 'report', step }, (event) => event.type === 'step' && event.step === step, REPLY_TIMEOUT_MS),
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      if (child.connected) child.send({ type: 'close' } satisfies BotCommand);
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
  const connect = (command: BotCommand) => ask<Connected>(command, (event) => event.type === 'connected', CONNECT_TIMEOUT_MS);
  return { handle, connect };
}
