import { execSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';
import { E2E_PORT, e2eServerEnv } from './e2e/testEnvironment.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './server/test/testEnvironment.js';

/**
 * End-to-end tests: the real server (embedded database, one real mediasoup
 * worker) and real Chromium with a fake camera and microphone.
 */
const port = E2E_PORT;
const baseURL = `http://127.0.0.1:${port}`;

/**
 * Playwright loads this file in its main process and again in every worker.
 * Only the first load creates the run's data directory; workers inherit its
 * path through the environment. It is removed when the main process exits,
 * after the server has been stopped.
 */
function dataDirForThisRun(): string {
  const inherited = process.env.CONVENE_E2E_DATA_DIR;
  if (inherited) return inherited;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'convene-e2e-'));
  process.env.CONVENE_E2E_DATA_DIR = dir;
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * The server serves dist/client only if it exists when it starts, and
 * Playwright starts the web server before any globalSetup: so a missing or
 * stale client build is rebuilt here, while the config loads.
 */
function ensureClientBuilt(): void {
  if (process.env.CONVENE_E2E_DATA_DIR) return; // a worker: the main process did it
  const builtIndex = path.resolve('dist/client/index.html');
  // The build's own settings (compression, source maps) count as sources too.
  const newestSource = Math.max(newestMtime(path.resolve('client')), statSync(path.resolve('vite.config.ts')).mtimeMs);
  if (existsSync(builtIndex) && newestSource <= statSync(builtIndex).mtimeMs) return;
  execSync('npx vite build --logLevel warn', { stdio: 'inherit' });
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

ensureClientBuilt();
const dataDir = dataDirForThisRun();

export default defineConfig({
  testDir: 'e2e',
  // One worker: every test drives several browsers and a media server on a 2-core machine.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  // Ceilings, not budgets: tests wait on conditions, and a loaded machine
  // (another suite, `stress-ng`) makes browsers and media slow to start. A
  // test may start its own server (server/test/serverProcess.ts waits up to 240 s).
  timeout: 300_000,
  expect: { timeout: 45_000 },
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : 'list',
  use: {
    baseURL,
    browserName: 'chromium',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
    },
  },
  webServer: {
    command: 'node --import tsx server/index.ts',
    url: `${baseURL}/readyz`,
    reuseExistingServer: false,
    timeout: 300_000,
    stdout: 'pipe',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 30_000 },
    env: e2eServerEnv(port, dataDir),
  },
});
