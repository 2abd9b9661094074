import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { and, count, desc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { passwordResets, users } from '@/lib/accounts/schema';
import { auditLog } from '@/lib/audit/schema';
import { emailOutbox, notifications } from '@/lib/notifications/schema';
import { registerCitizen } from '@/lib/accounts/register';
import { authenticate } from '@/lib/accounts/signin';
import { updateUser } from '@/lib/accounts/admin';
import { checkPasswordPolicy } from '@/lib/accounts/password-policy';
import { RESET_MINUTES, RESETS_PER_HOUR, requestPasswordReset, resetLinkState, resetPassword } from '@/lib/accounts/password-reset';
import { accountView, changeLogin, changePassword, setNotificationPreferences, signOutEverywhere } from '@/lib/accounts/self-service';
import { hashLinkToken } from '@/lib/accounts/links';
import { actorFromCookies } from '@/lib/auth/token';
import { encodeSessionToken } from '@/lib/auth/reissue';
import { notifyUsers } from '@/lib/notifications';
import { NOTIFICATION_KIND_NAMES } from '@/lib/notifications/kinds';
import { registerInput } from '@/lib/accounts/validation';
import { appErrorOf } from './support/errors';
import { actorFor, uniqueEmail, uniquePhone, visitor } from './support/users';

const PASSWORD = 'Citizen-Pass-2026';
const COOKIE = 'next-auth.session-token';

/** A registered citizen with a session token at version 0, as a sign-in would give. */
async function citizen(login = uniqueEmail('self'), password = PASSWORD) {
  const { id } = await registerCitizen(visitor(), { name: '自助用户', login, password });
  const cookie = `${COOKIE}=${await encodeSessionToken({ publicId: id, name: '自助用户' }, 0)}`;
  const actor = await actorFromCookies(cookie, '198.51.100.20');
  expect(actor.user?.publicId).toBe(id);
  return { id, login, cookie, actor };
}

async function newestMail(to: string) {
  const [mail] = await db().select().from(emailOutbox).where(eq(emailOutbox.to, to)).orderBy(desc(emailOutbox.id)).limit(1);
  return mail;
}
async function mailCount(to: string): Promise<number> {
  const [row] = await db().select({ n: count() }).from(emailOutbox).where(eq(emailOutbox.to, to));
  return row!.n;
}
function tokenOf(body: string): string {
  const url = new URL(body.match(/https?:\/\/\S+/)![0]);
  expect(url.pathname.startsWith('/password-reset/')).toBe(true);
  return url.pathname.split('/').at(-1)!;
}

describe('password policy', () => {
  it.each([
    ['', '请设置密码'],
    ['short-1', '密码至少 10 个字符'],
    ['password123', '这是常见密码，容易被猜中，请换一个'],
    ['1234567890', '这是常见密码，容易被猜中，请换一个'],
    ['QWERTYUIOP', '这是常见密码，容易被猜中，请换一个'],
    ['aaaaaaaaaaaa', '密码不能由同一个字符重复组成'],
    ['line\nbreak-pass', '密码不能包含控制字符'],
    ['x'.repeat(129) + 'y', '密码最多 128 个字符'],
  ])('refuses %j', (password, reason) => {
    expect(checkPasswordPolicy(password)).toBe(reason);
  });

  it.each(['minsheng-demo', 'secret1234', 'Minsheng2026', '我的密码很长很安全啊'])('accepts %j (the demo password stays valid)', (password) => {
    expect(checkPasswordPolicy(password)).toBeNull();
  });

  it('registration keeps its rule and also refuses common passwords', () => {
    expect(registerInput.safeParse({ name: '甲', login: uniqueEmail(), password: 'secret1234' }).success).toBe(true);
    const common = registerInput.safeParse({ name: '甲', login: uniqueEmail(), password: 'password123' });
    expect(common.success).toBe(false);
    expect(common.error!.issues[0]!.message).toContain('常见');
  });
});

describe('change password', () => {
  it('needs the current password; ends every other session; a fresh token at the new version works', async () => {
    const { id, login, cookie, actor } = await citizen();
    const copy = cookie; // the same token in another browser
    const { sessionVersion } = await changePassword(actor, { currentPassword: PASSWORD, newPassword: 'Changed-Pass-2026' });
    expect(sessionVersion).toBe(1);
    expect((await actorFromCookies(copy, null)).user).toBeNull();
    const fresh = `${COOKIE}=${await encodeSessionToken({ publicId: id, name: '自助用户' }, sessionVersion)}`;
    expect((await actorFromCookies(fresh, null)).user?.publicId).toBe(id);
    expect(await authenticate({ login, password: 'Changed-Pass-2026' }, '198.51.100.21')).toMatchObject({ publicId: id });
    expect(await appErrorOf(authenticate({ login, password: PASSWORD }, '198.51.100.22'))).toMatchObject({ status: 401 });
    expect((await newestMail(login))?.subject).toContain('密码已修改');
    const [audit] = await db().select().from(auditLog).where(and(eq(auditLog.action, 'account.password_change'), eq(auditLog.entityId, id)));
    expect(audit).toBeDefined();
  });

  it('a wrong current password, a weak or unchanged new one: 422, nothing changes', async () => {
    const { id, actor } = await citizen();
    const [before] = await db().select().from(users).where(eq(users.publicId, id));
    expect(await appErrorOf(changePassword(actor, { currentPassword: 'not-my-password', newPassword: 'Changed-Pass-2026' }))).toMatchObject({ status: 422, fields: { currentPassword: '当前密码不正确' } });
    expect(await appErrorOf(changePassword(actor, { currentPassword: PASSWORD, newPassword: 'short' }))).toMatchObject({ status: 422, fields: { newPassword: '密码至少 10 个字符' } });
    expect(await appErrorOf(changePassword(actor, { currentPassword: PASSWORD, newPassword: 'qwerty123' }))).toMatchObject({ status: 422 });
    expect(await appErrorOf(changePassword(actor, { currentPassword: PASSWORD, newPassword: PASSWORD }))).toMatchObject({ status: 422, fields: { newPassword: '新密码不能与当前密码相同' } });
    const [after] = await db().select().from(users).where(eq(users.publicId, id));
    expect(after).toMatchObject({ passwordHash: before!.passwordHash, sessionVersion: before!.sessionVersion });
    expect(await appErrorOf(changePassword(visitor(), { currentPassword: PASSWORD, newPassword: 'Changed-Pass-2026' }))).toMatchObject({ status: 401 });
  });
});

describe('password reset by e-mail', () => {
  it('mails a 30-minute single-use link; the new password counts and every session ends', async () => {
    const { id, login, cookie } = await citizen();
    const now = new Date();
    await requestPasswordReset(visitor(), { login: login.toUpperCase() }, now);
    const mail = await newestMail(login);
    const token = tokenOf(mail!.body);
    const [row] = await db().select().from(passwordResets).where(eq(passwordResets.tokenHash, hashLinkToken(token)));
    expect(row!.expiresAt.getTime() - row!.createdAt.getTime()).toBe(RESET_MINUTES * 60_000);
    expect(await resetLinkState(token, now)).toMatchObject({ ok: true });

    await resetPassword(visitor(), token, { password: 'Reset-Pass-2026' }, new Date(now.getTime() + 60_000));
    expect(await authenticate({ login, password: 'Reset-Pass-2026' }, '198.51.100.23')).toMatchObject({ publicId: id });
    expect((await actorFromCookies(cookie, null)).user).toBeNull();
    // Used: 410, nothing changes.
    const used = await appErrorOf(resetPassword(visitor(), token, { password: 'Again-Pass-2026' }));
    expect(used).toMatchObject({ code: 'gone', status: 410, message: expect.stringContaining('已使用') });
    expect(await authenticate({ login, password: 'Reset-Pass-2026' }, '198.51.100.24')).toMatchObject({ publicId: id });
  });

  it('an expired link is a 410 and changes nothing', async () => {
    const { login } = await citizen();
    const now = new Date('2026-11-20T01:00:00Z');
    await requestPasswordReset(visitor(), { login }, now);
    const token = tokenOf((await newestMail(login))!.body);
    const later = new Date(now.getTime() + RESET_MINUTES * 60_000);
    expect(await resetLinkState(token, later)).toMatchObject({ ok: false, message: expect.stringContaining('过期') });
    expect(await appErrorOf(resetPassword(visitor(), token, { password: 'Late-Pass-2026' }, later))).toMatchObject({ status: 410, message: expect.stringContaining('过期') });
    expect(await authenticate({ login, password: PASSWORD }, '198.51.100.25')).toBeDefined();
  });

  it('a second link voids nothing until used; using one voids the others', async () => {
    const { login } = await citizen();
    await requestPasswordReset(visitor(), { login });
    const first = tokenOf((await newestMail(login))!.body);
    await requestPasswordReset(visitor(), { login });
    const second = tokenOf((await newestMail(login))!.body);
    expect(first).not.toBe(second);
    await resetPassword(visitor(), second, { password: 'Second-Pass-2026' });
    expect(await appErrorOf(resetPassword(visitor(), first, { password: 'First-Pass-2026' }))).toMatchObject({ status: 410 });
  });

  it('answers the same for unknown, phone-only and disabled accounts, sending nothing; at most a few links an hour', async () => {
    const before = await db().select({ n: count() }).from(emailOutbox);
    await requestPasswordReset(visitor(), { login: uniqueEmail('nobody') });
    const phoneOnly = await citizen(uniquePhone());
    await requestPasswordReset(visitor(), { login: phoneOnly.login });
    const off = await citizen();
    await updateUser(await actorFor('admin@example.com'), off.id, { status: 'disabled' });
    const offMails = await mailCount(off.login);
    await requestPasswordReset(visitor(), { login: off.login });
    expect(await mailCount(off.login)).toBe(offMails);
    const after = await db().select({ n: count() }).from(emailOutbox);
    expect(after[0]!.n).toBe(before[0]!.n);

    const busy = await citizen();
    for (let i = 0; i < RESETS_PER_HOUR + 2; i++) await requestPasswordReset(visitor(), { login: busy.login });
    expect(await mailCount(busy.login)).toBe(RESETS_PER_HOUR);
    expect(await appErrorOf(requestPasswordReset(visitor(), { login: 'not a login' }))).toMatchObject({ status: 422 });
  });

  it('a link of an account disabled since is a 410 and changes nothing', async () => {
    const { id, login } = await citizen();
    await requestPasswordReset(visitor(), { login });
    const token = tokenOf((await newestMail(login))!.body);
    await updateUser(await actorFor('admin@example.com'), id, { status: 'disabled' });
    expect(await appErrorOf(resetPassword(visitor(), token, { password: 'Disabled-Pass-2026' }))).toMatchObject({ status: 410, message: expect.stringContaining('停用') });
    const [row] = await db().select().from(passwordResets).where(eq(passwordResets.tokenHash, hashLinkToken(token)));
    expect(row!.usedAt).toBeNull();
  });

  it('unknown and malformed tokens are a 410; a weak password a 422 that keeps the link', async () => {
    for (const token of ['nope', 'b'.repeat(43)]) expect(await appErrorOf(resetPassword(visitor(), token, { password: 'Whatever-2026' }))).toMatchObject({ status: 410 });
    const { login } = await citizen();
    await requestPasswordReset(visitor(), { login });
    const token = tokenOf((await newestMail(login))!.body);
    expect(await appErrorOf(resetPassword(visitor(), token, { password: 'iloveyou' }))).toMatchObject({ status: 422 });
    expect(await resetLinkState(token)).toMatchObject({ ok: true });
  });
});

describe('change e-mail or phone', () => {
  it('needs the current password, must be unique, keeps one login, tells the old address', async () => {
    const { id, login, actor } = await citizen();
    const newEmail = uniqueEmail('moved');
    expect(await appErrorOf(changeLogin(actor, { currentPassword: 'wrong-password', email: newEmail }))).toMatchObject({ status: 422, fields: { currentPassword: '当前密码不正确' } });
    expect(await appErrorOf(changeLogin(actor, { currentPassword: PASSWORD, email: 'handler@example.com' }))).toMatchObject({ status: 422, fields: { email: '该邮箱已被其他账号使用' } });
    expect(await appErrorOf(changeLogin(actor, { currentPassword: PASSWORD, email: '' }))).toMatchObject({ status: 422, fields: { email: '邮箱和手机号至少保留一个' } });
    expect(await appErrorOf(changeLogin(actor, { currentPassword: PASSWORD, phone: '12345' }))).toMatchObject({ status: 422 });
    const oldMails = await mailCount(login);
    const view = await changeLogin(actor, { currentPassword: PASSWORD, email: newEmail.toUpperCase() });
    expect(view).toMatchObject({ id, email: newEmail, phone: null });
    expect(await mailCount(login)).toBe(oldMails + 1);
    expect(await authenticate({ login: newEmail, password: PASSWORD }, '198.51.100.26')).toMatchObject({ publicId: id });
    const phone = uniquePhone();
    expect(await changeLogin(actor, { currentPassword: PASSWORD, phone })).toMatchObject({ email: newEmail, phone });
    const other = await citizen();
    expect(await appErrorOf(changeLogin(other.actor, { currentPassword: PASSWORD, phone }))).toMatchObject({ status: 422, fields: { phone: '该手机号已被其他账号使用' } });
  });
});

describe('notification preferences', () => {
  it('in-app always arrives; e-mail only for kinds not turned off', async () => {
    const { id, login, actor } = await citizen();
    expect((await accountView(actor)).emailMuted).toEqual([]);
    await setNotificationPreferences(actor, { emailMuted: ['letter.accepted'] });
    expect((await accountView(actor)).emailMuted).toEqual(['letter.accepted']);
    const [row] = await db().select({ id: users.id }).from(users).where(eq(users.publicId, id));
    const mails = await mailCount(login);
    await notifyUsers(db(), [row!.id], { kind: 'letter.accepted', title: '已受理' });
    expect(await mailCount(login)).toBe(mails);
    await notifyUsers(db(), [row!.id], { kind: 'letter.answered', title: '已答复' });
    expect(await mailCount(login)).toBe(mails + 1);
    const inApp = await db().select().from(notifications).where(eq(notifications.userId, row!.id));
    expect(inApp.map((n) => n.kind).sort()).toEqual(['letter.accepted', 'letter.answered']);
    expect(await appErrorOf(setNotificationPreferences(actor, { emailMuted: ['no.such.kind'] }))).toMatchObject({ status: 422 });
  });

  it('every kind the code sends is in the catalogue (so it can be muted)', () => {
    const root = join(__dirname, '..', 'lib');
    const sources: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (path.endsWith('.ts')) sources.push(readFileSync(path, 'utf8'));
      }
    };
    walk(root);
    const kinds = new Set<string>();
    for (const source of sources) for (const m of source.matchAll(/kind: '((?:letter|application|interview|consultation)\.[a-z_]+)'/g)) kinds.add(m[1]!);
    expect(kinds.size).toBeGreaterThan(10);
    for (const kind of kinds) expect(NOTIFICATION_KIND_NAMES, kind).toContain(kind);
  });
});

describe('sign out everywhere', () => {
  it('ends every session of the account, the current one too', async () => {
    const { id, cookie, actor } = await citizen();
    expect(await appErrorOf(signOutEverywhere(actor, {}))).toMatchObject({ status: 422 });
    expect((await actorFromCookies(cookie, null)).user?.publicId).toBe(id);
    await signOutEverywhere(actor, { confirm: true });
    expect((await actorFromCookies(cookie, null)).user).toBeNull();
    const [audit] = await db().select().from(auditLog).where(and(eq(auditLog.action, 'account.sign_out_everywhere'), eq(auditLog.entityId, id)));
    expect(audit).toBeDefined();
    expect(await appErrorOf(signOutEverywhere(visitor(), { confirm: true }))).toMatchObject({ status: 401 });
  });
});
