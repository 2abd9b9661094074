import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { users } from '@/lib/accounts/schema';
import { auditLog } from '@/lib/audit/schema';
import { registerCitizen } from '@/lib/accounts/register';
import { verifyPassword } from '@/lib/accounts/password';
import { appErrorOf } from './support/errors';
import { actorFor, uniqueEmail, uniquePhone, visitor } from './support/users';

const TAKEN = '该邮箱或手机号已注册，请直接登录';
const PASSWORD = 'Minsheng2026';

async function userRows(column: 'email' | 'phone', login: string) {
  return db().select().from(users).where(eq(users[column], login));
}

describe('registerCitizen', () => {
  it('creates an active citizen with an argon2id hash and an audit row', async () => {
    const email = uniqueEmail('chen');
    const result = await registerCitizen(visitor('203.0.113.9'), { name: ' 陈  小明 ', login: email.toUpperCase(), password: PASSWORD });

    expect(result).toEqual({ id: expect.any(String), name: '陈 小明', role: 'citizen' });
    const [row] = await userRows('email', email);
    expect(row).toMatchObject({ publicId: result.id, name: '陈 小明', email, phone: null, role: 'citizen', status: 'active', departmentId: null });
    expect(row!.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row!.passwordHash).not.toContain(PASSWORD);
    expect(await verifyPassword(row!.passwordHash, PASSWORD)).toBe(true);
    expect(await verifyPassword(row!.passwordHash, 'Minsheng2027')).toBe(false);

    const audit = await db().select().from(auditLog).where(and(eq(auditLog.action, 'account.register'), eq(auditLog.entityId, result.id)));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: null, actorRole: 'visitor', entityType: 'user', ip: '203.0.113.9', details: { via: 'email' } });
    expect(JSON.stringify(audit[0])).not.toContain(PASSWORD);
  });

  it('stores a phone login in its normalised form', async () => {
    const phone = uniquePhone();
    const spelled = `+86 ${phone.slice(0, 3)}-${phone.slice(3, 7)}-${phone.slice(7)}`;
    const result = await registerCitizen(visitor(), { name: 'Li Lei', login: spelled, password: PASSWORD });
    const [row] = await userRows('phone', phone);
    expect(row).toMatchObject({ publicId: result.id, phone, email: null, role: 'citizen' });
    const [audit] = await db().select().from(auditLog).where(eq(auditLog.entityId, result.id));
    expect(audit?.details).toEqual({ via: 'phone', locale: 'zh-CN' });
  });

  it('refuses an email that is already registered, in any letter case', async () => {
    const email = uniqueEmail('dup');
    await registerCitizen(visitor(), { name: '王五', login: email, password: PASSWORD });
    const error = await appErrorOf(registerCitizen(visitor(), { name: '王六', login: email.toUpperCase(), password: PASSWORD }));
    expect(error).toMatchObject({ code: 'invalid_input', status: 422, message: TAKEN, fields: { login: TAKEN } });
    expect(await userRows('email', email)).toHaveLength(1);
  });

  it('refuses a demo account email', async () => {
    const error = await appErrorOf(registerCitizen(visitor(), { name: '冒名', login: 'admin@example.com', password: PASSWORD }));
    expect(error).toMatchObject({ code: 'invalid_input', fields: { login: TAKEN } });
  });

  it('refuses a phone that is already registered under another spelling', async () => {
    const phone = uniquePhone();
    await registerCitizen(visitor(), { name: '赵六', login: phone, password: PASSWORD });
    for (const spelling of [`+86${phone}`, `+86 ${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}`, `86-${phone}`]) {
      const error = await appErrorOf(registerCitizen(visitor(), { name: '赵七', login: spelling, password: PASSWORD }));
      expect(error, spelling).toMatchObject({ code: 'invalid_input', status: 422, fields: { login: TAKEN } });
    }
    expect(await userRows('phone', phone)).toHaveLength(1);
  });

  it('rejects invalid input with a 422 and Chinese messages per field, creating nothing', async () => {
    const before = await db().select({ n: sql<number>`count(*)::int` }).from(users);
    const error = await appErrorOf(registerCitizen(visitor(), { name: '<script>alert(1)</script>', login: 'not-a-login', password: 'password' }));
    expect(error.code).toBe('invalid_input');
    expect(error.status).toBe(422);
    expect(error.message).toBe('提交的内容有误，请检查标出的项目');
    expect(error.fields).toEqual({
      name: "姓名只能包含文字、数字、空格和 · . - '",
      login: '请输入正确的邮箱或 11 位手机号',
      password: '密码需同时包含字母和数字',
    });
    const after = await db().select({ n: sql<number>`count(*)::int` }).from(users);
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it.each([[null], [undefined], ['string'], [42], [[]]])('rejects a body of %j with 422', async (body) => {
    const error = await appErrorOf(registerCitizen(visitor(), body));
    expect(error).toMatchObject({ code: 'invalid_input', status: 422 });
  });

  it('refuses a signed-in user with 409', async () => {
    const actor = await actorFor('citizen@example.com');
    const error = await appErrorOf(registerCitizen(actor, { name: '再注册', login: uniqueEmail(), password: PASSWORD }));
    expect(error).toMatchObject({ code: 'conflict', status: 409, message: '您已登录，无需注册' });
  });

  it('lets exactly one of two concurrent registrations of the same login succeed', async () => {
    const phone = uniquePhone();
    const outcomes = await Promise.allSettled([
      registerCitizen(visitor('198.51.100.1'), { name: '甲', login: phone, password: PASSWORD }),
      registerCitizen(visitor('198.51.100.2'), { name: '乙', login: `+86 ${phone}`, password: 'Minsheng2027' }),
    ]);
    const fulfilled = outcomes.filter((o) => o.status === 'fulfilled');
    const rejected = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]!.reason).toMatchObject({ code: 'invalid_input', status: 422, fields: { login: TAKEN } });

    const rows = await userRows('phone', phone);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.publicId).toBe((fulfilled[0] as PromiseFulfilledResult<{ id: string }>).value.id);
    // The loser's transaction left no audit row behind.
    const audit = await db().select().from(auditLog).where(and(eq(auditLog.action, 'account.register'), eq(auditLog.entityId, rows[0]!.publicId)));
    expect(audit).toHaveLength(1);
    const allForPhone = await db()
      .select({ n: sql<number>`count(*)::int` })
      .from(auditLog)
      .where(sql`${auditLog.action} = 'account.register' and ${auditLog.ip} in ('198.51.100.1', '198.51.100.2')`);
    expect(allForPhone[0]!.n).toBe(1);
  });
});
