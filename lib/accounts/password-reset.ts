import { and, count, eq, gt, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { db, type Db, type Tx } from '../db';
import { AppError, parseInput } from '../errors';
import { recordAudit } from '../audit';
import type { Actor } from '../auth/permissions';
import { accountChanged } from '../realtime/io';
import { queueEmail } from '../notifications';
import { translator } from '../notifications/texts';
import { toLocale } from '../i18n/config';
import { hashPassword } from './password';
import { passwordResets, users } from './schema';
import { siteUrl } from '../env';
import { beijing, hashLinkToken, LINK_TOKEN_PATTERN, newLinkToken } from './links';
import { findUserByLogin } from './users';
import { loginField, policyPassword } from './validation';

/**
 * Password reset by e-mail (issue 13 item 5). POST /api/v1/password-reset {login} answers 202 whatever happens (an
 * unknown login, a phone-only or disabled account, too many recent links all look the same); when the account
 * exists, is active and has an e-mail, a link /password-reset/<token> good for 30 minutes and once is queued.
 * Setting a new password through it ends every session of the account (session version) and voids its other links.
 */

export const RESET_MINUTES = 30;
/** A reset an admin forces (lib/accounts/admin.ts forcePasswordReset) leaves the person longer to notice the e-mail. */
export const ADMIN_RESET_HOURS = 72;
/** At most this many links per account per hour, whoever asks: a flood of requests cannot flood an inbox. */
export const RESETS_PER_HOUR = 3;

/** The one answer to a reset request, whatever happened. */
export const RESET_REQUESTED_MESSAGE = '如果该账号存在并绑定了邮箱，重置密码的链接已发送到该邮箱，30 分钟内有效。';

export const resetRequestInput = z.object({ login: loginField }).strict();
export const resetInput = z.object({ password: policyPassword }).strict();

const GONE = {
  unknown: '重置链接无效。请核对邮件中的链接，或重新申请找回密码。',
  used: '该重置链接已使用过。如需再次修改密码，请重新申请找回密码。',
  expired: `该重置链接已过期（有效期 ${RESET_MINUTES} 分钟），请重新申请找回密码。`,
  disabled: '该账号已停用，不能重置密码。如有疑问请联系管理员。',
} as const;

/** Issues a reset link for an account (in the caller's transaction) and queues its e-mail. */
export async function issueResetLink(tx: Db | Tx, user: { id: number; name: string; email: string }, reason: 'self' | 'admin', now: Date): Promise<void> {
  const { token, hash } = newLinkToken();
  const expiresAt = new Date(now.getTime() + (reason === 'self' ? RESET_MINUTES * 60_000 : ADMIN_RESET_HOURS * 3600_000));
  await tx.insert(passwordResets).values({ userId: user.id, tokenHash: hash, reason, createdAt: now, expiresAt });
  const link = siteUrl(`/password-reset/${token}`);
  // In the account's language (users.locale: the one it last chose).
  const [account] = await tx.select({ locale: users.locale }).from(users).where(eq(users.id, user.id));
  const locale = toLocale(account?.locale);
  const t = await translator(locale);
  await queueEmail(tx, user.email, t(reason === 'self' ? 'mailTexts.resetSubjectSelf' : 'mailTexts.resetSubjectAdmin'), [
    t('mailTexts.greeting', { name: user.name }),
    '',
    t(reason === 'self' ? 'mailTexts.resetSelf' : 'mailTexts.resetAdmin'),
    '',
    link,
    '',
    t('mailTexts.resetExpires', { time: beijing(expiresAt, locale) }),
    t(reason === 'self' ? 'mailTexts.resetIgnore' : 'mailTexts.resetQuestions'),
  ].join('\n'), locale);
}

/** POST /api/v1/password-reset: always the same answer; the caller throttles by address (lib/ratelimit). */
export async function requestPasswordReset(actor: Actor, input: unknown, now = new Date()): Promise<void> {
  const { login } = parseInput(resetRequestInput, input);
  await db().transaction(async (tx) => {
    const found = await findUserByLogin(tx, login);
    if (!found || found.status !== 'active') return;
    const [row] = await tx.select({ email: users.email }).from(users).where(eq(users.id, found.id)).for('update');
    if (!row?.email) return; // a phone-only account: no e-mail to send to (no SMS here)
    const [recent] = await tx
      .select({ n: count() })
      .from(passwordResets)
      .where(and(eq(passwordResets.userId, found.id), gt(passwordResets.createdAt, new Date(now.getTime() - 3600_000))));
    if ((recent?.n ?? 0) >= RESETS_PER_HOUR) return;
    await issueResetLink(tx, { id: found.id, name: found.name, email: row.email }, 'self', now);
    await recordAudit(tx, actor, { action: 'account.password_reset_request', entityType: 'user', entityId: found.publicId });
  });
}

/** What the /password-reset/[token] page shows before the form. */
export async function resetLinkState(token: string, now = new Date()): Promise<{ ok: true; name: string } | { ok: false; message: string }> {
  if (!LINK_TOKEN_PATTERN.test(token)) return { ok: false, message: GONE.unknown };
  const [row] = await db()
    .select({ usedAt: passwordResets.usedAt, expiresAt: passwordResets.expiresAt, status: users.status, name: users.name })
    .from(passwordResets)
    .innerJoin(users, eq(passwordResets.userId, users.id))
    .where(eq(passwordResets.tokenHash, hashLinkToken(token)));
  if (!row) return { ok: false, message: GONE.unknown };
  if (row.usedAt) return { ok: false, message: GONE.used };
  if (row.expiresAt <= now) return { ok: false, message: GONE.expired };
  if (row.status !== 'active') return { ok: false, message: GONE.disabled };
  return { ok: true, name: row.name };
}

/**
 * POST /api/v1/password-reset/{token} {password} → 200. Unknown, used and expired links (and links of a disabled
 * account) are 410 and change nothing.
 */
export async function resetPassword(actor: Actor, token: string, input: unknown, now = new Date()): Promise<{ ok: true }> {
  // A dead link is a 410 whatever the password (and costs no password hash); checked again under the row lock below.
  const link = await resetLinkState(token, now);
  if (!link.ok) throw new AppError('gone', link.message);
  const { password } = parseInput(resetInput, input);
  const passwordHash = await hashPassword(password);
  const publicId = await db().transaction(async (tx) => {
    const [link] = await tx.select().from(passwordResets).where(eq(passwordResets.tokenHash, hashLinkToken(token))).for('update');
    if (!link) throw new AppError('gone', GONE.unknown);
    if (link.usedAt) throw new AppError('gone', GONE.used);
    if (link.expiresAt <= now) throw new AppError('gone', GONE.expired);
    const [user] = await tx.select({ id: users.id, publicId: users.publicId, status: users.status }).from(users).where(eq(users.id, link.userId)).for('update');
    if (!user || user.status !== 'active') throw new AppError('gone', GONE.disabled);
    // This link is used; every other open link of the account is void too.
    await tx.update(passwordResets).set({ usedAt: now }).where(and(eq(passwordResets.userId, user.id), isNull(passwordResets.usedAt)));
    await tx
      .update(users)
      .set({ passwordHash, updatedAt: now, sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(eq(users.id, user.id));
    await recordAudit(tx, actor, { action: 'account.password_reset', entityType: 'user', entityId: user.publicId, details: { reason: link.reason } });
    return user.publicId;
  });
  await accountChanged(publicId);
  return { ok: true };
}
