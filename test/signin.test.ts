import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { users } from '@/lib/accounts/schema';
import { auditLog } from '@/lib/audit/schema';
import { authenticate, WRONG_CREDENTIALS } from '@/lib/accounts/signin';
import { ACCOUNT_POLICY, IP_POLICY } from '@/lib/accounts/throttle';
import { registerCitizen } from '@/lib/accounts/register';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '@/lib/seed/demo';
import { appErrorOf } from './support/errors';
import { uniqueEmail, uniquePhone, visitor } from './support/users';

const PASSWORD = 'Minsheng2026';
const T0 = new Date('2026-11-27T02:00:00Z');
const seconds = (n: number) => new Date(T0.getTime() + n * 1000);

/** A fresh citizen per test, so lock counters never leak from one test into another. */
async function newCitizen(login = uniqueEmail('signin')): Promise<{ login: string; id: string }> {
  const { id } = await registerCitizen(visitor(), { name: '测试市民', login, password: PASSWORD });
  return { login, id };
}

describe('authenticate', () => {
  it.each(DEMO_ACCOUNTS.map((a) => [a.email, a.role] as const))('signs %s in as %s', async (email, role) => {
    const user = await authenticate({ login: email, password: DEMO_PASSWORD }, '192.0.2.1');
    expect(user).toMatchObject({ role, name: DEMO_ACCOUNTS.find((a) => a.email === email)!.name, publicId: expect.any(String) });
    // Internals of the credential check never leave it.
    expect(user).not.toHaveProperty('passwordHash');
    expect(user).not.toHaveProperty('status');
  });

  it('gives staff their department', async () => {
    const handler = await authenticate({ login: 'handler@example.com', password: DEMO_PASSWORD }, null);
    expect(handler.departmentId).toEqual(expect.any(Number));
    expect(handler.departmentPublicId).toEqual(expect.any(String));
    const leader = await authenticate({ login: 'leader@example.com', password: DEMO_PASSWORD }, null);
    expect(leader.title).toBe('副局长');
    const citizen = await authenticate({ login: 'citizen@example.com', password: DEMO_PASSWORD }, null);
    expect(citizen.departmentId).toBeNull();
  });

  it('accepts the login in another letter case', async () => {
    const user = await authenticate({ login: '  Citizen@Example.COM ', password: DEMO_PASSWORD }, '192.0.2.1');
    expect(user.role).toBe('citizen');
  });

  it('signs in by phone after registering with a phone, in any spelling', async () => {
    const phone = uniquePhone();
    const { id } = await newCitizen(`+86 ${phone}`);
    for (const spelling of [phone, `+86${phone}`, `${phone.slice(0, 3)}-${phone.slice(3, 7)}-${phone.slice(7)}`]) {
      const user = await authenticate({ login: spelling, password: PASSWORD }, '192.0.2.2');
      expect(user, spelling).toMatchObject({ publicId: id, role: 'citizen' });
    }
  });

  it('refuses a wrong password with 401 账号或密码错误', async () => {
    const { login } = await newCitizen();
    const error = await appErrorOf(authenticate({ login, password: 'Minsheng2027' }, '192.0.2.3'));
    expect(error).toMatchObject({ code: 'unauthenticated', status: 401, message: WRONG_CREDENTIALS });
    expect(WRONG_CREDENTIALS).toBe('账号或密码错误');
  });

  it('gives the same answer for an account that does not exist', async () => {
    const error = await appErrorOf(authenticate({ login: uniqueEmail('nobody'), password: PASSWORD }, '192.0.2.4'));
    expect(error).toMatchObject({ code: 'unauthenticated', status: 401, message: '账号或密码错误' });
    const phoneError = await appErrorOf(authenticate({ login: uniquePhone(), password: PASSWORD }, '192.0.2.4'));
    expect(phoneError).toMatchObject({ status: 401, message: '账号或密码错误' });
  });

  it('refuses malformed input with 422 before checking anything', async () => {
    const error = await appErrorOf(authenticate({ login: "' OR 1=1 --", password: '' }, '192.0.2.5'));
    expect(error).toMatchObject({ code: 'invalid_input', status: 422 });
    expect(error.fields).toEqual({ login: '请输入正确的邮箱或 11 位手机号', password: '请输入密码' });
  });

  it(`locks an account after ${ACCOUNT_POLICY.max} failures, even for the correct password`, async () => {
    const { login } = await newCitizen();
    const ip = '192.0.2.20';
    for (let i = 1; i < ACCOUNT_POLICY.max; i++) {
      const error = await appErrorOf(authenticate({ login, password: `wrong-${i}` }, ip, seconds(i)));
      expect(error.status, `failure ${i}`).toBe(401);
    }
    // The failure that reaches the limit already answers with the lock.
    const limit = await appErrorOf(authenticate({ login, password: 'wrong-last' }, ip, seconds(ACCOUNT_POLICY.max)));
    expect(limit).toMatchObject({ code: 'rate_limited', status: 429 });

    const locked = await appErrorOf(authenticate({ login, password: PASSWORD }, ip, seconds(ACCOUNT_POLICY.max + 1)));
    expect(locked).toMatchObject({ code: 'rate_limited', status: 429 });
    expect(locked.retryAfterSeconds).toBeGreaterThan(0);
    expect(locked.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect(locked.message).toContain('分钟后再试');
    expect(locked.message).toBe('登录失败次数过多，请 1 分钟后再试');
    expect(locked.toJSON()).toEqual({ error: { code: 'rate_limited', message: locked.message } });

    // From another address the account stays locked: the lock is on the account.
    const elsewhere = await appErrorOf(authenticate({ login, password: PASSWORD }, '192.0.2.21', seconds(ACCOUNT_POLICY.max + 2)));
    expect(elsewhere.status).toBe(429);
  });

  it('lets the correct password in once the lock has expired, and a success resets the count', async () => {
    const { login, id } = await newCitizen();
    const ip = '192.0.2.30';
    for (let i = 1; i <= ACCOUNT_POLICY.max; i++) {
      await appErrorOf(authenticate({ login, password: 'wrong' }, ip, seconds(i)));
    }
    const lockedAt = seconds(ACCOUNT_POLICY.max);
    const stillLocked = await appErrorOf(authenticate({ login, password: PASSWORD }, ip, new Date(lockedAt.getTime() + 59_000)));
    expect(stillLocked.status).toBe(429);
    expect(stillLocked.retryAfterSeconds).toBe(1);

    const afterLock = new Date(lockedAt.getTime() + 61_000);
    const user = await authenticate({ login, password: PASSWORD }, ip, afterLock);
    expect(user.publicId).toBe(id);

    // The success cleared the account's counter: the next max-1 failures are ordinary 401s again.
    for (let i = 1; i < ACCOUNT_POLICY.max; i++) {
      const error = await appErrorOf(authenticate({ login, password: 'wrong' }, ip, new Date(afterLock.getTime() + i * 1000)));
      expect(error.status, `failure ${i} after success`).toBe(401);
    }
  });

  it('locks for longer when failures go on after a lock', async () => {
    const { login } = await newCitizen();
    const ip = '192.0.2.40';
    for (let i = 1; i <= ACCOUNT_POLICY.max; i++) await appErrorOf(authenticate({ login, password: 'wrong' }, ip, seconds(i)));
    // The first lock (1 minute) has passed, the 15-minute window has not: failure max+1 locks for 2 minutes.
    const later = seconds(ACCOUNT_POLICY.max + 61);
    const error = await appErrorOf(authenticate({ login, password: 'wrong' }, ip, later));
    expect(error).toMatchObject({ status: 429, retryAfterSeconds: 120, message: '登录失败次数过多，请 2 分钟后再试' });
  });

  it(`locks an address after ${IP_POLICY.max} failures across accounts; other addresses are unaffected`, async () => {
    const ip = '198.51.100.77';
    const statuses: number[] = [];
    for (let i = 0; i < IP_POLICY.max; i++) {
      // A different (unknown) account each time, so no single account reaches its own limit.
      const error = await appErrorOf(authenticate({ login: uniqueEmail(`spray${i}`), password: 'guess123' }, ip, seconds(i)));
      statuses.push(error.status);
    }
    expect(statuses.slice(0, -1).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);

    // The correct password of an account never tried from this address is refused from it…
    const { login, id } = await newCitizen();
    const blocked = await appErrorOf(authenticate({ login, password: PASSWORD }, ip, seconds(IP_POLICY.max + 1)));
    expect(blocked.status).toBe(429);
    expect(blocked.retryAfterSeconds).toBeGreaterThan(0);
    expect(blocked.message).toContain('分钟后再试');

    // …but works from another address.
    const user = await authenticate({ login, password: PASSWORD }, '198.51.100.78', seconds(IP_POLICY.max + 2));
    expect(user.publicId).toBe(id);
    // And the IP lock ends after its 15 minutes.
    const afterIpLock = await authenticate({ login, password: PASSWORD }, ip, seconds(IP_POLICY.max + 15 * 60 + 1));
    expect(afterIpLock.publicId).toBe(id);
  });

  it('refuses a disabled account even with the correct password', async () => {
    const { login, id } = await newCitizen();
    await db().update(users).set({ status: 'disabled' }).where(eq(users.publicId, id));
    const error = await appErrorOf(authenticate({ login, password: PASSWORD }, '192.0.2.50'));
    expect(error).toMatchObject({ code: 'unauthenticated', status: 401, message: '该账号已停用，请联系管理员' });
    // With a wrong password the answer does not reveal that the account exists.
    const guess = await appErrorOf(authenticate({ login, password: 'wrong' }, '192.0.2.50'));
    expect(guess).toMatchObject({ status: 401, message: WRONG_CREDENTIALS });
    const signIns = await db().select().from(auditLog).where(and(eq(auditLog.action, 'account.sign_in'), eq(auditLog.entityId, id)));
    expect(signIns).toHaveLength(0);
  });

  it('writes an audit row for a successful sign-in', async () => {
    const { login, id } = await newCitizen();
    const user = await authenticate({ login, password: PASSWORD }, '192.0.2.60');
    const rows = await db().select().from(auditLog).where(and(eq(auditLog.action, 'account.sign_in'), eq(auditLog.entityId, id)));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actorId: user.id, actorRole: 'citizen', entityType: 'user', ip: '192.0.2.60' });
  });

  it('writes no audit row for a failed sign-in', async () => {
    const { login, id } = await newCitizen();
    await appErrorOf(authenticate({ login, password: 'wrong' }, '192.0.2.61'));
    const rows = await db().select().from(auditLog).where(and(eq(auditLog.action, 'account.sign_in'), eq(auditLog.entityId, id)));
    expect(rows).toHaveLength(0);
  });
});
