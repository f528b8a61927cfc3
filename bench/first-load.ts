/**
 * first-load: how many bytes a person's browser downloads to open the
 * platform, on the connection many of our participants have (3G, metered).
 * Usage: `npm run bench -- first-load` (about a minute).
 *
 * Server. The client built from this checkout with the project's own
 * vite.config.ts (into a temporary directory, CLIENT_DIR), served by the real
 * server (server/index.ts, its own process, the embedded database in a
 * temporary DATA_DIR, one media worker).
 *
 * Browser. Debian's Chromium with the end-to-end suite's flags and fake
 * camera and microphone (server/test/testEnvironment.ts). Each page is opened in a
 * fresh browser context (an empty cache, as on a first visit). The bytes
 * are Chromium's own count from the DevTools protocol: the sum of
 * `Network.loadingFinished.encodedDataLength` over every HTTP response of
 * the page (status line, headers and the body as sent, compressed or not);
 * WebSocket frames are left out (what the room sends over Socket.IO is not
 * the client's weight).
 *
 * Figures. landing_bytes: `/` until the room list is shown and the network
 * is idle. prejoin_bytes: a room's link (`/r/<room>`) opened directly,
 * until the name field is shown and the network is idle. room_bytes: from
 * pressing Join on that page until the person is in the room and the
 * network is idle (what joining adds: the media client, the identity…).
 * The baseline, measured in the same run, is the same three pages fetched
 * with compression refused (the browser sends `Accept-Encoding: identity`
 * instead of its own); each *_vs_baseline is the ratio. How many responses
 * came compressed in each mode is printed as a check.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../server/test/testEnvironment.js';
import { sourceMapsDirOf } from '../server/http/sourceMapsDir.js';
import { spawnServer } from '../server/test/serverProcess.js';
import type { RoomSummary } from '../shared/http.js';
import { closeOnInterrupt, createResourceStack, runClosingOnFailure } from './chatFanout/resourceStack.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PAGE_TIMEOUT_MS = 60_000;
/** networkidle: no request for 500 ms. A page still busy after this long is measured as it is. */
const IDLE_TIMEOUT_MS = 15_000;

const log = (line: string) => process.stderr.write(`${line}\n`);
const resources = createResourceStack(log);
const interrupt = closeOnInterrupt(resources, log);

type Mode = 'compressed' | 'baseline';
type Weights = { landing: number; prejoin: number; room: number };

/** Every context of one mode: the baseline refuses compression (Chromium keeps an Accept-Encoding it is given). */
const contextOptions = (baseURL: string, mode: Mode) => ({
  baseURL,
  ...(mode === 'baseline' ? { extraHTTPHeaders: { 'accept-encoding': 'identity' } } : {}),
});

/** Responses that came compressed, per mode: the check that each mode measured what it says. */
const compressedResponses: Record<Mode, number> = { compressed: 0, baseline: 0 };

/** Counts the bytes a page receives over HTTP, from the moment it is created. */
async function meterOf(page: Page, mode: Mode): Promise<{ bytes(): number }> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  let total = 0;
  cdp.on('Network.loadingFinished', (event) => {
    total += event.encodedDataLength;
  });
  cdp.on('Network.responseReceived', (event) => {
    const encoding = Object.entries(event.response.headers).find(([name]) => name.toLowerCase() === 'content-encoding')?.[1];
    if (encoding && encoding !== 'identity') compressedResponses[mode] += 1;
  });
  await cdp.send('Network.enable');
  return { bytes: () => total };
}

async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle', { timeout: IDLE_TIMEOUT_MS }).catch(() => log('  (network not idle; measured as it is)'));
}

async function measure(browser: Browser, baseURL: string, room: RoomSummary, mode: Mode): Promise<Weights> {
  // The landing page, on a first visit.
  const landingContext = await browser.newContext(contextOptions(baseURL, mode));
  const landingPage = await landingContext.newPage();
  const landingMeter = await meterOf(landingPage, mode);
  await landingPage.goto('/');
  await landingPage.getByRole('link', { name: new RegExp(room.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) }).waitFor({ timeout: PAGE_TIMEOUT_MS });
  await settle(landingPage);
  const landing = landingMeter.bytes();
  await landingContext.close();

  // A room's link opened directly, then joining from it.
  const context = await browser.newContext(contextOptions(baseURL, mode));
  const page = await context.newPage();
  const meter = await meterOf(page, mode);
  await page.goto(`/r/${room.id}`);
  await page.getByLabel('Your name').waitFor({ timeout: PAGE_TIMEOUT_MS });
  await settle(page);
  const prejoin = meter.bytes();
  await page.getByLabel('Your name').fill(`First load ${mode}`);
  await page.getByRole('button', { name: 'Join', exact: true }).click();
  await page.locator('[data-testid="room-status"][data-status="joined"]').waitFor({ timeout: PAGE_TIMEOUT_MS });
  await settle(page);
  const joined = meter.bytes() - prejoin;
  await page.getByRole('button', { name: 'Leave', exact: true }).click({ timeout: 5_000 }).catch(() => undefined);
  await context.close();
  return { landing, prejoin, room: joined };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const ratio = (value: number, baseline: number) => Math.round((value / baseline) * 1000) / 1000;

async function run(): Promise<void> {
  const clientDir = await mkdtemp(path.join(os.tmpdir(), 'convene-first-load-client-'));
  resources.push(() => rm(clientDir, { recursive: true, force: true }));
  // The build writes its source maps beside the served directory (server/http/sourceMapsDir.ts).
  resources.push(() => rm(sourceMapsDirOf(clientDir), { recursive: true, force: true }));
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'convene-first-load-data-'));
  resources.push(() => rm(dataDir, { recursive: true, force: true }));
  log('first-load: building the client (vite build, as in production)…');
  await promisify(execFile)(path.join(repoRoot, 'node_modules/.bin/vite'), ['build', '--outDir', clientDir, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: repoRoot,
  });

  log('first-load: starting the server…');
  const server = await spawnServer({ DATA_DIR: dataDir, CLIENT_DIR: clientDir, LOG_LEVEL: 'warn', DATABASE_URL: '', REDIS_URL: '' }, { timeoutMs: 120_000 });
  resources.push(() => server.stop());
  const [room] = (await (await fetch(`${server.url}/api/rooms`)).json()) as RoomSummary[];
  if (!room) throw new Error('the server lists no room');

  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  resources.push(() => browser.close());

  const figures: Record<Mode, Weights> = {
    compressed: await measure(browser, server.url, room, 'compressed'),
    baseline: await measure(browser, server.url, room, 'baseline'),
  };
  for (const mode of ['compressed', 'baseline'] as const) {
    const { landing, prejoin, room: joined } = figures[mode];
    log(
      `  ${mode.padEnd(10)} landing ${kb(landing)}, pre-join ${kb(prejoin)}, joining adds ${kb(joined)} ` +
        `(${compressedResponses[mode]} responses compressed)`,
    );
  }
  const { compressed, baseline } = figures;
  process.stdout.write(
    `${JSON.stringify({
      bench: 'first-load',
      landing_bytes: compressed.landing,
      prejoin_bytes: compressed.prejoin,
      room_bytes: compressed.room,
      baseline_landing_bytes: baseline.landing,
      baseline_prejoin_bytes: baseline.prejoin,
      baseline_room_bytes: baseline.room,
      landing_vs_baseline: ratio(compressed.landing, baseline.landing),
      prejoin_vs_baseline: ratio(compressed.prejoin, baseline.prejoin),
      room_vs_baseline: ratio(compressed.room, baseline.room),
    })}\n`,
  );
}

await runClosingOnFailure(run, resources, interrupt);
await resources.closeAll();
