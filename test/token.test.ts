import { and, eq } from 'drizzle-orm';
import { encode } from 'next-auth/jwt';
import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { users } from '@/lib/accounts/schema';
import { actorFromCookies, authSecret, sessionCookieName } from '@/lib/auth/token';
import { updateUser } from '@/lib/accounts/admin';
import { signOutSession } from '@/lib/accounts/sessions';
import { auditLog } from '@/lib/audit/schema';
import { actorFor, insertUser, userByEmail } from './support/users';

const COOKIE = 'next-auth.session-token';
const secret = () => process.env.NEXTAUTH_SECRET!;
const sessionToken = (sub: string | undefined, withSecret = secret(), sv = 0) => encode({ token: sub ? { sub, sv } : { name: 'nobody' }, secret: withSecret });

describe('actorFromCookies', () => {
  it('uses next-auth’s cookie name over http and the test secret', () => {
    expect(sessionCookieName()).toBe(COOKIE);
    expect(authSecret()).toBe(secret());
    expect(secret().length).toBeGreaterThanOrEqual(32);
  });

  it.each([undefined, null, '', 'theme=dark; lang=zh-CN'])('is a visitor without a session cookie (%j)', async (cookie) => {
    expect(await actorFromCookies(cookie, '203.0.113.5')).toEqual({ user: null, ip: '203.0.113.5' });
  });

  it('is the user named by a valid session cookie', async () => {
    const handler = await userByEmail('handler@example.com');
    const token = await sessionToken(handler.publicId);
    const actor = await actorFromCookies(`theme=dark; ${COOKIE}=${token}; lang=zh-CN`, '203.0.113.6');
    expect(actor).toEqual({ user: handler, ip: '203.0.113.6' });
    expect(actor.user).toMatchObject({ role: 'handler', departmentPublicId: expect.any(String) });
  });

  it('reads a token split into numbered chunks', async () => {
    const citizen = await userByEmail('citizen@example.com');
    const token = await sessionToken(citizen.publicId);
    const middle = Math.floor(token.length / 2);
    const actor = await actorFromCookies(`${COOKIE}.0=${token.slice(0, middle)}; ${COOKIE}.1=${token.slice(middle)}`, null);
    expect(actor.user?.publicId).toBe(citizen.publicId);
  });

  it.each([
    ['garbage', 'not-a-jwt'],
    ['a truncated token', 'eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..abc.def.ghi'],
    ['percent-encoded junk', '%E4%BD%A0%E5%A5%BD'],
  ])('is a visitor for %s', async (_label, value) => {
    expect(await actorFromCookies(`${COOKIE}=${value}`, '203.0.113.7')).toEqual({ user: null, ip: '203.0.113.7' });
  });

  it('is a visitor for a token made with another secret', async () => {
    const admin = await userByEmail('admin@example.com');
    const forged = await sessionToken(admin.publicId, 'another-secret-that-is-at-least-32-characters');
    expect((await actorFromCookies(`${COOKIE}=${forged}`, null)).user).toBeNull();
  });

  it('is a visitor for a valid token without a subject, or for an unknown subject', async () => {
    expect((await actorFromCookies(`${COOKIE}=${await sessionToken(undefined)}`, null)).user).toBeNull();
    expect((await actorFromCookies(`${COOKIE}=${await sessionToken('00000000-0000-4000-8000-000000000000')}`, null)).user).toBeNull();
  });

  it('is a visitor once the account is disabled, and sees a changed role at once', async () => {
    const publicId = await insertUser({ name: '会被停用' });
    const cookie = `${COOKIE}=${await sessionToken(publicId)}`;
    expect((await actorFromCookies(cookie, null)).user).toMatchObject({ publicId, role: 'citizen' });

    await db().update(users).set({ role: 'moderator' }).where(eq(users.publicId, publicId));
    expect((await actorFromCookies(cookie, null)).user).toMatchObject({ publicId, role: 'moderator' });

    await db().update(users).set({ status: 'disabled' }).where(eq(users.publicId, publicId));
    expect(await actorFromCookies(cookie, '203.0.113.8')).toEqual({ user: null, ip: '203.0.113.8' });
  });

  it('is a visitor for a token from before session versions (no version claim)', async () => {
    const citizen = await userByEmail('citizen@example.com');
    const old = await encode({ token: { sub: citizen.publicId }, secret: secret() });
    expect((await actorFromCookies(`${COOKIE}=${old}`, null)).user).toBeNull();
  });

  // Issue 12 item 10: the cookie of a signed-out session kept working for 8 hours.
  it('sign-out ends the session for every copy of its token; a new sign-in works; a stale copy cannot sign the owner out', async () => {
    const publicId = await insertUser({ name: '会退出登录' });
    const copied = `${COOKIE}=${await sessionToken(publicId, secret(), 0)}`;
    expect((await actorFromCookies(copied, null)).user).toMatchObject({ publicId });

    expect(await signOutSession({ sub: publicId, sv: 0 }, '203.0.113.9')).toBe(true);
    expect(await actorFromCookies(copied, '203.0.113.9')).toEqual({ user: null, ip: '203.0.113.9' });
    const audit = await db().select().from(auditLog).where(and(eq(auditLog.action, 'account.sign_out'), eq(auditLog.entityId, publicId)));
    expect(audit).toHaveLength(1);

    // Signing in again issues a token at the new version.
    const fresh = `${COOKIE}=${await sessionToken(publicId, secret(), 1)}`;
    expect((await actorFromCookies(fresh, null)).user).toMatchObject({ publicId });
    // Signing out with the old (already ended) token changes nothing: the new session goes on.
    expect(await signOutSession({ sub: publicId, sv: 0 })).toBe(false);
    expect((await actorFromCookies(fresh, null)).user).toMatchObject({ publicId });
  });

  it.each([
    ['a role change', { role: 'moderator' }],
    ['disabling', { status: 'disabled' }],
  ] as const)('%s by an admin ends the account’s sessions, also once re-enabled', async (_label, change) => {
    const admin = await actorFor('admin@example.com');
    const publicId = await insertUser({ name: '会被调整' });
    const cookie = `${COOKIE}=${await sessionToken(publicId)}`;
    expect((await actorFromCookies(cookie, null)).user).toMatchObject({ publicId });
    await updateUser(admin, publicId, change);
    expect((await actorFromCookies(cookie, null)).user).toBeNull();
    if ('status' in change) {
      await updateUser(admin, publicId, { status: 'active' });
      expect((await actorFromCookies(cookie, null)).user).toBeNull();
    }
  });

  it('a change that is no role, department or status change keeps the session', async () => {
    const admin = await actorFor('admin@example.com');
    const publicId = await insertUser({ name: '不变' });
    const cookie = `${COOKIE}=${await sessionToken(publicId)}`;
    await updateUser(admin, publicId, { role: 'citizen', status: 'active' });
    expect((await actorFromCookies(cookie, null)).user).toMatchObject({ publicId });
  });
});
