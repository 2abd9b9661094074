import { and, desc, eq, inArray, isNull, count } from 'drizzle-orm';
import { db, type Db, type Tx } from '../db';
import { siteUrl } from '../env';
import { z } from 'zod';
import { AppError, parseInput } from '../errors';
import { recordAudit } from '../audit';
import { assertCan, type Actor } from '../auth/permissions';
import { users } from '../accounts/schema';
import { realtime, userRoom } from '../realtime/io';
import { emailOutbox, notifications } from './schema';
import { mailFrame, noticeMail, noticeText, translator, type NoticeMessage } from './texts';
import { toLocale } from '../i18n/config';

export interface Notice {
  kind: string;
  title: string;
  body?: string;
  link?: string;
  /**
   * The notice as a message key (`notices.<key>` in lib/i18n/messages) and values: read and e-mailed in each
   * recipient's language (lib/notifications/texts.ts). `title`/`body` stay the Chinese as sent (its zh-CN rendering).
   */
  message?: NoticeMessage;
}

/**
 * Records an in-app notification for each user and queues an email for those with an address, inside the
 * caller's transaction; each e-mail in its recipient's language (users.locale). Returns the public ids to ping after
 * commit (see pingUsers).
 */
export async function notifyUsers(tx: Tx | Db, userIds: number[], notice: Notice): Promise<string[]> {
  const ids = [...new Set(userIds)];
  if (ids.length === 0) return [];
  const recipients = await tx
    .select({ id: users.id, publicId: users.publicId, email: users.email, muted: users.emailMutedKinds, locale: users.locale })
    .from(users)
    .where(and(inArray(users.id, ids), eq(users.status, 'active')));
  if (recipients.length === 0) return [];
  await tx.insert(notifications).values(
    recipients.map((r) => ({ userId: r.id, kind: notice.kind, title: notice.title, body: notice.body ?? '', link: notice.link ?? null, message: notice.message ?? null })),
  );
  // E-mail only to those who have not turned this kind off (the account page's notification preferences).
  const mail = recipients.filter((r) => r.email && !r.muted.includes(notice.kind));
  if (mail.length) {
    // A mail is read outside the site: its link is absolute, on the site's public address (NEXTAUTH_URL).
    const stored = { kind: notice.kind, title: notice.title, body: notice.body ?? '', message: notice.message };
    const link = notice.link ? siteUrl(notice.link) : null;
    const byLocale = new Map<string, { subject: string; body: string }>();
    for (const r of mail) if (!byLocale.has(r.locale)) byLocale.set(r.locale, await noticeMail(r.locale, stored, link));
    await tx.insert(emailOutbox).values(mail.map((r) => ({ to: r.email!, ...byLocale.get(r.locale)! })));
  }
  return recipients.map((r) => r.publicId);
}

/**
 * Queues one e-mail that is not a notification (an invitation, a password reset link): always sent, whatever the
 * recipient's preferences, inside the caller's transaction. `subject` and `body` are in `locale` (the recipient
 * account's language where there is an account); the frame (prefix, closing line) follows it.
 */
export async function queueEmail(tx: Tx | Db, to: string, subject: string, body: string, locale: string = 'zh-CN'): Promise<void> {
  const frame = await mailFrame(locale);
  await tx.insert(emailOutbox).values({ to, subject: `${frame.prefix}${subject}`, body: `${body}\n\n${frame.automatic}` });
}

/**
 * A notice e-mailed to an address without an account (the person a case was entered for, until they claim it), in
 * the case's recorded language (letters.locale, disclosure_applications.locale); `footer`, in that language, closes
 * it. The Chinese is as before: the stored title as subject, the body, then the footer.
 */
export async function mailNoticeTo(tx: Tx | Db, to: string, locale: string, notice: Notice, footer: string): Promise<void> {
  const lang = toLocale(locale);
  const text = await noticeText(lang, { kind: notice.kind, title: notice.title, body: notice.body ?? '', message: notice.message });
  const parts = text.body ? [text.body] : [];
  if (text.asSent) parts.push(`${(await translator(lang))('notices.asSent')}\n${notice.title}${notice.body ? `\n${notice.body}` : ''}`);
  parts.push(footer);
  await queueEmail(tx, to, text.title, parts.join('\n\n'), lang);
}

/** After commit: tell the users' open pages that a notification arrived (the bell reloads its count). */
export function pingUsers(publicIds: string[]): void {
  const io = realtime();
  if (!io || publicIds.length === 0) return;
  for (const id of publicIds) io.to(userRoom(id)).emit('notification:new');
}

export async function unreadCount(db: Db | Tx, userId: number): Promise<number> {
  const [row] = await db.select({ n: count() }).from(notifications).where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return row?.n ?? 0;
}

export async function listNotifications(db: Db | Tx, userId: number, limit = 50) {
  return db
    .select({ id: notifications.id, kind: notifications.kind, title: notifications.title, body: notifications.body, link: notifications.link, message: notifications.message, createdAt: notifications.createdAt, readAt: notifications.readAt })
    .from(notifications)
    .where(eq(notifications.userId, userId))
    .orderBy(desc(notifications.id))
    .limit(limit);
}

/** Marks all of the user's notifications read (the bell's "全部已读"). */
export async function markAllRead(actor: Actor): Promise<number> {
  if (!actor.user) throw new AppError('unauthenticated', '请先登录');
  const user = actor.user;
  return db().transaction(async (tx) => {
    const updated = await tx
      .update(notifications)
      .set({ readAt: new Date() })
      .where(and(eq(notifications.userId, user.id), isNull(notifications.readAt)))
      .returning({ id: notifications.id });
    if (updated.length) await recordAudit(tx, actor, { action: 'notifications.read_all', entityType: 'user', entityId: user.publicId, details: { count: updated.length } });
    return updated.length;
  });
}

export const OUTBOX_PAGE_SIZE = 30;

export const outboxQuery = z.object({
  to: z.string().trim().max(254, { error: '收件人最多 254 个字符' }).optional().transform((v) => v || undefined),
  page: z.coerce.number({ error: '页码必须是数字' }).int().min(1, { error: '页码从 1 开始' }).max(10_000).default(1),
});

export interface OutboxItem {
  id: number;
  to: string;
  subject: string;
  text: string;
  createdAt: Date;
  sentAt: Date | null;
  attempts: number;
  lastError: string | null;
}

/**
 * Admins read the outbox: what was or would be emailed (without SMTP_URL nothing leaves the server), newest first,
 * optionally for one recipient (`to`, exact address, case-insensitive). GET /api/v1/admin/outbox and the admin page.
 */
export async function listOutbox(actor: Actor, input: unknown = {}): Promise<{ items: OutboxItem[]; total: number; page: number; pageSize: number }> {
  assertCan(actor, 'admin.users');
  const { to, page } = parseInput(outboxQuery, typeof input === 'number' ? { page: input } : input);
  const where = to ? eq(emailOutbox.to, to.toLowerCase()) : undefined;
  const [items, [total]] = await Promise.all([
    db()
      .select({ id: emailOutbox.id, to: emailOutbox.to, subject: emailOutbox.subject, text: emailOutbox.body, createdAt: emailOutbox.createdAt, sentAt: emailOutbox.sentAt, attempts: emailOutbox.attempts, lastError: emailOutbox.lastError })
      .from(emailOutbox)
      .where(where)
      .orderBy(desc(emailOutbox.id))
      .limit(OUTBOX_PAGE_SIZE)
      .offset((page - 1) * OUTBOX_PAGE_SIZE),
    db().select({ n: count() }).from(emailOutbox).where(where),
  ]);
  return { items, total: total?.n ?? 0, page, pageSize: OUTBOX_PAGE_SIZE };
}
