import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * Fault tests (`npm run test:faults`, test/faults/**): real app processes killed, databases and Redis stopped or
 * frozen, slow clients. Kept out of `npm run test:unit` because each file runs for tens of seconds. A test whose
 * prerequisite (PostgreSQL binaries, redis-server) is missing is skipped with the reason printed, and fails the run
 * in CI (test/support/prerequisites.ts).
 */
export default defineConfig({
  resolve: {
    alias: [{ find: /^@\//, replacement: `${root}` }],
  },
  test: {
    environment: 'node',
    include: ['test/faults/**/*.test.ts'],
    // No per-file database (test/setup/database.ts): the tests start app processes on databases of their own.
    setupFiles: ['test/faults/setup.ts'],
    pool: 'forks',
    // Two cores: two files at a time; each test waits for conditions with its own deadlines.
    maxWorkers: 2,
    testTimeout: 240_000,
    hookTimeout: 120_000,
    teardownTimeout: 60_000,
  },
});
