import { and, count, desc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { invitations, users } from '@/lib/accounts/schema';
import { auditLog } from '@/lib/audit/schema';
import { emailOutbox } from '@/lib/notifications/schema';
import { listDepartments, type DepartmentView } from '@/lib/accounts/departments';
import { authenticate } from '@/lib/accounts/signin';
import { forcePasswordReset, listUsers, updateUser } from '@/lib/accounts/admin';
import { acceptInvitation, createInvitation, INVITATION_HOURS, invitationForToken, listInvitations, revokeInvitation } from '@/lib/accounts/invitations';
import { hashLinkToken } from '@/lib/accounts/links';
import { resetPassword } from '@/lib/accounts/password-reset';
import { actorFromCookies } from '@/lib/auth/token';
import { getInterviewState } from '@/lib/interviews/queries';
import { createInterview } from '@/lib/interviews/operations';
import { encodeSessionToken } from '@/lib/auth/reissue';
import { can, PERMISSIONS, type Actor, type ActorUser } from '@/lib/auth/permissions';
import { appErrorOf } from './support/errors';
import { actorFor, insertUser, uniqueEmail, visitor } from './support/users';

const PASSWORD = 'Handler-Pass-2026';
let admin: Actor & { user: ActorUser };
let depts: DepartmentView[];

/** The token of the newest e-mail to this address: the last path segment of its absolute link. */
async function linkTokenFor(to: string, path: 'invitations' | 'password-reset'): Promise<{ token: string; url: string; subject: string }> {
  const [mail] = await db().select().from(emailOutbox).where(eq(emailOutbox.to, to)).orderBy(desc(emailOutbox.id)).limit(1);
  expect(mail, `no e-mail to ${to}`).toBeDefined();
  const url = mail!.body.match(/https?:\/\/\S+/)?.[0];
  expect(url, mail!.body).toBeDefined();
  const parsed = new URL(url!);
  const segments = parsed.pathname.split('/').filter(Boolean);
  expect(segments[0]).toBe(path);
  return { token: segments.at(-1)!, url: url!, subject: mail!.subject };
}

async function mailCount(to: string): Promise<number> {
  const [row] = await db().select({ n: count() }).from(emailOutbox).where(eq(emailOutbox.to, to));
  return row!.n;
}

beforeAll(async () => {
  admin = await actorFor('admin@example.com', '192.0.2.50');
  depts = await listDepartments(db());
});

describe('inviting staff', () => {
  it('an admin invites a handler: 72 h, an absolute link from NEXTAUTH_URL ending in the token, only its hash stored, audited', async () => {
    const email = uniqueEmail('handler');
    const now = new Date('2026-12-02T02:00:00Z');
    const result = await createInvitation(admin, { email: email.toUpperCase(), name: '王办理', role: 'handler', departmentId: depts[0]!.id }, now);
    expect(result.expiresAt.getTime() - now.getTime()).toBe(INVITATION_HOURS * 3600_000);

    const { token, url, subject } = await linkTokenFor(email, 'invitations');
    expect(subject).toContain('邀请');
    const base = process.env.NEXTAUTH_URL ?? 'http://localhost:3000';
    expect(url.startsWith(new URL(base).origin + '/invitations/')).toBe(true);
    const [row] = await db().select().from(invitations).where(eq(invitations.publicId, result.id));
    expect(row).toMatchObject({ email, role: 'handler', tokenHash: hashLinkToken(token) });
    expect(JSON.stringify(row)).not.toContain(token);
    const [audit] = await db().select().from(auditLog).where(and(eq(auditLog.action, 'account.invite'), eq(auditLog.entityId, result.id)));
    expect(audit).toMatchObject({ actorId: admin.user.id });
    expect(JSON.stringify(audit!.details)).not.toContain(token);

    // The page shows the invitation; accepting creates the account, which signs in with the invited role.
    expect(await invitationForToken(token, now)).toMatchObject({ ok: true, email, role: 'handler', department: depts[0]!.name });
    const created = await acceptInvitation(visitor(), token, { password: PASSWORD }, new Date(now.getTime() + 3600_000));
    expect(created).toMatchObject({ email, role: 'handler' });
    const signedIn = await authenticate({ login: email, password: PASSWORD }, '192.0.2.51');
    expect(signedIn).toMatchObject({ publicId: created.id, role: 'handler', departmentPublicId: depts[0]!.id });

    // Single use: the second time is a 410 and nothing changes.
    const again = await appErrorOf(acceptInvitation(visitor(), token, { password: 'Another-Pass-2026' }, new Date(now.getTime() + 7200_000)));
    expect(again).toMatchObject({ code: 'gone', status: 410 });
    expect(again.message).toContain('已使用');
    const [{ n }] = await db().select({ n: count() }).from(users).where(eq(users.email, email)) as [{ n: number }];
    expect(n).toBe(1);
    expect(await invitationForToken(token, now)).toMatchObject({ ok: false });
  });

  it('a leader gets the title; moderators and admins belong to no department', async () => {
    const email = uniqueEmail('leader');
    await createInvitation(admin, { email, name: '李局长', role: 'leader', departmentId: depts[1]!.id, title: '副局长' });
    const { token } = await linkTokenFor(email, 'invitations');
    const { id } = await acceptInvitation(visitor(), token, { password: PASSWORD });
    const [user] = await db().select().from(users).where(eq(users.publicId, id));
    expect(user).toMatchObject({ role: 'leader', title: '副局长' });

    const modEmail = uniqueEmail('moderator');
    await createInvitation(admin, { email: modEmail, name: '赵管理', role: 'moderator', departmentId: depts[0]!.id });
    const mod = await acceptInvitation(visitor(), (await linkTokenFor(modEmail, 'invitations')).token, { password: PASSWORD });
    const [modRow] = await db().select().from(users).where(eq(users.publicId, mod.id));
    expect(modRow).toMatchObject({ role: 'moderator', departmentId: null });
  });

  it('an expired link is a 410 and creates nothing', async () => {
    const email = uniqueEmail('late');
    const now = new Date('2026-11-01T00:00:00Z');
    await createInvitation(admin, { email, name: '迟到', role: 'moderator' }, now);
    const { token } = await linkTokenFor(email, 'invitations');
    const later = new Date(now.getTime() + INVITATION_HOURS * 3600_000 + 1000);
    expect(await invitationForToken(token, later)).toMatchObject({ ok: false, message: expect.stringContaining('过期') });
    expect(await appErrorOf(acceptInvitation(visitor(), token, { password: PASSWORD }, later))).toMatchObject({ status: 410, message: expect.stringContaining('过期') });
    expect(await db().select().from(users).where(eq(users.email, email))).toHaveLength(0);
    // Still good a second before.
    expect(await invitationForToken(token, new Date(later.getTime() - 2000))).toMatchObject({ ok: true });
  });

  it('a revoked link is a 410; revoking twice or a used one is a 409', async () => {
    const email = uniqueEmail('revoked');
    const { id } = await createInvitation(admin, { email, name: '撤销', role: 'admin' });
    const { token } = await linkTokenFor(email, 'invitations');
    const revoked = await revokeInvitation(admin, id);
    expect(revoked.status).toBe('revoked');
    expect(await appErrorOf(acceptInvitation(visitor(), token, { password: PASSWORD }))).toMatchObject({ status: 410, message: expect.stringContaining('撤销') });
    expect(await appErrorOf(revokeInvitation(admin, id))).toMatchObject({ status: 409 });
    expect(await db().select().from(users).where(eq(users.email, email))).toHaveLength(0);
    expect(await appErrorOf(revokeInvitation(admin, 'no-such-invitation'))).toMatchObject({ status: 404 });
    const [audit] = await db().select().from(auditLog).where(and(eq(auditLog.action, 'account.invitation_revoke'), eq(auditLog.entityId, id)));
    expect(audit).toBeDefined();
  });

  it('a new invitation to the same address replaces the pending one', async () => {
    const email = uniqueEmail('twice');
    await createInvitation(admin, { email, name: '两次', role: 'moderator' });
    const first = (await linkTokenFor(email, 'invitations')).token;
    await createInvitation(admin, { email, name: '两次', role: 'handler', departmentId: depts[0]!.id });
    const second = (await linkTokenFor(email, 'invitations')).token;
    expect(await appErrorOf(acceptInvitation(visitor(), first, { password: PASSWORD }))).toMatchObject({ status: 410 });
    expect(await acceptInvitation(visitor(), second, { password: PASSWORD })).toMatchObject({ role: 'handler' });
  });

  it('unknown and malformed tokens are a 410', async () => {
    for (const token of ['x', 'a'.repeat(43), '../../etc/passwd', '']) {
      expect(await appErrorOf(acceptInvitation(visitor(), token, { password: PASSWORD }))).toMatchObject({ code: 'gone', status: 410 });
    }
  });

  it('the password policy applies: short and common passwords are refused with 422 and the link stays usable', async () => {
    const email = uniqueEmail('policy');
    await createInvitation(admin, { email, name: '策略', role: 'moderator' });
    const { token } = await linkTokenFor(email, 'invitations');
    expect(await appErrorOf(acceptInvitation(visitor(), token, { password: 'short1' }))).toMatchObject({ status: 422, fields: { password: '密码至少 10 个字符' } });
    expect(await appErrorOf(acceptInvitation(visitor(), token, { password: 'password123' }))).toMatchObject({ status: 422, fields: { password: expect.stringContaining('常见') } });
    expect(await invitationForToken(token)).toMatchObject({ ok: true });
    await acceptInvitation(visitor(), token, { password: 'minsheng-demo' });
  });

  it('refuses bad input: an address with an account, a handler without a department, a citizen role, a non-admin', async () => {
    expect(await appErrorOf(createInvitation(admin, { email: 'citizen@example.com', name: '已有', role: 'handler', departmentId: depts[0]!.id }))).toMatchObject({ status: 422, fields: { email: '该邮箱已有账号' } });
    expect(await appErrorOf(createInvitation(admin, { email: uniqueEmail(), name: '无部门', role: 'handler' }))).toMatchObject({ status: 422, fields: { departmentId: '请选择部门' } });
    expect(await appErrorOf(createInvitation(admin, { email: uniqueEmail(), name: '市民', role: 'citizen' }))).toMatchObject({ status: 422 });
    expect(await appErrorOf(createInvitation(admin, { email: '13900001111', name: '手机', role: 'moderator' }))).toMatchObject({ status: 422 });
    expect(await appErrorOf(createInvitation(admin, { email: uniqueEmail(), name: '部门', role: 'handler', departmentId: 'nope' }))).toMatchObject({ status: 422 });
    for (const who of ['moderator@example.com', 'handler@example.com', 'citizen@example.com']) {
      expect(await appErrorOf(createInvitation(await actorFor(who), { email: uniqueEmail(), name: '越权', role: 'admin' }))).toMatchObject({ status: 403 });
    }
    expect(await appErrorOf(createInvitation(visitor(), { email: uniqueEmail(), name: '访客', role: 'admin' }))).toMatchObject({ status: 401 });
  });

  it('an address that got an account meanwhile is a 409 and the invitation stays unused', async () => {
    const email = uniqueEmail('raced');
    await createInvitation(admin, { email, name: '抢注', role: 'moderator' });
    const { token } = await linkTokenFor(email, 'invitations');
    await insertUser({ email });
    expect(await appErrorOf(acceptInvitation(visitor(), token, { password: PASSWORD }))).toMatchObject({ status: 409 });
    expect(await invitationForToken(token)).toMatchObject({ ok: true });
  });

  it('lists invitations by status', async () => {
    const all = await listInvitations(admin, {});
    expect(all.total).toBeGreaterThan(3);
    const revoked = await listInvitations(admin, { status: 'revoked' });
    expect(revoked.items.every((i) => i.status === 'revoked')).toBe(true);
    const accepted = await listInvitations(admin, { status: 'accepted' });
    expect(accepted.items.length).toBeGreaterThan(0);
    expect(accepted.items.every((i) => i.status === 'accepted')).toBe(true);
    expect(await appErrorOf(listInvitations(await actorFor('moderator@example.com'), {}))).toMatchObject({ status: 403 });
  });
});

describe('staff management', () => {
  it('lists citizens and staff apart, filtered by department, status and role', async () => {
    const staff = await listUsers(admin, { kind: 'staff' });
    expect(staff.items.length).toBeGreaterThan(0);
    expect(staff.items.every((u) => u.role !== 'citizen')).toBe(true);
    const citizens = await listUsers(admin, { kind: 'citizen' });
    expect(citizens.items.every((u) => u.role === 'citizen')).toBe(true);
    expect(staff.total + citizens.total).toBe((await listUsers(admin, {})).total);
    const handler = await actorFor('handler@example.com');
    const ofDept = await listUsers(admin, { departmentId: handler.user.departmentPublicId! });
    expect(ofDept.items.map((u) => u.email)).toContain('handler@example.com');
    expect(ofDept.items.every((u) => u.departmentId === handler.user.departmentPublicId)).toBe(true);
    const disabled = await insertUser({ name: '已停用的' });
    await updateUser(admin, disabled, { status: 'disabled' });
    const list = await listUsers(admin, { status: 'disabled' });
    expect(list.items.map((u) => u.id)).toContain(disabled);
    expect(list.items.every((u) => u.status === 'disabled')).toBe(true);
    expect(await appErrorOf(listUsers(admin, { kind: 'robots' }))).toMatchObject({ status: 422 });
  });

  it('sets a leader title and a short bio; a too-long bio is a 422 and changes nothing', async () => {
    const leader = await actorFor('leader@example.com');
    const row = await updateUser(admin, leader.user.publicId, { title: '局长', bio: '分管文化市场、旅游工作。' });
    expect(row).toMatchObject({ title: '局长', bio: '分管文化市场、旅游工作。', role: 'leader' });
    expect(await appErrorOf(updateUser(admin, leader.user.publicId, { bio: '长'.repeat(501) }))).toMatchObject({ status: 422 });
    expect((await updateUser(admin, leader.user.publicId, { title: '副局长' })).bio).toBe('分管文化市场、旅游工作。');
    // Interviews show it with the guest (an admin may create one: one role hierarchy).
    const start = Date.now() + 7 * 86_400_000;
    const { slug } = await createInterview(admin, { title: '简介展示测试访谈', summary: '检查嘉宾简介在访谈页面显示。', guestIds: [leader.user.publicId],
      scheduledStart: new Date(start).toISOString(), scheduledEnd: new Date(start + 3600_000).toISOString() });
    expect((await getInterviewState(admin, slug)).guests).toEqual([{ id: leader.user.publicId, name: '王局长', title: '副局长', bio: '分管文化市场、旅游工作。' }]);
  });

  it('an admin cannot demote or disable themself, nor the last active admin', async () => {
    expect(await appErrorOf(updateUser(admin, admin.user.publicId, { role: 'moderator' }))).toMatchObject({ status: 409, message: expect.stringContaining('自己') });
    expect(await appErrorOf(updateUser(admin, admin.user.publicId, { status: 'disabled' }))).toMatchObject({ status: 409 });
    // A second admin, and (a request in flight while) the first is disabled meanwhile: demoting or disabling the
    // second would leave no active admin, so it is refused and nothing changes.
    const other = await insertUser({ name: '另一位管理员', role: 'admin' });
    await db().update(users).set({ status: 'disabled' }).where(eq(users.publicId, admin.user.publicId));
    try {
      for (const change of [{ role: 'moderator' }, { status: 'disabled' }]) {
        const error = await appErrorOf(updateUser(admin, other, change));
        expect(error).toMatchObject({ status: 409, message: expect.stringContaining('最后一位系统管理员') });
      }
      const [row] = await db().select().from(users).where(eq(users.publicId, other));
      expect(row).toMatchObject({ role: 'admin', status: 'active' });
    } finally {
      await db().update(users).set({ status: 'active' }).where(eq(users.publicId, admin.user.publicId));
    }
    // With two active admins, one may demote the other.
    expect(await updateUser(admin, other, { role: 'moderator' })).toMatchObject({ role: 'moderator' });
  });

  it('forcing a password reset ends the sessions, voids the password and mails a link that works', async () => {
    const email = uniqueEmail('forced');
    await createInvitation(admin, { email, name: '被重置', role: 'moderator' });
    const { id } = await acceptInvitation(visitor(), (await linkTokenFor(email, 'invitations')).token, { password: PASSWORD });
    const cookie = `next-auth.session-token=${await encodeSessionToken({ publicId: id, name: '被重置' }, 0)}`;
    expect((await actorFromCookies(cookie, null)).user?.publicId).toBe(id);

    await forcePasswordReset(admin, id);
    expect((await actorFromCookies(cookie, null)).user).toBeNull();
    expect(await appErrorOf(authenticate({ login: email, password: PASSWORD }, '192.0.2.52'))).toMatchObject({ status: 401 });
    const { token } = await linkTokenFor(email, 'password-reset');
    await resetPassword(visitor(), token, { password: 'Brand-New-2026' });
    expect(await authenticate({ login: email, password: 'Brand-New-2026' }, '192.0.2.53')).toMatchObject({ publicId: id });
    const [audit] = await db().select().from(auditLog).where(and(eq(auditLog.action, 'account.password_reset_forced'), eq(auditLog.entityId, id)));
    expect(audit).toBeDefined();
  });

  it('forcing a reset refuses oneself, a disabled account and a phone-only one', async () => {
    expect(await appErrorOf(forcePasswordReset(admin, admin.user.publicId))).toMatchObject({ status: 409 });
    const off = await insertUser();
    await updateUser(admin, off, { status: 'disabled' });
    const before = await mailCount('nobody');
    expect(await appErrorOf(forcePasswordReset(admin, off))).toMatchObject({ status: 409 });
    expect(await mailCount('nobody')).toBe(before);
    expect(await appErrorOf(forcePasswordReset(await actorFor('moderator@example.com'), off))).toMatchObject({ status: 403 });
  });
});

describe('one role hierarchy', () => {
  it('an admin holds every permission a moderator holds', () => {
    for (const [permission, roles] of Object.entries(PERMISSIONS)) {
      if ((roles as readonly string[]).includes('moderator')) expect(roles, permission).toContain('admin');
    }
  });

  it('can() agrees for an admin actor', async () => {
    for (const [permission, roles] of Object.entries(PERMISSIONS)) {
      if ((roles as readonly string[]).includes('moderator')) expect(can(admin, permission as keyof typeof PERMISSIONS), permission).toBe(true);
    }
  });
});
