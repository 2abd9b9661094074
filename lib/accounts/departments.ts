import { randomUUID } from 'node:crypto';
import { and, asc, count, eq, inArray, isNull, ne, notInArray, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { recordAudit } from '../audit';
import { assertCan, type Actor } from '../auth/permissions';
import { db as defaultDb, type Db, type Tx } from '../db';
import { AppError, notFound, parseInput } from '../errors';
import { letterEvents, letterMessages, letters } from '../letters/schema';
import { staffOfDepartment } from '../letters/staff';
import { LETTER_OPEN_STATUSES } from '../letters/transitions';
import { notifyUsers, pingUsers } from '../notifications';
import { accountChanged } from '../realtime/io';
import { cleanText } from '../cases/validation';
import { departments, organisation, users } from './schema';

export interface DepartmentView {
  id: string;
  name: string;
  nameEn: string;
  duties: string;
  phone: string;
}

export async function listDepartments(db: Db | Tx): Promise<DepartmentView[]> {
  return db
    .select({ id: departments.publicId, name: departments.name, nameEn: departments.nameEn, duties: departments.duties, phone: departments.phone })
    .from(departments)
    .where(eq(departments.active, true))
    .orderBy(asc(departments.sortOrder), asc(departments.id));
}

export type OrganisationView = typeof organisation.$inferSelect;

/** The bureau's name and contact block; null until an installation has configured (or seeded) it. */
export async function getOrganisation(db: Db | Tx): Promise<OrganisationView | null> {
  const [row] = await db.select().from(organisation).limit(1);
  return row ?? null;
}

export async function departmentById(db: Db | Tx, id: number): Promise<DepartmentView | null> {
  const [row] = await db
    .select({ id: departments.publicId, name: departments.name, nameEn: departments.nameEn, duties: departments.duties, phone: departments.phone })
    .from(departments)
    .where(eq(departments.id, id));
  return row ?? null;
}

// ───────────────────────── Administration (admin.departments) ─────────────────────────

export interface DepartmentAdminView extends DepartmentView {
  sortOrder: number;
  active: boolean;
  /** Open letters it works or (awaiting routing) was chosen for. */
  openLetters: number;
  staff: number;
}

const deptName = (label: string) =>
  z
    .string({ error: `请填写${label}` })
    .transform((v) => cleanText(v).replace(/\s+/g, ' '))
    .refine((v) => [...v].length >= 2, { error: `${label}至少 2 个字` })
    .refine((v) => [...v].length <= 50, { error: `${label}最多 50 个字` })
    .refine((v) => !/[<>]/.test(v), { error: `${label}不能包含尖括号` });

const departmentFields = {
  name: deptName('部门名称'),
  nameEn: z.string({ error: '英文名称应为文字' }).trim().max(100, { error: '英文名称最多 100 个字符' })
    .refine((v) => /^[\x20-\x7e]*$/.test(v), { error: '英文名称只能包含英文字母、数字和标点' }),
  description: z.string({ error: '职责说明应为文字' }).max(2000, { error: '职责说明最多 500 个字' }).transform(cleanText)
    .refine((v) => [...v].length <= 500, { error: '职责说明最多 500 个字' }),
  phone: z.string({ error: '电话应为文字' }).trim().regex(/^([0-9+\-() ]{5,30})?$/, { error: '电话号码格式不正确' }),
  sortOrder: z.number({ error: '排序应为整数' }).int({ error: '排序应为整数' }).min(0, { error: '排序不能小于 0' }).max(10_000, { error: '排序不能大于 10000' }),
};

/** Unknown keys are refused (a typo must not pass as "nothing to change"). */
export const UNKNOWN_KEYS = { error: (issue: { code?: string }) => (issue.code === 'unrecognized_keys' ? '包含未知的字段' : undefined) };

export const departmentCreateInput = z.strictObject({
  name: departmentFields.name,
  nameEn: departmentFields.nameEn.optional(),
  description: departmentFields.description.optional(),
  phone: departmentFields.phone.optional(),
  sortOrder: departmentFields.sortOrder.optional(),
}, UNKNOWN_KEYS);

export const departmentUpdateInput = z.strictObject({
    name: departmentFields.name.optional(),
    nameEn: departmentFields.nameEn.optional(),
    description: departmentFields.description.optional(),
    phone: departmentFields.phone.optional(),
    sortOrder: departmentFields.sortOrder.optional(),
    active: z.boolean({ error: 'active 应为 true 或 false' }).optional(),
    /** With active: false — the department (public id) that takes over the open letters in the same step. */
    moveOpenTo: z.string({ error: '请选择接收部门' }).uuid({ error: '没有这个部门' }).optional(),
  }, UNKNOWN_KEYS);

async function openLetterCount(database: Db | Tx, departmentId: number): Promise<number> {
  const [row] = await database
    .select({ n: count() })
    .from(letters)
    .where(and(
      inArray(letters.status, [...LETTER_OPEN_STATUSES]),
      or(eq(letters.departmentId, departmentId), and(isNull(letters.departmentId), eq(letters.requestedDepartmentId, departmentId))),
    ));
  return row?.n ?? 0;
}

/** Every department, active or not, with its open letters and staff (the admin page). */
export async function listDepartmentsForAdmin(actor: Actor, database: Db = defaultDb()): Promise<DepartmentAdminView[]> {
  assertCan(actor, 'admin.departments');
  const rows = await database.select().from(departments).orderBy(asc(departments.sortOrder), asc(departments.id));
  const open = await database
    .select({ id: sql<number>`coalesce(${letters.departmentId}, ${letters.requestedDepartmentId})`.mapWith(Number), n: count() })
    .from(letters)
    .where(inArray(letters.status, [...LETTER_OPEN_STATUSES]))
    .groupBy(sql`1`);
  const staff = await database.select({ id: users.departmentId, n: count() }).from(users).where(eq(users.status, 'active')).groupBy(users.departmentId);
  const openBy = new Map(open.map((r) => [r.id, r.n]));
  const staffBy = new Map(staff.map((r) => [r.id, r.n]));
  return rows.map((d) => ({
    id: d.publicId, name: d.name, nameEn: d.nameEn, duties: d.duties, phone: d.phone, sortOrder: d.sortOrder, active: d.active,
    openLetters: openBy.get(d.id) ?? 0, staff: staffBy.get(d.id) ?? 0,
  }));
}

async function assertNameFree(tx: Tx, name: string, exceptId?: number): Promise<void> {
  const [clash] = await tx
    .select({ id: departments.id })
    .from(departments)
    .where(and(sql`lower(${departments.name}) = lower(${name})`, exceptId === undefined ? undefined : ne(departments.id, exceptId)));
  if (clash) throw new AppError('conflict', `已有名为“${name}”的部门（含已停用的部门）`, { name: '部门名称重复' });
}

export async function createDepartment(actor: Actor, input: unknown, database: Db = defaultDb()): Promise<{ id: string }> {
  assertCan(actor, 'admin.departments');
  const data = parseInput(departmentCreateInput, input);
  return database.transaction(async (tx) => {
    // One department write at a time: the duplicate-name check and the next sort order stay true until commit.
    await tx.execute(sql`select pg_advisory_xact_lock(${DEPARTMENT_LOCK_ID})`);
    await assertNameFree(tx, data.name);
    const [last] = await tx.select({ max: sql<number | null>`max(${departments.sortOrder})` }).from(departments);
    const publicId = randomUUID();
    const [row] = await tx
      .insert(departments)
      .values({
        publicId,
        code: `d-${publicId.slice(0, 8)}`,
        name: data.name,
        nameEn: data.nameEn ?? '',
        duties: data.description ?? '',
        phone: data.phone ?? '',
        sortOrder: data.sortOrder ?? Number(last?.max ?? 0) + 1,
      })
      .returning({ id: departments.id });
    await recordAudit(tx, actor, { action: 'department.create', entityType: 'department', entityId: publicId, details: { ...data, internalId: row!.id } });
    return { id: publicId };
  });
}

const DEPARTMENT_LOCK_ID = 727_274_014;

export interface DepartmentUpdate {
  changed: boolean;
  department: DepartmentAdminView;
  /** Open letters moved to another department with a deactivation. */
  moved: number;
}

/**
 * PATCH a department: rename (finished letters keep the old name), describe, phone, order, deactivate or
 * reactivate. A department with open letters or active handlers and leaders is deactivated only with `moveOpenTo`,
 * which moves the letters (with a timeline event each) and the staff (their sessions ended) in the same transaction;
 * otherwise 409 and nothing changes.
 */
export async function updateDepartment(actor: Actor, publicId: string, input: unknown, database: Db = defaultDb()): Promise<DepartmentUpdate> {
  assertCan(actor, 'admin.departments');
  const data = parseInput(departmentUpdateInput, input);
  if (data.moveOpenTo !== undefined && data.active !== false) {
    throw new AppError('invalid_input', '只有停用部门时才能转移未办结事项', { moveOpenTo: '只有停用部门时才能选择接收部门' });
  }
  const result = await database.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${DEPARTMENT_LOCK_ID})`);
    const [dept] = z.string().uuid().safeParse(publicId).success
      ? await tx.select().from(departments).where(eq(departments.publicId, publicId)).for('update')
      : [];
    if (!dept) throw notFound('没有这个部门');
    const changes: Partial<typeof departments.$inferInsert> = {};
    if (data.name !== undefined && data.name !== dept.name) {
      await assertNameFree(tx, data.name, dept.id);
      changes.name = data.name;
    }
    if (data.nameEn !== undefined && data.nameEn !== dept.nameEn) changes.nameEn = data.nameEn;
    if (data.description !== undefined && data.description !== dept.duties) changes.duties = data.description;
    if (data.phone !== undefined && data.phone !== dept.phone) changes.phone = data.phone;
    if (data.sortOrder !== undefined && data.sortOrder !== dept.sortOrder) changes.sortOrder = data.sortOrder;
    if (data.active !== undefined && data.active !== dept.active) changes.active = data.active;

    let moved = 0;
    let ping: string[] = [];
    let movedStaff: string[] = [];
    let target: { id: number; name: string; nameEn: string; publicId: string } | undefined;
    if (changes.active === false) {
      const open = await openLetterCount(tx, dept.id);
      // Its handlers and leaders would keep a department nobody works in: they move with its letters, or it stays.
      const staff = await tx.select({ id: users.id, publicId: users.publicId }).from(users)
        .where(and(eq(users.departmentId, dept.id), eq(users.status, 'active'), inArray(users.role, ['handler', 'leader'])))
        .orderBy(asc(users.id))
        .for('update');
      if ((open > 0 || staff.length > 0) && !data.moveOpenTo) {
        const what = [open > 0 ? `${open} 件未办结的来信` : '', staff.length > 0 ? `${staff.length} 名在岗工作人员` : ''].filter(Boolean).join('和');
        throw new AppError('conflict', `该部门还有${what}，请选择接收部门在停用时一并转入（或先办结来信、调整工作人员的部门）`, { moveOpenTo: `还有${what}，请选择接收部门` });
      }
      if (data.moveOpenTo) {
        [target] = await tx
          .select({ id: departments.id, name: departments.name, nameEn: departments.nameEn, publicId: departments.publicId })
          .from(departments)
          .where(and(eq(departments.publicId, data.moveOpenTo), eq(departments.active, true)));
        if (!target || target.id === dept.id) throw new AppError('invalid_input', '接收部门应为另一个在用的部门', { moveOpenTo: '请选择另一个在用的部门' });
        ({ moved, ping } = await moveOpenLetters(tx, actor, dept, target));
        if (staff.length) {
          // A new department ends their sessions, as an admin's change of department does (lib/accounts/admin.ts).
          await tx.update(users).set({ departmentId: target.id, updatedAt: new Date(), sessionVersion: sql`${users.sessionVersion} + 1` })
            .where(inArray(users.id, staff.map((s) => s.id)));
          movedStaff = staff.map((s) => s.publicId);
        }
      }
    }
    if (Object.keys(changes).length === 0) return { changed: false, moved: 0, id: dept.id, ping, movedStaff };

    if (changes.name) {
      // History: finished letters and every message written so far keep the name they were handled under.
      await tx.update(letters).set({ departmentName: dept.name })
        .where(and(eq(letters.departmentId, dept.id), isNull(letters.departmentName), notInArray(letters.status, [...LETTER_OPEN_STATUSES])));
      await tx.update(letterMessages).set({ departmentName: dept.name })
        .where(and(eq(letterMessages.departmentId, dept.id), isNull(letterMessages.departmentName)));
    }
    await tx.update(departments).set(changes).where(eq(departments.id, dept.id));
    const from = Object.fromEntries(Object.keys(changes).map((k) => [k, dept[k as keyof typeof dept]]));
    await recordAudit(tx, actor, {
      action: changes.active === false ? 'department.deactivate' : changes.active === true ? 'department.reactivate' : 'department.update',
      entityType: 'department',
      entityId: dept.publicId,
      details: { from, to: changes, ...(target ? { movedTo: target.publicId, moved, movedStaff } : {}) },
    });
    return { changed: true, moved, id: dept.id, ping, movedStaff };
  });
  pingUsers(result.ping);
  // After commit, so their reconnecting sockets read the new department.
  for (const publicId of result.movedStaff ?? []) await accountChanged(publicId);
  const [view] = (await listDepartmentsForAdmin(actor, database)).filter((d) => d.id === publicId);
  return { changed: result.changed, moved: result.moved, department: view! };
}

/** Moves a department's open letters to `target`, each with a 'transferred' timeline event and a new version. */
async function moveOpenLetters(tx: Tx, actor: Actor, from: { id: number; name: string; nameEn: string }, target: { id: number; name: string; nameEn: string }): Promise<{ moved: number; ping: string[] }> {
  const open = await tx
    .select({ id: letters.id, departmentId: letters.departmentId, trackingNo: letters.trackingNo, writerId: letters.writerId })
    .from(letters)
    .where(and(
      inArray(letters.status, [...LETTER_OPEN_STATUSES]),
      or(eq(letters.departmentId, from.id), and(isNull(letters.departmentId), eq(letters.requestedDepartmentId, from.id))),
    ))
    .for('update');
  const ping: string[] = [];
  for (const letter of open) {
    if (letter.departmentId === from.id) {
      ping.push(...await notifyUsers(tx, [letter.writerId], {
        kind: 'letter.transferred', title: `您的来信 ${letter.trackingNo} 已转由${target.name}办理`, link: `/letters/${letter.trackingNo}`,
        message: { key: 'letterTransferred', values: { trackingNo: letter.trackingNo, department: target.name, departmentEn: target.nameEn || target.name } },
      }));
      await tx.update(letters).set({ departmentId: target.id, version: sql`${letters.version} + 1` }).where(eq(letters.id, letter.id));
      await tx.insert(letterEvents).values({
        letterId: letter.id, type: 'transferred', actorId: actor.user?.id ?? null, actorRole: actor.user?.role ?? 'system', public: true,
        data: { from: from.name, to: target.name, reason: '原承办部门停用' },
      });
    } else {
      // Awaiting routing: the writer's choice points at the department that takes over.
      await tx.update(letters).set({ requestedDepartmentId: target.id, version: sql`${letters.version} + 1` }).where(eq(letters.id, letter.id));
    }
  }
  if (open.length) {
    ping.push(...await notifyUsers(tx, await staffOfDepartment(tx, target.id), {
      kind: 'letter.assigned', title: `${open.length} 件未办结来信由已停用的${from.name}转入本部门`, link: '/workspace/handler',
      message: { key: 'lettersFromDeactivated', values: { count: open.length, department: from.name, departmentEn: from.nameEn || from.name }, user: ['department', 'departmentEn'] },
    }));
  }
  return { moved: open.length, ping };
}
