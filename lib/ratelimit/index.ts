import { createClient } from 'redis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, RLWrapperTimeouts, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { AppError } from '../errors';
import { env } from '../env';
import type { Actor } from '../auth/permissions';
import { clientNetworkOf } from '../api/client-ip';
import { noteRequestRefused } from '../observability/context';
import { POLICIES, limitedMessage, type LimitedAction, type Policy } from './policies';

export { POLICIES, limitedMessage, type LimitedAction, type Policy } from './policies';

/**
 * Abuse limits (policies.ts) shared by every app process through Redis when REDIS_URL is set, in process memory
 * otherwise. With Redis, each limiter has a memory twin as insurance: while Redis is unreachable, slow (over
 * REDIS_TIMEOUT_MS) or still connecting, each process counts on its own — limits stay on, nobody is blocked by the
 * outage — and the shared counters take over again once Redis answers.
 */

export interface RateLimitsOptions {
  redisUrl?: string;
  /** RATE_LIMIT_FACTOR: multiplies every allowance. */
  factor?: number;
  /** Redis key prefix (tests give each run its own). */
  prefix?: string;
  /** How long one Redis call may take before the memory insurance answers instead. */
  redisTimeoutMs?: number;
}

export interface RateLimits {
  /**
   * Counts one attempt of `action` for the actor's account and address: 0 when allowed, otherwise the seconds to
   * wait. (Plain numbers: this object is shared by every bundle of the process through globalThis, and an AppError
   * class from one of Next's bundles is not `instanceof` another's — `consume` below throws the caller's own.)
   */
  check(action: LimitedAction, actor: Actor): Promise<number>;
  /** Whether the shared store is connected (false: memory only, or Redis unreachable). */
  readonly shared: boolean;
  /** True once connected to Redis; false without Redis or when no connection is made within timeoutMs. */
  ready(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

const REDIS_TIMEOUT_MS = 300;

type RedisClient = ReturnType<typeof createClient>;

function keyOf(kind: Policy['key'], actor: Actor): string | null {
  // An API token is its own client, whatever account it acts as and wherever it calls from: limits per token.
  if (actor.token) return `t:${actor.token.id}`;
  if (kind === 'account') return actor.user ? `u:${actor.user.publicId}` : null;
  return actor.ip ? `ip:${clientNetworkOf(actor.ip)}` : null; // an IPv6 client counts by its /64
}

export function createRateLimits(options: RateLimitsOptions = {}): RateLimits {
  const factor = options.factor ?? 1;
  const prefix = options.prefix ?? 'minsheng:rl';
  let redis: RedisClient | undefined;
  let connecting: Promise<unknown> | undefined;
  let closing = false;
  if (options.redisUrl) {
    let down = false;
    redis = createClient({
      url: options.redisUrl,
      // Fail at once while disconnected (the insurance answers) instead of queueing requests until Redis is back.
      disableOfflineQueue: true,
      socket: { connectTimeout: 2000, reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 5000) },
    });
    redis.on('error', (error: Error) => {
      if (!down && !closing) console.warn(`[ratelimit] Redis unreachable, counting in this process until it is back: ${error.message}`);
      down = true;
    });
    redis.on('ready', () => {
      if (down) console.warn('[ratelimit] Redis is back: limits are shared again');
      down = false;
    });
    // Not awaited: requests arriving before the connection are counted by the insurance.
    connecting = redis.connect();
    connecting.catch(() => {});
  }

  const limiters = new Map<string, RateLimiterAbstract>();
  const limiterFor = (action: LimitedAction, policy: Policy): RateLimiterAbstract => {
    const id = `${action}:${policy.key}`;
    let limiter = limiters.get(id);
    if (limiter) return limiter;
    const common = {
      keyPrefix: `${prefix}:${id}`,
      points: Math.max(1, Math.ceil(policy.points * factor)),
      duration: policy.durationSeconds,
      blockDuration: policy.blockSeconds,
    };
    const memory = new RateLimiterMemory(common);
    if (!redis) {
      limiter = memory;
    } else {
      const shared = new RateLimiterRedis({
        ...common,
        storeClient: redis,
        useRedisPackage: true,
        rejectIfRedisNotReady: true,
        // A key over its limit is refused from memory until its block ends: a flood costs no Redis round trips.
        inMemoryBlockOnConsumed: common.points + 1,
      });
      // The wrapper alone hands failures to the insurance: errors and timeouts. (An insurance on the Redis limiter
      // too would count a timed-out call twice, when its late failure arrives.)
      limiter = new RLWrapperTimeouts({
        limiter: shared,
        timeoutMs: options.redisTimeoutMs ?? REDIS_TIMEOUT_MS,
        blockDuration: common.blockDuration, // copied onto the insurance, which would otherwise not block
        insuranceLimiter: memory,
      });
    }
    limiters.set(id, limiter);
    return limiter;
  };

  return {
    async check(action, actor) {
      const policies: readonly Policy[] = POLICIES[action];
      // Account first: an account over its limit is refused before it can use up its address's allowance, which
      // others behind the same address share.
      const ordered = [...policies].sort((a, b) => (a.key === b.key ? 0 : a.key === 'account' ? -1 : 1));
      for (const policy of ordered) {
        const key = keyOf(policy.key, actor);
        if (!key) continue;
        try {
          await limiterFor(action, policy).consume(key);
        } catch (error) {
          if (error instanceof RateLimiterRes) return Math.max(1, Math.ceil(error.msBeforeNext / 1000));
          // Neither Redis nor the insurance answered (should not happen: memory always does). Fail open, loudly.
          console.error(`[ratelimit] ${action} could not be counted`, error);
        }
      }
      return 0;
    },
    get shared() {
      return Boolean(redis?.isReady);
    },
    async ready(timeoutMs = 5000) {
      if (!connecting) return false;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(false), timeoutMs); });
      try {
        return await Promise.race([connecting.then(() => true, () => false), timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      closing = true;
      if (redis?.isOpen) await redis.quit().catch(() => {});
      else redis?.destroy();
    },
  };
}

/**
 * Citizens and visitors: whose follow-up actions count against the abuse limits. Staff accounts are created by
 * admins and work through queues all day; their actions are audited instead.
 */
export function isPublicActor(actor: Actor): boolean {
  return !actor.user || actor.user.role === 'citizen';
}

// One per process, shared by server.ts (sockets) and Next's bundles (routes, actions), created on first use.
const holder = globalThis as unknown as { __minshengRateLimits?: RateLimits };

export function rateLimits(): RateLimits {
  if (!holder.__minshengRateLimits) {
    const e = env();
    holder.__minshengRateLimits = createRateLimits({ redisUrl: e.REDIS_URL, factor: e.RATE_LIMIT_FACTOR });
  }
  return holder.__minshengRateLimits;
}

/**
 * What a route, form or page declares it counts: a policy for everyone, or (publicOnly) for citizens and visitors
 * only — staff reading or working their queues are audited, not limited (isPublicActor).
 */
export type RateLimitRule = LimitedAction | { action: LimitedAction; publicOnly?: boolean };

/** The policy `rule` counts for this actor, or null when it does not count them. */
export function limitedActionFor(rule: RateLimitRule | undefined, actor: Actor): LimitedAction | null {
  if (!rule) return null;
  if (typeof rule === 'string') return rule;
  return !rule.publicOnly || isPublicActor(actor) ? rule.action : null;
}

/**
 * Counts one attempt of `action` by this actor; throws AppError('rate_limited', "<…>过于频繁，请 N 分钟后再试",
 * retryAfterSeconds) when over — a 429 with Retry-After from route handlers, a form error from server actions, an
 * error acknowledgement on sockets. `limits`: the process's own (default), or a test's instance.
 */
export async function consume(action: LimitedAction, actor: Actor, limits: RateLimits = rateLimits()): Promise<void> {
  const retryAfter = await limits.check(action, actor);
  if (retryAfter > 0) throw new AppError('rate_limited', limitedMessage(action, retryAfter), undefined, retryAfter);
}

/**
 * A page render's count of `action` — the same policy and keys as the API's, so a page and its API share one budget:
 * 0 when allowed, otherwise the seconds to wait. A refused render is marked (noteRequestRefused): answered 429 with
 * Retry-After and never kept by the page cache; the page shows app/_components/RateLimited instead of its content.
 */
export async function limitRender(rule: RateLimitRule, actor: Actor, limits: RateLimits = rateLimits()): Promise<number> {
  const action = limitedActionFor(rule, actor);
  if (!action) return 0;
  const retryAfter = await limits.check(action, actor);
  if (retryAfter > 0) noteRequestRefused(retryAfter);
  return retryAfter;
}
