import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BotCommand, BotEvent, SetupReport, StepReport } from './protocol.js';
import { forkChild } from '../shared/childLink.js';

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
  const child = forkChild<BotCommand, BotEvent>(botProcessPath, 'bot process');
  const ask = <T extends BotEvent>(command: BotCommand, accepts: (event: BotEvent) => boolean, timeoutMs: number) =>
    child.ask<T>(command, accepts, timeoutMs);

  const handle: BotProcess = {
    pid: child.pid,
    serverUrl: plan.serverUrl,
    bots: plan.bots,
    senders: plan.senders,
    send: (command) => child.send(command),
    setupStatus: () => ask<SetupReport>({ type: 'setup-status' }, (event) => event.type === 'setup', REPLY_TIMEOUT_MS),
    report: (step) =>
      ask<StepReport>({ type: 'report', step }, (event) => event.type === 'step' && event.step === step, REPLY_TIMEOUT_MS),
    close: () => child.close({ type: 'close' }),
  };
  const connect = (command: BotCommand) => ask<Connected>(command, (event) => event.type === 'connected', CONNECT_TIMEOUT_MS);
  return { handle, connect };
}
