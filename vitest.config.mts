import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * Unit and integration tests (test/**). Each test file gets its own database from test/setup/database.ts:
 * in-memory PGlite by default, a throw-away PostgreSQL database when TEST_DATABASE_URL is set.
 */
export default defineConfig({
  resolve: {
    // tsconfig's "@/*": ["./*"]; a regex so packages such as @electric-sql/… are left alone.
    alias: [{ find: /^@\//, replacement: `${root}` }],
  },
  test: {
    environment: 'node',
    include: ['test/**/*.test.ts'],
    // The fault tests run on their own (npm run test:faults, vitest.faults.config.mts): they take minutes.
    exclude: ['test/faults/**', '**/node_modules/**'],
    // PGlite runs: one migrated and seeded snapshot per run, loaded by every file (test/setup/snapshot.ts).
    globalSetup: ['test/setup/snapshot.ts'],
    setupFiles: ['test/setup/next-request.ts', 'test/setup/process-state.ts', 'test/setup/database.ts'],
    pool: 'forks',
    // A worker runs its files one after another in one process: imports, V8's compiled code and PGlite's compiled
    // WebAssembly stay warm (the PGlite pass took 674 s isolated, 374 s not, session 19). What a file leaves behind
    // is reset by the setup files: Next's request (test/setup/next-request.ts), the database and the caches of its
    // content (lib/db databaseScoped), the environment, timers, spies and rate limits (test/setup/process-state.ts).
    isolate: false,
    // Two cores: two files at a time (each runs its own PGlite or PostgreSQL database and argon2 hashing).
    maxWorkers: 2,
    // Migrating a fresh PGlite takes a second or two; argon2id hashing is ~50 ms per call.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    teardownTimeout: 30_000,
  },
});
