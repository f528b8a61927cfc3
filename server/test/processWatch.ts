import type { ServerProcess } from './serverProcess.js';

/** Something a server process did that no fault of a dependency may make it do. */
export interface ProcessFault {
  server: number;
  /** An exit nobody asked for; an unhandled rejection (or uncaught exception); a stack trace outside the JSON log. */
  kind: 'exit' | 'unhandled-rejection' | 'crash-output';
  detail: string;
  /** On the watcher's clock, ms. */
  at: number;
}

/**
 * Lines of a server's output that mean something went unhandled: the log
 * line of the server's unhandled-rejection handler, or Node's own report
 * as it dies of one.
 */
const UNHANDLED = /unhandled ?rejection|uncaught ?exception|triggerUncaughtException/i;
/** Node's last words, or a stack frame: outside the JSON log, only a crash prints these. */
const CRASH = /^Node\.js v\d+|^\s+at \S.*:\d+:\d+\)?$/;

/** Watches server processes for {@link ProcessFault}s; exits it is told to expect are not faults. */
export interface ProcessWatch {
  watch(server: ServerProcess, index: number): void;
  /** The test is about to stop or kill this process: its exit is expected. */
  expectExit(index: number): void;
  faults(): ProcessFault[];
}

export function createProcessWatch(now: () => number): ProcessWatch {
  const faults: ProcessFault[] = [];
  const expected = new Set<number>();
  return {
    watch(server, index) {
      let partial = '';
      const onData = (chunk: Buffer) => {
        const lines = (partial + chunk.toString()).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) {
          // Inside the JSON log a stack is a logged error's detail, not a crash.
          const kind = UNHANDLED.test(line) ? 'unhandled-rejection' : !line.startsWith('{') && CRASH.test(line) ? 'crash-output' : undefined;
          if (kind) faults.push({ server: index, kind, detail: line.slice(0, 500), at: now() });
        }
      };
      server.child.stdout?.on('data', onData);
      server.child.stderr?.on('data', onData);
      void server.exited.then(({ code, signal }) => {
        if (!expected.has(index)) faults.push({ server: index, kind: 'exit', detail: `exited (${signal ?? `code ${code}`})`, at: now() });
      });
    },
    expectExit: (index) => expected.add(index),
    faults: () => [...faults],
  };
}
