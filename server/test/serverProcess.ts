import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TEST_SERVER_SETTINGS } from './testEnvironment.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** Resolves when the process exits. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
  stop(): Promise<void>;
}

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * How long a server may take to become ready, or to stop, before a test gives
 * up. Idle, a server is ready in about 3 s; on a loaded machine (another test
 * suite, `stress-ng --cpu 2`) ten times that and more, so the ceiling only
 * catches a server that will never be ready. Test runners' own timeouts
 * (vitest.config.ts, playwright.config.ts) are above it, so this error, with
 * the server's output, is the one a test reports.
 */
const SERVER_START_CEILING_MS = 240_000;
const SERVER_STOP_CEILING_MS = 90_000;

export interface SpawnOptions {
  /** A fixed port (to restart a server where its clients expect it); default: any free port. */
  port?: number;
  /** Default {@link SERVER_START_CEILING_MS}. */
  timeoutMs?: number;
  /** The checkout whose server runs (a benchmark measuring an older commit); default this one. */
  root?: string;
}

/** Starts `server/index.ts` as its own process (as in production) and waits until /readyz says ready. */
export async function spawnServer(env: Record<string, string>, options: SpawnOptions = {}): Promise<ServerProcess> {
  const { timeoutMs = SERVER_START_CEILING_MS } = options;
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    cwd: options.root ?? repoRoot,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      HOST: '127.0.0.1',
      RTC_LISTEN_IP: '127.0.0.1',
      MEDIA_WORKERS: '1',
      LOG_LEVEL: 'info',
      ...TEST_SERVER_SETTINGS,
      ...env,
      PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );

  const deadline = Date.now() + timeoutMs;
  let ready = false;
  while (!ready) {
    if (child.exitCode !== null) throw new Error(`server exited during start-up:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server not ready within ${timeoutMs} ms:\n${output}`);
    }
    // Each probe has its own ceiling: a server that accepts but never answers must not outwait the deadline.
    ready = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(10_000) }).then((response) => response.ok, () => false);
    if (!ready) await new Promise((resolve) => setTimeout(resolve, 200));
  }

  return {
    child,
    url,
    exited,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        // A server that never finishes its graceful stop must not outlive the test run.
        const killer = setTimeout(() => child.kill('SIGKILL'), SERVER_STOP_CEILING_MS);
        await exited;
        clearTimeout(killer);
      }
      // Test servers stop on a rejection nobody handled (UNHANDLED_REJECTIONS=exit): that fails the test.
      if (output.includes('unhandled rejection')) {
        throw new Error(`the server logged an unhandled rejection:\n${output.slice(-4000)}`);
      }
    },
  };
}
