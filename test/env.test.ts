import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv, shouldSeedDemo } from '@/lib/env';

const SECRET = 'x'.repeat(32);

/** The EnvError parseEnv throws for a source; fails the test when it does not throw. */
function envError(source: Record<string, string | undefined>): EnvError {
  try {
    parseEnv(source);
  } catch (error) {
    expect(error).toBeInstanceOf(EnvError);
    return error as EnvError;
  }
  throw new Error(`parseEnv accepted ${JSON.stringify(source)}`);
}

describe('parseEnv', () => {
  it('fills in the defaults', () => {
    expect(parseEnv({})).toEqual({
      NODE_ENV: 'development',
      PORT: 3000,
      HOST: '0.0.0.0',
      DATA_DIR: './data',
      SEED_DEMO_BACKLOG: 0,
      MAIL_FROM: '民声 Minsheng <no-reply@localhost>',
      TRUST_PROXY: false,
      SOCKET_MAX_PER_ADDRESS: 1000,
      SOCKET_MAX_PER_ACCOUNT: 20,
      RATE_LIMIT_FACTOR: 1,
      PAGE_CACHE_MS: 5000,
      WEB_CONCURRENCY: 1,
    });
  });

  it('reads PAGE_CACHE_MS: 0 turns the page cache off, at most a minute', () => {
    expect(parseEnv({ PAGE_CACHE_MS: '0' }).PAGE_CACHE_MS).toBe(0);
    expect(parseEnv({ PAGE_CACHE_MS: '60000' }).PAGE_CACHE_MS).toBe(60_000);
    for (const bad of ['-1', '1.5', 'soon', '60001']) expect(envError({ PAGE_CACHE_MS: bad }).problems[0]).toMatch(/^PAGE_CACHE_MS: /);
  });

  it('reads WEB_CONCURRENCY; more than one process needs Redis and PostgreSQL', () => {
    const shared = { DATABASE_URL: 'postgresql://app@db.internal:5432/minsheng', REDIS_URL: 'redis://cache.internal:6379' };
    expect(parseEnv({ WEB_CONCURRENCY: '4', ...shared }).WEB_CONCURRENCY).toBe(4);
    expect(parseEnv({ WEB_CONCURRENCY: '1' }).WEB_CONCURRENCY).toBe(1); // one process: PGlite and no Redis are fine
    for (const bad of ['0', '-1', '2.5', 'many', '65']) expect(envError({ WEB_CONCURRENCY: bad, ...shared }).problems[0]).toMatch(/^WEB_CONCURRENCY: /);
    expect(envError({ WEB_CONCURRENCY: '2', DATABASE_URL: shared.DATABASE_URL }).problems).toEqual([
      'WEB_CONCURRENCY: 2 个进程需要 REDIS_URL（进程之间通过 Redis 共享实时房间）/ more than one process needs REDIS_URL',
    ]);
    expect(envError({ WEB_CONCURRENCY: '2', REDIS_URL: shared.REDIS_URL }).problems).toEqual([
      'WEB_CONCURRENCY: 嵌入式数据库 PGlite 只能由一个进程使用：多进程请设置 DATABASE_URL（PostgreSQL）/ embedded PGlite allows one process only: set DATABASE_URL',
    ]);
    expect(envError({ WEB_CONCURRENCY: '3' }).problems).toHaveLength(2);
  });

  it('reads the connection caps and refuses ones that are no positive whole number', () => {
    expect(parseEnv({ SOCKET_MAX_PER_ADDRESS: '5000', SOCKET_MAX_PER_ACCOUNT: '8' })).toMatchObject({ SOCKET_MAX_PER_ADDRESS: 5000, SOCKET_MAX_PER_ACCOUNT: 8 });
    for (const bad of ['0', '-1', '2.5', 'many']) {
      expect(() => parseEnv({ SOCKET_MAX_PER_ADDRESS: bad })).toThrow(EnvError);
      expect(() => parseEnv({ SOCKET_MAX_PER_ACCOUNT: bad })).toThrow(EnvError);
    }
  });

  it('reads good values', () => {
    const env = parseEnv({
      NODE_ENV: 'production',
      PORT: '8080',
      DATABASE_URL: 'postgresql://app@db.internal:5432/minsheng',
      REDIS_URL: 'rediss://cache.internal:6380',
      NEXTAUTH_SECRET: SECRET,
      NEXTAUTH_URL: 'https://minsheng.example.gov.cn',
      TRUST_PROXY: 'true',
      SEED_DEMO: '0',
    });
    expect(env).toMatchObject({ PORT: 8080, TRUST_PROXY: true, SEED_DEMO: false, DATABASE_URL: 'postgresql://app@db.internal:5432/minsheng' });
  });

  it('reads METRICS_TOKEN and LOG_FORMAT, both optional', () => {
    const token = 'm3tr1cs-t0ken-0123456789-abcdef';
    expect(parseEnv({ METRICS_TOKEN: token, LOG_FORMAT: 'json' })).toMatchObject({ METRICS_TOKEN: token, LOG_FORMAT: 'json' });
    expect(parseEnv({ LOG_FORMAT: 'pretty' }).LOG_FORMAT).toBe('pretty');
    // Unset: /metrics answers loopback only; the format follows NODE_ENV (server.ts).
    expect(parseEnv({ METRICS_TOKEN: '', LOG_FORMAT: '' })).toEqual(parseEnv({}));
    expect(parseEnv({}).METRICS_TOKEN).toBeUndefined();
    expect(envError({ METRICS_TOKEN: 'short' }).problems[0]).toBe('METRICS_TOKEN: 至少 24 个字符');
    expect(envError({ LOG_FORMAT: 'text' }).problems[0]).toBe('LOG_FORMAT: 只能是 json 或 pretty');
  });

  it('ignores variables it does not know', () => {
    expect(parseEnv({ PATH: '/usr/bin', HOME: '/root' })).toEqual(parseEnv({}));
  });

  it.each<[string, Record<string, string>, string]>([
    ['PORT that is not a number', { PORT: 'abc' }, 'PORT'],
    ['PORT out of range', { PORT: '70000' }, 'PORT'],
    ['PORT zero', { PORT: '0' }, 'PORT'],
    ['DATABASE_URL of another database', { DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    ['DATABASE_URL that is not a URL', { DATABASE_URL: 'localhost:5432' }, 'DATABASE_URL'],
    ['REDIS_URL over http', { REDIS_URL: 'http://cache:6379' }, 'REDIS_URL'],
    ['REDIS_URL that is not a URL', { REDIS_URL: 'cache:6379' }, 'REDIS_URL'],
    ['a short NEXTAUTH_SECRET', { NEXTAUTH_SECRET: 'too-short' }, 'NEXTAUTH_SECRET'],
    ['NEXTAUTH_URL that is not a URL', { NEXTAUTH_URL: 'minsheng.example' }, 'NEXTAUTH_URL'],
    ['an unknown NODE_ENV', { NODE_ENV: 'staging' }, 'NODE_ENV'],
    ['SEED_DEMO that is not a flag', { SEED_DEMO: 'yes' }, 'SEED_DEMO'],
    ['a short METRICS_TOKEN', { METRICS_TOKEN: 'short-token' }, 'METRICS_TOKEN'],
    ['a METRICS_TOKEN with a space', { METRICS_TOKEN: 'abcdefghijkl mnopqrstuvwxyz' }, 'METRICS_TOKEN'],
    ['an unknown LOG_FORMAT', { LOG_FORMAT: 'xml' }, 'LOG_FORMAT'],
  ])('refuses %s, naming the variable', (_label, source, variable) => {
    const error = envError(source);
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatch(new RegExp(`^${variable}: `));
    expect(error.message).toContain(variable);
  });

  it('gives Chinese reasons', () => {
    expect(envError({ PORT: 'abc' }).problems[0]).toBe('PORT: 必须是端口号');
    expect(envError({ DATABASE_URL: 'mysql://x' }).problems[0]).toBe('DATABASE_URL: 必须以 postgres:// 或 postgresql:// 开头');
    expect(envError({ REDIS_URL: 'http://cache:6379' }).problems[0]).toBe('REDIS_URL: 必须以 redis:// 或 rediss:// 开头');
    expect(envError({ NEXTAUTH_SECRET: 'short' }).problems[0]).toBe('NEXTAUTH_SECRET: 至少 32 个字符');
  });

  it('lists every problem at once', () => {
    const error = envError({ PORT: 'abc', DATABASE_URL: 'mysql://x', REDIS_URL: 'http://r' });
    expect(error.problems.map((p) => p.split(':')[0]).sort()).toEqual(['DATABASE_URL', 'PORT', 'REDIS_URL']);
  });

  it('requires NEXTAUTH_SECRET in production with PostgreSQL', () => {
    const error = envError({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/minsheng' });
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatch(/^NEXTAUTH_SECRET: /);
    expect(parseEnv({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/minsheng', NEXTAUTH_SECRET: SECRET }).NEXTAUTH_SECRET).toBe(SECRET);
    // Embedded database in production, or PostgreSQL in development: the secret may be generated.
    expect(parseEnv({ NODE_ENV: 'production' }).NEXTAUTH_SECRET).toBeUndefined();
    expect(parseEnv({ DATABASE_URL: 'postgres://db/minsheng' }).NEXTAUTH_SECRET).toBeUndefined();
  });

  it('treats empty strings as unset', () => {
    const env = parseEnv({ PORT: '', DATABASE_URL: '', REDIS_URL: '', NEXTAUTH_SECRET: '', DATA_DIR: '', SEED_DEMO: '', NODE_ENV: '' });
    expect(env).toEqual(parseEnv({}));
    expect(env.DATABASE_URL).toBeUndefined();
    // …so an empty secret in production with PostgreSQL is still missing.
    expect(envError({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/minsheng', NEXTAUTH_SECRET: '' }).problems[0]).toMatch(/^NEXTAUTH_SECRET/);
  });
});

describe('shouldSeedDemo', () => {
  it.each<[string, Record<string, string>, boolean]>([
    ['the embedded database', {}, true],
    ['PostgreSQL', { DATABASE_URL: 'postgres://db/minsheng' }, false],
    ['PostgreSQL with SEED_DEMO=1', { DATABASE_URL: 'postgres://db/minsheng', SEED_DEMO: '1' }, true],
    ['PostgreSQL with SEED_DEMO=true', { DATABASE_URL: 'postgres://db/minsheng', SEED_DEMO: 'true' }, true],
    ['the embedded database with SEED_DEMO=0', { SEED_DEMO: '0' }, false],
    ['an empty DATABASE_URL', { DATABASE_URL: '' }, true],
  ])('%s → %s', (_label, source, expected) => {
    expect(shouldSeedDemo(parseEnv(source))).toBe(expected);
  });
});
