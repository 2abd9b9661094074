import { and, eq, isNotNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '../db';
import { parseInput } from '../errors';
import { recordAudit } from '../audit';
import { assertCan, type Actor } from '../auth/permissions';
import { lockWorkingDayRules } from '../calendar/lock';
import { loadDeadlines, recomputeOpenDueDates } from './deadlines';
import { DEADLINE_KEYS, letterDeadlines, letters, type DeadlineKey } from './schema';

/** Admins' working-day limits per letter kind and for triage (DESIGN.md §4). */

const LABELS: Record<DeadlineKey, string> = { inquiry: '咨询', suggestion: '建议', complaint: '投诉', triage: '分办' };

const limit = (key: DeadlineKey) => {
  const error = `${LABELS[key]}期限须为 1 至 60 之间的整数（工作日）`;
  return z.number({ error }).int({ error }).min(1, { error }).max(60, { error }).optional();
};

export const deadlinesInput = z.strictObject(
  { inquiry: limit('inquiry'), suggestion: limit('suggestion'), complaint: limit('complaint'), triage: limit('triage') },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? `不支持的字段：${issue.keys.join('、')}` : '提交的内容应为一个对象') },
);

export async function getDeadlines(actor: Actor): Promise<Record<DeadlineKey, number>> {
  assertCan(actor, 'admin.calendar');
  return loadDeadlines(db());
}

/**
 * Changes limits. Open letters follow: an accepted letter's remaining days move by the change of its kind's
 * limit, a submitted letter's by the change of the triage limit (never below 0), then due dates are recomputed.
 */
export async function updateDeadlines(actor: Actor, input: unknown): Promise<Record<DeadlineKey, number>> {
  assertCan(actor, 'admin.calendar');
  const change = parseInput(deadlinesInput, input);
  return db().transaction(async (tx) => {
    await lockWorkingDayRules(tx);
    const before = await loadDeadlines(tx);
    const after = { ...before };
    for (const key of DEADLINE_KEYS) after[key] = change[key] ?? before[key];
    const changed = DEADLINE_KEYS.filter((key) => after[key] !== before[key]);
    if (!changed.length) return after;

    let lettersAdjusted = 0;
    for (const key of changed) {
      await tx
        .insert(letterDeadlines)
        .values({ key, workingDays: after[key] })
        .onConflictDoUpdate({ target: letterDeadlines.key, set: { workingDays: after[key] } });
      const delta = after[key] - before[key];
      const which = key === 'triage' ? eq(letters.status, 'submitted') : and(eq(letters.status, 'accepted'), eq(letters.kind, key));
      const adjusted = await tx
        .update(letters)
        .set({ remainingDays: sql`greatest(0, ${letters.remainingDays} + ${delta}::integer)` })
        .where(and(which, isNotNull(letters.clockStart), isNotNull(letters.remainingDays)))
        .returning({ id: letters.id });
      lettersAdjusted += adjusted.length;
    }
    const dueDatesChanged = await recomputeOpenDueDates(tx);
    await recordAudit(tx, actor, {
      action: 'letters.deadlines.update',
      entityType: 'letter_deadlines',
      entityId: changed.join(','),
      details: { before, after, lettersAdjusted, dueDatesChanged },
    });
    return after;
  });
}
