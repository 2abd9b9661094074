import { desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { recordAudit } from '../audit';
import { assertCan, type Actor } from '../auth/permissions';
import { chinaDate } from '../calendar/workdays';
import { db as defaultDb, rowsOf, type Db, type Tx } from '../db';
import { AppError, parseInput } from '../errors';
import { yearBounds } from '../stats';
import { REVIEW_KIND_LABEL, REVIEW_OUTCOME_LABEL } from './annual-template';
import { disclosureApplications, disclosureReviews, REVIEW_KINDS, REVIEW_OUTCOMES, type ReviewKind, type ReviewOutcome } from './schema';

/**
 * 行政复议 and 行政诉讼 about the bureau's disclosure work (annual report section 四): moderators record each case
 * (linked to an application by its tracking number when there is one) with its outcome; the report counts the
 * cases filed in the year by kind and outcome.
 */

const isRealDate = (s: string) => {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
};

export const reviewInput = z.strictObject(
  {
    kind: z.enum(REVIEW_KINDS, { error: '请选择案件类型（行政复议、未经复议直接起诉或复议后起诉）' }),
    applicationTrackingNo: z
      .string({ error: '申请编号格式不正确' })
      .trim()
      .transform((v) => v.toUpperCase())
      .refine((v) => v === '' || /^GK\d{12,13}$/.test(v), { error: '申请编号格式不正确' })
      .nullish()
      .transform((v) => (v ? v : null)),
    filedOn: z
      .string({ error: '请填写立案（收到）日期' })
      .trim()
      .regex(/^\d{4}-\d{2}-\d{2}$/, { error: '日期格式应为 YYYY-MM-DD' })
      .refine(isRealDate, { error: '不是有效的日期' }),
    outcome: z.enum(REVIEW_OUTCOMES, { error: '请选择结果（结果维持、结果纠正、其他结果或尚未审结）' }),
    note: z
      .string({ error: '备注应为文字' })
      .trim()
      .max(500, { error: '备注不超过 500 字' })
      .nullish()
      .transform((v) => (v ? v : null)),
  },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? `不支持的字段：${issue.keys.join('、')}` : '提交的内容应为一个对象') },
);

export interface ReviewRecord {
  id: number;
  kind: ReviewKind;
  applicationTrackingNo: string | null;
  filedOn: string;
  outcome: ReviewOutcome;
  note: string | null;
}

/** A moderator records a case; 422 for a date in the future or an unknown tracking number. */
export async function recordReview(actor: Actor, input: unknown, now = new Date()): Promise<ReviewRecord> {
  assertCan(actor, 'disclosure.annualReport');
  const review = parseInput(reviewInput, input);
  if (review.filedOn > chinaDate(now)) throw new AppError('invalid_input', '提交的内容有误，请检查标出的项目', { filedOn: '日期不能晚于今天' });
  return defaultDb().transaction(async (tx) => {
    let applicationId: number | null = null;
    if (review.applicationTrackingNo) {
      const [application] = await tx.select({ id: disclosureApplications.id }).from(disclosureApplications).where(eq(disclosureApplications.trackingNo, review.applicationTrackingNo));
      if (!application) throw new AppError('invalid_input', '提交的内容有误，请检查标出的项目', { applicationTrackingNo: '没有这个编号的政府信息公开申请' });
      applicationId = application.id;
    }
    const [row] = await tx
      .insert(disclosureReviews)
      .values({ kind: review.kind, applicationId, filedOn: review.filedOn, outcome: review.outcome, note: review.note, createdById: actor.user.id, createdAt: now })
      .returning({ id: disclosureReviews.id });
    await recordAudit(tx, actor, {
      action: 'disclosure_review.record',
      entityType: 'disclosure_review',
      entityId: row!.id,
      details: { kind: review.kind, outcome: review.outcome, filedOn: review.filedOn, application: review.applicationTrackingNo },
    });
    return { id: row!.id, ...review };
  });
}

/** The cases filed in a year, newest first (the staff page). */
export async function listReviews(actor: Actor, year: number, database: Db | Tx = defaultDb()): Promise<ReviewRecord[]> {
  assertCan(actor, 'disclosure.annualReport');
  const { first, last } = yearBounds(year);
  return database
    .select({
      id: disclosureReviews.id, kind: disclosureReviews.kind, applicationTrackingNo: disclosureApplications.trackingNo,
      filedOn: disclosureReviews.filedOn, outcome: disclosureReviews.outcome, note: disclosureReviews.note,
    })
    .from(disclosureReviews)
    .leftJoin(disclosureApplications, eq(disclosureApplications.id, disclosureReviews.applicationId))
    .where(sql`${disclosureReviews.filedOn} between ${first}::date and ${last}::date`)
    .orderBy(desc(disclosureReviews.filedOn), desc(disclosureReviews.id));
}

export type ReviewCounts = Record<ReviewOutcome | 'total', number>;
export interface ReviewsTable {
  /** 行政复议, then 行政诉讼's 未经复议直接起诉 and 复议后起诉, each with the template's five columns. */
  groups: Array<{ kind: ReviewKind; label: string; parent: '行政复议' | '行政诉讼'; values: ReviewCounts }>;
  columns: Array<{ key: ReviewOutcome | 'total'; label: string }>;
}

/** Section 四: cases filed in the year by kind and their outcome as recorded now (尚未审结 while pending). */
export async function reviewsTable(database: Db | Tx, year: number): Promise<ReviewsTable> {
  const { first, last } = yearBounds(year);
  const counts = rowsOf<{ kind: ReviewKind; outcome: ReviewOutcome; n: number }>(await database.execute(sql`
    select kind::text as kind, outcome::text as outcome, count(*)::int as n from disclosure_reviews
    where filed_on between ${first}::date and ${last}::date group by kind, outcome`));
  const groups = REVIEW_KINDS.map((kind) => {
    const values = { upheld: 0, corrected: 0, other: 0, pending: 0, total: 0 } as ReviewCounts;
    for (const c of counts) if (c.kind === kind) { values[c.outcome] += c.n; values.total += c.n; }
    return { kind, label: REVIEW_KIND_LABEL[kind], parent: kind === 'reconsideration' ? '行政复议' as const : '行政诉讼' as const, values };
  });
  return { groups, columns: ([...REVIEW_OUTCOMES, 'total'] as const).map((key) => ({ key, label: REVIEW_OUTCOME_LABEL[key] })) };
}
