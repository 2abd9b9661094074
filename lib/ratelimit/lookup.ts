import { and, eq, like, lt, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db';
import { AppError, notFound } from '../errors';
import { authThrottle } from '../accounts/schema';
import { env } from '../env';
import { clientNetworkOf } from '../api/client-ip';
import { countInWindow, currentCount } from './window-counter';

/**
 * Wrong query codes on the letter lookup (tracking number + 6-digit code), counted in the database so every app
 * process shares them (issue 12 item 12). A 6-digit code is guessed by trying many; the limits make that slow
 * without letting anyone lock a letter's lookup for its writer:
 *
 * - per (letter, address): PAIR_MAX wrong codes per window, then that address waits for that letter;
 * - per address: ADDRESS_MAX wrong codes per window over all letters (enumerating tracking numbers), then it waits;
 * - per letter, from every address together: never a refusal. Once LETTER_PRESSURE wrong codes arrived in a window
 *   the letter is under attack and each address gets ONE try at it per window instead of PAIR_MAX — guessing it then
 *   needs a fresh address per guess — while a correct code from a clean address (no wrong code for this letter in
 *   the window, not over its address limit) is always checked and shown.
 *
 * The numbers are multiplied by RATE_LIMIT_FACTOR like every abuse limit (1 in production; the e2e suite, all from
 * one address, runs at 50).
 *
 * Attempts are counted before the code is compared (an upsert per key, atomic), so parallel requests cannot all
 * slip under a limit; a correct code takes its count back. Windows are fixed: they start at the first wrong code and
 * a refusal lasts until its window ends (Retry-After).
 */
export const LOOKUP_LIMITS = {
  windowMinutes: 15,
  pairMax: 5,
  addressMax: 10,
  letterPressure: 10,
} as const;

const pairKey = (trackingNo: string, ip: string) => `lookup:pair:${trackingNo}:${ip}`;
const addressKey = (ip: string) => `lookup:ip:${ip}`;
const letterKey = (trackingNo: string) => `lookup:letter:${trackingNo}`;

type Store = Db | Tx;

interface Count {
  failures: number;
  windowEnds: Date;
}

const WINDOW_MS = LOOKUP_LIMITS.windowMinutes * 60_000;

async function bump(db: Store, key: string, now: Date): Promise<Count> {
  const { count, windowEnds } = await countInWindow(db, key, WINDOW_MS, now);
  return { failures: count, windowEnds };
}

const current = (db: Store, key: string, now: Date) => currentCount(db, key, WINDOW_MS, now);

/** Takes back one counted attempt (a correct code was not a wrong one). */
async function unbump(db: Store, key: string): Promise<void> {
  await db.update(authThrottle).set({ failures: sql`greatest(${authThrottle.failures} - 1, 0)` }).where(eq(authThrottle.key, key));
}

function refused(until: Date, now: Date): AppError {
  const seconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
  return new AppError('rate_limited', `查询错误次数过多，请 ${Math.ceil(seconds / 60)} 分钟后再试`, undefined, seconds);
}

let lastPrune = 0;

/** Rows of windows that ended a day ago are no longer needed; removed at most every ten minutes per process. */
async function prune(db: Store, now: Date): Promise<void> {
  if (now.getTime() - lastPrune < 10 * 60_000 && now.getTime() >= lastPrune) return;
  lastPrune = now.getTime();
  const before = new Date(now.getTime() - LOOKUP_LIMITS.windowMinutes * 60_000 - 86_400_000);
  await db.delete(authThrottle).where(and(like(authThrottle.key, 'lookup:%'), lt(authThrottle.windowStart, before)));
}

/**
 * One look-up attempt of `trackingNo` from `ip` whose code is `correct` or not. Returns when the code view may be
 * shown; throws 429 (rate_limited, with Retry-After seconds) when this address must wait, 404 for a wrong code.
 */
export async function attemptLookup(db: Store, attempt: { trackingNo: string; ip: string | null; correct: boolean; now?: Date; factor?: number }): Promise<void> {
  const now = attempt.now ?? new Date();
  const factor = attempt.factor ?? env().RATE_LIMIT_FACTOR;
  const limit = (n: number) => Math.max(1, Math.ceil(n * factor));
  const ip = attempt.ip ? clientNetworkOf(attempt.ip) : 'unknown'; // an IPv6 client counts by its /64
  const pair = pairKey(attempt.trackingNo, ip);
  const address = addressKey(ip);
  const [pairCount, addressCount, letterFailures] = [
    await bump(db, pair, now),
    await bump(db, address, now),
    await current(db, letterKey(attempt.trackingNo), now),
  ];
  if (addressCount.failures > limit(LOOKUP_LIMITS.addressMax)) throw refused(addressCount.windowEnds, now);
  const allowed = letterFailures >= limit(LOOKUP_LIMITS.letterPressure) ? limit(1) : limit(LOOKUP_LIMITS.pairMax);
  if (pairCount.failures > allowed) throw refused(pairCount.windowEnds, now);
  if (attempt.correct) {
    await db.delete(authThrottle).where(eq(authThrottle.key, pair));
    await unbump(db, address);
    return;
  }
  await bump(db, letterKey(attempt.trackingNo), now);
  await prune(db, now);
  throw notFound('查询编号或查询码不正确');
}
