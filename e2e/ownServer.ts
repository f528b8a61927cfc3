import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { expect } from '@playwright/test';
import { e2eServerEnv } from './testEnvironment.js';

/**
 * A server started by a test itself, for tests that stop and restart it
 * (the shared one from playwright.config.ts must stay up for the others).
 */
export interface OwnServer {
  baseURL: string;
  /** Graceful stop (SIGTERM), as a deployment would do; resolves once the process exited. */
  stop(): Promise<void>;
  /** Starts again on the same port and data directory; resolves once ready. */
  start(): Promise<void>;
}

/** A port free right now on 127.0.0.1, so parallel runs on one machine do not collide. */
export async function findFreePort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const address = probe.address();
  probe.close();
  await once(probe, 'close');
  if (address === null || typeof address === 'string') throw new Error('could not find a free port');
  return address.port;
}

export function createOwnServer(port: number, dataDir: string): OwnServer {
  const baseURL = `http://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;
  const output: string[] = [];

  return {
    baseURL,
    async start() {
      output.length = 0;
      child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
        env: { ...process.env, ...e2eServerEnv(port, dataDir) },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
      child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
      const exited = child;
      await expect
        .poll(
          async () => {
            if (exited.exitCode !== null) throw new Error(`server exited (${exited.exitCode}):\n${output.join('')}`);
            return fetch(`${baseURL}/readyz`).then(
              (response) => response.status,
              () => 0,
            );
          },
          { message: `server on ${baseURL} becomes ready`, timeout: 90_000 },
        )
        .toBe(200);
    },
    async stop() {
      const running = child;
      child = null;
      if (!running || running.exitCode !== null) return;
      const exit = once(running, 'exit');
      running.kill('SIGTERM');
      await exit;
    },
  };
}
