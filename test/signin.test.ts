import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { users } from '@/lib/accounts/schema';
import { auditLog } from '@/lib/audit/schema';
import { authenticate, WRONG_CREDENTIALS } from '@/lib/accounts/signin';
import { ACCOUNT_SLOWDOWN, IP_POLICY, MAX_SLOWDOWN_MS, PAIR_POLICY, slowdownMs } from '@/lib/accounts/throttle';
import { interviews } from '@/lib/interviews/schema';
import { newPublicId } from '@/lib/accounts/users';
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

  it(`locks an account at one address after ${PAIR_POLICY.max} failures, even for the correct password there`, async () => {
    const { login } = await newCitizen();
    const ip = '192.0.2.20';
    for (let i = 1; i < PAIR_POLICY.max; i++) {
      const error = await appErrorOf(authenticate({ login, password: `wrong-${i}` }, ip, seconds(i)));
      expect(error.status, `failure ${i}`).toBe(401);
    }
    // The failure that reaches the limit already answers with the lock.
    const limit = await appErrorOf(authenticate({ login, password: 'wrong-last' }, ip, seconds(PAIR_POLICY.max)));
    expect(limit).toMatchObject({ code: 'rate_limited', status: 429 });

    const locked = await appErrorOf(authenticate({ login, password: PASSWORD }, ip, seconds(PAIR_POLICY.max + 1)));
    expect(locked).toMatchObject({ code: 'rate_limited', status: 429 });
    expect(locked.retryAfterSeconds).toBeGreaterThan(0);
    expect(locked.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect(locked.message).toBe('登录失败次数过多，请 1 分钟后再试');
    expect(locked.toJSON()).toEqual({ error: { code: 'rate_limited', message: locked.message } });
  });

  // Issue 12 item 11: five wrong passwords from one address locked the account everywhere for up to an hour.
  it('does not let anyone lock another person out: the correct password from another address gets in at once', async () => {
    const { login, id } = await newCitizen();
    const attacker = '192.0.2.21';
    // Past the lock: attempts while locked are refused before a password is checked (and not counted).
    for (let i = 1; i <= PAIR_POLICY.max + 6; i++) await appErrorOf(authenticate({ login, password: `guess-${i}` }, attacker, seconds(i)));
    const stillLocked = await appErrorOf(authenticate({ login, password: PASSWORD }, attacker, seconds(PAIR_POLICY.max + 7)));
    expect(stillLocked.status).toBe(429);

    const waits: number[] = [];
    const owner = await authenticate({ login, password: PASSWORD }, '192.0.2.22', seconds(PAIR_POLICY.max + 8), { wait: async (ms) => waits.push(ms) });
    expect(owner.publicId).toBe(id);
    // Five failures over all addresses: under the slow-down's threshold, so no wait either.
    expect(waits).toEqual([]);
    // The owner's success does not unlock the attacker's address.
    const attackerAgain = await appErrorOf(authenticate({ login, password: PASSWORD }, attacker, seconds(PAIR_POLICY.max + 9)));
    expect(attackerAgain.status).toBe(429);
  });

  it(`slows an account down after ${ACCOUNT_SLOWDOWN.max} failures from many addresses, up to ${MAX_SLOWDOWN_MS} ms, never refusing`, async () => {
    const { login, id } = await newCitizen();
    const waits: number[] = [];
    const wait = async (ms: number) => waits.push(ms);
    // A botnet: each address stays under its own limit (two guesses each).
    let t = 0;
    for (let i = 0; i < ACCOUNT_SLOWDOWN.max + 4; i++) {
      const error = await appErrorOf(authenticate({ login, password: `guess-${i}` }, `198.18.0.${Math.floor(i / 2) + 1}`, seconds(++t), { wait }));
      expect(error.status, `guess ${i}`).toBe(401);
    }
    // No wait before the limit, then 0.5 s doubling per failure, capped.
    expect(waits).toEqual([500, 1000, 2000, 4000]);
    expect(slowdownMs(ACCOUNT_SLOWDOWN.max + 10)).toBe(MAX_SLOWDOWN_MS);
    // The correct password from a clean address waits as long and is let in.
    waits.length = 0;
    const user = await authenticate({ login, password: PASSWORD }, '198.18.1.1', seconds(++t), { wait });
    expect(user.publicId).toBe(id);
    expect(waits).toEqual([MAX_SLOWDOWN_MS]);
    // The slow-down ends with its window.
    waits.length = 0;
    await authenticate({ login, password: PASSWORD }, '198.18.1.1', seconds(t + ACCOUNT_SLOWDOWN.windowMinutes * 60 + 1), { wait });
    expect(waits).toEqual([]);
  });

  it('never refuses a moderator on a day with an interview, even from a locked address; on other days it does', async () => {
    const { login, id } = await newCitizen();
    const [row] = await db().update(users).set({ role: 'moderator' }).where(eq(users.publicId, id)).returning({ id: users.id });
    // A Beijing day far from the demo data's interviews, with one interview announced on it.
    const day = new Date('2031-03-05T01:00:00Z'); // 09:00 in Beijing
    const at = (n: number) => new Date(day.getTime() + n * 1000);
    const dayAfter = (n: number) => new Date(day.getTime() + 24 * 3600_000 + n * 1000);
    const ip = '192.0.2.23';
    const waits: number[] = [];
    const wait = async (ms: number) => waits.push(ms);

    // The day after: no interview, an ordinary lock.
    for (let i = 1; i <= PAIR_POLICY.max; i++) await appErrorOf(authenticate({ login, password: 'typo' }, ip, dayAfter(i), { wait }));
    expect((await appErrorOf(authenticate({ login, password: PASSWORD }, ip, dayAfter(PAIR_POLICY.max + 1), { wait }))).status).toBe(429);

    await db().insert(interviews).values({
      publicId: newPublicId(), slug: `lock-day-${id.slice(0, 8)}`, title: '锁定测试访谈', summary: '—', hostId: row!.id,
      scheduledStart: new Date('2031-03-05T06:00:00Z'), scheduledEnd: new Date('2031-03-05T07:00:00Z'), status: 'announced',
    });
    for (let i = 1; i <= PAIR_POLICY.max + 3; i++) {
      const error = await appErrorOf(authenticate({ login, password: 'typo' }, ip, at(i), { wait }));
      expect(error.status, `typo ${i}`).toBe(401);
    }
    waits.length = 0;
    const user = await authenticate({ login, password: PASSWORD }, ip, at(PAIR_POLICY.max + 4), { wait });
    expect(user.publicId).toBe(id);
    // What would have been a lock is the longest wait instead.
    expect(waits).toEqual([MAX_SLOWDOWN_MS]);
  });

  it('lets the correct password in once the lock has expired, and a success resets the count', async () => {
    const { login, id } = await newCitizen();
    const ip = '192.0.2.30';
    for (let i = 1; i <= PAIR_POLICY.max; i++) {
      await appErrorOf(authenticate({ login, password: 'wrong' }, ip, seconds(i)));
    }
    const lockedAt = seconds(PAIR_POLICY.max);
    const stillLocked = await appErrorOf(authenticate({ login, password: PASSWORD }, ip, new Date(lockedAt.getTime() + 59_000)));
    expect(stillLocked.status).toBe(429);
    expect(stillLocked.retryAfterSeconds).toBe(1);

    const afterLock = new Date(lockedAt.getTime() + 61_000);
    const user = await authenticate({ login, password: PASSWORD }, ip, afterLock);
    expect(user.publicId).toBe(id);

    // The success cleared the account's counter: the next max-1 failures are ordinary 401s again.
    for (let i = 1; i < PAIR_POLICY.max; i++) {
      const error = await appErrorOf(authenticate({ login, password: 'wrong' }, ip, new Date(afterLock.getTime() + i * 1000)));
      expect(error.status, `failure ${i} after success`).toBe(401);
    }
  });

  it('locks for longer when failures go on after a lock', async () => {
    const { login } = await newCitizen();
    const ip = '192.0.2.40';
    for (let i = 1; i <= PAIR_POLICY.max; i++) await appErrorOf(authenticate({ login, password: 'wrong' }, ip, seconds(i)));
    // The first lock (1 minute) has passed, the 15-minute window has not: failure max+1 locks for 2 minutes.
    const later = seconds(PAIR_POLICY.max + 61);
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
