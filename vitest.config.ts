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
        },
      },
      {
        test: {
          name: 'integration',
          include: ['{server,shared}/**/*.int.test.ts'],
          // Integration tests share one machine's PostgreSQL, Redis and CPU:
          // run files one after another so timings and ports stay sane.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
