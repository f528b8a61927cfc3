/**
 * One home for how tests run the platform and the browser, shared by
 * playwright.config.ts, the e2e specs and the integration tests that drive a
 * real Chromium (server/test/browser.ts).
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
};

/**
 * Environment of a server started for end-to-end tests: media on every
 * address, announcing this machine's primary one as `npm run up` does (Firefox
 * ignores loopback candidates, so 127.0.0.1 would give it no media), two
 * workers, and hermetic storage (the embedded database in `dataDir`, no Redis),
 * whatever the calling shell has set.
 */
export function e2eServerEnv(port: number, dataDir: string): Record<string, string> {
  return {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    RTC_LISTEN_IP: '0.0.0.0',
    RTC_ANNOUNCED_IP: '',
    LOG_LEVEL: 'warn',
    // Two workers: rooms span both, so stage media crosses pipeToRouter as in production.
    MEDIA_WORKERS: '2',
    ...TEST_ADDRESS_LIMITS,
    DATABASE_URL: '',
    REDIS_URL: '',
  };
}
