import { and, eq, isNotNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '../db';
import { parseInput } from '../errors';
import { recordAudit } from '../audit';
import { assertCan, type Actor } from '../auth/permissions';
import { lockWorkingDayRules } from '../calendar/lock';
import { loadDeadlines, recomputeOpenDueDates } from './deadlines';
import { APPLICATION_LIMIT_DAYS, APPLICATION_REPLY_KEY, loadApplicationReplyDays, shiftApplicationLimits } from '../disclosure/application-clock';
import { DEADLINE_KEYS, letterDeadlines, letters, type DeadlineKey } from './schema';

/** Admins' working-day limits per letter kind and for triage (DESIGN.md §4). */

const LABELS: Record<DeadlineKey, string> = { inquiry: '咨询', suggestion: '建议', complaint: '投诉', triage: '分办' };

const limit = (key: DeadlineKey) => {
  const error = `${LABELS[key]}期限须为 1 至 60 之间的整数（工作日）`;
  return z.number({ error }).int({ error }).min(1, { error }).max(60, { error }).optional();
};

const replyDaysError = '政府信息公开申请答复期限须为 1 至 20 之间的整数（工作日，不超过《条例》规定的 20 个工作日）';

export const deadlinesInput = z.strictObject(
  {
    inquiry: limit('inquiry'), suggestion: limit('suggestion'), complaint: limit('complaint'), triage: limit('triage'),
    /** The bureau's own reply limit for 依申请公开 (≤ 20, the regulation's). */
    applicationReplyDays: z.number({ error: replyDaysError }).int({ error: replyDaysError }).min(1, { error: replyDaysError }).max(APPLICATION_LIMIT_DAYS, { error: replyDaysError }).optional(),
  },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? `不支持的字段：${issue.keys.join('、')}` : '提交的内容应为一个对象') },
);

export type DeadlineSettings = Record<DeadlineKey, number> & { applicationReplyDays: number };

export async function getDeadlines(actor: Actor): Promise<DeadlineSettings> {
  assertCan(actor, 'admin.calendar');
  const [letterLimits, applicationReplyDays] = await Promise.all([loadDeadlines(db()), loadApplicationReplyDays(db())]);
  return { ...letterLimits, applicationReplyDays };
}

/**
 * Changes limits. Open letters follow: an accepted letter's remaining days move by the change of its kind's
 * limit, a submitted letter's by the change of the triage limit (never below 0), then due dates are recomputed.
 */
export async function updateDeadlines(actor: Actor, input: unknown): Promise<DeadlineSettings> {
  assertCan(actor, 'admin.calendar');
  const change = parseInput(deadlinesInput, input);
  return db().transaction(async (tx) => {
    await lockWorkingDayRules(tx);
    const before: DeadlineSettings = { ...(await loadDeadlines(tx)), applicationReplyDays: await loadApplicationReplyDays(tx) };
    const after = { ...before };
    for (const key of DEADLINE_KEYS) after[key] = change[key] ?? before[key];
    after.applicationReplyDays = change.applicationReplyDays ?? before.applicationReplyDays;
    const changed = DEADLINE_KEYS.filter((key) => after[key] !== before[key]);
    const replyDelta = after.applicationReplyDays - before.applicationReplyDays;
    if (!changed.length && !replyDelta) return after;

    // Applications (依申请公开): the bureau's reply limit; open applications' clocks move by the change.
    let applications = { adjusted: 0, dueDatesChanged: 0 };
    if (replyDelta) {
      await tx
        .insert(letterDeadlines)
        .values({ key: APPLICATION_REPLY_KEY as DeadlineKey, workingDays: after.applicationReplyDays })
        .onConflictDoUpdate({ target: letterDeadlines.key, set: { workingDays: after.applicationReplyDays } });
      applications = await shiftApplicationLimits(tx, replyDelta);
    }

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
      entityId: [...changed, ...(replyDelta ? ['applicationReplyDays'] : [])].join(','),
      details: { before, after, lettersAdjusted, dueDatesChanged, applicationsAdjusted: applications.adjusted, applicationDueDatesChanged: applications.dueDatesChanged },
    });
    return after;
  });
}
