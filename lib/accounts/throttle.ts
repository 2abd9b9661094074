import { inArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db';
import { authThrottle } from './schema';

/**
 * Slows down password guessing. Failures are counted per account and per client address in the database,
 * so every app process sees the same counters. A key over its limit is locked; the lock grows with each
 * further failure (per account) so a patient guesser gets a handful of tries an hour at most.
 */
export interface ThrottlePolicy {
  max: number;
  windowMinutes: number;
  lockMinutes(failuresOverMax: number): number;
}

export const ACCOUNT_POLICY: ThrottlePolicy = {
  max: 5,
  windowMinutes: 15,
  lockMinutes: (over) => Math.min(2 ** over, 60),
};

export const IP_POLICY: ThrottlePolicy = {
  max: 30,
  windowMinutes: 15,
  lockMinutes: () => 15,
};

export const accountKey = (login: string) => `login:${login}`;
export const ipKey = (ip: string) => `ip:${ip}`;

/** Seconds until every given key is unlocked; 0 when none is locked. */
export async function lockedForSeconds(db: Db | Tx, keys: string[], now = new Date()): Promise<number> {
  if (keys.length === 0) return 0;
  const rows = await db
    .select({ lockedUntil: authThrottle.lockedUntil })
    .from(authThrottle)
    .where(inArray(authThrottle.key, keys));
  let seconds = 0;
  for (const row of rows) {
    if (row.lockedUntil && row.lockedUntil > now) {
      seconds = Math.max(seconds, Math.ceil((row.lockedUntil.getTime() - now.getTime()) / 1000));
    }
  }
  return seconds;
}

export async function recordFailure(db: Db | Tx, key: string, policy: ThrottlePolicy, now = new Date()): Promise<void> {
  const windowStartLimit = new Date(now.getTime() - policy.windowMinutes * 60_000).toISOString();
  const nowIso = now.toISOString();
  const [row] = await db
    .insert(authThrottle)
    .values({ key, failures: 1, windowStart: now })
    .onConflictDoUpdate({
      target: authThrottle.key,
      set: {
        // A window that has passed starts again at one failure.
        failures: sql`case when ${authThrottle.windowStart} < ${windowStartLimit}::timestamptz then 1 else ${authThrottle.failures} + 1 end`,
        windowStart: sql`case when ${authThrottle.windowStart} < ${windowStartLimit}::timestamptz then ${nowIso}::timestamptz else ${authThrottle.windowStart} end`,
      },
    })
    .returning({ failures: authThrottle.failures });
  if (row && row.failures >= policy.max) {
    const lockedUntil = new Date(now.getTime() + policy.lockMinutes(row.failures - policy.max) * 60_000);
    await db.update(authThrottle).set({ lockedUntil }).where(sql`${authThrottle.key} = ${key}`);
  }
}

export async function clearFailures(db: Db | Tx, key: string): Promise<void> {
  await db.delete(authThrottle).where(sql`${authThrottle.key} = ${key}`);
}

export function lockedMessage(seconds: number): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return `登录失败次数过多，请 ${minutes} 分钟后再试`;
}
