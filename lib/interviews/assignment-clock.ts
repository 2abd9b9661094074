import { and, eq, sql } from 'drizzle-orm';
import { addWorkingDays, chinaDate, loadCalendarRules } from '../calendar';
import type { Db, Tx } from '../db';
import { questions } from './schema';

/** A question assigned to a guest after the interview must be answered within this many working days. */
export const ASSIGNMENT_WORKING_DAYS = 5;

/**
 * After a calendar edit (lib/calendar/admin.ts, inside its exclusive lock): the open assignments' due dates on the
 * new calendar. Computed once per distinct assignment day, so it stays cheap however many questions are open.
 */
export async function recomputeAssignmentDueDates(tx: Db | Tx): Promise<number> {
  const open = await tx
    .select({ id: questions.id, assignedAt: questions.assignedAt, dueOn: questions.assignmentDueOn })
    .from(questions)
    .where(and(eq(questions.status, 'approved'), sql`${questions.assignedToId} is not null`, sql`${questions.assignedAt} is not null`));
  if (open.length === 0) return 0;
  const rules = await loadCalendarRules(tx);
  const dueByDay = new Map<string, string>();
  let changed = 0;
  for (const q of open) {
    const day = chinaDate(q.assignedAt!);
    let due = dueByDay.get(day);
    if (!due) dueByDay.set(day, (due = addWorkingDays(day, ASSIGNMENT_WORKING_DAYS, rules)));
    if (due !== q.dueOn) {
      await tx.update(questions).set({ assignmentDueOn: due }).where(eq(questions.id, q.id));
      changed++;
    }
  }
  return changed;
}

