import { z } from 'zod';
import { text } from '../cases/validation';
import { MAX_FILE_BYTES } from '../uploads';
import { COMMENT_REJECT_REASONS, DISPOSITIONS } from './schema';

/** The shortest period without a recorded reason (《重大行政决策程序暂行条例》第十五条: 一般不少于 30 日). */
export const MIN_PERIOD_DAYS = 30;
const DAY_MS = 86_400_000;

const instant = (label: string) =>
  z.union([z.string(), z.date()], { error: `请填写${label}` })
    .transform((v) => new Date(v))
    .refine((d) => !Number.isNaN(d.getTime()), { error: `${label}不是有效的时间` });

export const sectionInput = z.object({
  heading: text('章节标题', 1, 80),
  body: text('章节正文', 1, 20_000),
}).strict();

const fields = {
  title: text('标题', 5, 80),
  summary: text('征集说明', 10, 2000),
  departmentId: z.string({ error: '请选择承办部门' }).min(1, { error: '请选择承办部门' }).max(64, { error: '承办部门无效' }),
  sections: z.array(sectionInput, { error: '请填写征求意见稿正文' }).min(1, { error: '征求意见稿至少一节' }).max(60, { error: '征求意见稿最多 60 节' }),
  opensAt: instant('开始时间'),
  closesAt: instant('截止时间'),
  shortPeriodReason: z.string().max(2000, { error: '理由最多 500 个字' }).transform((v) => v.trim()).nullish(),
  moderateComments: z.boolean({ error: 'moderateComments 必须是 true 或 false' }).optional(),
  commentQuota: z.number({ error: '每人意见数必须是数字' }).int({ error: '每人意见数必须是整数' }).min(1, { error: '每人至少 1 条' }).max(50, { error: '每人最多 50 条' }).optional(),
};

/** The 30-day rule: a shorter period needs a recorded reason (at least 5 characters). */
function periodRule<T extends { opensAt: Date; closesAt: Date; shortPeriodReason?: string | null }>(schema: z.ZodType<T>) {
  return schema
    .refine((v) => v.closesAt > v.opensAt, { path: ['closesAt'], error: '截止时间须晚于开始时间' })
    .refine((v) => v.closesAt.getTime() - v.opensAt.getTime() >= MIN_PERIOD_DAYS * DAY_MS || (v.shortPeriodReason ?? '').length >= 5, {
      path: ['shortPeriodReason'],
      error: `征集期少于 ${MIN_PERIOD_DAYS} 日，须填写缩短征集期的理由（至少 5 个字）`,
    });
}

export const consultationInput = periodRule(z.object(fields).strict());
export type ConsultationInput = z.infer<typeof consultationInput>;

/** Editing a draft: every field again, with the version read. */
export const consultationUpdate = periodRule(z.object({
  ...fields,
  version: z.number({ error: '缺少版本号 version，请刷新后重试' }).int().min(1, { error: '版本号无效' }),
}).strict());

export const consultationAction = z.discriminatedUnion('action', [
  z.object({ action: z.literal('open') }).strict(),
  /** Before `closesAt` a close needs a reason (recorded and shown). */
  z.object({ action: z.literal('close'), reason: z.string().max(2000).transform((v) => v.trim()).optional() }).strict(),
  /** The report's catalogue category: 99 其他 unless the moderator files it elsewhere (e.g. under the policy it led to). */
  z.object({ action: z.literal('publish_feedback'), categoryCode: z.string().regex(/^\d{2,8}$/, { error: '目录分类编号须为 2–8 位数字' }).optional() }).strict(),
  /** The document the consultation led to: a published catalogue item (its id or index number); null unlinks. */
  z.object({ action: z.literal('link_document'), itemId: z.string().min(1).max(64).nullable() }).strict(),
], { error: '未知的操作' });
export type ConsultationAction = z.infer<typeof consultationAction>;

export const commentInput = z.object({
  sectionIndex: z.number({ error: '章节编号必须是数字' }).int({ error: '章节编号必须是整数' }).min(0, { error: '没有这一节' }).nullish(),
  body: text('意见', 5, 2000),
  /** The submitting form's id (8–64 of A–Z a–z 0–9 _ -): a retried submission with it returns the first comment. */
  clientId: z.string({ error: 'clientId 格式不正确' }).regex(/^[A-Za-z0-9_-]{8,64}$/, { error: 'clientId 格式不正确' }).optional(),
}).strict();
export type CommentInput = z.infer<typeof commentInput>;

export const commentAction = z.discriminatedUnion('action', [
  z.object({ action: z.literal('approve') }).strict(),
  /** `reason`: a code of COMMENT_REJECT_REASONS, which the commenter is told; `note`: an optional line with it ('' counts as none). */
  z.object({
    action: z.literal('reject'),
    reason: z.enum(COMMENT_REJECT_REASONS, { error: '请选择不予公开的理由' }),
    note: z.union([z.literal(''), text('说明', 2, 200)]).optional().transform((v) => v || undefined),
  }).strict(),
  z.object({
    action: z.literal('dispose'),
    disposition: z.enum(DISPOSITIONS, { error: '处理结果须为 adopted、partly_adopted 或 not_adopted' }),
    reason: z.string().max(2000, { error: '理由最多 500 个字' }).transform((v) => v.trim()).optional(),
  }).strict().refine((v) => v.disposition !== 'not_adopted' || (v.reason ?? '').length >= 2, { path: ['reason'], error: '不予采纳须说明理由' }),
], { error: '未知的操作' });
export type CommentAction = z.infer<typeof commentAction>;

/** At most this many PDF attachments per consultation. */
export const MAX_CONSULTATION_ATTACHMENTS = 10;
/** The most an attachment upload's request body may be: one 10 MB file and the multipart framing. */
export const MAX_ATTACHMENT_BODY_BYTES = MAX_FILE_BYTES + 64 * 1024;
