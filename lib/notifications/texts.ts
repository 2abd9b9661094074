import { createTranslator } from 'next-intl';
import { forFormatter } from '../i18n/precompile';
import { catalogue } from '../i18n/catalogue';
import { toLocale, type Locale } from '../i18n/config';
import { NOTIFICATION_KIND_NAMES } from './kinds';
import { splitUserValues } from '../i18n/user-values';

/**
 * Notices and e-mails in the reader's language (issue 15 item 5).
 *
 * - A notice may carry a message key and its values (`notices.<key>.title`, optional `.body`, in
 *   lib/i18n/messages): stored with the row (notifications.message) beside the Chinese title/body as sent, and
 *   rendered in whatever language the reader has when they read it. Older rows, and notices not yet given a key, have
 *   no message: they show the Chinese as sent (in English, under the kind's English name).
 * - An e-mail goes out in its recipient's language: the account's `locale`, the language it last chose (the switch
 *   while signed in, or the language it registered in). E-mails to addresses without an account go in the language
 *   recorded for them: a case's writer (letters.locale, disclosure_applications.locale), an invitation's
 *   (invitations.locale, the admin's choice).
 */
export interface NoticeMessage {
  key: string;
  values?: Record<string, string | number>;
  /** Values that are a person's text (a letter's title): a page marks them as user content wherever they appear. */
  user?: string[];
  /**
   * Values that are themselves messages (a full catalogue key and its values, e.g. a radar indicator's name and
   * detail, `complianceUi.names.<id>`): rendered in the reader's language first, then handed to the notice's message.
   */
  refs?: Record<string, { key: string; values?: Record<string, string | number> }>;
}

/** The pieces of a rendered text, with the message's user-written values marked (for a page to wrap them). */
export function markUserValues(text: string, message: NoticeMessage | null | undefined): Array<{ text: string; user: boolean }> {
  return splitUserValues(text, (message?.user ?? []).map((k) => String(message?.values?.[k] ?? '')));
}

export interface NoticeText {
  title: string;
  body: string;
}

/** The frame of every e-mail in `locale`: the subject's prefix and the closing line. */
export async function mailFrame(locale: Locale | string): Promise<{ prefix: string; automatic: string }> {
  const t = await translator(toLocale(locale));
  return { prefix: t('notices.subjectPrefix'), automatic: t('notices.automatic') };
}

/** Keys built at run time (`notices.${key}.title`): a translator typed by string, not by the catalogue's keys. */
interface Translate {
  (key: string, values?: Record<string, string | number>): string;
  has(key: string): boolean;
}

/** A translator of the catalogues for text made outside a page (e-mails), in `locale`. */
export async function translator(locale: Locale): Promise<Translate> {
  // Compiled when the bundle's formatter is the precompiled one (lib/i18n/precompile.ts), as for pages: raw ICU
  // handed to it came out unformatted in the built app (e2e/letters.spec's merge-chain notice).
  return createTranslator({ locale, messages: forFormatter(await catalogue(locale)) }) as unknown as Translate;
}

/**
 * A notice's title and body in `locale`: from its message when it has one (the stored body stands in for a message
 * without `.body` — a reason, a request for material, written by a person), otherwise the kind's name in English
 * with nothing invented, or the Chinese as stored.
 */
export async function noticeText(locale: Locale | string, notice: { kind: string; title: string; body: string; message?: NoticeMessage | null }): Promise<NoticeText & { asSent: boolean }> {
  const lang = toLocale(locale);
  const t = await translator(lang);
  const message = notice.message;
  if (message && t.has(`notices.${message.key}.title`)) {
    const values: Record<string, string | number> = { ...message.values };
    for (const [name, ref] of Object.entries(message.refs ?? {})) values[name] = t.has(ref.key) ? t(ref.key, ref.values ?? {}) : String(values[name] ?? '');
    return {
      title: t(`notices.${message.key}.title`, values),
      body: t.has(`notices.${message.key}.body`) ? t(`notices.${message.key}.body`, values) : notice.body,
      asSent: false,
    };
  }
  if (lang === 'zh-CN') return { title: notice.title, body: notice.body, asSent: false };
  const kindKey = `accountUi.kinds.${notice.kind}`;
  const title = NOTIFICATION_KIND_NAMES.includes(notice.kind) && t.has(kindKey) ? t(kindKey) : notice.kind;
  return { title, body: '', asSent: true };
}

/** The e-mail of a notice for a recipient reading `locale`: subject and text, with the link on the site's address. */
export async function noticeMail(locale: Locale | string, notice: { kind: string; title: string; body: string; message?: NoticeMessage | null }, absoluteLink: string | null): Promise<{ subject: string; body: string }> {
  const lang = toLocale(locale);
  const t = await translator(lang);
  const text = await noticeText(lang, notice);
  const parts = [text.body || text.title];
  // No English for this notice yet: the English kind, then the Chinese as sent, said to be so.
  if (text.asSent) parts.push(`${t('notices.asSent')}\n${notice.title}${notice.body ? `\n${notice.body}` : ''}`);
  if (absoluteLink) parts.push(absoluteLink);
  parts.push(t('notices.automatic'));
  return { subject: `${t('notices.subjectPrefix')}${text.title}`, body: parts.join('\n\n') };
}
