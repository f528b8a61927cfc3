/**
 * How tests run the platform and the browser, shared by the integration
 * tests (server/test/), the end-to-end tier (playwright.config.ts, e2e/) and
 * the benchmarks: they import from here, never the reverse.
 */

/** Debian's Chromium: Playwright cannot download its own browsers here. */
export const CHROMIUM_PATH = process.env.E2E_CHROMIUM ?? '/usr/bin/chromium';

/** Headless as root, no calls home, a synthetic camera and beep microphone, and a fake screen to share. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  '--auto-select-desktop-capture-source=Entire screen',
];

/**
 * Per-address budgets lifted for servers that tests start: every test
 * person comes from 127.0.0.1, so the defaults (a handful of new identities
 * per minute per address) would refuse the suite. Only the tests of those
 * budgets run with low ones.
 */
export const TEST_ADDRESS_LIMITS: Record<string, string> = {
  RATE_ADDRESS_IDENTITIES_PER_MIN: '100000',
  RATE_ADDRESS_JOINS_PER_MIN: '100000',
  RATE_ADDRESS_MESSAGES_PER_10S: '100000',
};

/**
 * What every server a test starts is set to: the address budgets above
 * lifted; a promise rejection nobody handled stops the process (logged as
 * "unhandled rejection"), so the test that caused it fails instead of
 * passing over a bug that production only logs; and packaging's ffmpeg at
 * normal priority. In production it runs
 * at the lowest (live sessions keep the CPU), so on a machine busy with
 * other work at normal priority it waits until that work is done; a test
 * that waits for a package cannot, and the suite must pass on a busy
 * machine (`stress-ng --cpu 2` beside it starved the lowest priority for
 * minutes).
 */
export const TEST_SERVER_SETTINGS: Record<string, string> = {
  ...TEST_ADDRESS_LIMITS,
  UNHANDLED_REJECTIONS: 'exit',
  PACKAGING_NICENESS: '0',
};
