/**
 * How end-to-end tests run their servers (playwright.config.ts and specs
 * that start their own). The browser's settings and the lifted budgets are
 * shared with the integration tests, in server/test/testEnvironment.ts.
 */
import { TEST_SERVER_SETTINGS } from '../server/test/testEnvironment.js';

/** The port of the server playwright.config.ts starts for the whole run. */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);

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
    ...TEST_SERVER_SETTINGS,
    DATABASE_URL: '',
    REDIS_URL: '',
  };
}
