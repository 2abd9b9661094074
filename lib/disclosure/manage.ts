import { randomUUID } from 'node:crypto';
import { and, count, desc, eq, isNull, sql, type SQL } from 'drizzle-orm';
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
    editedById: actor.user.id,
    note: note ?? null,
  });
}

/** A new item (draft) with its index number, allocated in the year of its 生成日期. */
export async function createCatalogueItem(actor: Actor, input: unknown, database: Db = defaultDb(), attachment?: UploadedFile | null): Promise<{ id: string; indexNo: string }> {
  assertCan(actor, 'disclosure.publish');
  const data = parseInput(catalogueItemInput, input);
  return database.transaction(async (tx) => {
    const category = await categoryId(tx, data.categoryCode);
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
        createdById: actor.user.id,
      })
      .returning({ id: catalogueItems.id });
    await snapshot(tx, row!.id, actor, '创建');
    await recordAudit(tx, actor, { action: 'catalogue.create', entityType: 'catalogue_item', entityId: publicId, details: { indexNo, title: data.title } });
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
    const item = await lockItem(tx, publicId, data.version);
    if (item.sourceUrl) throw conflict('此条目由平台生成，请在其来源页面（答复公开或年度报告）中修改');
    const category = await categoryId(tx, data.categoryCode);
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
        updatedAt: new Date(),
        version: item.version + 1,
      })
      .where(eq(catalogueItems.id, item.id))
      .returning({ version: catalogueItems.version });
    await snapshot(tx, item.id, actor, data.note);
    await recordAudit(tx, actor, { action: 'catalogue.update', entityType: 'catalogue_item', entityId: publicId, details: { version: updated!.version, note: data.note ?? null } });
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

export async function getStaffCatalogueItem(actor: Actor, publicId: string, database: Db | Tx = defaultDb()) {
  assertCan(actor, 'disclosure.publish');
  const [item] = await database
    .select({
      ...staffColumns, summary: catalogueItems.summary, body: catalogueItems.body, publisher: catalogueItems.publisher, withdrawReason: catalogueItems.withdrawReason, itemId: catalogueItems.id,
      attachmentId: disclosureFiles.publicId, attachmentName: disclosureFiles.fileName, attachmentSize: disclosureFiles.sizeBytes,
    })
    .from(catalogueItems)
    .innerJoin(catalogueCategories, eq(catalogueCategories.id, catalogueItems.categoryId))
    .leftJoin(disclosureFiles, eq(disclosureFiles.id, catalogueItems.attachmentFileId))
    .where(eq(catalogueItems.publicId, publicId));
  if (!item) throw notFound('目录条目不存在');
  const versions = await database
    .select({ version: catalogueItemVersions.version, title: catalogueItemVersions.title, summary: catalogueItemVersions.summary, editedAt: catalogueItemVersions.editedAt, note: catalogueItemVersions.note })
    .from(catalogueItemVersions)
    .where(eq(catalogueItemVersions.itemId, item.itemId))
    .orderBy(desc(catalogueItemVersions.version));
  const { itemId: _internal, attachmentId, attachmentName, attachmentSize, ...rest } = item;
  return { ...rest, attachment: attachmentOf({ attachmentId, attachmentName, attachmentSize }), versions };
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

