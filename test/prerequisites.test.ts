import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { freePort } from './support/private-servers';
import { inCi, PrerequisiteMissing, redisAnswers, requires } from './support/prerequisites';

/**
 * A test whose prerequisite is missing skips locally (with the reason printed) and fails in CI
 * (test/support/prerequisites.ts) — proved on the helper and on a real vitest run of a Redis test file with Redis
 * made unreachable.
 */
const run = promisify(execFile);
const ROOT = path.join(__dirname, '..');

describe('requires(): a missing prerequisite', () => {
  const ci = process.env.CI;
  afterEach(() => {
    if (ci === undefined) delete process.env.CI;
    else process.env.CI = ci;
    vi.restoreAllMocks();
  });

  it('skips with a warning locally and throws in CI; passes when everything is there', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    delete process.env.CI;
    expect(await requires('a test', undefined, 'redis-server not found')).toBe(false);
    expect(warn).toHaveBeenCalledWith('[prerequisite] a test skipped: redis-server not found');
    process.env.CI = 'true';
    await expect(requires('a test', undefined, Promise.resolve('pg_ctl not found'))).rejects.toThrow(PrerequisiteMissing);
    await expect(requires('a test', 'pg_ctl not found')).rejects.toThrow(/a test cannot run in CI: pg_ctl not found/);
    expect(await requires('a test', undefined, Promise.resolve(undefined))).toBe(true);
    for (const [value, expected] of [['true', true], ['1', true], ['false', false], ['0', false], ['', false]] as const) {
      expect(inCi({ CI: value }), value).toBe(expected);
    }
  });

  it('tells an unreachable or unset Redis from one that answers', async () => {
    const port = await freePort(); // nothing listens there
    process.env.PREREQ_TEST_REDIS = `redis://127.0.0.1:${port}`;
    expect(await redisAnswers('PREREQ_TEST_REDIS')).toMatch(/cannot reach Redis at PREREQ_TEST_REDIS=.*ECONNREFUSED/);
    delete process.env.PREREQ_TEST_REDIS;
    expect(await redisAnswers('PREREQ_TEST_REDIS')).toBe('PREREQ_TEST_REDIS is not set');
    if (process.env.TEST_REDIS_URL) expect(await redisAnswers('TEST_REDIS_URL')).toBeUndefined();
  });
});

describe('a vitest run with Redis unreachable', () => {
  /** Runs test/realtime-redis.test.ts in its own vitest with TEST_REDIS_URL pointing where nothing listens. */
  async function runRedisTest(ci: boolean) {
    const env: Record<string, string | undefined> = { ...process.env, TEST_REDIS_URL: `redis://127.0.0.1:${await freePort()}` };
    delete env.CI;
    delete env.VITEST; delete env.VITEST_WORKER_ID; delete env.VITEST_POOL_ID; delete env.NODE_ENV;
    if (ci) env.CI = 'true';
    try {
      const { stdout, stderr } = await run(path.join(ROOT, 'node_modules', '.bin', 'vitest'), ['run', 'test/realtime-redis.test.ts'], { cwd: ROOT, env: env as NodeJS.ProcessEnv, timeout: 90_000 });
      return { code: 0, output: stdout + stderr };
    } catch (error) {
      const e = error as { code?: number; stdout?: string; stderr?: string };
      return { code: e.code ?? -1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
    }
  }

  it('fails under CI=true, and skips with the reason printed without CI', async () => {
    const [inCiRun, localRun] = await Promise.all([runRedisTest(true), runRedisTest(false)]);
    expect(inCiRun.code, inCiRun.output).not.toBe(0);
    expect(inCiRun.output).toMatch(/Socket\.IO across servers through Redis cannot run in CI: cannot reach Redis at TEST_REDIS_URL=/);
    expect(localRun.code, localRun.output).toBe(0);
    expect(localRun.output).toMatch(/\[prerequisite\] Socket\.IO across servers through Redis skipped: cannot reach Redis/);
    expect(localRun.output).toMatch(/1 skipped/);
  }, 120_000);
});
