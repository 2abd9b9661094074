import { and, count, desc, eq, ilike, inArray, ne, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { db, type Tx } from '../db';
import { AppError, notFound, parseInput } from '../errors';
import { recordAudit } from '../audit';
import { assertCan, type Actor } from '../auth/permissions';
import { accountChanged } from '../realtime/io';
import { ROLES, departments, users } from './schema';
import { staffTitle } from './invitations';
import { issueResetLink } from './password-reset';

export const PAGE_SIZE = 20;

export const userListQuery = z.object({
  page: z.coerce.number({ error: '页码必须是数字' }).int().min(1, { error: '页码从 1 开始' }).max(10_000).default(1),
  role: z.enum(ROLES, { error: '未知的角色' }).optional(),
  q: z.string().trim().max(50, { error: '搜索词最多 50 个字符' }).optional(),
  /** citizens (市民) or staff (every other role): the admin page shows them apart. */
  kind: z.enum(['staff', 'citizen'], { error: '类别只能是 staff 或 citizen' }).optional(),
  departmentId: z.string().max(64).optional(),
  status: z.enum(['active', 'disabled'], { error: '状态只能是 active 或 disabled' }).optional(),
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
  bio: string | null;
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
      bio: users.bio,
      status: users.status,
      createdAt: users.createdAt,
    })
    .from(users)
    .leftJoin(departments, eq(users.departmentId, departments.id));

/** Admins' list of accounts, newest first, filtered by role, kind (staff/citizen), department, status or a name/login fragment. */
export async function listUsers(actor: Actor, input: unknown): Promise<{ items: UserRow[]; total: number; page: number; pageSize: number }> {
  assertCan(actor, 'admin.users');
  const { page, role, q, kind, departmentId, status } = parseInput(userListQuery, input);
  const filters: SQL[] = [];
  if (role) filters.push(eq(users.role, role));
  if (kind === 'citizen') filters.push(eq(users.role, 'citizen'));
  if (kind === 'staff') filters.push(ne(users.role, 'citizen'));
  if (status) filters.push(eq(users.status, status));
  if (departmentId) filters.push(inArray(users.departmentId, db().select({ id: departments.id }).from(departments).where(eq(departments.publicId, departmentId))));
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
    /** Official title shown for leaders in interviews (副局长); '' or null clears it. */
    title: staffTitle.nullable().optional(),
    /** A short biography shown with the title in interviews. */
    bio: z
      .string({ error: '简介须为文字' })
      .max(2000, { error: '简介最多 500 个字符' })
      .transform((v) => v.normalize('NFC').trim())
      .refine((v) => [...v].length <= 500, { error: '简介最多 500 个字符' })
      .nullable()
      .optional(),
  })
  .strict();

const LAST_ADMIN = '不能停用或降级最后一位系统管理员：请先任命另一位系统管理员';

/** Inside a change's transaction: at least one active admin must remain, or the change is undone with a 409. */
async function assertAnAdminRemains(tx: Tx): Promise<void> {
  const [row] = await tx.select({ n: count() }).from(users).where(and(eq(users.role, 'admin'), eq(users.status, 'active')));
  if ((row?.n ?? 0) < 1) throw new AppError('conflict', LAST_ADMIN);
}

/**
 * Changes an account's role, department or status. Disabling and role or department changes end the account's
 * sessions (a raised session version, lib/accounts/sessions.ts): its next HTTP request is a visitor's, and through
 * accountChanged its live Socket.IO connections in every app process are closed and re-handshake as visitors.
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
        const [dept] = await tx.select({ id: departments.id, active: departments.active }).from(departments).where(eq(departments.publicId, change.departmentId));
        if (!dept) throw new AppError('invalid_input', '没有这个部门', { departmentId: '没有这个部门' });
        // Nobody is placed in a deactivated department (its work moved elsewhere); staying in one is not a change.
        if (!dept.active && dept.id !== current.departmentId) throw new AppError('invalid_input', '该部门已停用', { departmentId: '该部门已停用，请选择在用的部门' });
        departmentId = dept.id;
      }
    }
    const role = change.role ?? current.role;
    const staffOfDepartment = role === 'handler' || role === 'leader';
    if (staffOfDepartment && departmentId === null) {
      throw new AppError('invalid_input', '办理人员和领导必须属于一个部门', { departmentId: '请选择部门' });
    }
    if (!staffOfDepartment) departmentId = null;
    const status = change.status ?? current.status;
    const title = change.title === undefined ? current.title : change.title || null;
    const bio = change.bio === undefined ? current.bio : change.bio || null;
    // Disabling or a change of role or department ends the account's sessions: it signs in again as what it is now.
    const revoke = role !== current.role || departmentId !== current.departmentId || (status === 'disabled' && current.status !== 'disabled');
    await tx
      .update(users)
      .set({ role, departmentId, status, title, bio, updatedAt: new Date(), ...(revoke ? { sessionVersion: sql`${users.sessionVersion} + 1` } : {}) })
      .where(eq(users.id, current.id));
    if (current.role === 'admin' && current.status === 'active' && (role !== 'admin' || status !== 'active')) await assertAnAdminRemains(tx);
    await recordAudit(tx, actor, {
      action: 'account.update',
      entityType: 'user',
      entityId: publicId,
      details: { before: { role: current.role, departmentId: current.departmentId, status: current.status, title: current.title }, change },
    });
  });
  // After commit, so the reconnecting sockets read the new account.
  await accountChanged(publicId);
  const [row] = await selectUserRows().where(eq(users.publicId, publicId));
  return row!;
}

/**
 * 强制重置密码 (POST /api/v1/admin/users/{id}/password-reset): the account's password stops working, every session
 * ends (session version), and a reset link good for 72 hours is e-mailed to it. Not for one's own account (the
 * account page changes it) nor for an account without an e-mail address.
 */
export async function forcePasswordReset(actor: Actor, publicId: string, now = new Date()): Promise<UserRow> {
  assertCan(actor, 'admin.users');
  if (publicId === actor.user.publicId) throw new AppError('conflict', '不能强制重置自己的密码，请在“账号设置”中修改密码');
  await db().transaction(async (tx) => {
    const [current] = await tx.select().from(users).where(eq(users.publicId, String(publicId).slice(0, 64))).for('update');
    if (!current) throw notFound('没有这个用户');
    if (current.status !== 'active') throw new AppError('conflict', '该账号已停用，请先启用再重置密码');
    if (!current.email) throw new AppError('conflict', '该账号没有邮箱，无法发送重置链接；请先为其设置邮箱');
    // Not an argon2 string: no password matches it until the person sets one through the link.
    await tx
      .update(users)
      .set({ passwordHash: `!reset-required:${now.toISOString()}`, updatedAt: now, sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(eq(users.id, current.id));
    await issueResetLink(tx, { id: current.id, name: current.name, email: current.email }, 'admin', now);
    await recordAudit(tx, actor, { action: 'account.password_reset_forced', entityType: 'user', entityId: current.publicId });
  });
  await accountChanged(publicId);
  const [row] = await selectUserRows().where(eq(users.publicId, publicId));
  return row!;
}
