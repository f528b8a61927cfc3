import { defineConfig } from 'vitest/config';

/**
 * Integration files that must run alone: they freeze or kill services and
 * processes, or measure what a join, a stall or a recording costs in
 * wall-clock time, so another file's CPU would change what they see.
 */
const ALONE = [
  'server/faults/**/*.int.test.ts',
  'server/db/databaseStall.int.test.ts',
  'server/recording/**/*.int.test.ts',
  'server/buzz/buzzMedia.int.test.ts',
  'server/media/workerDeath.int.test.ts',
  'server/realtime/processDeath.int.test.ts',
  'server/realtime/processLiveness.int.test.ts',
  'server/realtime/addressLimits.int.test.ts',
  'server/rooms/joinCost.int.test.ts',
  'server/shutdown.int.test.ts',
];

// Ceilings, not budgets: tests wait on conditions, and these only stop one
// that will never finish. Above server/test/serverProcess.ts's start-up
// ceiling (240 s), so a slow start reports the server's own output; a hook
// may start two servers one after the other.
const INTEGRATION_CEILINGS = { testTimeout: 300_000, hookTimeout: 600_000 };

// Three tiers run by vitest: unit tests beside the code (*.test.ts) and
// integration tests against the real server, mediasoup worker, PostgreSQL and
// Redis (*.int.test.ts), two files at a time, then those that must run
// alone. End-to-end tests are Playwright's (e2e/).
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
          exclude: [...ALONE, 'node_modules/**'],
          // Each file has its own database, Redis key prefix, ports and data
          // directory (server/test): two side by side, one per core.
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
          ...INTEGRATION_CEILINGS,
        },
      },
      {
        test: {
          name: 'integration-alone',
          include: ALONE,
          fileParallelism: false,
          // After the files that run side by side have finished.
          sequence: { groupOrder: 2 },
          ...INTEGRATION_CEILINGS,
        },
      },
    ],
  },
});
