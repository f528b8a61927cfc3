import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ActivityReport, BotCommand, BotEvent, MoveKind, MoveReport } from './protocol.js';
import { forkChild } from '../shared/childLink.js';

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
  const child = forkChild<BotCommand, BotEvent>(botProcessPath, 'bot process');
  const ask = <T extends BotEvent>(command: BotCommand, accepts: (event: BotEvent) => boolean, timeoutMs = REPLY_TIMEOUT_MS) =>
    child.ask<T>(command, accepts, timeoutMs);

  const handle: BotProcess = {
    pid: child.pid,
    bots: plan.bots,
    activity: () => ask<ActivityReport>({ type: 'activity' }, (event) => event.type === 'activity'),
    arm: async (kind, tag) => {
      await ask({ type: 'arm', kind, tag }, (event) => event.type === 'armed' && event.tag === tag);
    },
    report: (tag) => ask<MoveReport>({ type: 'report', tag }, (event) => event.type === 'move' && event.tag === tag),
    rehome: (concurrency) =>
      ask<Extract<BotEvent, { type: 'rehomed' }>>({ type: 'rehome', concurrency }, (event) => event.type === 'rehomed', REHOME_TIMEOUT_MS),
    close: () => child.close({ type: 'close' }),
  };
  const connect = (command: BotCommand) =>
    ask<Connected>(command, (event) => event.type === 'connected', CONNECT_TIMEOUT_MS);
  return { handle, connect };
}
