import { eq, sql } from 'drizzle-orm';
import { recordAudit } from '../audit';
import { assertCan, type Actor } from '../auth/permissions';
import { departments } from '../accounts/schema';
import { db as defaultDb, type Db, type Tx } from '../db';
import { AppError, notFound, parseInput } from '../errors';
import { letters } from '../letters/schema';
import { topics } from './schema';
import { loadTopics, type TopicNode } from '.';
import { createTopicInput, moveTopicInput, updateTopicInput } from './validation';

/**
 * The admin's edits of the topic tree (admin.categories: the one permission for the bureau's classifications): add, rename (Chinese and English), set the default department
 * and the keywords, reorder, move under another parent, deactivate and reactivate. Never delete: a topic letters
 * carry stays readable on them (and in the statistics) after it is deactivated. Each edit is one transaction with
 * its audit row, under one advisory lock, so two admins' moves cannot build a cycle between them.
 */

const TOPIC_LOCK_ID = 727_274_031;
/** Who edits the tree: the admins who edit the catalogue's categories (one permission for the bureau's classifications). */
export const TOPICS_PERMISSION = 'admin.categories' as const;
export const MAX_TOPIC_LEVEL = 3;

async function lockTree(tx: Tx) {
  await tx.execute(sql`select pg_advisory_xact_lock(${TOPIC_LOCK_ID})`);
}

async function departmentId(tx: Tx, publicId: string | null | undefined): Promise<number | null> {
  if (!publicId) return null;
  const [d] = await tx.select({ id: departments.id }).from(departments).where(eq(departments.publicId, publicId));
  if (!d) throw new AppError('invalid_input', '没有这个部门', { departmentId: '没有这个部门' });
  return d.id;
}

const englishOnly = (v: string | undefined) => {
  if (v !== undefined && !/^[\x20-\x7e]*$/.test(v)) throw new AppError('invalid_input', '英文名称只能包含英文字母、数字和标点', { nameEn: '英文名称只能包含英文字母、数字和标点' });
};

/** The tree with how many letters carry each topic (the admin page). */
export async function listTopicsForAdmin(actor: Actor, database: Db = defaultDb()): Promise<Array<TopicNode & { letters: number }>> {
  assertCan(actor, TOPICS_PERMISSION);
  const [nodes, counts] = await Promise.all([
    loadTopics(database),
    database.select({ topicId: letters.topicId, n: sql<number>`count(*)::int` }).from(letters).where(sql`${letters.topicId} is not null`).groupBy(letters.topicId),
  ]);
  const byTopic = new Map(counts.map((c) => [c.topicId, Number(c.n)]));
  return nodes.map((n) => ({ ...n, letters: byTopic.get(n.id) ?? 0 }));
}

export async function createTopic(actor: Actor, input: unknown, database: Db = defaultDb()): Promise<{ id: number }> {
  assertCan(actor, TOPICS_PERMISSION);
  const data = parseInput(createTopicInput, input);
  englishOnly(data.nameEn);
  return database.transaction(async (tx) => {
    await lockTree(tx);
    let level = 1;
    if (data.parentId) {
      const [parent] = await tx.select({ level: topics.level }).from(topics).where(eq(topics.id, data.parentId));
      if (!parent) throw new AppError('invalid_input', '没有这个上级分类', { parentId: '没有这个上级分类' });
      if (parent.level >= MAX_TOPIC_LEVEL) throw new AppError('invalid_input', `诉求分类最多 ${MAX_TOPIC_LEVEL} 级`, { parentId: `诉求分类最多 ${MAX_TOPIC_LEVEL} 级` });
      level = parent.level + 1;
    }
    const siblings = await tx.select({ name: topics.name, sortOrder: topics.sortOrder }).from(topics)
      .where(data.parentId ? eq(topics.parentId, data.parentId) : sql`${topics.parentId} is null`);
    if (siblings.some((s) => s.name === data.name)) throw new AppError('conflict', `同一级已有名为“${data.name}”的分类`, { name: '分类名称重复' });
    const [row] = await tx.insert(topics).values({
      parentId: data.parentId ?? null, level, name: data.name, nameEn: data.nameEn ?? '',
      departmentId: await departmentId(tx, data.departmentId), keywords: data.keywords ?? [],
      sortOrder: Math.max(0, ...siblings.map((s) => s.sortOrder)) + 1,
    }).returning({ id: topics.id });
    await recordAudit(tx, actor, { action: 'topic.create', entityType: 'topic', entityId: row!.id, details: { name: data.name, parentId: data.parentId ?? null, level } });
    return { id: row!.id };
  });
}

/** Rename, department, keywords, order, active: only what is given; `changed: false` when nothing differs. */
export async function updateTopic(actor: Actor, input: unknown, database: Db = defaultDb()): Promise<{ changed: boolean }> {
  assertCan(actor, TOPICS_PERMISSION);
  const data = parseInput(updateTopicInput, input);
  englishOnly(data.nameEn);
  return database.transaction(async (tx) => {
    await lockTree(tx);
    const [row] = await tx.select().from(topics).where(eq(topics.id, data.id));
    if (!row) throw notFound('没有这个诉求分类');
    const change: Partial<typeof topics.$inferInsert> = {};
    if (data.name !== undefined && data.name !== row.name) {
      const siblings = await tx.select({ id: topics.id, name: topics.name }).from(topics)
        .where(row.parentId ? eq(topics.parentId, row.parentId) : sql`${topics.parentId} is null`);
      if (siblings.some((s) => s.id !== row.id && s.name === data.name)) throw new AppError('conflict', `同一级已有名为“${data.name}”的分类`, { name: '分类名称重复' });
      change.name = data.name;
    }
    if (data.nameEn !== undefined && data.nameEn !== row.nameEn) change.nameEn = data.nameEn;
    if (data.departmentId !== undefined) {
      const id = await departmentId(tx, data.departmentId);
      if (id !== row.departmentId) change.departmentId = id;
    }
    if (data.keywords !== undefined && JSON.stringify(data.keywords) !== JSON.stringify(row.keywords)) change.keywords = data.keywords;
    if (data.sortOrder !== undefined && data.sortOrder !== row.sortOrder) change.sortOrder = data.sortOrder;
    if (data.active !== undefined && data.active !== row.active) change.active = data.active;
    if (!Object.keys(change).length) return { changed: false };
    await tx.update(topics).set(change).where(eq(topics.id, row.id));
    const action = change.active === false ? 'topic.deactivate' : change.active === true ? 'topic.activate' : 'topic.update';
    await recordAudit(tx, actor, {
      action, entityType: 'topic', entityId: row.id,
      details: Object.fromEntries(Object.keys(change).map((k) => [k, { from: row[k as keyof typeof row] ?? null, to: change[k as keyof typeof change] ?? null }])),
    });
    return { changed: true };
  });
}

/**
 * Moves a topic (with everything under it) under another parent, or to the top level: refused when the parent is
 * the topic itself or one of its descendants (a cycle) or when the subtree would reach below level 3.
 */
export async function moveTopic(actor: Actor, input: unknown, database: Db = defaultDb()): Promise<{ changed: boolean }> {
  assertCan(actor, TOPICS_PERMISSION);
  const data = parseInput(moveTopicInput, input);
  return database.transaction(async (tx) => {
    await lockTree(tx);
    const all = await tx.select({ id: topics.id, parentId: topics.parentId, level: topics.level, name: topics.name }).from(topics);
    const row = all.find((t) => t.id === data.id);
    if (!row) throw notFound('没有这个诉求分类');
    if ((row.parentId ?? null) === (data.parentId ?? null)) return { changed: false };
    const refuse = (message: string) => new AppError('invalid_input', message, { parentId: message });
    // The subtree: the topic and everything below it, with each one's depth under it.
    const depth = new Map<number, number>([[row.id, 0]]);
    for (let grew = true; grew;) {
      grew = false;
      for (const t of all) if (t.parentId !== null && depth.has(t.parentId) && !depth.has(t.id)) { depth.set(t.id, depth.get(t.parentId)! + 1); grew = true; }
    }
    let level = 1;
    if (data.parentId !== null) {
      const parent = all.find((t) => t.id === data.parentId);
      if (!parent) throw refuse('没有这个上级分类');
      if (depth.has(parent.id)) throw refuse('不能移到自身或其下级分类之下');
      level = parent.level + 1;
    }
    const deepest = Math.max(...depth.values());
    if (level + deepest > MAX_TOPIC_LEVEL) throw refuse(`移动后将超过 ${MAX_TOPIC_LEVEL} 级`);
    if (all.some((t) => t.id !== row.id && (t.parentId ?? null) === (data.parentId ?? null) && t.name === row.name)) throw new AppError('conflict', `目标位置已有名为“${row.name}”的分类`, { parentId: '目标位置已有同名分类' });
    // The level check constraint holds at every statement: the topic first (with its parent), then the rest by depth.
    await tx.update(topics).set({ parentId: data.parentId, level }).where(eq(topics.id, row.id));
    for (const [id, d] of [...depth].sort((a, b) => a[1] - b[1])) if (d > 0) await tx.update(topics).set({ level: level + d }).where(eq(topics.id, id));
    await recordAudit(tx, actor, { action: 'topic.move', entityType: 'topic', entityId: row.id, details: { from: row.parentId, to: data.parentId, level: { from: row.level, to: level } } });
    return { changed: true };
  });
}
