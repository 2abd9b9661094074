import { and, count, desc, eq, ilike, or, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '../db';
import { AppError, notFound, parseInput } from '../errors';
import { recordAudit } from '../audit';
import { assertCan, type Actor } from '../auth/permissions';
import { accountChanged } from '../realtime/server';
import { ROLES, departments, users } from './schema';

export const PAGE_SIZE = 20;

export const userListQuery = z.object({
  page: z.coerce.number({ error: '页码必须是数字' }).int().min(1, { error: '页码从 1 开始' }).max(10_000).default(1),
  role: z.enum(ROLES, { error: '未知的角色' }).optional(),
  q: z.string().trim().max(50, { error: '搜索词最多 50 个字符' }).optional(),
});

export interface UserRow {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  role: (typeof ROLES)[number];
  departmentId: string | null;
  department: string | null;
  title: string | null;
  status: 'active' | 'disabled';
  createdAt: Date;
}

const selectUserRows = () =>
  db()
    .select({
      id: users.publicId,
      name: users.name,
      email: users.email,
      phone: users.phone,
      role: users.role,
      departmentId: departments.publicId,
      department: departments.name,
      title: users.title,
      status: users.status,
      createdAt: users.createdAt,
    })
    .from(users)
    .leftJoin(departments, eq(users.departmentId, departments.id));

/** Admins' list of accounts, newest first, filtered by role or a name/login fragment. */
export async function listUsers(actor: Actor, input: unknown): Promise<{ items: UserRow[]; total: number; page: number; pageSize: number }> {
  assertCan(actor, 'admin.users');
  const { page, role, q } = parseInput(userListQuery, input);
  const filters: SQL[] = [];
  if (role) filters.push(eq(users.role, role));
  if (q) {
    const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    filters.push(or(ilike(users.name, pattern), ilike(users.email, pattern), ilike(users.phone, pattern))!);
  }
  const where = filters.length ? and(...filters) : undefined;
  const [items, [totalRow]] = await Promise.all([
    selectUserRows()
      .where(where)
      .orderBy(desc(users.id))
      .limit(PAGE_SIZE)
      .offset((page - 1) * PAGE_SIZE),
    db().select({ total: count() }).from(users).where(where),
  ]);
  return { items, total: totalRow?.total ?? 0, page, pageSize: PAGE_SIZE };
}

export const userUpdateInput = z
  .object({
    role: z.enum(ROLES, { error: '未知的角色' }).optional(),
    departmentId: z.string().max(64).nullable().optional(),
    status: z.enum(['active', 'disabled'], { error: '状态只能是 active 或 disabled' }).optional(),
  })
  .strict();

/**
 * Changes an account's role, department or status. Takes effect on the user's next HTTP request (every request
 * re-reads the account: lib/auth/token.ts) and, through accountChanged, on their live Socket.IO connections in every
 * app process, which are closed and re-handshake as whatever the account now is.
 */
export async function updateUser(actor: Actor, publicId: string, input: unknown): Promise<UserRow> {
  assertCan(actor, 'admin.users');
  const change = parseInput(userUpdateInput, input);
  if (publicId === actor.user.publicId && (change.role || change.status === 'disabled')) {
    throw new AppError('conflict', '不能修改自己的角色或停用自己的账号');
  }
  await db().transaction(async (tx) => {
    const [current] = await tx.select().from(users).where(eq(users.publicId, publicId)).for('update');
    if (!current) throw notFound('没有这个用户');
    let departmentId = current.departmentId;
    if (change.departmentId !== undefined) {
      if (change.departmentId === null) departmentId = null;
      else {
        const [dept] = await tx.select({ id: departments.id }).from(departments).where(eq(departments.publicId, change.departmentId));
        if (!dept) throw new AppError('invalid_input', '没有这个部门', { departmentId: '没有这个部门' });
        departmentId = dept.id;
      }
    }
    const role = change.role ?? current.role;
    const staffOfDepartment = role === 'handler' || role === 'leader';
    if (staffOfDepartment && departmentId === null) {
      throw new AppError('invalid_input', '办理人员和领导必须属于一个部门', { departmentId: '请选择部门' });
    }
    if (!staffOfDepartment) departmentId = null;
    await tx
      .update(users)
      .set({ role, departmentId, status: change.status ?? current.status, updatedAt: new Date() })
      .where(eq(users.id, current.id));
    await recordAudit(tx, actor, {
      action: 'account.update',
      entityType: 'user',
      entityId: publicId,
      details: { before: { role: current.role, departmentId: current.departmentId, status: current.status }, change },
    });
  });
  // After commit, so the reconnecting sockets read the new account.
  await accountChanged(publicId);
  const [row] = await selectUserRows().where(eq(users.publicId, publicId));
  return row!;
}
