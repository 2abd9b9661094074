import { and, gt, inArray, lt, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db';
import { chinaDate } from '../calendar/workdays';
import { interviews } from '../interviews/schema';
import type { Role } from './schema';
import { authThrottle } from './schema';
import { countInWindow, currentCount } from '../ratelimit/window-counter';

/**
 * Slows down password guessing without handing anyone a way to lock others out. Failures are counted in the
 * database (every app process sees the same counters) under three kinds of key:
 *
 * - the account *at one address* ("login:<login>@<address>"): locked after PAIR_POLICY.max failures, longer with
 *   each further failure. Someone guessing from their address locks only themselves out of that account; the
 *   owner signing in from another address is not refused.
 * - the address ("ip:<address>"): locked after IP_POLICY.max failures over any accounts (password spraying).
 * - the account over all addresses ("login:<login>"): never locked; over ACCOUNT_SLOWDOWN.max failures, every
 *   attempt on the account waits before its password is checked (up to MAX_SLOWDOWN_MS), which makes guessing
 *   from many addresses slow while the correct password from anywhere still gets in.
 *
 * Moderators and leaders are never refused on a day with an interview (Beijing date): a lock on them would
 * silence the interview. A lock that would refuse them becomes the longest wait instead.
 */
export interface ThrottlePolicy {
  max: number;
  windowMinutes: number;
  /** Minutes the key is locked once over `max`; 0: counted, never locked. */
  lockMinutes(failuresOverMax: number): number;
}

export const PAIR_POLICY: ThrottlePolicy = {
  max: 5,
  windowMinutes: 15,
  lockMinutes: (over) => Math.min(2 ** over, 60),
};

export const IP_POLICY: ThrottlePolicy = {
  max: 30,
  windowMinutes: 15,
  lockMinutes: () => 15,
};

export const ACCOUNT_SLOWDOWN: ThrottlePolicy = {
  max: 10,
  windowMinutes: 15,
  lockMinutes: () => 0,
};

/** The longest an attempt waits: long enough that guessing at scale is slow, short enough for a person. */
export const MAX_SLOWDOWN_MS = 5000;

/** How long an attempt on an account with `failures` recent failures (all addresses) waits: 0.5 s doubling to 5 s. */
export function slowdownMs(failures: number): number {
  if (failures < ACCOUNT_SLOWDOWN.max) return 0;
  return Math.min(500 * 2 ** (failures - ACCOUNT_SLOWDOWN.max), MAX_SLOWDOWN_MS);
}

export const accountKey = (login: string) => `login:${login}`;
export const pairKey = (login: string, ip: string | null) => `login:${login}@${ip ?? 'unknown'}`;
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

/** Failures counted under `key` in its current window (0 once the window has passed). */
export async function recentFailures(db: Db | Tx, key: string, policy: ThrottlePolicy, now = new Date()): Promise<number> {
  return currentCount(db, key, policy.windowMinutes * 60_000, now);
}

export async function recordFailure(db: Db | Tx, key: string, policy: ThrottlePolicy, now = new Date()): Promise<void> {
  const { count } = await countInWindow(db, key, policy.windowMinutes * 60_000, now);
  const row = { failures: count };
  const minutes = row && row.failures >= policy.max ? policy.lockMinutes(row.failures - policy.max) : 0;
  if (minutes > 0) {
    const lockedUntil = new Date(now.getTime() + minutes * 60_000);
    await db.update(authThrottle).set({ lockedUntil }).where(sql`${authThrottle.key} = ${key}`);
  }
}

export async function clearFailures(db: Db | Tx, key: string): Promise<void> {
  await db.delete(authThrottle).where(sql`${authThrottle.key} = ${key}`);
}

/**
 * Whether an account of this role may not be locked now: moderators and leaders on a Beijing calendar day on
 * which an interview (announced or live, not a draft) is scheduled.
 */
export async function unlockableToday(db: Db | Tx, role: Role, now = new Date()): Promise<boolean> {
  if (role !== 'moderator' && role !== 'leader') return false;
  const day = chinaDate(now);
  const dayStart = new Date(`${day}T00:00:00+08:00`);
  const dayEnd = new Date(dayStart.getTime() + 24 * 3600_000);
  const [row] = await db
    .select({ id: interviews.id })
    .from(interviews)
    .where(and(
      inArray(interviews.status, ['announced', 'live']),
      lt(interviews.scheduledStart, dayEnd),
      gt(interviews.scheduledEnd, dayStart),
    ))
    .limit(1);
  return Boolean(row);
}

export function lockedMessage(seconds: number): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return `登录失败次数过多，请 ${minutes} 分钟后再试`;
}
