import { z } from 'zod';
import { text } from '../cases/validation';

/** An id of a topic or district as a form or JSON gives it: a positive integer, or a digit string; '' and null: none. */
export const optionalId = (label: string) => z.preprocess(
  (v) => (v === '' || v === undefined ? null : typeof v === 'string' && /^\d{1,15}$/.test(v.trim()) ? Number(v.trim()) : v),
  z.number({ error: `${label}无效` }).int({ error: `${label}无效` }).positive({ error: `${label}无效` }).max(Number.MAX_SAFE_INTEGER, { error: `${label}无效` }).nullable(),
);

export const requiredId = (label: string) => z.preprocess(
  (v) => (typeof v === 'string' && /^\d{1,15}$/.test(v.trim()) ? Number(v.trim()) : v),
  z.number({ error: `请选择${label}` }).int({ error: `${label}无效` }).positive({ error: `${label}无效` }).max(Number.MAX_SAFE_INTEGER, { error: `${label}无效` }),
);

/** The letter form's additions (lib/letters/validation.ts#letterInput): all optional. */
export const letterTopicFields = {
  topicId: optionalId('诉求分类').optional(),
  districtId: optionalId('所在区').optional(),
  place: text('具体地点', 0, 100).nullish(),
};

export const suggestInput = z.object({
  title: z.string({ error: '标题必须是文字' }).max(200, { error: '标题最多 200 个字' }).default(''),
  body: z.string({ error: '内容必须是文字' }).max(5000, { error: '内容最多 5000 个字' }).default(''),
});

const keywordList = z.preprocess(
  (v) => (typeof v === 'string' ? v.split(/[,，、;；\n]/) : v),
  z.array(z.string().trim().max(20, { error: '每个关键词最多 20 个字' })).max(40, { error: '关键词最多 40 个' }),
).transform((list) => [...new Set(list.filter((k) => k.length > 0))]);

const sortOrder = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v === '' ? undefined : v),
  z.number({ error: '排序必须是数字' }).int({ error: '排序必须是整数' }).min(0, { error: '排序不能为负' }).max(9999, { error: '排序最大 9999' }),
);

export const createTopicInput = z.object({
  parentId: optionalId('上级分类').optional(),
  name: text('分类名称', 1, 30),
  nameEn: text('英文名称', 0, 80).optional().default(''),
  departmentId: z.string().max(64, { error: '部门无效' }).nullish(),
  keywords: keywordList.optional().default([]),
});

export const updateTopicInput = z.object({
  id: requiredId('分类'),
  name: text('分类名称', 1, 30).optional(),
  nameEn: text('英文名称', 0, 80).optional(),
  /** A department's public id; '' or null: none. */
  departmentId: z.string().max(64, { error: '部门无效' }).nullish(),
  keywords: keywordList.optional(),
  sortOrder: sortOrder.optional(),
  active: z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean({ error: '启用状态无效' })).optional(),
});

export const moveTopicInput = z.object({
  id: requiredId('分类'),
  /** The new parent; null: a top-level topic. */
  parentId: optionalId('上级分类'),
});

/** A district's code: lower-case letters, digits and hyphens (siming, xiang-an), fixed once created. */
const districtCode = z.string({ error: '请填写代码' }).trim().toLowerCase()
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, { error: '代码只能包含英文字母、数字和连字符，最多 40 个字符' });

export const createDistrictInput = z.object({
  code: districtCode,
  name: text('区名称', 1, 30),
  nameEn: text('英文名称', 0, 80).optional().default(''),
  sortOrder: sortOrder.optional(),
});

export const updateDistrictInput = z.object({
  id: requiredId('所在区'),
  name: text('区名称', 1, 30).optional(),
  nameEn: text('英文名称', 0, 80).optional(),
  sortOrder: sortOrder.optional(),
  active: z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean({ error: '启用状态无效' })).optional(),
});
