import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import type { Db, Tx } from '../db';
import { dueOn, recomputeDueDates } from '../cases/tracking';
import { DEADLINE_KEYS, letterDeadlines, letters, type DeadlineKey } from './schema';

/** Legal defaults (DESIGN.md §4): 咨询 5, 建议 10, 投诉 15 working days; triage 1. Admins may change them. */
export const DEFAULT_DEADLINES: Record<DeadlineKey, number> = { inquiry: 5, suggestion: 10, complaint: 15, triage: 1 };

/** Statuses whose clock runs; a needs_info letter keeps its remaining days but has no due date. */
export const CLOCK_RUNNING = ['submitted', 'accepted'] as const;

export async function loadDeadlines(db: Db | Tx): Promise<Record<DeadlineKey, number>> {
  const rows = await db.select().from(letterDeadlines);
  const limits = { ...DEFAULT_DEADLINES };
  for (const row of rows) if ((DEADLINE_KEYS as readonly string[]).includes(row.key)) limits[row.key] = row.workingDays;
  return limits;
}

/** A letter's due date (lib/cases/tracking.ts#dueOn). */
export { dueOn };

/**
 * Due dates follow the calendar: after an admin edits holidays or make-up workdays, every letter whose clock runs
 * gets its due date recomputed from its clock start and remaining days. Returns how many letters changed.
 */
export async function recomputeOpenDueDates(tx: Db | Tx): Promise<number> {
  const open = await tx
    .select({ id: letters.id, clockStart: letters.clockStart, remainingDays: letters.remainingDays, dueOn: letters.dueOn })
    .from(letters)
    .where(and(inArray(letters.status, [...CLOCK_RUNNING]), isNotNull(letters.clockStart), isNotNull(letters.remainingDays)));
  return recomputeDueDates(tx, open, (id, next) => tx.update(letters).set({ dueOn: next }).where(eq(letters.id, id)));
}
