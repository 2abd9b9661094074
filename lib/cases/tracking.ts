import { randomInt } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../db';
import { isUniqueViolation } from '../db/errors';
import { addWorkingDays, chinaDate, loadCalendarRules, type CalendarRules } from '../calendar';
import { letterCounters } from '../letters/schema';

/**
 * What every case (a letter, an application) shares besides its transitions: its tracking number, the idempotent
 * submit and the working-day clock's due date.
 */

/**
 * YYYYMMDD + a four-digit sequence of that Beijing day, from a counter row (no gaps under concurrency). Each case
 * type has a prefix of its own (letters: none, applications: "GK"), so their keys in the one counter table never
 * collide.
 */
export async function nextTrackingNo(tx: Tx, now: Date, prefix = ''): Promise<string> {
  const day = `${prefix}${chinaDate(now).replaceAll('-', '')}`;
  const [row] = await tx
    .insert(letterCounters)
    .values({ day, last: 1 })
    .onConflictDoUpdate({ target: letterCounters.day, set: { last: sql`${letterCounters.last} + 1` } })
    .returning({ last: letterCounters.last });
  return `${day}${String(row!.last).padStart(4, '0')}`;
}

/**
 * An idempotent submission: with a key, a retried submission returns the first case instead of creating a second
 * one — also when both arrive at once (the unique index on (owner, key) decides, and the loser reads the winner).
 */
export async function submitOnce<T>(key: string | null, existing: () => Promise<T | null>, create: () => Promise<T>): Promise<T> {
  if (key) {
    const earlier = await existing();
    if (earlier) return earlier;
  }
  try {
    return await create();
  } catch (error) {
    if (key && isUniqueViolation(error)) {
      const earlier = await existing();
      if (earlier) return earlier;
    }
    throw error;
  }
}

/** The due date of a clock started on `clockStart` with `remainingDays` working days left. */
export function dueOn(clockStart: string, remainingDays: number, rules: CalendarRules): string {
  return addWorkingDays(clockStart, Math.max(0, remainingDays), rules);
}

/** A case whose clock runs: what the recompute after a calendar edit needs. */
export interface RunningClock {
  id: number;
  clockStart: string | null;
  remainingDays: number | null;
  dueOn: string | null;
}

/**
 * Due dates follow the calendar: after an admin edits holidays or make-up workdays (or limits), every case whose
 * clock runs gets its due date recomputed from its clock start and remaining days (`write` stores one). Returns
 * how many changed. Runs in the edit's transaction, which holds the working-day rules lock exclusively.
 */
export async function recomputeDueDates(tx: Db | Tx, open: readonly RunningClock[], write: (id: number, dueOn: string) => Promise<unknown>): Promise<number> {
  const rules = await loadCalendarRules(tx);
  let changed = 0;
  for (const row of open) {
    if (row.clockStart === null || row.remainingDays === null) continue;
    const next = dueOn(row.clockStart, row.remainingDays, rules);
    if (next !== row.dueOn) {
      await write(row.id, next);
      changed++;
    }
  }
  return changed;
}

/** The six-digit query code given with a web letter and printed on a staff-entered case's receipt. */
export const newQueryCode = () => String(randomInt(0, 1_000_000)).padStart(6, '0');
