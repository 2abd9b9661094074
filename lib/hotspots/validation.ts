import { z } from 'zod';
import { text, trackingNo, version } from '../cases/validation';
import { HOTSPOT_KINDS } from './schema';
import { isoWeek } from './week';

/** 每月一题 actions (lib/hotspots/actions.ts): the API's and the forms' input. */

const isRealDate = (day: string) => {
  const d = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === day;
};
export const day = (label: string) =>
  z.string({ error: `请填写${label}` }).trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: `${label}格式应为 YYYY-MM-DD` })
    .refine(isRealDate, { error: `${label}不是有效的日期` });

const ownerId = (label: string) => z.string({ error: `${label}无效` }).trim().min(1, { error: `请选择${label}` }).max(64, { error: `${label}无效` });

export const milestoneInput = z.object({
  title: text('节点名称', 2, 100),
  targetOn: day('计划完成日期'),
});

const ownerFields = {
  /** A department's public id, or a staff member's public id: exactly one. */
  ownerDepartmentId: ownerId('责任部门').nullish(),
  ownerUserId: ownerId('责任人').nullish(),
};
const oneOwner = (v: { ownerDepartmentId?: string | null; ownerUserId?: string | null }) => !!v.ownerDepartmentId !== !!v.ownerUserId;
const ONE_OWNER = { error: '请选择一个责任部门或一名责任人（二选一）', path: ['ownerDepartmentId'] };

export const actionInput = z.object({
  title: text('标题', 4, 100),
  description: text('说明', 0, 2000),
  ...ownerFields,
  milestones: z.array(milestoneInput, { error: '节点格式不正确' }).max(20, { error: '节点最多 20 个' }).default([]),
  /** Letters to link, by tracking number; with `source` and no `letters`, the hotspot's letters of that week. */
  letters: z.array(trackingNo, { error: '来信编号格式不正确' }).max(2000, { error: '关联来信最多 2000 件' }).optional(),
  source: z.object({
    kind: z.enum(HOTSPOT_KINDS, { error: '热点类别无效' }),
    key: z.string({ error: '热点无效' }).trim().min(1, { error: '热点无效' }).max(200, { error: '热点无效' }),
    week: isoWeek,
  }).optional(),
}).refine(oneOwner, ONE_OWNER);
export type ActionInput = z.infer<typeof actionInput>;

export const actionUpdate = z.object({
  title: text('标题', 4, 100).optional(),
  description: text('说明', 0, 2000).optional(),
  ...ownerFields,
  /** Replaces the linked letters. */
  letters: z.array(trackingNo, { error: '来信编号格式不正确' }).max(2000, { error: '关联来信最多 2000 件' }).optional(),
  version,
}).refine((v) => (v.ownerDepartmentId === undefined && v.ownerUserId === undefined) || oneOwner(v), ONE_OWNER);

const milestoneId = z.string({ error: '请指定节点' }).min(1, { error: '请指定节点' }).max(64, { error: '节点无效' });

export const milestoneAction = z.discriminatedUnion('action', [
  z.object({ action: z.literal('add'), ...milestoneInput.shape }),
  z.object({ action: z.literal('update'), milestoneId, title: text('节点名称', 2, 100).optional(), targetOn: day('计划完成日期').optional() }),
  z.object({ action: z.literal('done'), milestoneId, doneOn: day('完成日期').optional() }),
  z.object({ action: z.literal('reopen'), milestoneId }),
], { error: '操作无效：应为 add、update、done 或 reopen' });
export type MilestoneAction = z.infer<typeof milestoneAction>;
