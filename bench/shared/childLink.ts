import { fork } from 'node:child_process';

/** What every bench child may send: a failure ends every pending question. */
type Failed = { type: 'failed'; message: string };

/**
 * A forked bench process (Node with tsx, as `npm run bench` itself runs; its
 * warnings reach our stderr) and the command → answer exchange with it over
 * IPC. A child that reports a failure, or exits, fails every pending and
 * later question.
 */
export interface ChildLink<Command extends { type: string }, Event extends { type: string }> {
  readonly pid: number;
  /** Sends without waiting for an answer (throws once the child failed). */
  send(command: Command): void;
  /** Sends a command and resolves with the first event it accepts. */
  ask<T extends Event>(command: Command, accepts: (event: Event) => boolean, timeoutMs: number): Promise<T>;
  /** Asks the child to close (`closeCommand`), and kills it if it has not gone within 5 s. */
  close(closeCommand: Command): Promise<void>;
}

export function forkChild<Command extends { type: string }, Event extends { type: string }>(
  scriptPath: string,
  name: string,
): ChildLink<Command, Event> {
  const child = fork(scriptPath, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let failure: Error | undefined;
  const waiters: Array<{ accepts: (event: Event) => boolean; settle: (outcome: Event | Error) => void }> = [];

  const failAll = (error: Error) => {
    failure ??= error;
    for (const waiter of waiters.splice(0)) waiter.settle(error);
  };
  child.on('message', (event: Event | Failed) => {
    if (event.type === 'failed') return failAll(new Error(`${name} ${child.pid}: ${(event as Failed).message}`));
    const index = waiters.findIndex((waiter) => waiter.accepts(event as Event));
    if (index >= 0) waiters.splice(index, 1)[0]!.settle(event as Event);
  });
  child.once('exit', (code, signal) => failAll(new Error(`${name} ${child.pid} exited (${signal ?? code})`)));

  return {
    pid: child.pid!,
    send(command) {
      if (failure) throw failure;
      child.send(command);
    },
    ask<T extends Event>(command: Command, accepts: (event: Event) => boolean, timeoutMs: number): Promise<T> {
      if (failure) return Promise.reject(failure);
      return new Promise<T>((resolve, reject) => {
        const waiter = {
          accepts,
          settle: (outcome: Event | Error) => {
            clearTimeout(timer);
            if (outcome instanceof Error) reject(outcome);
            else resolve(outcome as T);
          },
        };
        const timer = setTimeout(() => {
          const index = waiters.indexOf(waiter);
          if (index >= 0) waiters.splice(index, 1);
          reject(new Error(`${name} ${child.pid}: no answer to ${command.type} within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.push(waiter);
        child.send(command);
      });
    },
    async close(closeCommand) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      if (child.connected) child.send(closeCommand);
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
