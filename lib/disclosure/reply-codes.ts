import { and, asc, eq, gte, inArray, isNull, lt, sql } from 'drizzle-orm';
import { z } from 'zod';
import { recordAudit } from '../audit';
import { assertCan, type Actor } from '../auth/permissions';
import { db as defaultDb, type Db, type Tx } from '../db';
import { AppError, conflict, notFound, parseInput } from '../errors';
import { yearBounds } from '../stats';
import { applicationTrackingNo } from './application-validation';
import { publishApplicationChange } from './realtime';
import { REASON_LABEL } from './annual-template';
import { APPLICATION_REASON_CODES, CODED_OUTCOMES, disclosureApplications, REASON_CODES_BY_OUTCOME, type ApplicationReasonCode, type CodedOutcome } from './schema';

/**
 * Replies stored before the template's reason codes existed (issue 19): a 不予公开 / 无法提供 / 不予处理 / 其他处理
 * reply without a code is counted in its outcome's row but in none of its sub-rows, so the annual report's sub-row
 * check fails and the report cannot be published. A moderator reads the reply's free-text reason and sets the code
 * — once (a reply that has one keeps it), only one of its outcome's codes.
 */

export interface UncodedReply {
  trackingNo: string;
  outcome: CodedOutcome;
  /** The reply's free-text legal reason. */
  reason: string | null;
  answeredAt: Date;
  /** The codes this reply may take (its outcome's sub-rows). */
  codes: readonly ApplicationReasonCode[];
}

/** Replies answered in the year with a coded outcome and no code, oldest first. */
export async function listUncodedReplies(actor: Actor, year: number, database: Db | Tx = defaultDb()): Promise<UncodedReply[]> {
  assertCan(actor, 'disclosure.annualReport');
  const { start, end } = yearBounds(year);
  const rows = await database
    .select({ trackingNo: disclosureApplications.trackingNo, outcome: disclosureApplications.outcome, reason: disclosureApplications.outcomeReason, answeredAt: disclosureApplications.answeredAt })
    .from(disclosureApplications)
    .where(and(
      inArray(disclosureApplications.outcome, CODED_OUTCOMES), isNull(disclosureApplications.reasonCode),
      gte(disclosureApplications.answeredAt, start), lt(disclosureApplications.answeredAt, end),
    ))
    .orderBy(asc(disclosureApplications.answeredAt), asc(disclosureApplications.id));
  return rows.map((r) => ({ trackingNo: r.trackingNo, outcome: r.outcome as CodedOutcome, reason: r.reason, answeredAt: r.answeredAt!, codes: REASON_CODES_BY_OUTCOME[r.outcome as CodedOutcome] }));
}

export const replyReasonCodeInput = z.strictObject(
  {
    trackingNo: applicationTrackingNo,
    reasonCode: z.enum(APPLICATION_REASON_CODES, { error: '请选择年度报告格式中的理由类别' }),
  },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? `不支持的字段：${issue.keys.join('、')}` : '提交的内容应为一个对象') },
);

/** Sets the template reason code of a reply stored without one; 409 when it has one, 422 for a code of another outcome. */
export async function setReplyReasonCode(actor: Actor, input: unknown): Promise<{ trackingNo: string; outcome: CodedOutcome; reasonCode: ApplicationReasonCode }> {
  assertCan(actor, 'disclosure.annualReport');
  const req = parseInput(replyReasonCodeInput, input);
  const result = await defaultDb().transaction(async (tx) => {
    const [app] = await tx
      .select({ id: disclosureApplications.id, outcome: disclosureApplications.outcome, reasonCode: disclosureApplications.reasonCode })
      .from(disclosureApplications)
      .where(eq(disclosureApplications.trackingNo, req.trackingNo))
      .for('update');
    if (!app) throw notFound('没有这个编号的政府信息公开申请');
    if (!app.outcome || !(CODED_OUTCOMES as string[]).includes(app.outcome)) throw conflict('只有不予公开、无法提供、不予处理和其他处理的答复需要理由类别');
    if (app.reasonCode) throw conflict(`该答复已有理由类别（${REASON_LABEL[app.reasonCode]}），不能更改`);
    const outcome = app.outcome as CodedOutcome;
    const allowed: readonly string[] = REASON_CODES_BY_OUTCOME[outcome];
    if (!allowed.includes(req.reasonCode)) {
      throw new AppError('invalid_input', '提交的内容有误，请检查标出的项目', { reasonCode: '该理由类别不属于这条答复的办理结果，请重新选择' });
    }
    const [done] = await tx
      .update(disclosureApplications)
      .set({ reasonCode: req.reasonCode, version: sql`${disclosureApplications.version} + 1` })
      .where(and(eq(disclosureApplications.id, app.id), isNull(disclosureApplications.reasonCode)))
      .returning({ id: disclosureApplications.id, status: disclosureApplications.status, version: disclosureApplications.version, applicantId: disclosureApplications.applicantId });
    if (!done) throw conflict('该答复已有理由类别，请刷新后查看');
    await recordAudit(tx, actor, {
      action: 'application.reason_code', entityType: 'disclosure_application', entityId: req.trackingNo,
      details: { outcome, reasonCode: req.reasonCode },
    });
    return { set: { trackingNo: req.trackingNo, outcome, reasonCode: req.reasonCode }, after: done };
  });
  // The application's open pages show the reply's reason category (lib/disclosure/realtime.ts).
  publishApplicationChange({ trackingNo: req.trackingNo, status: result.after.status, version: result.after.version, applicantId: result.after.applicantId });
  return result.set;
}
