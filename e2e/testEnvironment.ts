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
 * Environment of a server started for end-to-end tests: loopback media, two
 * workers, and hermetic storage (the embedded database in `dataDir`, no Redis),
 * whatever the calling shell has set.
 */
export function e2eServerEnv(port: number, dataDir: string): Record<string, string> {
  return {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    RTC_LISTEN_IP: '127.0.0.1',
    LOG_LEVEL: 'warn',
    // Two workers: rooms span both, so stage media crosses pipeToRouter as in production.
    MEDIA_WORKERS: '2',
    DATABASE_URL: '',
    REDIS_URL: '',
  };
}
