import { DEFAULT_LOCALE, LOCALES } from '../i18n/config';
import { z } from 'zod';
import { STAFF_CHANNELS } from '../letters/schema';

/**
 * What every staff-entered case shares (issue 17: letters in lib/letters/intake.ts, 依申请公开 applications in
 * lib/disclosure/intake.ts): the channel it came by, the day it was received (the clock starts then, on the
 * working-day calendar), the person's contact checks and the query code printed on the receipt, with which the person
 * later claims the case into a citizen account. Pure (the client forms check with it too); the query code is made by
 * lib/cases/tracking#newQueryCode.
 */

/** How far back a received date may lie: older cases belong to an inquiry, not to intake. */
export const MAX_RECEIVED_DAYS_AGO = 60;

export const MAINLAND_MOBILE = /^1[3-9]\d{9}$/;
export const LANDLINE = /^0\d{2,3}-?\d{7,8}$/;
export const EMAIL = /^[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,180}\.[A-Za-z]{2,24}$/;

/** An optional contact field: empty → null. */
export const optionalContact = (schema: z.ZodType<string>) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? null : v), schema.nullish()).transform((v) => v ?? null);

export const contactPhone = z.string({ error: '电话格式不正确' }).trim()
  .transform((v) => v.replace(/[\s]/g, '').replace(/^\+?86(?=1\d{10}$)/, ''))
  .refine((v) => MAINLAND_MOBILE.test(v) || LANDLINE.test(v), { error: '请填写 11 位手机号或带区号的固定电话' });

export const contactEmail = z.string({ error: '邮箱格式不正确' }).trim().max(254, { error: '邮箱过长' }).refine((v) => EMAIL.test(v), { error: '邮箱格式不正确' });

/** The channel a staff member enters a case for (never `web`: that is the citizen's own submission). */
export const staffChannel = (what: string) =>
  z.enum(STAFF_CHANNELS, { error: `请选择${what}渠道（电话、纸质信件、当面、电子邮件或 12345 转办）` });

const days = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/** The Beijing date a case was received: not after `today`, at most MAX_RECEIVED_DAYS_AGO days before it. */
export function receivedOnInput(today: string, what = '来信') {
  return z.iso.date({ error: '收到日期格式应为 YYYY-MM-DD' })
    .refine((d) => d <= today, { error: '收到日期不能晚于今天' })
    .refine((d) => days(d, today) <= MAX_RECEIVED_DAYS_AGO, { error: `收到日期不能早于 ${MAX_RECEIVED_DAYS_AGO} 天前；更早的${what}请联系管理员登记` });
}


/** Whether a case is held for a person by the staff member who entered it (nobody claimed it yet). */
/**
 * The language of the person a case was entered for (lib/i18n/config LOCALES), chosen on the staff intake form: their
 * e-mails (receipt, notices until they claim the case) are written in it. Chinese unless chosen.
 */
export const writerLocale = z.enum(LOCALES, { error: '请选择来信人使用的语言' }).default(DEFAULT_LOCALE);

export const unclaimed = (row: { enteredById: number | null; claimedAt: Date | null }) => row.enteredById !== null && row.claimedAt === null;
