import { z } from 'zod';
import { applicationTrackingNo, queueSortInput, text } from '../cases/validation';
import { contactEmail, writerLocale, optionalContact, receivedOnInput, staffChannel } from '../cases/intake';
import { callbackAction, superviseAction, urgeAction } from '../accountability/validation';
import { APPLICANT_TYPES, APPLICATION_FORMS, APPLICATION_OUTCOMES, APPLICATION_REASON_CODES, APPLICATION_STATUSES, REASON_CODES_BY_OUTCOME, type CodedOutcome } from './schema';

/**
 * Input of 依申请公开 (API.md "Archive and disclosure", applications): what a citizen submits and the actions on an
 * application. The same schemas validate the API, the pages' forms and document the OpenAPI file.
 */

/** Organisations: 统一社会信用代码 (GB 32100-2015), 18 characters with a check character. */
const CREDIT_CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function isValidCreditCode(code: string): boolean {
  if (!/^[0-9A-HJ-NP-RTUWXY]{18}$/.test(code)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_CODE_CHARS.indexOf(code[i]!) * CREDIT_CODE_WEIGHTS[i]!;
  const check = (31 - (sum % 31)) % 31;
  return CREDIT_CODE_CHARS[check] === code[17];
}

/** The check character for the first 17 characters (tests and demo data build valid codes with it). */
export function creditCodeWithCheck(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_CODE_CHARS.indexOf(first17[i]!) * CREDIT_CODE_WEIGHTS[i]!;
  return first17 + CREDIT_CODE_CHARS[(31 - (sum % 31)) % 31];
}

const optionalText = (label: string, max: number) =>
  text(label, 0, max).nullish().transform((v) => (v ? v : null));

const PHONE = /^(\+?86[- ]?)?(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$/;
const phone = z
  .string({ error: '联系电话格式不正确' })
  .max(30, { error: '联系电话格式不正确' })
  .transform((v) => v.trim() || null)
  .refine((v) => v === null || PHONE.test(v), { error: '请填写手机号或带区号的固定电话' })
  .nullish()
  .transform((v) => v ?? null);

export const ORGANISATION_TYPES = APPLICANT_TYPES.filter((t) => t !== 'person');

export const applicationInput = z
  .object({
    applicantType: z.enum(APPLICANT_TYPES, { error: '请选择申请人类型（公民或法人、其他组织的类别）' }),
    /** A person's name, or the contact person of an organisation. */
    applicantName: text('申请人姓名', 2, 50),
    organisationName: optionalText('单位名称', 100),
    creditCode: z
      .string({ error: '统一社会信用代码格式不正确' })
      .max(40, { error: '统一社会信用代码应为 18 位，且校验位正确' })
      .trim()
      .transform((v) => v.toUpperCase())
      .nullish()
      .transform((v) => (v ? v : null)),
    contactPhone: phone,
    contactAddress: optionalText('通信地址', 200),
    description: text('所需政府信息的内容描述', 10, 2000),
    purpose: optionalText('用途', 500),
    form: z.enum(APPLICATION_FORMS, { error: '请选择获取信息的方式（电子版或纸质）' }),
  })
  .superRefine((v, ctx) => {
    if (v.applicantType !== 'person') {
      if (!v.organisationName) ctx.addIssue({ code: 'custom', path: ['organisationName'], message: '法人或其他组织请填写单位名称' });
      if (!v.creditCode) ctx.addIssue({ code: 'custom', path: ['creditCode'], message: '法人或其他组织请填写统一社会信用代码' });
      else if (!isValidCreditCode(v.creditCode)) ctx.addIssue({ code: 'custom', path: ['creditCode'], message: '统一社会信用代码应为 18 位，且校验位正确' });
    }
    if (v.form === 'paper' && !v.contactAddress) {
      ctx.addIssue({ code: 'custom', path: ['contactAddress'], message: '选择纸质文本时请填写通信地址' });
    }
  })
  .transform((v) => (v.applicantType === 'person' ? { ...v, organisationName: null, creditCode: null } : v));
export type ApplicationInput = z.infer<typeof applicationInput>;

/** The application a staff member enters: the public form's fields plus channel, received date and an e-mail. */
export function applicationIntakeInput(today: string) {
  const extras = z.object({
    channel: staffChannel('申请'),
    receivedOn: receivedOnInput(today, '申请'),
    contactEmail: optionalContact(contactEmail),
    locale: writerLocale,
  });
  return z.unknown().transform((value, ctx) => {
    const application = applicationInput.safeParse(value);
    const intake = extras.safeParse(value);
    for (const issue of [...(application.error?.issues ?? []), ...(intake.error?.issues ?? [])]) {
      ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
    }
    if (!application.success || !intake.success) return z.NEVER;
    return { ...application.data, ...intake.data };
  });
}
/** Documented in OpenAPI next to the public form's fields (the date range depends on the day). */
export const applicationIntakeFields = {
  channel: staffChannel('申请'),
  receivedOn: receivedOnInput('9999-12-31', '申请'),
  contactEmail: optionalContact(contactEmail),
  locale: writerLocale,
};


const feeDate = (error: string) =>
  z
    .string({ error })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: '日期格式应为 YYYY-MM-DD' })
    .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), { error: '不是有效的日期' });

const version = z.number({ error: '版本号必须是数字' }).int({ error: '版本号必须是整数' }).min(1, { error: '版本号无效' }).optional();

const OUTCOME_NAMES: Record<CodedOutcome, string> = { withheld: '不予公开', unavailable: '无法提供', not_handled: '不予处理', other: '其他处理' };

/** Outcomes whose reply must say why (2019 regulation arts. 36–37). */
export const OUTCOMES_NEEDING_REASON = ['partly_disclosed', 'withheld', 'not_handled', 'other'] as const;

export const applicationAction = z.discriminatedUnion(
  'action',
  [
    z.object({ action: z.literal('register'), version }),
    z.object({ action: z.literal('request_correction'), note: text('补正事项', 5, 1000), version }),
    z.object({ action: z.literal('provide_correction'), message: text('补正内容', 5, 2000), version }),
    z.object({
      action: z.literal('extend'),
      workingDays: z
        .number({ error: '延期天数必须是数字' })
        .int({ error: '延期天数必须是整数' })
        .min(1, { error: '延期至少 1 个工作日' })
        .max(20, { error: '延期最多 20 个工作日' }),
      reason: text('延期理由', 2, 500),
      version,
    }),
    z.object({ action: z.literal('consult'), note: text('征求意见的对象和事项', 5, 1000), version }),
    z.object({ action: z.literal('consulted'), note: text('征求意见结果', 2, 1000), version }),
    z
      .object({
        action: z.literal('reply'),
        outcome: z.enum(APPLICATION_OUTCOMES, { error: '请选择答复类型' }),
        /** The template's sub-row (REASON_CODES_BY_OUTCOME); required for withheld / unavailable / not_handled / other. */
        reasonCode: z
          .union([z.literal(''), z.enum(APPLICATION_REASON_CODES, { error: '未知的理由类别' })], { error: '未知的理由类别' })
          .nullish()
          .transform((v) => (v ? v : null)),
        reason: optionalText('理由', 1000),
        body: text('答复内容', 10, 5000),
        version,
      })
      .superRefine((v, ctx) => {
        const codes = (REASON_CODES_BY_OUTCOME as Record<string, readonly string[]>)[v.outcome];
        if (codes && !v.reasonCode) {
          ctx.addIssue({ code: 'custom', path: ['reasonCode'], message: `${OUTCOME_NAMES[v.outcome as CodedOutcome]}须选择年度报告格式中的理由类别` });
        } else if (codes && !codes.includes(v.reasonCode!)) {
          ctx.addIssue({ code: 'custom', path: ['reasonCode'], message: `该理由类别不属于“${OUTCOME_NAMES[v.outcome as CodedOutcome]}”，请重新选择` });
        } else if (!codes && v.reasonCode) {
          ctx.addIssue({ code: 'custom', path: ['reasonCode'], message: '予以公开和部分公开不选择理由类别' });
        }
        if ((OUTCOMES_NEEDING_REASON as readonly string[]).includes(v.outcome) && !v.reason) {
          ctx.addIssue({ code: 'custom', path: ['reason'], message: v.outcome === 'other' ? '请说明其他处理的情况' : '请填写理由及依据' });
        }
      }),
    z.object({ action: z.literal('withdraw'), reason: optionalText('撤回理由', 500), version }),
    // 信息处理费 (《政府信息公开信息处理费管理办法》): the notice sent to the applicant and, once paid, the payment.
    z
      .object({
        action: z.literal('record_fee'),
        amountYuan: z
          .union([z.string(), z.number()], { error: '请填写收费金额' })
          .transform((v) => String(v).trim())
          .refine((v) => /^\d{1,7}(\.\d{1,2})?$/.test(v) && Number(v) > 0, { error: '收费金额应为大于 0 的数字（元，最多 2 位小数）' }),
        notifiedOn: feeDate('请填写收费通知日期'),
        paidOn: feeDate('缴费日期格式应为 YYYY-MM-DD').nullish().or(z.literal('').transform(() => null)).transform((v) => v ?? null),
        version,
      })
      .superRefine((v, ctx) => {
        if (v.paidOn && v.paidOn < v.notifiedOn) ctx.addIssue({ code: 'custom', path: ['paidOn'], message: '缴费日期不能早于收费通知日期' });
      }),
    // The accountability loop (lib/accountability/validation.ts): 催办, 督办, 回访.
    urgeAction,
    superviseAction,
    callbackAction,
  ],
  { error: '未知的操作' },
);
export type ApplicationAction = z.infer<typeof applicationAction>;
export type ApplicationActionName = ApplicationAction['action'];
export const APPLICATION_ACTIONS = ['register', 'request_correction', 'provide_correction', 'extend', 'consult', 'consulted', 'reply', 'record_fee', 'withdraw'] as const satisfies readonly ApplicationActionName[];

/** "GK" + YYYYMMDD + 4-digit daily sequence (lib/cases/validation.ts: the realtime contract checks it too). */
export { applicationTrackingNo };

export const applicationListQuery = z.object({
  scope: z.enum(['mine', 'queue'], { error: 'scope 只能是 mine 或 queue' }).default('mine'),
  status: z.enum(APPLICATION_STATUSES, { error: '未知的状态' }).optional(),
  page: z.coerce.number({ error: '页码必须是数字' }).int({ error: '页码必须是整数' }).min(1, { error: '页码从 1 开始' }).max(10_000, { error: '页码过大' }).default(1),
  /** queue only: `due` (overdue first, then by due date; the default) or `newest` (latest received first). */
  sort: queueSortInput,
});
export type ApplicationListQuery = z.infer<typeof applicationListQuery>;
/** The query of the office queue's CSV (GET /api/v1/disclosure/applications/export.csv): the queue's filter and order. */
export const applicationQueueExportQuery = applicationListQuery.omit({ scope: true, page: true });
