import { eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db';
import { authThrottle } from '../accounts/schema';

/**
 * Fixed-window counters in the database (table auth_throttle), shared by every app process: failed sign-ins
 * (lib/accounts/throttle.ts) and wrong letter query codes (lib/ratelimit/lookup.ts). A window starts at its key's
 * first count and covers [start, start + window); from its end on, the next count starts a new window at one.
 * Counting is one atomic upsert, so parallel requests cannot all slip under a limit.
 */

export interface WindowCount {
  count: number;
  windowStart: Date;
  windowEnds: Date;
}

/** Adds one to `key`'s count in its current window (a window that has ended starts again at one). */
export async function countInWindow(db: Db | Tx, key: string, windowMs: number, now: Date): Promise<WindowCount> {
  const ended = new Date(now.getTime() - windowMs).toISOString();
  const nowIso = now.toISOString();
  const [row] = await db
    .insert(authThrottle)
    .values({ key, failures: 1, windowStart: now })
    .onConflictDoUpdate({
      target: authThrottle.key,
      set: {
        failures: sql`case when ${authThrottle.windowStart} <= ${ended}::timestamptz then 1 else ${authThrottle.failures} + 1 end`,
        windowStart: sql`case when ${authThrottle.windowStart} <= ${ended}::timestamptz then ${nowIso}::timestamptz else ${authThrottle.windowStart} end`,
      },
    })
    .returning({ failures: authThrottle.failures, windowStart: authThrottle.windowStart });
  return { count: row!.failures, windowStart: row!.windowStart, windowEnds: new Date(row!.windowStart.getTime() + windowMs) };
}

/** `key`'s count in its current window: 0 when it has none or its window has ended. */
export async function currentCount(db: Db | Tx, key: string, windowMs: number, now: Date): Promise<number> {
  const [row] = await db
    .select({ failures: authThrottle.failures, windowStart: authThrottle.windowStart })
    .from(authThrottle)
    .where(eq(authThrottle.key, key));
  if (!row || row.windowStart.getTime() + windowMs <= now.getTime()) return 0;
  return row.failures;
}
