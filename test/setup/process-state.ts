import { afterAll, vi } from 'vitest';

/**
 * What a test file may leave in the process, put back before the next file of the same worker runs (vitest.config.mts
 * runs a worker's files in one process): the environment and lib/env's parsed copy of it, fake timers, spies, and
 * the process-wide rate-limit counters (lib/ratelimit: a file's requests must not spend the next file's budget).
 * Database-backed caches need nothing here: they belong to their database (lib/db databaseScoped).
 */
const envAtStart = { ...process.env };
const holder = globalThis as unknown as { __minshengEnv?: unknown; __minshengRateLimits?: { close(): Promise<void> } };

afterAll(async () => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  for (const key of Object.keys(process.env)) if (!(key in envAtStart)) delete process.env[key];
  Object.assign(process.env, envAtStart);
  holder.__minshengEnv = undefined;
  const limits = holder.__minshengRateLimits;
  holder.__minshengRateLimits = undefined;
  await limits?.close();
});
