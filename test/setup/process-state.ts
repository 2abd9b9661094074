import { afterAll, vi } from 'vitest';

/**
 * What a test file may leave in the process, put back before the next file of the same worker runs (vitest.config.mts
 * runs a worker's files in one process): the environment and lib/env's parsed copy of it, fake timers, spies, the
 * process-wide rate-limit counters (lib/ratelimit: a file's requests must not spend the next file's budget), the
 * database outage state (lib/platform/outage: one file's outage or ping under way must not hold the next's pages), the
 * page-change counters and listeners (lib/platform/page-changes: of page caches gone with their file).
 * Database-backed caches need nothing here: they belong to their database (lib/db databaseScoped).
 */
const envAtStart = { ...process.env };
const holder = globalThis as unknown as {
  __minshengEnv?: unknown;
  __minshengRateLimits?: { close(): Promise<void> };
  __minshengPageChanges?: unknown;
} & Record<symbol, unknown>;
const OUTAGE = Symbol.for('minsheng.databaseOutage');

afterAll(async () => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  for (const key of Object.keys(process.env)) if (!(key in envAtStart)) delete process.env[key];
  Object.assign(process.env, envAtStart);
  holder.__minshengEnv = undefined;
  holder.__minshengPageChanges = undefined;
  delete holder[OUTAGE];
  const limits = holder.__minshengRateLimits;
  holder.__minshengRateLimits = undefined;
  await limits?.close();
});
