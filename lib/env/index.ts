import { z } from 'zod';

/**
 * Every environment variable the platform reads, validated once.
 * A wrong value stops the start with a message naming the variable; nothing else reads process.env directly.
 */
const flag = z
  .enum(['0', '1', 'true', 'false'], { message: '只能是 0/1/true/false' })
  .transform((v) => v === '1' || v === 'true');

const postgresUrl = z
  .string()
  .url({ message: '不是合法的 URL' })
  .refine((v) => /^postgres(ql)?:\/\//.test(v), { message: '必须以 postgres:// 或 postgresql:// 开头' });

export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number({ message: '必须是端口号' }).int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: postgresUrl.optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  REDIS_URL: z
    .string()
    .url({ message: '不是合法的 URL' })
    .refine((v) => /^rediss?:\/\//.test(v), { message: '必须以 redis:// 或 rediss:// 开头' })
    .optional(),
  NEXTAUTH_SECRET: z.string().min(32, { message: '至少 32 个字符' }).optional(),
  NEXTAUTH_URL: z.string().url({ message: '不是合法的 URL' }).optional(),
  SEED_DEMO: flag.optional(),
  // Extra demo letters in each staff queue (awaiting routing, and open in 文化市场管理处): the browser tests set it
  // above a page so that a test finding its letter by position fails every time, not now and then.
  SEED_DEMO_BACKLOG: z.coerce.number({ message: '必须是整数' }).int({ message: '必须是整数' }).min(0).max(500).default(0),
  SMTP_URL: z
    .string()
    .url({ message: '不是合法的 URL' })
    .refine((v) => /^smtps?:\/\//.test(v), { message: '必须以 smtp:// 或 smtps:// 开头' })
    .optional(),
  MAIL_FROM: z.string().min(3).max(200).default('民声 Minsheng <no-reply@localhost>'),
  TRUST_PROXY: flag.default(false),
  // GET /metrics: with a token, only `Authorization: Bearer <token>`; without, loopback only (docs/OPERATIONS.md).
  METRICS_TOKEN: z
    .string()
    .min(24, { message: '至少 24 个字符' })
    .max(256, { message: '不能超过 256 个字符' })
    .regex(/^[\x21-\x7e]+$/, { message: '只能包含可见 ASCII 字符（不含空格）' })
    .optional(),
  // json: one JSON object per line (production default); pretty: readable lines (development default).
  LOG_FORMAT: z.enum(['json', 'pretty'], { message: '只能是 json 或 pretty' }).optional(),
  // Test/CI knob: multiplies every abuse-limit allowance (lib/ratelimit). The e2e suite sends hundreds of requests
  // from one address and one demo account; production leaves it at 1.
  // Open Socket.IO connections per client address and per signed-in account, in each app process (lib/realtime/server.ts;
  // multiplied by RATE_LIMIT_FACTOR). An address may be an office or a carrier's NAT with hundreds of people on the
  // live page (one connection per tab); an account is one person with a few tabs.
  SOCKET_MAX_PER_ADDRESS: z.coerce.number({ message: '必须是数字' }).int({ message: '必须是整数' }).min(1, { message: '必须 ≥ 1' }).max(1_000_000, { message: '不能超过 1000000' }).default(1000),
  SOCKET_MAX_PER_ACCOUNT: z.coerce.number({ message: '必须是数字' }).int({ message: '必须是整数' }).min(1, { message: '必须 ≥ 1' }).max(10_000, { message: '不能超过 10000' }).default(20),
  RATE_LIMIT_FACTOR: z.coerce.number({ message: '必须是数字' }).min(1, { message: '必须 ≥ 1' }).max(1_000_000, { message: '不能超过 1000000' }).default(1),
  // How long (ms) a public page rendered for anonymous visitors may be served again (lib/platform/page-cache.ts;
  // any change empties it at once); 0 turns the cache off. Production only: development always renders afresh.
  PAGE_CACHE_MS: z.coerce.number({ message: '必须是整数' }).int({ message: '必须是整数' }).min(0, { message: '必须 ≥ 0' }).max(60_000, { message: '不能超过 60000' }).default(5000),
  // Cluster mode (lib/platform/cluster.ts): this many worker processes on one port, sharing rooms through Redis.
  WEB_CONCURRENCY: z.coerce.number({ message: '必须是整数' }).int({ message: '必须是整数' }).min(1, { message: '必须 ≥ 1' }).max(64, { message: '不能超过 64' }).default(1),
}).superRefine((e, ctx) => {
  // Several processes share Socket.IO rooms only through Redis, and one database only on PostgreSQL (PGlite is one
  // process per data folder): stop at once with the reason rather than run N processes that do not see each other.
  if (e.WEB_CONCURRENCY > 1 && !e.REDIS_URL) {
    ctx.addIssue({ code: 'custom', path: ['WEB_CONCURRENCY'], message: `${e.WEB_CONCURRENCY} 个进程需要 REDIS_URL（进程之间通过 Redis 共享实时房间）/ more than one process needs REDIS_URL` });
  }
  if (e.WEB_CONCURRENCY > 1 && !e.DATABASE_URL) {
    ctx.addIssue({ code: 'custom', path: ['WEB_CONCURRENCY'], message: '嵌入式数据库 PGlite 只能由一个进程使用：多进程请设置 DATABASE_URL（PostgreSQL）/ embedded PGlite allows one process only: set DATABASE_URL' });
  }
});

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {
  constructor(public readonly problems: string[]) {
    super(`环境变量配置错误 / invalid environment:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  // Treat empty strings as unset, as shells and .env files often leave them behind.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    throw new EnvError(result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const env = result.data;
  if (env.NODE_ENV === 'production' && env.DATABASE_URL && !env.NEXTAUTH_SECRET) {
    throw new EnvError(['NEXTAUTH_SECRET: 使用 PostgreSQL 的生产部署必须设置（至少 32 个字符）']);
  }
  return env;
}

const cache = globalThis as unknown as { __minshengEnv?: Env };

export function env(): Env {
  cache.__minshengEnv ??= parseEnv(process.env);
  return cache.__minshengEnv;
}

/** Demo accounts are created on the embedded database, or when asked for with SEED_DEMO=1. */
export function shouldSeedDemo(e: Env = env()): boolean {
  return e.SEED_DEMO ?? !e.DATABASE_URL;
}

/**
 * An absolute URL of this site for a path, for what leaves the site (e-mail): NEXTAUTH_URL's origin, or
 * http://localhost:$PORT when it is not set (server.ts sets the same default).
 */
export function siteUrl(path: string, e: Env = env()): string {
  const base = e.NEXTAUTH_URL ?? `http://localhost:${e.PORT}`;
  return new URL(path, new URL(base).origin).toString();
}
