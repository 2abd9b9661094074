import { z } from 'zod';
import { cleanText, queueSortInput, text, trackingNo } from '../cases/validation';
import { ARCHIVE_STATUSES, FLAG_STATUSES } from './schema';

/** Inputs of curation, flags and the moderation log (API.md "Archive and disclosure"). Messages are Chinese. */

const id = (label: string) => z.string({ error: `请提供${label}` }).min(1, { error: `请提供${label}` }).max(64, { error: `${label}无效` });
const version = z.number({ error: '版本号必须是数字' }).int({ error: '版本号必须是整数' }).min(1, { error: '版本号无效' });
const page = z.coerce.number({ error: '页码必须是数字' }).int({ error: '页码必须是整数' }).min(1, { error: '页码从 1 开始' }).max(10_000, { error: '页码过大' }).default(1);

/** A catalogue category code (e.g. "10" or "0701"), as the catalogue tree and the category select send it. */
export const categoryCode = z.string({ error: '请选择公开目录分类' }).regex(/^\d{2}(\d{2})?$/, { error: '公开目录分类无效' });

/** A name or other string a moderator marks for masking: at least 2 characters (one character would mask too much). */
const maskedTerm = z
  .string({ error: '标记的词须是文字' })
  .max(200, { error: '标记的词最多 50 个字' })
  .transform(cleanText)
  .refine((v) => [...v].length >= 2, { error: '标记的词至少 2 个字' })
  .refine((v) => [...v].length <= 50, { error: '标记的词最多 50 个字' });

/** POST /api/v1/archive/entries: `{letter: trackingNo}` or `{interviewId}`. */
export const createEntryInput = z.union(
  [
    z.object({ letter: trackingNo }).strict(),
    z.object({ interviewId: id('访谈编号') }).strict(),
  ],
  { error: '请提供来信编号 letter 或访谈编号 interviewId（二选一）' },
);
export type CreateEntryInput = z.infer<typeof createEntryInput>;

/**
 * PATCH /api/v1/archive/entries/{id}: the public texts, the category and the marked terms. `version` is the one the
 * editor was opened with: an edit against an older version is refused (409) instead of overwriting someone else's.
 */
export const entryPatchInput = z
  .object({
    version,
    publicTitle: text('公开标题', 2, 100).optional(),
    publicBody: text('公开来信内容', 2, 20_000).optional(),
    publicAnswer: text('公开答复内容', 2, 200_000).optional(),
    category: categoryCode.nullable().optional(),
    maskedTerms: z.array(maskedTerm, { error: '标记的词须是列表' }).max(100, { error: '最多标记 100 个词' }).optional(),
  })
  .strict();
export type EntryPatchInput = z.infer<typeof entryPatchInput>;

/** POST /api/v1/archive/entries/{id}/actions. */
export const entryActionInput = z.discriminatedUnion(
  'action',
  [
    z.object({ action: z.literal('publish'), reason: text('说明', 0, 500).optional(), version: version.optional() }).strict(),
    z.object({ action: z.literal('unpublish'), reason: text('撤下理由', 2, 500), version: version.optional() }).strict(),
    // The public answer taken again from its source after a correction or a later answer (masked with the entry's terms).
    z.object({ action: z.literal('refresh_answer'), version: version.optional() }).strict(),
  ],
  { error: '未知的操作（publish、unpublish 或 refresh_answer）' },
);
export type EntryActionInput = z.infer<typeof entryActionInput>;

/** POST /api/v1/archive/{id}/flags. */
export const flagInput = z.object({ reason: text('举报理由', 5, 500) }).strict();

/** A moderator's decision on a report: dismiss it, or act on it (unpublish the entry, which closes every open report of it). */
export const flagActionInput = z.discriminatedUnion(
  'action',
  [
    z.object({ action: z.literal('dismiss'), resolution: text('处理说明', 2, 500) }).strict(),
    z.object({ action: z.literal('unpublish'), resolution: text('撤下理由', 2, 500) }).strict(),
  ],
  { error: '未知的操作（dismiss 或 unpublish）' },
);

export const QUEUE_TABS = ['letters', 'interviews', 'draft', 'published', 'unpublished'] as const;
export type QueueTab = (typeof QUEUE_TABS)[number];

export const queueQuery = z.object({
  tab: z.enum(QUEUE_TABS, { error: '未知的队列' }).default('letters'),
  page,
  /** The letters and interviews waiting for an entry: `due` (oldest first, the default) or `newest`. */
  sort: queueSortInput,
});

export const flagListQuery = z.object({
  status: z.enum(FLAG_STATUSES, { error: '未知的处理状态' }).default('open'),
  page,
});

/** The moderation log's filters: an action, an entry (public id) and a Beijing date range. */
export const MODERATION_ACTIONS = [
  'archive.create',
  'archive.edit',
  'archive.publish',
  'archive.unpublish',
  'archive.flag',
  'archive.flag_dismiss',
  'archive.flag_unpublish',
  'archive.remask',
  'archive.attachment_include',
  'archive.attachment_remove',
  'archive.refresh_answer',
] as const;

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: '日期格式应为 YYYY-MM-DD' });
const blankToUndefined = (v: unknown) => (v === '' ? undefined : v);

export const moderationLogQuery = z.object({
  action: z.preprocess(blankToUndefined, z.enum(MODERATION_ACTIONS, { error: '未知的操作类型' }).optional()),
  entry: z.preprocess(blankToUndefined, id('条目编号').optional()),
  from: z.preprocess(blankToUndefined, day.optional()),
  to: z.preprocess(blankToUndefined, day.optional()),
  page,
});

export const entryStatus = z.enum(ARCHIVE_STATUSES);
