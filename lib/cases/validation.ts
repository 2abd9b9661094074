import { z } from 'zod';

/**
 * Validators shared by every domain that takes citizens' and staff's text or refers to a case by its number
 * (letters, applications, the archive, interviews, accounts): free text, the Idempotency-Key header, tracking numbers.
 */

/** Free text from citizens and staff: NFC, no control characters but line breaks and tabs, trimmed. */
export function cleanText(value: string): string {
  return value
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u2028\u2029]/g, '')
    .trim();
}

const length = (v: string) => [...v].length;

export function text(label: string, min: number, max: number) {
  return z
    .string({ error: `请填写${label}` })
    .max(max * 4, { error: `${label}最多 ${max} 个字` })
    .transform(cleanText)
    .refine((v) => length(v) >= min, { error: min <= 1 ? `请填写${label}` : `${label}至少 ${min} 个字` })
    .refine((v) => length(v) <= max, { error: `${label}最多 ${max} 个字` });
}

export const idempotencyKey = z
  .string()
  .min(8, { error: 'Idempotency-Key 至少 8 个字符' })
  .max(100, { error: 'Idempotency-Key 最多 100 个字符' })
  .regex(/^[A-Za-z0-9._:-]+$/, { error: 'Idempotency-Key 只能包含字母、数字和 . _ : -' });

/** A letter's tracking number: YYYYMMDD + a sequence of that day (lib/cases/tracking.ts). */
export const trackingNo = z.string().regex(/^\d{12,13}$/, { error: '查询编号格式不正确' });

/** An application's tracking number: "GK" + YYYYMMDD + a 4-digit daily sequence (5 digits on a day with more than 9,999). */
export const applicationTrackingNo = z.string({ error: '申请编号格式不正确' }).regex(/^GK\d{12,13}$/, { error: '申请编号格式不正确' });

/** The optimistic version an action form saw. */
export const version = z.number({ error: '版本号必须是数字' }).int().min(1).optional();

/** A staff queue's two orders (letters, applications, the archive's curation queue; the supervision board too). */
export const QUEUE_SORTS = ['due', 'newest'] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];

/** `sort`: `due` (the queue's own order, the default) or `newest` (latest arrivals first). */
export const queueSortInput = z.enum(QUEUE_SORTS, { error: 'sort 只能是 due 或 newest' }).default('due');
