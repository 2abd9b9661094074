import { createHash, randomBytes } from 'node:crypto';
import { dateTimeFormat } from '../calendar/date-format';

/**
 * One-time links (invitations, password resets): a 256-bit random token travels only in the e-mail; the database
 * keeps its SHA-256, so a copy of the database (a backup, a read replica) cannot be used to take an account over.
 */
export function newLinkToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashLinkToken(token) };
}

export function hashLinkToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Tokens have this shape; anything else is refused before a database read. */
export const LINK_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** When a link stops working, in Beijing time, written for its reader's language (the invitation and reset e-mails and pages). */
export const beijing = (d: Date, locale: 'zh-CN' | 'en' = 'zh-CN') =>
  dateTimeFormat(locale === 'en' ? 'en-GB' : 'zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'long', timeStyle: 'short' }).format(d);
