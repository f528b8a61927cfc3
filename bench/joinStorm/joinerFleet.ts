import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { forkChild } from '../shared/childLink.js';
import type { JoinerCommand, JoinerEvent, StormReport } from './protocol.js';

const joinerProcessPath = path.join(path.dirname(fileURLToPath(import.meta.url)), 'joinerProcess.ts');
const CONNECT_TIMEOUT_MS = 300_000;
const REPLY_TIMEOUT_MS = 10_000;

/** One joiner process as the parent sees it. */
export type JoinerProcess = {
  readonly pid: number;
  readonly bots: number;
  storm(command: Omit<Extract<JoinerCommand, { type: 'storm' }>, 'type'>): void;
  report(): Promise<StormReport>;
  close(): Promise<void>;
};

/**
 * Starts the joiner processes and resolves when every bot is connected
 * (signed in, socket open, in no room yet). Each process is handed to
 * `onStarted` as soon as it exists, so the caller can close it if another
 * fails.
 */
export async function startJoiners(
  plans: { serverUrl: string; bots: number; namePrefix: string }[],
  concurrency: number,
  onStarted: (joiners: JoinerProcess) => void,
): Promise<{ joiners: JoinerProcess[]; connectMs: number }> {
  const started = plans.map((plan) => {
    const child = forkChild<JoinerCommand, JoinerEvent>(joinerProcessPath, 'joiner process');
    const handle: JoinerProcess = {
      pid: child.pid,
      bots: plan.bots,
      storm: (command) => child.send({ type: 'storm', ...command }),
      report: () => child.ask<StormReport>({ type: 'report' }, (event) => event.type === 'storm', REPLY_TIMEOUT_MS),
      close: () => child.close({ type: 'close' }),
    };
    onStarted(handle);
    const connected = child.ask<Extract<JoinerEvent, { type: 'connected' }>>(
      { type: 'connect', ...plan, concurrency },
      (event) => event.type === 'connected',
      CONNECT_TIMEOUT_MS,
    );
    return { handle, connected };
  });
  const connected = await Promise.all(started.map(({ connected }) => connected));
  return { joiners: started.map(({ handle }) => handle), connectMs: Math.max(...connected.map((event) => event.connectMs)) };
}
