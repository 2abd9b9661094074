import { randomUUID } from 'node:crypto';
import { and, asc, count, desc, eq, isNull, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { recordAudit } from '../audit';
import { assertCan, type Actor } from '../auth/permissions';
import { addWorkingDays, chinaDate, loadCalendarRules } from '../calendar';
import type { Db, Tx } from '../db';
import { db as defaultDb, rowsOf } from '../db';
import { AppError, conflict, notFound, parseInput } from '../errors';
import { text } from '../cases/validation';
import { allocateIndexNo, attachmentOf, withdrawCatalogueItem } from './catalogue';
import { storeUploadedFile, type UploadedFile } from './files';
import {
  CATALOGUE_ITEM_STATUSES,
  DISCLOSURE_ATTRIBUTES,
  catalogueCategories,
  catalogueItemVersions,
  catalogueItems,
  disclosureFiles,
  type CatalogueItemStatus,
  type DisclosureAttribute,
} from './schema';

/**
 * Moderators keep the catalogue (issue 6): create items, edit them (every edit is a new version; the old text is
 * kept in catalogue_item_versions), publish and withdraw. 主动公开 items must be public within 20 working days of
 * their 生成日期 (regulation art. 26); later ones are flagged on the staff dashboard.
 */
export const PROACTIVE_LIMIT_WORKING_DAYS = 20;

const isoDate = z
  .string({ error: '请填写生成日期' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: '日期格式为 YYYY-MM-DD' })
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), { error: '不是有效的日期' });

export const catalogueItemInput = z.object({
  categoryCode: z.string({ error: '请选择分类' }).regex(/^\d{2}(\d{2})?$/, { error: '请选择分类' }),
  title: text('名称', 4, 200),
  summary: text('内容概述', 4, 2000),
  body: z.string().max(50_000, { error: '正文不超过 50000 字' }).default(''),
  publisher: text('发布机构', 2, 100),
  attribute: z.enum(DISCLOSURE_ATTRIBUTES, { error: '请选择公开属性' }),
  generatedOn: isoDate.refine((v) => v <= chinaDate(new Date()), { error: '生成日期不能晚于今天' }),
  /**
   * 政策解读: the index number (or public id) of the policy document this item interprets; empty for none. The
   * document must be a published 主动公开 item, not this one, and not itself an interpretation.
   */
  interprets: z
    .string({ error: '所解读的文件应填写索引号' })
    .trim()
    .max(80, { error: '索引号不超过 80 个字符' })
    .regex(/^[A-Za-z0-9-]*$/, { error: '索引号只含字母、数字和连字符' })
    .optional()
    .transform((v) => v || null),
});
export type CatalogueItemInput = z.infer<typeof catalogueItemInput>;

export const catalogueItemUpdate = catalogueItemInput.extend({
  version: z.number({ error: '缺少版本号' }).int().min(1),
  note: z.string().max(500, { error: '修改说明不超过 500 字' }).optional(),
  /** Drop the current attachment (a new upload replaces it anyway). */
  removeAttachment: z.boolean().optional(),
});

export const catalogueItemAction = z.discriminatedUnion('action', [
  z.object({ action: z.literal('publish'), version: z.number().int().min(1) }),
  z.object({ action: z.literal('withdraw'), version: z.number().int().min(1), reason: text('撤回理由', 2, 500) }),
], { error: '未知的操作' });

async function categoryId(tx: Tx, code: string): Promise<number> {
  const [row] = await tx.select({ id: catalogueCategories.id }).from(catalogueCategories).where(eq(catalogueCategories.code, code));
  if (!row) throw new AppError('invalid_input', '分类不存在', { categoryCode: '分类不存在' });
  return row.id;
}

async function snapshot(tx: Tx, itemId: number, actor: Actor & { user: { id: number } }, note?: string) {
  const [item] = await tx.select().from(catalogueItems).where(eq(catalogueItems.id, itemId));
  await tx.insert(catalogueItemVersions).values({
    itemId,
    version: item!.version,
    categoryId: item!.categoryId,
    title: item!.title,
    summary: item!.summary,
    body: item!.body,
    attribute: item!.attribute,
    attachmentFileId: item!.attachmentFileId,
    interpretsItemId: item!.interpretsItemId,
    editedById: actor.user.id,
    note: note ?? null,
  });
}

/** Serialises every change of an interpretation link, so two links cannot make a chain between them. */
const INTERPRETS_LOCK = sql`select pg_advisory_xact_lock(727274016)`;

const refused = (message: string) => new AppError('invalid_input', message, { interprets: message });

/**
 * The item `ref` (index number or public id) that `selfId` (null: a new item) is to interpret, checked: it exists, is
 * not the item itself, is not an interpretation itself, and the item is not already interpreted by others (no chains:
 * a reader following 解读 links always lands on the document in one step). It must be a published 主动公开 item when
 * the link is new; an unchanged link to a document withdrawn since stays (the public pages hide it while withdrawn).
 * Call under INTERPRETS_LOCK, taken before any row lock.
 */
async function interpretedItem(tx: Tx, ref: string, self: { id: number; interpretsItemId: number | null } | null): Promise<{ id: number; indexNo: string }> {
  const [doc] = await tx
    .select({ id: catalogueItems.id, indexNo: catalogueItems.indexNo, status: catalogueItems.status, attribute: catalogueItems.attribute, interpretsItemId: catalogueItems.interpretsItemId })
    .from(catalogueItems)
    .where(or(eq(catalogueItems.indexNo, ref), eq(catalogueItems.publicId, ref)))
    .for('share');
  if (!doc) throw refused('没有这个索引号的目录条目');
  if (self && doc.id === self.id) throw refused('条目不能解读它自己');
  if (doc.interpretsItemId !== null) throw refused('该条目本身是一篇政策解读，请填写它所解读的原文件');
  if ((!self || self.interpretsItemId !== doc.id) && (doc.status !== 'published' || doc.attribute !== 'proactive')) {
    throw refused('所解读的文件须已发布并主动公开');
  }
  if (self) {
    const [interpreted] = await tx.select({ id: catalogueItems.id }).from(catalogueItems).where(eq(catalogueItems.interpretsItemId, self.id)).limit(1);
    if (interpreted) throw refused('本条目已有政策解读，不能再作为其他文件的解读');
  }
  return { id: doc.id, indexNo: doc.indexNo };
}

async function indexNoOf(tx: Tx, id: number | null): Promise<string | null> {
  if (id === null) return null;
  const [row] = await tx.select({ indexNo: catalogueItems.indexNo }).from(catalogueItems).where(eq(catalogueItems.id, id));
  return row?.indexNo ?? null;
}

/** A new item (draft) with its index number, allocated in the year of its 生成日期. */
export async function createCatalogueItem(actor: Actor, input: unknown, database: Db = defaultDb(), attachment?: UploadedFile | null): Promise<{ id: string; indexNo: string }> {
  assertCan(actor, 'disclosure.publish');
  const data = parseInput(catalogueItemInput, input);
  return database.transaction(async (tx) => {
    if (data.interprets) await tx.execute(INTERPRETS_LOCK);
    const category = await categoryId(tx, data.categoryCode);
    const interprets = data.interprets ? await interpretedItem(tx, data.interprets, null) : null;
    const file = attachment ? await storeUploadedFile(tx, attachment, actor.user.id, 'attachment') : null;
    const indexNo = await allocateIndexNo(tx, category, Number(data.generatedOn.slice(0, 4)));
    const publicId = randomUUID();
    const [row] = await tx
      .insert(catalogueItems)
      .values({
        publicId,
        indexNo,
        categoryId: category,
        title: data.title,
        summary: data.summary,
        body: data.body,
        publisher: data.publisher,
        attribute: data.attribute,
        generatedOn: data.generatedOn,
        attachmentFileId: file?.id ?? null,
        interpretsItemId: interprets?.id ?? null,
        createdById: actor.user.id,
      })
      .returning({ id: catalogueItems.id });
    await snapshot(tx, row!.id, actor, '创建');
    await recordAudit(tx, actor, { action: 'catalogue.create', entityType: 'catalogue_item', entityId: publicId, details: { indexNo, title: data.title, interprets: interprets?.indexNo ?? null } });
    if (interprets) {
      await recordAudit(tx, actor, { action: 'catalogue.interprets', entityType: 'catalogue_item', entityId: publicId, details: { interprets: interprets.indexNo, previous: null } });
    }
    return { id: publicId, indexNo };
  });
}

async function lockItem(tx: Tx, publicId: string, version: number) {
  const [item] = await tx.select().from(catalogueItems).where(eq(catalogueItems.publicId, publicId)).for('update');
  if (!item) throw notFound('目录条目不存在');
  if (item.version !== version) throw conflict();
  return item;
}

/** Edits an item; the new text becomes a new version, the old one stays in the history. */
export async function updateCatalogueItem(actor: Actor, publicId: string, input: unknown, database: Db = defaultDb(), attachment?: UploadedFile | null): Promise<{ version: number }> {
  assertCan(actor, 'disclosure.publish');
  const data = parseInput(catalogueItemUpdate, input);
  return database.transaction(async (tx) => {
    if (data.interprets) await tx.execute(INTERPRETS_LOCK);
    const item = await lockItem(tx, publicId, data.version);
    if (item.sourceUrl) throw conflict('此条目由平台生成，请在其来源页面（答复公开或年度报告）中修改');
    const category = await categoryId(tx, data.categoryCode);
    const interprets = data.interprets ? await interpretedItem(tx, data.interprets, item) : null;
    // Old files stay stored: earlier versions still point at them.
    const file = attachment ? await storeUploadedFile(tx, attachment, actor.user.id, 'attachment') : null;
    const attachmentFileId = file ? file.id : data.removeAttachment ? null : item.attachmentFileId;
    const [updated] = await tx
      .update(catalogueItems)
      .set({
        categoryId: category,
        title: data.title,
        summary: data.summary,
        body: data.body,
        publisher: data.publisher,
        attribute: data.attribute,
        generatedOn: data.generatedOn,
        attachmentFileId,
        interpretsItemId: interprets?.id ?? null,
        updatedAt: new Date(),
        version: item.version + 1,
      })
      .where(eq(catalogueItems.id, item.id))
      .returning({ version: catalogueItems.version });
    await snapshot(tx, item.id, actor, data.note);
    await recordAudit(tx, actor, { action: 'catalogue.update', entityType: 'catalogue_item', entityId: publicId, details: { version: updated!.version, note: data.note ?? null } });
    if ((interprets?.id ?? null) !== item.interpretsItemId) {
      await recordAudit(tx, actor, {
        action: 'catalogue.interprets', entityType: 'catalogue_item', entityId: publicId,
        details: { interprets: interprets?.indexNo ?? null, previous: await indexNoOf(tx, item.interpretsItemId), version: updated!.version },
      });
    }
    return updated!;
  });
}

/** publish (a 主动公开 item becomes public; other attributes are registered) or withdraw with a reason. */
export async function actOnCatalogueItem(actor: Actor, publicId: string, input: unknown, database: Db = defaultDb()): Promise<{ status: CatalogueItemStatus; version: number }> {
  assertCan(actor, 'disclosure.publish');
  const data = parseInput(catalogueItemAction, input);
  return database.transaction(async (tx) => {
    const item = await lockItem(tx, publicId, data.version);
    if (data.action === 'publish') {
      if (item.status === 'published') throw conflict('该条目已发布');
      await tx
        .update(catalogueItems)
        .set({ status: 'published', publishedAt: new Date(), withdrawnAt: null, withdrawReason: null, updatedAt: new Date(), version: item.version + 1 })
        .where(eq(catalogueItems.id, item.id));
    } else {
      if (item.status !== 'published') throw conflict('只能撤回已发布的条目');
      await withdrawCatalogueItem(tx, item.id, data.reason);
    }
    await recordAudit(tx, actor, {
      action: `catalogue.${data.action}`,
      entityType: 'catalogue_item',
      entityId: publicId,
      details: data.action === 'withdraw' ? { reason: data.reason } : {},
    });
    const status: CatalogueItemStatus = data.action === 'publish' ? 'published' : 'withdrawn';
    return { status, version: item.version + 1 };
  });
}

// ---- Staff reads ----

export const staffCatalogueQuery = z.object({
  status: z.enum(CATALOGUE_ITEM_STATUSES).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

export interface StaffCatalogueRow {
  id: string;
  indexNo: string;
  title: string;
  status: CatalogueItemStatus;
  attribute: DisclosureAttribute;
  categoryCode: string;
  categoryName: string;
  generatedOn: string;
  publishedAt: Date | null;
  sourceUrl: string | null;
  version: number;
  /** 政策解读: it interprets another item. */
  interpretation: boolean;
}

const staffColumns = {
  id: catalogueItems.publicId,
  indexNo: catalogueItems.indexNo,
  title: catalogueItems.title,
  status: catalogueItems.status,
  attribute: catalogueItems.attribute,
  categoryCode: catalogueCategories.code,
  categoryName: catalogueCategories.name,
  generatedOn: catalogueItems.generatedOn,
  publishedAt: catalogueItems.publishedAt,
  sourceUrl: catalogueItems.sourceUrl,
  version: catalogueItems.version,
  interpretation: sql<boolean>`${catalogueItems.interpretsItemId} is not null`,
};

/** Items moderators keep by hand (platform-made ones are curated where they come from), newest first. */
export async function listStaffCatalogue(actor: Actor, query: z.input<typeof staffCatalogueQuery>, database: Db | Tx = defaultDb()) {
  assertCan(actor, 'disclosure.publish');
  const q = parseInput(staffCatalogueQuery, query);
  const conditions: SQL[] = [isNull(catalogueItems.sourceUrl)];
  if (q.status) conditions.push(eq(catalogueItems.status, q.status));
  const where = and(...conditions);
  const [items, [total]] = await Promise.all([
    database.select(staffColumns).from(catalogueItems)
      .innerJoin(catalogueCategories, eq(catalogueCategories.id, catalogueItems.categoryId))
      .where(where).orderBy(desc(catalogueItems.createdAt), desc(catalogueItems.id))
      .limit(q.pageSize).offset((q.page - 1) * q.pageSize),
    database.select({ n: count() }).from(catalogueItems).where(where),
  ]);
  return { items: items as StaffCatalogueRow[], total: total?.n ?? 0, page: q.page, pageSize: q.pageSize };
}

/** The other end of an interpretation link, as moderators see it (any status). */
export interface StaffCatalogueLink { id: string; indexNo: string; title: string; status: CatalogueItemStatus; attribute: DisclosureAttribute }

export async function getStaffCatalogueItem(actor: Actor, publicId: string, database: Db | Tx = defaultDb()) {
  assertCan(actor, 'disclosure.publish');
  const [item] = await database
    .select({
      ...staffColumns, summary: catalogueItems.summary, body: catalogueItems.body, publisher: catalogueItems.publisher, withdrawReason: catalogueItems.withdrawReason, itemId: catalogueItems.id,
      interpretsItemId: catalogueItems.interpretsItemId,
      attachmentId: disclosureFiles.publicId, attachmentName: disclosureFiles.fileName, attachmentSize: disclosureFiles.sizeBytes,
    })
    .from(catalogueItems)
    .innerJoin(catalogueCategories, eq(catalogueCategories.id, catalogueItems.categoryId))
    .leftJoin(disclosureFiles, eq(disclosureFiles.id, catalogueItems.attachmentFileId))
    .where(eq(catalogueItems.publicId, publicId));
  if (!item) throw notFound('目录条目不存在');
  const linked = alias(catalogueItems, 'linked');
  const linkColumns = { id: catalogueItems.publicId, indexNo: catalogueItems.indexNo, title: catalogueItems.title, status: catalogueItems.status, attribute: catalogueItems.attribute };
  const [versions, [interprets], interpretations] = await Promise.all([
    database
      .select({
        version: catalogueItemVersions.version, title: catalogueItemVersions.title, summary: catalogueItemVersions.summary, editedAt: catalogueItemVersions.editedAt,
        note: catalogueItemVersions.note, interprets: linked.indexNo,
      })
      .from(catalogueItemVersions)
      .leftJoin(linked, eq(linked.id, catalogueItemVersions.interpretsItemId))
      .where(eq(catalogueItemVersions.itemId, item.itemId))
      .orderBy(desc(catalogueItemVersions.version)),
    item.interpretsItemId === null
      ? Promise.resolve([] as StaffCatalogueLink[])
      : database.select(linkColumns).from(catalogueItems).where(eq(catalogueItems.id, item.interpretsItemId)),
    database.select(linkColumns).from(catalogueItems).where(eq(catalogueItems.interpretsItemId, item.itemId)).orderBy(asc(catalogueItems.id)).limit(100),
  ]);
  const { itemId: _internal, interpretsItemId: _link, attachmentId, attachmentName, attachmentSize, ...rest } = item;
  return { ...rest, attachment: attachmentOf({ attachmentId, attachmentName, attachmentSize }), interprets: interprets ?? null, interpretations, versions };
}

export interface LateProactiveItem {
  id: string;
  indexNo: string;
  title: string;
  status: CatalogueItemStatus;
  generatedOn: string;
  /** The last day it could be published on time. */
  dueOn: string;
  publishedOn: string | null;
  sourceUrl: string | null;
}

/**
 * 主动公开 items published after their 20-working-day limit, and drafts already past it. The limit is computed once per
 * distinct 生成日期 on the official calendar and joined in SQL, so the check stays one query however many items exist.
 * Beijing dates are UTC + 8 hours (no daylight saving), which needs no time-zone database in PGlite.
 */
export async function lateProactiveItems(database: Db | Tx = defaultDb(), limit = 50, now = new Date()): Promise<LateProactiveItem[]> {
  const days = await database
    .selectDistinct({ day: catalogueItems.generatedOn })
    .from(catalogueItems)
    .where(and(eq(catalogueItems.attribute, 'proactive'), sql`${catalogueItems.status} <> 'withdrawn'`));
  if (days.length === 0) return [];
  const rules = await loadCalendarRules(database);
  const pairs = days.map((d) => sql`(${d.day}::date, ${addWorkingDays(d.day, PROACTIVE_LIMIT_WORKING_DAYS, rules)}::date)`);
  const today = chinaDate(now);
  const rows = await database.execute<{ id: string; index_no: string; title: string; status: CatalogueItemStatus; generated_on: string; due_on: string; published_on: string | null; source_url: string | null }>(sql`
    select ci.public_id as id, ci.index_no, ci.title, ci.status, ci.generated_on::text as generated_on, due.due_on::text as due_on,
           ((ci.published_at at time zone 'UTC') + interval '8 hours')::date::text as published_on, ci.source_url
    from ${catalogueItems} ci
    join (values ${sql.join(pairs, sql`, `)}) as due(day, due_on) on due.day = ci.generated_on
    where ci.attribute = 'proactive'
      and ((ci.status = 'published' and ((ci.published_at at time zone 'UTC') + interval '8 hours')::date > due.due_on)
        or (ci.status = 'draft' and ${today}::date > due.due_on))
    order by due.due_on asc, ci.id asc
    limit ${limit}`);
  return rowsOf<Record<string, string | null>>(rows).map((r) => ({
    id: r.id!, indexNo: r.index_no!, title: r.title!, status: r.status as CatalogueItemStatus, generatedOn: r.generated_on!, dueOn: r.due_on!,
    publishedOn: r.published_on, sourceUrl: r.source_url,
  }));
}

