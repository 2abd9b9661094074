import { and, eq, ne, sql } from 'drizzle-orm';
import { z } from 'zod';
import { toLocale, type Locale } from '../i18n/config';
import { translator } from '../notifications/texts';
import { db } from '../db';
import { AppError, parseInput, unauthenticated } from '../errors';
import { recordAudit } from '../audit';
import type { Actor, ActorUser } from '../auth/permissions';
import { accountChanged } from '../realtime/io';
import { consume } from '../ratelimit';
import { queueEmail } from '../notifications';
import { NOTIFICATION_KIND_NAMES } from '../notifications/kinds';
import { hashPassword, verifyPassword } from './password';
import { users } from './schema';
import { loginKind, normaliseLogin, passwordForSignIn, policyPassword } from './validation';
import { isUniqueViolation } from '../db/errors';

/**
 * Self-service for a signed-in account (issue 13 item 5): change the password (current one required; every other
 * session ends, this one continues with a fresh token — lib/auth/reissue.ts), change the e-mail or phone (current
 * password required; unique), e-mail preferences per notification kind, and 退出所有设备.
 */

type SignedIn = Actor & { user: ActorUser };
function signedIn(actor: Actor): asserts actor is SignedIn {
  if (!actor.user) throw unauthenticated();
}

const WRONG_PASSWORD = '当前密码不正确';

export const changePasswordInput = z.object({ currentPassword: passwordForSignIn, newPassword: policyPassword }).strict();

async function checkCurrentPassword(actor: SignedIn, password: string): Promise<{ passwordHash: string; email: string | null; phone: string | null }> {
  await consume('account.credentials', actor);
  const [row] = await db().select({ passwordHash: users.passwordHash, email: users.email, phone: users.phone }).from(users).where(eq(users.id, actor.user.id));
  if (!row || !(await verifyPassword(row.passwordHash, password))) {
    throw new AppError('invalid_input', WRONG_PASSWORD, { currentPassword: WRONG_PASSWORD });
  }
  return row;
}

/**
 * POST /api/v1/account/password. Returns the new session version: the caller re-issues this session's cookie at it
 * (reissueSessionCookie), so the session that changed the password continues and every other one ends.
 */
export async function changePassword(actor: Actor, input: unknown): Promise<{ sessionVersion: number }> {
  signedIn(actor);
  const { currentPassword, newPassword } = parseInput(changePasswordInput, input);
  const current = await checkCurrentPassword(actor, currentPassword);
  if (await verifyPassword(current.passwordHash, newPassword)) {
    throw new AppError('invalid_input', '新密码不能与当前密码相同', { newPassword: '新密码不能与当前密码相同' });
  }
  const passwordHash = await hashPassword(newPassword);
  const sessionVersion = await db().transaction(async (tx) => {
    const [row] = await tx
      .update(users)
      .set({ passwordHash, updatedAt: new Date(), sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(eq(users.id, actor.user.id))
      .returning({ sessionVersion: users.sessionVersion, email: users.email });
    if (row!.email) {
      // In the account's language (users.locale); the Chinese is as it always was.
      const [account] = await tx.select({ locale: users.locale }).from(users).where(eq(users.id, actor.user.id));
      const locale = toLocale(account?.locale);
      const t = await translator(locale);
      await queueEmail(tx, row!.email, t('mailTexts.passwordChangedSubject'), `${t('mailTexts.greeting', { name: actor.user.name })}\n\n${t('mailTexts.passwordChanged')}`, locale);
    }
    await recordAudit(tx, actor, { action: 'account.password_change', entityType: 'user', entityId: actor.user.publicId });
    return row!.sessionVersion;
  });
  await accountChanged(actor.user.publicId);
  return { sessionVersion };
}

const optionalLogin = (kind: 'email' | 'phone', message: string) =>
  z.string().max(200, { error: `${kind === 'email' ? '邮箱' : '手机号'}过长` }).transform(normaliseLogin).nullish()
    .refine((v) => !v || loginKind(v) === kind, { error: message });

export const changeLoginInput = z.object({
  currentPassword: passwordForSignIn,
  email: optionalLogin('email', '请输入正确的邮箱'),
  phone: optionalLogin('phone', '请输入正确的 11 位手机号'),
}).strict();

export interface AccountView {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  role: ActorUser['role'];
  emailMuted: string[];
}

export async function accountView(actor: Actor): Promise<AccountView> {
  signedIn(actor);
  const [row] = await db().select({ email: users.email, phone: users.phone, muted: users.emailMutedKinds }).from(users).where(eq(users.id, actor.user.id));
  return { id: actor.user.publicId, name: actor.user.name, email: row?.email ?? null, phone: row?.phone ?? null, role: actor.user.role, emailMuted: row?.muted ?? [] };
}

/**
 * PATCH /api/v1/account {currentPassword, email?, phone?}: a new sign-in e-mail or phone. `''`/null removes one of
 * them, but an account keeps at least one. Taken by another account → 422 on that field. The old e-mail address
 * is told of the change.
 */
export async function changeLogin(actor: Actor, input: unknown): Promise<AccountView> {
  signedIn(actor);
  const change = parseInput(changeLoginInput, input);
  const current = await checkCurrentPassword(actor, change.currentPassword);
  const email = change.email === undefined ? current.email : change.email || null;
  const phone = change.phone === undefined ? current.phone : change.phone || null;
  if (!email && !phone) throw new AppError('invalid_input', '邮箱和手机号至少保留一个', { email: '邮箱和手机号至少保留一个' });
  if (email === current.email && phone === current.phone) throw new AppError('invalid_input', '邮箱和手机号都没有变化', { email: '没有变化' });
  if (email !== current.email && email && (await db().select({ id: users.id }).from(users).where(eq(users.email, email))).length) {
    throw new AppError('invalid_input', '该邮箱已被其他账号使用', { email: '该邮箱已被其他账号使用' });
  }
  if (phone !== current.phone && phone && (await db().select({ id: users.id }).from(users).where(eq(users.phone, phone))).length) {
    throw new AppError('invalid_input', '该手机号已被其他账号使用', { phone: '该手机号已被其他账号使用' });
  }
  try {
    await db().transaction(async (tx) => {
      await tx.update(users).set({ email, phone, updatedAt: new Date() }).where(eq(users.id, actor.user.id));
      if (current.email && current.email !== email) {
        const [account] = await tx.select({ locale: users.locale }).from(users).where(eq(users.id, actor.user.id));
        const locale = toLocale(account?.locale);
        const t = await translator(locale);
        await queueEmail(tx, current.email, t('mailTexts.loginChangedSubject'), `${t('mailTexts.greeting', { name: actor.user.name })}\n\n${t('mailTexts.loginChanged', { hasEmail: email ? 'yes' : 'no', email: email ?? '' })}`, locale);
      }
      await recordAudit(tx, actor, {
        action: 'account.login_change',
        entityType: 'user',
        entityId: actor.user.publicId,
        details: { emailChanged: email !== current.email, phoneChanged: phone !== current.phone },
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('invalid_input', '该邮箱或手机号已被其他账号使用', { email: '该邮箱或手机号已被其他账号使用' });
    throw error;
  }
  return accountView(actor);
}

export const preferencesInput = z.object({
  emailMuted: z.array(z.string().max(64)).max(100).refine((kinds) => kinds.every((k) => NOTIFICATION_KIND_NAMES.includes(k)), { error: '包含未知的通知类型' }),
}).strict();

/** PUT /api/v1/account/notifications {emailMuted: [kind]}: e-mail off for these kinds (in-app notices always arrive). */
export async function setNotificationPreferences(actor: Actor, input: unknown): Promise<AccountView> {
  signedIn(actor);
  const { emailMuted } = parseInput(preferencesInput, input);
  const kinds = [...new Set(emailMuted)].sort();
  await db().transaction(async (tx) => {
    await tx.update(users).set({ emailMutedKinds: kinds, updatedAt: new Date() }).where(eq(users.id, actor.user.id));
    await recordAudit(tx, actor, { action: 'account.notification_preferences', entityType: 'user', entityId: actor.user.publicId, details: { emailMuted: kinds } });
  });
  return accountView(actor);
}

export const signOutEverywhereInput = z.object({
  confirm: z.literal(true, { error: '请确认退出所有设备' }),
}).strict();

/**
 * POST /api/v1/account/sign-out-everywhere {confirm: true} (退出所有设备): every session of the account ends, this
 * one too. The explicit confirmation keeps a stray request from signing a person out everywhere.
 */
export async function signOutEverywhere(actor: Actor, input: unknown): Promise<void> {
  signedIn(actor);
  parseInput(signOutEverywhereInput, input);
  await db().transaction(async (tx) => {
    await tx.update(users).set({ sessionVersion: sql`${users.sessionVersion} + 1` }).where(eq(users.id, actor.user.id));
    await recordAudit(tx, actor, { action: 'account.sign_out_everywhere', entityType: 'user', entityId: actor.user.publicId });
  });
  await accountChanged(actor.user.publicId);
}

/**
 * The language switch while signed in: the account's language (users.locale) follows, so its notification e-mails
 * are written in the language it last chose (lib/notifications/texts.ts). A visitor's choice is the cookie alone.
 * Returns whether anything changed (no audit row when the language was already this one).
 */
/**
 * The language switch's part, best effort: the cookie has already changed the pages, so a failure here (the
 * database out of reach while the session is read or the row written) leaves the account's language as it was and
 * the switch still works. Takes the actor as a thunk because reading it may fail too.
 */
export async function rememberLocaleIfPossible(readActor: () => Promise<Actor>, locale: Locale): Promise<boolean> {
  try {
    return await rememberLocale(await readActor(), locale);
  } catch (error) {
    console.warn('[preferences] account language not saved:', (error as Error).message);
    return false;
  }
}

export async function rememberLocale(actor: Actor, locale: Locale): Promise<boolean> {
  const user = actor.user;
  if (!user) return false;
  return db().transaction(async (tx) => {
    const changed = await tx.update(users).set({ locale }).where(and(eq(users.id, user.id), ne(users.locale, locale))).returning({ id: users.id });
    if (changed.length === 0) return false;
    await recordAudit(tx, actor, { action: 'account.locale', entityType: 'user', entityId: user.publicId, details: { locale } });
    return true;
  });
}
