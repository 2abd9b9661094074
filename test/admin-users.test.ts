import { and, count, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { users } from '@/lib/accounts/schema';
import { auditLog } from '@/lib/audit/schema';
import { PAGE_SIZE, listUsers, updateUser } from '@/lib/accounts/admin';
import { findActiveUser } from '@/lib/accounts/users';
import { listDepartments, type DepartmentView } from '@/lib/accounts/departments';
import { DEMO_ACCOUNTS } from '@/lib/seed/demo';
import type { Actor, ActorUser } from '@/lib/auth/permissions';
import { appErrorOf } from './support/errors';
import { actorFor, insertUser, uniqueEmail, visitor } from './support/users';

let admin: Actor & { user: ActorUser };
let departmentsList: DepartmentView[];

async function userCount(): Promise<number> {
  const [row] = await db().select({ n: count() }).from(users);
  return row!.n;
}

async function auditOf(publicId: string) {
  return db()
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, 'account.update'), eq(auditLog.entityId, publicId)))
    .orderBy(auditLog.id);
}

beforeAll(async () => {
  admin = await actorFor('admin@example.com', '192.0.2.99');
  departmentsList = await listDepartments(db());
});

describe('permissions', () => {
  it.each(['citizen@example.com', 'handler@example.com', 'leader@example.com', 'moderator@example.com'])(
    '%s gets 403 from listUsers and updateUser',
    async (email) => {
      const actor = await actorFor(email);
      expect(await appErrorOf(listUsers(actor, {}))).toMatchObject({ code: 'forbidden', status: 403 });
      const target = await insertUser();
      expect(await appErrorOf(updateUser(actor, target, { status: 'disabled' }))).toMatchObject({ code: 'forbidden', status: 403 });
      expect(await findActiveUser(db(), target)).not.toBeNull();
    },
  );

  it('a visitor gets 401', async () => {
    expect(await appErrorOf(listUsers(visitor(), {}))).toMatchObject({ code: 'unauthenticated', status: 401 });
    expect(await appErrorOf(updateUser(visitor(), admin.user.publicId, { status: 'active' }))).toMatchObject({ status: 401 });
  });
});

describe('listUsers', () => {
  it('lists the demo accounts with their roles and departments', async () => {
    const result = await listUsers(admin, {});
    expect(result.page).toBe(1);
    expect(result.pageSize).toBe(PAGE_SIZE);
    expect(result.total).toBe(await userCount());
    for (const account of DEMO_ACCOUNTS) {
      const row = result.items.find((u) => u.email === account.email);
      expect(row, account.email).toMatchObject({ name: account.name, role: account.role, status: 'active' });
    }
    expect(result.items.find((u) => u.email === 'handler@example.com')?.department).toBe('文化市场管理处');
    expect(result.items.find((u) => u.email === 'leader@example.com')).toMatchObject({ department: '办公室', title: '副局长' });
    // Internal ids and password hashes are not part of the listing.
    for (const item of result.items) {
      expect(item).not.toHaveProperty('passwordHash');
      expect(item.id).toEqual(expect.any(String));
    }
  });

  it('pages through more accounts than fit on one page, newest first', async () => {
    const added: string[] = [];
    for (let i = 0; i < PAGE_SIZE + 3; i++) added.push(await insertUser({ name: `分页用户${i}` }));
    const total = await userCount();
    expect(total).toBeGreaterThan(PAGE_SIZE);

    const page1 = await listUsers(admin, { page: 1 });
    const page2 = await listUsers(admin, { page: '2' });
    expect(page1.total).toBe(total);
    expect(page2.total).toBe(total);
    expect(page1.items).toHaveLength(PAGE_SIZE);
    expect(page2.items).toHaveLength(Math.min(PAGE_SIZE, total - PAGE_SIZE));
    expect(page2.page).toBe(2);
    // Newest first: the last inserted account leads page 1; no account appears on both pages.
    expect(page1.items[0]!.id).toBe(added.at(-1));
    const ids1 = new Set(page1.items.map((u) => u.id));
    expect(page2.items.some((u) => ids1.has(u.id))).toBe(false);

    const beyond = await listUsers(admin, { page: 999 });
    expect(beyond.items).toEqual([]);
    expect(beyond.total).toBe(total);
  });

  it('filters by role and by a fragment of name or login', async () => {
    const byRole = await listUsers(admin, { role: 'leader' });
    expect(byRole.total).toBe(1);
    expect(byRole.items.map((u) => u.email)).toEqual(['leader@example.com']);

    const email = uniqueEmail('findme');
    await insertUser({ name: '欧阳查找', email });
    expect((await listUsers(admin, { q: '欧阳查' })).items.map((u) => u.email)).toEqual([email]);
    expect((await listUsers(admin, { q: email.slice(0, 12).toUpperCase() })).items.map((u) => u.email)).toEqual([email]);
  });

  it('treats % and _ in the search as plain characters', async () => {
    expect((await listUsers(admin, { q: '%' })).total).toBe(0);
    expect((await listUsers(admin, { q: '_' })).total).toBe(0);
  });

  it.each([
    [{ page: 0 }, 'page', '页码从 1 开始'],
    [{ page: 'abc' }, 'page', '页码必须是数字'],
    [{ role: 'root' }, 'role', '未知的角色'],
    [{ q: 'x'.repeat(51) }, 'q', '搜索词最多 50 个字符'],
  ])('rejects %j with 422', async (query, field, message) => {
    const error = await appErrorOf(listUsers(admin, query));
    expect(error).toMatchObject({ code: 'invalid_input', status: 422, fields: { [field]: message } });
  });
});

describe('updateUser', () => {
  it('disables an account; findActiveUser no longer returns it, and re-enabling restores it', async () => {
    const target = await insertUser({ name: '待停用' });
    expect(await findActiveUser(db(), target)).not.toBeNull();

    const row = await updateUser(admin, target, { status: 'disabled' });
    expect(row).toMatchObject({ id: target, status: 'disabled', role: 'citizen' });
    expect(await findActiveUser(db(), target)).toBeNull();

    await updateUser(admin, target, { status: 'active' });
    expect(await findActiveUser(db(), target)).toMatchObject({ publicId: target, role: 'citizen' });

    const audit = await auditOf(target);
    expect(audit).toHaveLength(2);
    expect(audit[0]).toMatchObject({
      actorId: admin.user.id,
      actorRole: 'admin',
      ip: '192.0.2.99',
      entityType: 'user',
      details: { before: { role: 'citizen', departmentId: null, status: 'active' }, change: { status: 'disabled' } },
    });
    expect(audit[1]!.details).toMatchObject({ before: { status: 'disabled' }, change: { status: 'active' } });
  });

  it('refuses to make a citizen a handler without a department (422), changing nothing', async () => {
    const target = await insertUser();
    const error = await appErrorOf(updateUser(admin, target, { role: 'handler' }));
    expect(error).toMatchObject({
      code: 'invalid_input',
      status: 422,
      message: '办理人员和领导必须属于一个部门',
      fields: { departmentId: '请选择部门' },
    });
    expect(await findActiveUser(db(), target)).toMatchObject({ role: 'citizen', departmentId: null });
    expect(await auditOf(target)).toHaveLength(0);
  });

  it('makes a citizen a handler of a department, and back to citizen without one', async () => {
    const target = await insertUser();
    const department = departmentsList.find((d) => d.name === '公共服务处')!;
    expect(department).toBeDefined();

    const row = await updateUser(admin, target, { role: 'handler', departmentId: department.id });
    expect(row).toMatchObject({ id: target, role: 'handler', department: '公共服务处' });
    // The next request sees the new role.
    expect(await findActiveUser(db(), target)).toMatchObject({ role: 'handler', departmentPublicId: department.id });

    const back = await updateUser(admin, target, { role: 'citizen' });
    expect(back).toMatchObject({ role: 'citizen', department: null });
    expect(await findActiveUser(db(), target)).toMatchObject({ role: 'citizen', departmentId: null, departmentPublicId: null });

    const audit = await auditOf(target);
    expect(audit).toHaveLength(2);
    expect(audit[0]!.details).toMatchObject({ before: { role: 'citizen' }, change: { role: 'handler', departmentId: department.id } });
    expect(audit[1]!.details).toMatchObject({ before: { role: 'handler' }, change: { role: 'citizen' } });
  });

  it('refuses an unknown department with 422', async () => {
    const target = await insertUser();
    const error = await appErrorOf(updateUser(admin, target, { role: 'leader', departmentId: 'no-such-department' }));
    expect(error).toMatchObject({ code: 'invalid_input', status: 422, fields: { departmentId: '没有这个部门' } });
  });

  it('answers 404 for an unknown user', async () => {
    const error = await appErrorOf(updateUser(admin, '00000000-0000-4000-8000-000000000000', { status: 'disabled' }));
    expect(error).toMatchObject({ code: 'not_found', status: 404, message: '没有这个用户' });
  });

  it.each([
    [{ role: 'root' }, 'role', '未知的角色'],
    [{ status: 'deleted' }, 'status', '状态只能是 active 或 disabled'],
  ])('rejects %j with 422', async (change, field, message) => {
    const target = await insertUser();
    const error = await appErrorOf(updateUser(admin, target, change));
    expect(error).toMatchObject({ code: 'invalid_input', status: 422, fields: { [field]: message } });
  });

  it('rejects unknown fields (such as a password hash) with 422', async () => {
    const target = await insertUser();
    const error = await appErrorOf(updateUser(admin, target, { passwordHash: 'x', status: 'active' }));
    expect(error).toMatchObject({ code: 'invalid_input', status: 422 });
  });

  it('does not let an admin disable themself or change their own role (409)', async () => {
    for (const change of [{ status: 'disabled' }, { role: 'citizen' }]) {
      const error = await appErrorOf(updateUser(admin, admin.user.publicId, change));
      expect(error, JSON.stringify(change)).toMatchObject({ code: 'conflict', status: 409, message: '不能修改自己的角色或停用自己的账号' });
    }
    expect(await findActiveUser(db(), admin.user.publicId)).toMatchObject({ role: 'admin' });
    expect(await auditOf(admin.user.publicId)).toHaveLength(0);
  });

  it('a disabled admin loses access on the next request', async () => {
    const secondAdmin = await insertUser({ role: 'admin' });
    const actor = { user: (await findActiveUser(db(), secondAdmin))!, ip: '192.0.2.98' };
    expect((await listUsers(actor, {})).total).toBeGreaterThan(0);
    await updateUser(admin, secondAdmin, { status: 'disabled' });
    // The next request builds its actor afresh, as lib/auth/token.ts does.
    expect(await findActiveUser(db(), secondAdmin)).toBeNull();
  });
});
