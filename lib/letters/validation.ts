import { z } from 'zod';
import { text, trackingNo, version } from '../cases/validation';
import { callbackAction, superviseAction, urgeAction } from '../accountability/validation';
import { LETTER_KINDS, RATINGS } from './schema';
import { letterTopicFields, optionalId, requiredId } from '../topics/validation';

const publicId = z.string({ error: '请选择部门' }).min(1, { error: '请选择部门' }).max(64, { error: '部门无效' });

export const letterInput = z.object({
  kind: z.enum(LETTER_KINDS, { error: '请选择来信类别（咨询、投诉或建议）' }),
  /** A department's public id, or null/absent for "不确定" (a moderator routes it). */
  departmentId: publicId.nullish(),
  title: text('标题', 5, 50),
  body: text('内容', 10, 3000),
  consentToPublish: z.boolean({ error: '请选择是否同意公开' }),
  /** How many similar published answers the write form showed (lib/archive/similar.ts); recorded on the submitted event. */
  similarShown: z.number({ error: '相似答复数必须是数字' }).int({ error: '相似答复数必须是整数' }).min(0, { error: '相似答复数不能为负' }).max(5, { error: '相似答复数最多为 5' }).optional(),
  /** 诉求分类 (lib/topics), all optional: the topic (suggested from the text), the district and the place. */
  ...letterTopicFields,
});
export type LetterInput = z.infer<typeof letterInput>;

export const letterAction = z.discriminatedUnion(
  'action',
  [
    z.object({ action: z.literal('accept'), departmentId: publicId, version }),
    z.object({ action: z.literal('reject'), reason: text('不予受理理由', 2, 500), version }),
    z.object({ action: z.literal('request_info'), message: text('补正说明', 2, 1000), version }),
    z.object({ action: z.literal('provide_info'), message: text('补充内容', 2, 3000), version }),
    z.object({ action: z.literal('transfer'), departmentId: publicId, reason: text('转办理由', 2, 500), version }),
    z.object({
      action: z.literal('extend'),
      workingDays: z.number({ error: '延期天数必须是数字' }).int({ error: '延期天数必须是整数' }).min(1, { error: '延期至少 1 个工作日' }).max(30, { error: '延期最多 30 个工作日' }),
      reason: text('延期理由', 2, 500),
      version,
    }),
    z.object({ action: z.literal('reply'), body: text('答复内容', 10, 5000), version }),
    z.object({
      action: z.literal('rate'),
      rating: z.enum(RATINGS, { error: '请选择满意、基本满意或不满意' }),
      comment: text('评价', 0, 500).nullish(),
      version,
    }),
    z.object({ action: z.literal('reopen'), reason: text('重新办理理由', 2, 500), version }),
    // The accountability loop (lib/accountability/validation.ts): 催办, 督办, 回访.
    urgeAction,
    superviseAction,
    callbackAction,
    // The writer's consent to publication (PIPL art. 15): withdrawn at any time, taking any archive entry of the
    // letter down in the same step; given again only while nothing of the letter has been published. No `version`:
    // a withdrawal never waits on a change staff made meanwhile (it does not touch the letter's handling).
    z.object({ action: z.literal('withdraw_consent'), reason: text('撤回理由', 0, 500).nullish() }),
    z.object({ action: z.literal('give_consent') }),
    // 诉求分类: staff correct the topic and the district (lib/topics). A classification, not a handling step: no
    // version, no version bump.
    z.object({ action: z.literal('set_topic'), topicId: requiredId('诉求分类'), districtId: optionalId('所在区').optional() }),
    z.object({
      action: z.literal('merge'),
      intoTrackingNo: z.string({ error: '请填写要并入的来信编号' }).regex(/^\d{12,13}$/, { error: '来信编号格式不正确' }),
      version,
    }),
  ],
  { error: '未知的操作' },
);
export type LetterAction = z.infer<typeof letterAction>;
export type LetterActionName = LetterAction['action'];

export const queryCode = z.string().regex(/^\d{6}$/, { error: '查询码是 6 位数字' });

/** A look-up by tracking number and query code: sent in a POST body, never in a URL (history, logs, Referer). */
export const lookupInput = z.object({
  trackingNo: z.string({ error: '请填写查询编号' }).trim().pipe(trackingNo),
  code: z.string({ error: '请填写查询码' }).trim().pipe(queryCode),
});
