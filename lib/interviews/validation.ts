import { z } from 'zod';
import { text } from '../cases/validation';
import { REJECT_REASONS } from './event-types';

const publicId = (label: string) => z.string({ error: `请选择${label}` }).min(1, { error: `请选择${label}` }).max(64, { error: `${label}无效` });
const instant = (label: string) =>
  z.union([z.string(), z.date()], { error: `请填写${label}` })
    .transform((v) => new Date(v))
    .refine((d) => !Number.isNaN(d.getTime()), { error: `${label}不是有效的时间` });

/** The fields of an interview the moderator fills in; shared by creation and editing. */
const interviewFields = {
  title: text('标题', 5, 60),
  summary: text('访谈简介', 10, 2000),
  guestIds: z.array(publicId('嘉宾'), { error: '请选择至少一位嘉宾' }).min(1, { error: '请选择至少一位嘉宾' }).max(6, { error: '嘉宾最多 6 位' }),
  /** Official titles shown for this interview, by guest id; a guest's account title is the default. */
  guestTitles: z.record(z.string().max(64), text('嘉宾职务', 1, 40)).optional(),
  departmentId: publicId('部门').nullish(),
  coverImageUrl: z
    .string()
    .max(500, { error: '图片地址过长' })
    // https:// or a path on this site (not //host: that would load from another site).
    .regex(/^(https:\/\/|\/(?!\/))[^\s"'<>]*$/, { error: '图片地址须以 https:// 或 / 开头' })
    .nullish(),
  scheduledStart: instant('开始时间'),
  scheduledEnd: instant('结束时间'),
  questionQuota: z.number({ error: '提问数必须是数字' }).int({ error: '提问数必须是整数' }).min(1, { error: '每人至少可提 1 个问题' }).max(50, { error: '每人最多 50 个问题' }).optional(),
};

export const interviewInput = z
  .object(interviewFields)
  .refine((v) => v.scheduledEnd > v.scheduledStart, { path: ['scheduledEnd'], error: '结束时间须晚于开始时间' })
  .refine((v) => new Set(v.guestIds).size === v.guestIds.length, { path: ['guestIds'], error: '嘉宾不能重复' });
export type InterviewInput = z.infer<typeof interviewInput>;

const version = z.number({ error: (issue) => (issue.input === undefined ? '缺少版本号 version，请刷新后重试' : '版本号必须是数字') }).int({ error: '版本号必须是整数' }).min(1, { error: '版本号无效' });

/**
 * PATCH /api/v1/interviews/{id}: any of the fields, with the `version` the editor read (a stale one is a 409).
 * Omitted fields stay; `departmentId` and `coverImageUrl` null clear them. `guestIds` replaces the guests in the
 * given order (titles from `guestTitles`, else the title they had, else the account's); `guestTitles` alone
 * changes the titles of present guests. Start before end is checked against the stored value of a field left out.
 */
export const interviewPatchInput = z
  .object({
    title: interviewFields.title.optional(),
    summary: interviewFields.summary.optional(),
    guestIds: interviewFields.guestIds.optional(),
    guestTitles: interviewFields.guestTitles,
    /** The host (主持人): a moderator account. */
    hostId: publicId('主持人').optional(),
    departmentId: interviewFields.departmentId,
    coverImageUrl: interviewFields.coverImageUrl,
    scheduledStart: interviewFields.scheduledStart.optional(),
    scheduledEnd: interviewFields.scheduledEnd.optional(),
    questionQuota: interviewFields.questionQuota,
    version,
  }, { error: '请求内容应为对象' })
  .refine((v) => !(v.scheduledStart && v.scheduledEnd) || v.scheduledEnd > v.scheduledStart, { path: ['scheduledEnd'], error: '结束时间须晚于开始时间' })
  .refine((v) => !v.guestIds || new Set(v.guestIds).size === v.guestIds.length, { path: ['guestIds'], error: '嘉宾不能重复' });
export type InterviewPatch = z.infer<typeof interviewPatchInput>;

export const interviewAction = z.object({
  action: z.enum(['announce', 'go_live', 'end', 'publish'], { error: '未知的操作' }),
});

export const questionInput = z.object({
  body: text('问题', 5, 500),
  /** A client-made id: resending after a lost acknowledgement returns the same question. */
  clientId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, { error: 'clientId 格式不正确' }).optional(),
});

export const questionAction = z.discriminatedUnion(
  'action',
  [
    z.object({ action: z.literal('approve') }),
    /**
     * `reason`: one of the fixed codes (./event-types.ts#REJECT_REASONS), which the asker is shown; `note`: an optional line for
     * the asker (shown with the code; '' counts as none).
     */
    z.object({
      action: z.literal('reject'),
      reason: z.enum(REJECT_REASONS, { error: '请选择不予采用的理由' }),
      note: z.union([z.literal(''), text('说明', 2, 200)]).optional().transform((v) => v || undefined),
    }),
    z.object({ action: z.literal('star') }),
    z.object({ action: z.literal('unstar') }),
    z.object({ action: z.literal('edit'), body: text('问题', 5, 500) }),
    z.object({ action: z.literal('merge'), intoQuestionId: z.string({ error: '请选择要合并到的问题' }).min(1).max(64) }),
    z.object({ action: z.literal('upvote') }),
    z.object({ action: z.literal('answering') }),
    /** After the end: the guest who answers this leftover question within 5 working days (reassigning is allowed until answered). */
    z.object({ action: z.literal('assign'), guestId: publicId('嘉宾'), version: version.optional() }),
  ],
  { error: '未知的操作' },
);
export type QuestionAction = z.infer<typeof questionAction>;

export const answerInput = z.object({ body: text('答复', 2, 5000) });
/** A correction: the new text, and why (required when a moderator corrects a guest's answer; '' counts as none). */
export const correctionInput = z.object({
  body: text('答复', 2, 5000),
  reason: z.union([z.literal(''), text('更正理由', 2, 200)]).optional().transform((v) => v || undefined),
});
export const remarkInput = z.object({ body: text('主持人发言', 1, 2000) });
export const draftInput = z.object({ body: z.string().max(20_000, { error: '草稿过长' }) });

/** POST /api/v1/interviews/{id}/questions/assign: every leftover question (by default only unassigned ones) to one guest. */
export const assignLeftoverInput = z.object({
  guestId: publicId('嘉宾'),
  includeAssigned: z.boolean({ error: 'includeAssigned 须为 true 或 false' }).optional(),
}, { error: '请求内容应为对象' });

/** A ballot in a live poll (Socket.IO `poll:vote`): option indexes, one for single choice (lib/interviews/polls.ts). */
export const voteInput = z.object({
  pollId: z.string().min(1).max(64),
  options: z.array(z.number().int().min(0).max(9), { error: '请选择选项' }).min(1, { error: '请选择选项' }).max(10),
}).strict();
