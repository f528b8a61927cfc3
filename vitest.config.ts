import { defineConfig } from 'vitest/config';

// Two tiers run by vitest: unit tests beside the code (*.test.ts) and
// integration tests against the real server, mediasoup worker, PostgreSQL and
// Redis (*.int.test.ts). End-to-end tests are Playwright's (e2e/).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['{server,shared,client}/**/*.test.{ts,tsx}'],
          exclude: ['**/*.int.test.ts', 'node_modules/**'],
          // Six times vitest's default: a loaded machine (another suite running) slows everything.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['{server,shared}/**/*.int.test.ts'],
          // Integration tests share one machine's PostgreSQL, Redis and CPU:
          // run files one after another so timings and ports stay sane.
          fileParallelism: false,
          // Ceilings, not budgets: tests wait on conditions, and these only stop
          // one that will never finish. Above server/test/serverProcess.ts's
          // start-up ceiling (240 s), so a slow start reports the server's own
          // output; a hook may start two servers one after the other.
          testTimeout: 300_000,
          hookTimeout: 600_000,
        },
      },
    ],
  },
});
