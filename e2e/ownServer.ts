import { spawnServer, type ServerProcess } from '../server/test/serverProcess.js';
import { e2eServerEnv } from './testEnvironment.js';

export { freePort } from '../server/test/serverProcess.js';

/**
 * A server started by a test itself, for tests that stop and restart it
 * (the shared one from playwright.config.ts must stay up for the others).
 */
export interface OwnServer {
  baseURL: string;
  /** Graceful stop (SIGTERM), as a deployment would do; resolves once the process exited. */
  stop(): Promise<void>;
  /** Starts (again) on the same port and data directory; resolves once ready. */
  start(): Promise<void>;
}

/** `env` adds to (or overrides) the end-to-end settings: DEMO=false for a fresh install, say. */
export function createOwnServer(port: number, dataDir: string, env: Record<string, string> = {}): OwnServer {
  let running: ServerProcess | null = null;
  return {
    baseURL: `http://127.0.0.1:${port}`,
    async start() {
      running = await spawnServer({ ...e2eServerEnv(port, dataDir), ...env }, { port });
    },
    async stop() {
      const server = running;
      running = null;
      await server?.stop();
    },
  };
}
