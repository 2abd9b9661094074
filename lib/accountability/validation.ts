import { z } from 'zod';
import { text, version } from '../cases/validation';
import { CALLBACK_RESULTS } from './schema';

/**
 * The case actions of the accountability loop (API.md "Accountability"), members of both the letters' and the
 * applications' action unions: 催办, 督办, 回访.
 */

const isRealDate = (day: string) => {
  const d = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === day;
};

/** A Beijing calendar date; its range (today … a year ahead) is checked against the action's `now`. */
const beijingDate = (label: string) =>
  z.string({ error: `请填写${label}` }).trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: `${label}格式应为 YYYY-MM-DD` })
    .refine(isRealDate, { error: `${label}不是有效的日期` });

export const urgeAction = z.object({ action: z.literal('urge'), version });
export const superviseAction = z.object({
  action: z.literal('supervise'),
  note: text('督办意见', 1, 500),
  targetDate: beijingDate('督办期限'),
  version,
});
export const callbackAction = z.object({
  action: z.literal('callback'),
  result: z.enum(CALLBACK_RESULTS, { error: '请选择回访结果' }),
  note: text('回访情况', 0, 500).nullish().transform((v) => v ?? ''),
  version,
});

export type CaseAction = z.infer<typeof urgeAction> | z.infer<typeof superviseAction> | z.infer<typeof callbackAction>;
export const CASE_ACTION_NAMES = ['urge', 'supervise', 'callback'] as const;
export type CaseActionName = (typeof CASE_ACTION_NAMES)[number];

export const CALLBACK_RESULT_LABEL: Record<(typeof CALLBACK_RESULTS)[number], string> = {
  satisfied: '满意',
  basically_satisfied: '基本满意',
  unsatisfied: '不满意',
  unreachable: '未联系上',
};
