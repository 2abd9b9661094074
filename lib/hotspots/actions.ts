import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { departments, users } from '../accounts/schema';
import { recordAudit } from '../audit';
import { actsAsModerator, assertCan, can, type Actor, type ActorUser } from '../auth/permissions';
import { chinaDate } from '../calendar/workdays';
import { db, rowsOf, type Db, type Tx } from '../db';
import { AppError, conflict, forbidden, notFound, parseInput } from '../errors';
import { letters } from '../letters/schema';
import { hotspotLetterIds } from './index';
import { actionLetters, actionMilestones, hotspotActions, type HotspotKind } from './schema';
import { actionInput, actionUpdate, milestoneAction } from './validation';

/**
 * 每月一题 actions (issue 17 item 6). Moderators and admins create one (usually adopting a hotspot of
 * lib/hotspots/index.ts: its letters of that week are linked) and edit it; the owner — the staff of the owning
 * department, or the staff member named — marks milestones done (moderators and admins may too). Every change runs
 * in one transaction with an audit row. Public reads (listPublicActions, publicAction) carry no letter text and
 * nothing of a writer: the number of linked letters, and links to the archive entries of those already published.
 */

export const actionPath = (publicId: string) => `/actions/${publicId}`;

async function ownerIds(tx: Tx, v: { ownerDepartmentId?: string | null; ownerUserId?: string | null }) {
  if (v.ownerDepartmentId) {
    const [d] = await tx.select({ id: departments.id }).from(departments).where(and(eq(departments.publicId, v.ownerDepartmentId), eq(departments.active, true)));
    if (!d) throw new AppError('invalid_input', '没有这个部门', { ownerDepartmentId: '没有这个部门' });
    return { ownerDepartmentId: d.id, ownerUserId: null };
  }
  const [u] = await tx.select({ id: users.id }).from(users)
    .where(and(eq(users.publicId, v.ownerUserId!), eq(users.status, 'active'), inArray(users.role, ['handler', 'leader', 'moderator', 'admin'])));
  if (!u) throw new AppError('invalid_input', '责任人应为在职工作人员', { ownerUserId: '责任人应为在职工作人员' });
  return { ownerDepartmentId: null, ownerUserId: u.id };
}

async function letterIdsOf(tx: Tx, trackingNos: string[]): Promise<number[]> {
  const unique = [...new Set(trackingNos)];
  if (!unique.length) return [];
  const rows = await tx.select({ id: letters.id, trackingNo: letters.trackingNo }).from(letters).where(inArray(letters.trackingNo, unique));
  if (rows.length !== unique.length) {
    const found = new Set(rows.map((r) => r.trackingNo));
    const missing = unique.filter((t) => !found.has(t));
    throw new AppError('invalid_input', `没有这些来信：${missing.slice(0, 5).join('、')}`, { letters: `没有这些来信：${missing.slice(0, 5).join('、')}` });
  }
  return rows.map((r) => r.id);
}

async function linkLetters(tx: Tx, actionId: number, ids: number[]) {
  for (let i = 0; i < ids.length; i += 500) {
    await tx.insert(actionLetters).values(ids.slice(i, i + 500).map((letterId) => ({ actionId, letterId }))).onConflictDoNothing();
  }
}

/** POST /api/v1/actions (moderator, admin) → {id}. */
export async function createAction(actor: Actor, input: unknown, now = new Date()): Promise<{ id: string; letters: number }> {
  assertCan(actor, 'actions.manage');
  const data = parseInput(actionInput, input);
  const publicId = randomUUID();
  return db().transaction(async (tx) => {
    const owner = await ownerIds(tx, data);
    const ids = data.letters ? await letterIdsOf(tx, data.letters)
      : data.source ? await hotspotLetterIds(tx, data.source.kind, data.source.key, data.source.week) : [];
    const [row] = await tx.insert(hotspotActions).values({
      publicId, title: data.title, description: data.description, ...owner,
      sourceKind: data.source?.kind ?? null, sourceKey: data.source?.key ?? null, sourceWeek: data.source?.week ?? null,
      createdById: actor.user.id, createdAt: now, updatedAt: now,
    }).returning({ id: hotspotActions.id });
    if (data.milestones.length) {
      await tx.insert(actionMilestones).values(data.milestones.map((m, i) => ({ publicId: randomUUID(), actionId: row!.id, title: m.title, targetOn: m.targetOn, sortOrder: i })));
    }
    await linkLetters(tx, row!.id, ids);
    await recordAudit(tx, actor, { action: 'action.create', entityType: 'hotspot_action', entityId: publicId,
      details: { title: data.title, source: data.source ?? null, milestones: data.milestones.length, letters: ids.length } });
    return { id: publicId, letters: ids.length };
  });
}

async function lockAction(tx: Tx, publicId: string) {
  const [row] = await tx.select().from(hotspotActions).where(eq(hotspotActions.publicId, publicId)).for('update');
  if (!row) throw notFound('没有这项行动');
  return row;
}

/** PATCH /api/v1/actions/{id} (moderator, admin): title, description, owner, the linked letters. */
export async function updateAction(actor: Actor, publicId: string, input: unknown, now = new Date()): Promise<{ id: string; version: number }> {
  assertCan(actor, 'actions.manage');
  const data = parseInput(actionUpdate, input);
  return db().transaction(async (tx) => {
    const row = await lockAction(tx, publicId);
    if (data.version !== undefined && data.version !== row.version) throw conflict('这项行动已被他人修改，请刷新后重试');
    const owner = data.ownerDepartmentId !== undefined || data.ownerUserId !== undefined ? await ownerIds(tx, data) : {};
    const version = row.version + 1;
    await tx.update(hotspotActions).set({
      ...(data.title !== undefined ? { title: data.title } : {}),
      ...(data.description !== undefined ? { description: data.description } : {}),
      ...owner, updatedAt: now, version,
    }).where(eq(hotspotActions.id, row.id));
    let linked: number | undefined;
    if (data.letters) {
      const ids = await letterIdsOf(tx, data.letters);
      await tx.delete(actionLetters).where(eq(actionLetters.actionId, row.id));
      await linkLetters(tx, row.id, ids);
      linked = ids.length;
    }
    await recordAudit(tx, actor, { action: 'action.update', entityType: 'hotspot_action', entityId: publicId,
      details: { version, fields: Object.keys(data).filter((k) => k !== 'version' && k !== 'letters'), ...(linked !== undefined ? { letters: linked } : {}) } });
    return { id: publicId, version };
  });
}

/** What the workspace's edit form shows: the owner as `department:<id>` or `user:<id>`, the linked tracking numbers. */
export interface ActionEditView {
  title: string;
  description: string;
  owner: string;
  letters: string[];
  version: number;
  /** Who may own it besides a department: active staff (the rule of the PATCH). */
  staff: Array<{ id: string; name: string; role: string }>;
}

/** The action as the edit form needs it (moderators, admins). null when there is no such action. */
export async function actionForEdit(actor: Actor, publicId: string, database: Db | Tx = db()): Promise<ActionEditView | null> {
  assertCan(actor, 'actions.manage');
  if (typeof publicId !== 'string' || publicId.length > 64) return null;
  const [row] = await database.select().from(hotspotActions).where(eq(hotspotActions.publicId, publicId));
  if (!row) return null;
  const [linked, staff, [dept], [owner]] = await Promise.all([
    database.select({ trackingNo: letters.trackingNo }).from(actionLetters).innerJoin(letters, eq(letters.id, actionLetters.letterId))
      .where(eq(actionLetters.actionId, row.id)).orderBy(asc(letters.id)),
    database.select({ id: users.publicId, name: users.name, role: users.role }).from(users)
      .where(and(eq(users.status, 'active'), inArray(users.role, ['handler', 'leader', 'moderator', 'admin']))).orderBy(asc(users.name)),
    row.ownerDepartmentId !== null ? database.select({ id: departments.publicId }).from(departments).where(eq(departments.id, row.ownerDepartmentId)) : Promise.resolve([]),
    row.ownerUserId !== null ? database.select({ id: users.publicId }).from(users).where(eq(users.id, row.ownerUserId)) : Promise.resolve([]),
  ]);
  return {
    title: row.title, description: row.description, version: row.version,
    owner: dept ? `department:${dept.id}` : owner ? `user:${owner.id}` : '',
    letters: linked.map((l) => l.trackingNo), staff,
  };
}

/** Whether the user owns the action: the staff member named, or staff of the owning department. */
export function ownsAction(user: ActorUser, row: { ownerDepartmentId: number | null; ownerUserId: number | null }): boolean {
  if (row.ownerUserId !== null) return row.ownerUserId === user.id;
  return row.ownerDepartmentId !== null && user.departmentId === row.ownerDepartmentId && (user.role === 'handler' || user.role === 'leader');
}

/**
 * POST /api/v1/actions/{id}/milestones: add or change a milestone (moderator, admin), mark one done or open again
 * (the owner, moderator, admin). → {id, milestoneId, done, total}.
 */
export async function actOnMilestone(actor: Actor, publicId: string, input: unknown, now = new Date()) {
  assertCan(actor, 'actions.progress');
  const data = parseInput(milestoneAction, input);
  const manager = can(actor, 'actions.manage');
  return db().transaction(async (tx) => {
    const row = await lockAction(tx, publicId);
    if (data.action === 'add' || data.action === 'update') {
      if (!manager) throw forbidden('只有管理员或版主可以增改节点');
    } else if (!manager && !ownsAction(actor.user, row)) {
      throw forbidden('只有这项行动的责任部门或责任人可以更新进度');
    }
    let milestoneId: string;
    if (data.action === 'add') {
      const [{ n }] = rowsOf<{ n: number | string }>(await tx.execute(sql`select count(*)::int as n from action_milestones where action_id = ${row.id}`)) as [{ n: number }];
      if (Number(n) >= 20) throw new AppError('invalid_input', '节点最多 20 个', { title: '节点最多 20 个' });
      milestoneId = randomUUID();
      await tx.insert(actionMilestones).values({ publicId: milestoneId, actionId: row.id, title: data.title, targetOn: data.targetOn, sortOrder: Number(n) });
    } else {
      const [m] = await tx.select().from(actionMilestones).where(and(eq(actionMilestones.publicId, data.milestoneId), eq(actionMilestones.actionId, row.id)));
      if (!m) throw notFound('这项行动没有这个节点');
      milestoneId = m.publicId;
      if (data.action === 'update') {
        await tx.update(actionMilestones).set({ ...(data.title ? { title: data.title } : {}), ...(data.targetOn ? { targetOn: data.targetOn } : {}) }).where(eq(actionMilestones.id, m.id));
      } else if (data.action === 'done') {
        const today = chinaDate(now);
        const doneOn = data.doneOn ?? today;
        if (doneOn > today) throw new AppError('invalid_input', '完成日期不能晚于今天', { doneOn: '完成日期不能晚于今天' });
        await tx.update(actionMilestones).set({ doneOn }).where(eq(actionMilestones.id, m.id));
      } else {
        await tx.update(actionMilestones).set({ doneOn: null }).where(eq(actionMilestones.id, m.id));
      }
    }
    await tx.update(hotspotActions).set({ updatedAt: now, version: row.version + 1 }).where(eq(hotspotActions.id, row.id));
    await recordAudit(tx, actor, { action: `action.milestone_${data.action}`, entityType: 'hotspot_action', entityId: publicId,
      details: { milestone: milestoneId, ...(data.action === 'add' ? { title: data.title, targetOn: data.targetOn } : {}), ...(data.action === 'done' ? { doneOn: data.doneOn ?? chinaDate(now) } : {}) } });
    const [progress] = rowsOf<{ done: number | string; total: number | string }>(await tx.execute(sql`select count(done_on)::int as done, count(*)::int as total from action_milestones where action_id = ${row.id}`));
    return { id: publicId, milestoneId, done: Number(progress!.done), total: Number(progress!.total) };
  });
}

// ---------------------------------------------------------------- reads

export interface ActionSummary {
  id: string;
  title: string;
  owner: { kind: 'department' | 'staff'; name: string; nameEn: string };
  milestonesDone: number;
  milestonesTotal: number;
  letterCount: number;
  /** The next open milestone's target date, if any. */
  nextTargetOn: string | null;
  createdOn: string;
  url: string;
}

export interface ActionMilestone { id: string; title: string; targetOn: string; doneOn: string | null }

export interface ActionDetail extends ActionSummary {
  description: string;
  milestones: ActionMilestone[];
  /** The archive entries of linked letters that are published (title and address only). */
  publishedAnswers: Array<{ title: string; url: string }>;
  updatedAt: string;
  version: number;
  source: { kind: HotspotKind; key: string; week: string } | null;
}

type SummaryRow = {
  id: number | string; public_id: string; title: string; description: string; owner_department: string | null; owner_department_en: string | null;
  owner_user: string | null; done: number | string; total: number | string; letter_count: number | string; next_target: string | null;
  created_at: Date | string; updated_at: Date | string; version: number; source_kind: string | null; source_key: string | null; source_week: string | null;
  owner_department_id: number | string | null; owner_user_id: number | string | null;
};

const summarySql = sql`
  select a.id, a.public_id, a.title, a.description, a.created_at, a.updated_at, a.version, a.source_kind, a.source_key, a.source_week,
    a.owner_department_id, a.owner_user_id,
    d.name as owner_department, d.name_en as owner_department_en, u.name as owner_user,
    (select count(done_on)::int from action_milestones m where m.action_id = a.id) as done,
    (select count(*)::int from action_milestones m where m.action_id = a.id) as total,
    (select min(target_on)::text from action_milestones m where m.action_id = a.id and m.done_on is null) as next_target,
    (select count(*)::int from action_letters al where al.action_id = a.id) as letter_count
  from hotspot_actions a
  left join departments d on d.id = a.owner_department_id
  left join users u on u.id = a.owner_user_id`;

function summaryOf(r: SummaryRow): ActionSummary {
  return {
    id: r.public_id, title: r.title,
    owner: r.owner_department !== null
      ? { kind: 'department', name: r.owner_department, nameEn: r.owner_department_en || r.owner_department }
      : { kind: 'staff', name: r.owner_user ?? '', nameEn: r.owner_user ?? '' },
    milestonesDone: Number(r.done), milestonesTotal: Number(r.total), letterCount: Number(r.letter_count),
    nextTargetOn: r.next_target, createdOn: chinaDate(new Date(r.created_at)), url: actionPath(r.public_id),
  };
}

/** GET /api/v1/actions (public): every action, newest first. */
export async function listPublicActions(database: Db | Tx = db()): Promise<ActionSummary[]> {
  const rows = rowsOf<SummaryRow>(await database.execute(sql`${summarySql} order by a.created_at desc, a.id desc limit 200`));
  return rows.map(summaryOf);
}

/** GET /api/v1/actions/{id} (public); null when there is none. Staff-only fields (owner ids) stay on the row. */
export async function readAction(publicId: string, database: Db | Tx = db()): Promise<(ActionDetail & { ownerDepartmentId: number | null; ownerUserId: number | null }) | null> {
  if (typeof publicId !== 'string' || publicId.length > 64) return null;
  const [r] = rowsOf<SummaryRow>(await database.execute(sql`${summarySql} where a.public_id = ${publicId}`));
  if (!r) return null;
  const milestones = await database.select({ id: actionMilestones.publicId, title: actionMilestones.title, targetOn: actionMilestones.targetOn, doneOn: actionMilestones.doneOn })
    .from(actionMilestones).where(eq(actionMilestones.actionId, Number(r.id))).orderBy(asc(actionMilestones.sortOrder), asc(actionMilestones.id));
  const published = rowsOf<{ public_id: string; title: string }>(await database.execute(sql`
    select e.public_id, e.title from action_letters al join archive_entries e on e.letter_id = al.letter_id
    where al.action_id = ${r.id} and e.status = 'published' order by e.published_at desc limit 50`));
  return {
    ...summaryOf(r), description: r.description, milestones,
    publishedAnswers: published.map((p) => ({ title: p.title, url: `/archive/${p.public_id}` })),
    updatedAt: new Date(r.updated_at).toISOString(), version: r.version,
    source: r.source_kind ? { kind: r.source_kind as HotspotKind, key: r.source_key ?? '', week: r.source_week ?? '' } : null,
    ownerDepartmentId: r.owner_department_id === null ? null : Number(r.owner_department_id),
    ownerUserId: r.owner_user_id === null ? null : Number(r.owner_user_id),
  };
}

/** The public JSON of an action: no owner ids, no source key (a place or term taken from letters stays inside). */
export function publicActionJson(a: ActionDetail): Omit<ActionDetail, 'source' | 'version' | 'updatedAt'> & { updatedAt: string } {
  const { source: _s, version: _v, ...rest } = a;
  const { ownerDepartmentId: _d, ownerUserId: _u, ...clean } = rest as ActionDetail & { ownerDepartmentId?: unknown; ownerUserId?: unknown };
  return clean;
}

/** The actions a staff member may update the milestones of (workspace). */
export function canProgress(actor: Actor, a: { ownerDepartmentId: number | null; ownerUserId: number | null }): boolean {
  if (!actor.user || !can(actor, 'actions.progress')) return false;
  return actsAsModerator(actor.user.role) || ownsAction(actor.user, a);
}
