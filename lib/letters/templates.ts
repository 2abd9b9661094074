import { and, asc, count, eq, isNull, or } from 'drizzle-orm';
import { z } from 'zod';
import { departments } from '../accounts/schema';
import { recordAudit } from '../audit';
import { assertCan, type Actor } from '../auth/permissions';
import { db as defaultDb, type Db, type Tx } from '../db';
import { AppError, forbidden, notFound, parseInput } from '../errors';
import { replyTemplates } from './schema';
import { text } from '../cases/validation';

export interface ReplyTemplate {
  id: number;
  title: string;
  body: string;
}

/** Templates a department's reply editor offers: its own and the bureau-wide ones (no department). */
export async function listReplyTemplates(db: Db | Tx, departmentId: number | null): Promise<ReplyTemplate[]> {
  return db
    .select({ id: replyTemplates.id, title: replyTemplates.title, body: replyTemplates.body })
    .from(replyTemplates)
    .where(departmentId === null ? isNull(replyTemplates.departmentId) : or(isNull(replyTemplates.departmentId), eq(replyTemplates.departmentId, departmentId)))
    .orderBy(asc(replyTemplates.id));
}

// ───────────── Editing (letters.templates): a department's staff their own; moderators every department's ─────────────

export const MAX_TEMPLATES_PER_DEPARTMENT = 50;

export interface ManagedTemplate extends ReplyTemplate {
  /** Department public id; null for a bureau-wide template. */
  departmentId: string | null;
  department: string | null;
}

export const templateInput = z.object({
  title: text('标题', 2, 50),
  body: text('正文', 10, 5000),
  /** Department public id (moderators choose; staff always get their own); '' or null = bureau-wide (moderators). */
  departmentId: z.string({ error: '请选择部门' }).max(64).nullable().optional(),
});

/** The department public id → internal id this actor may edit templates of (null = bureau-wide). */
async function editableDepartment(tx: Db | Tx, actor: Actor & { user: NonNullable<Actor['user']> }, requested: string | null | undefined): Promise<number | null> {
  if (actor.user.role !== 'moderator') {
    if (actor.user.departmentId === null) throw forbidden();
    if (requested && requested !== actor.user.departmentPublicId) throw forbidden('只能编辑本部门的答复模板');
    return actor.user.departmentId;
  }
  if (!requested) return null;
  const [dept] = z.string().uuid().safeParse(requested).success
    ? await tx.select({ id: departments.id }).from(departments).where(and(eq(departments.publicId, requested), eq(departments.active, true)))
    : [];
  if (!dept) throw new AppError('invalid_input', '没有这个部门', { departmentId: '没有这个部门' });
  return dept.id;
}

function mayEdit(actor: Actor & { user: NonNullable<Actor['user']> }, departmentId: number | null): boolean {
  return actor.user.role === 'moderator' || (departmentId !== null && departmentId === actor.user.departmentId);
}

/** The templates this actor edits: staff their department's; moderators all (bureau-wide first). */
export async function listManagedTemplates(actor: Actor, database: Db = defaultDb()): Promise<ManagedTemplate[]> {
  assertCan(actor, 'letters.templates');
  const rows = await database
    .select({ id: replyTemplates.id, title: replyTemplates.title, body: replyTemplates.body, departmentId: departments.publicId, department: departments.name, deptKey: replyTemplates.departmentId })
    .from(replyTemplates)
    .leftJoin(departments, eq(replyTemplates.departmentId, departments.id))
    .where(actor.user.role === 'moderator' ? undefined : eq(replyTemplates.departmentId, actor.user.departmentId ?? -1))
    .orderBy(asc(departments.sortOrder), asc(replyTemplates.id));
  return rows.map(({ deptKey: _deptKey, ...r }) => r);
}

export async function createTemplate(actor: Actor, input: unknown, database: Db = defaultDb()): Promise<{ id: number }> {
  assertCan(actor, 'letters.templates');
  const data = parseInput(templateInput, input);
  return database.transaction(async (tx) => {
    const departmentId = await editableDepartment(tx, actor, data.departmentId);
    const [n] = await tx.select({ n: count() }).from(replyTemplates).where(departmentId === null ? isNull(replyTemplates.departmentId) : eq(replyTemplates.departmentId, departmentId));
    if ((n?.n ?? 0) >= MAX_TEMPLATES_PER_DEPARTMENT) throw new AppError('conflict', `每个部门最多 ${MAX_TEMPLATES_PER_DEPARTMENT} 个答复模板`);
    const [row] = await tx.insert(replyTemplates).values({ departmentId, title: data.title, body: data.body }).returning({ id: replyTemplates.id });
    await recordAudit(tx, actor, { action: 'reply_template.create', entityType: 'reply_template', entityId: row!.id, details: { departmentId, title: data.title } });
    return { id: row!.id };
  });
}

async function lockTemplate(tx: Tx, actor: Actor & { user: NonNullable<Actor['user']> }, id: number) {
  const [row] = Number.isSafeInteger(id) && id > 0 ? await tx.select().from(replyTemplates).where(eq(replyTemplates.id, id)).for('update') : [];
  // Another department's template is as good as absent for this actor.
  if (!row || !mayEdit(actor, row.departmentId)) throw notFound('没有这个答复模板');
  return row;
}

/** Title and body (the department stays). Nothing changed → {changed: false}, no audit row. */
export async function updateTemplate(actor: Actor, id: number, input: unknown, database: Db = defaultDb()): Promise<{ changed: boolean }> {
  assertCan(actor, 'letters.templates');
  const data = parseInput(templateInput.pick({ title: true, body: true }), input);
  return database.transaction(async (tx) => {
    const row = await lockTemplate(tx, actor, id);
    if (row.title === data.title && row.body === data.body) return { changed: false };
    await tx.update(replyTemplates).set({ title: data.title, body: data.body }).where(eq(replyTemplates.id, id));
    await recordAudit(tx, actor, { action: 'reply_template.update', entityType: 'reply_template', entityId: id, details: { from: { title: row.title }, to: { title: data.title } } });
    return { changed: true };
  });
}

export async function deleteTemplate(actor: Actor, id: number, database: Db = defaultDb()): Promise<void> {
  assertCan(actor, 'letters.templates');
  await database.transaction(async (tx) => {
    const row = await lockTemplate(tx, actor, id);
    await tx.delete(replyTemplates).where(eq(replyTemplates.id, id));
    await recordAudit(tx, actor, { action: 'reply_template.delete', entityType: 'reply_template', entityId: id, details: { title: row.title, body: row.body, departmentId: row.departmentId } });
  });
}
