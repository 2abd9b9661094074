import { randomUUID } from 'node:crypto';
import { and, asc, count, desc, eq, gte, ilike, isNotNull, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { organisation } from '../accounts/schema';
import { chinaDate, chinaYear } from '../calendar/workdays';
import type { Db, Tx } from '../db';
import { notFound } from '../errors';
import { catalogueCategories, catalogueItems, catalogueSequences, disclosureFiles } from './schema';

/**
 * The disclosure catalogue's items (法定主动公开内容). Index numbers (索引号) are
 * `<bureau code>-<category code>-<year>-<5-digit sequence>`, e.g. `XM-WL-10-2026-00001`: allocated once, at the first
 * publication, from a per-category-and-year counter whose row lock makes them gap-free; an item keeps its number for
 * good (withdrawn, republished, or moved to another category), because citations use it.
 */

export function formatIndexNo(bureauCode: string, categoryCode: string, year: number, seq: number): string {
  return `${bureauCode}-${categoryCode}-${year}-${String(seq).padStart(5, '0')}`;
}

/** The next index number of a category and year; call inside the transaction that uses it. */
export async function allocateIndexNo(tx: Tx, categoryId: number, year: number): Promise<string> {
  const [counter] = await tx
    .insert(catalogueSequences)
    .values({ categoryId, year, lastSeq: 1 })
    .onConflictDoUpdate({
      target: [catalogueSequences.categoryId, catalogueSequences.year],
      set: { lastSeq: sql`${catalogueSequences.lastSeq} + 1` },
    })
    .returning({ seq: catalogueSequences.lastSeq });
  const [names] = await tx
    .select({ bureau: organisation.code, category: catalogueCategories.code })
    .from(catalogueCategories)
    .leftJoin(organisation, eq(organisation.id, 1))
    .where(eq(catalogueCategories.id, categoryId));
  if (!names) throw notFound('目录分类不存在');
  return formatIndexNo(names.bureau ?? 'MS', names.category, year, counter!.seq);
}

export interface ArchiveCatalogueInput {
  /** The platform page the item points at, e.g. `/archive/<publicId>`; one item per page. */
  sourceUrl: string;
  categoryId: number;
  title: string;
  summary: string;
  /** 生成日期: Beijing date, YYYY-MM-DD. */
  generatedOn: string;
  publisher: string;
  actorId: number;
}

/**
 * Publishes (主动公开) the catalogue item of an archive entry: created with a new index number the first time,
 * updated and republished afterwards. Runs in the caller's transaction.
 */
export async function upsertArchiveCatalogueItem(tx: Tx, input: ArchiveCatalogueInput, now = new Date()): Promise<{ id: number; indexNo: string }> {
  const [existing] = await tx
    .select({ id: catalogueItems.id, indexNo: catalogueItems.indexNo, status: catalogueItems.status, publishedAt: catalogueItems.publishedAt })
    .from(catalogueItems)
    .where(eq(catalogueItems.sourceUrl, input.sourceUrl))
    .for('update');
  const fields = {
    categoryId: input.categoryId,
    title: input.title,
    summary: input.summary,
    publisher: input.publisher,
    attribute: 'proactive' as const,
    status: 'published' as const,
    withdrawnAt: null,
    withdrawReason: null,
    updatedAt: now,
  };
  if (existing) {
    // Editing a published item keeps its 发布日期; republishing a withdrawn one is a new publication.
    const publishedAt = existing.status === 'published' && existing.publishedAt ? existing.publishedAt : now;
    await tx
      .update(catalogueItems)
      .set({ ...fields, publishedAt, version: sql`${catalogueItems.version} + 1` })
      .where(eq(catalogueItems.id, existing.id));
    return { id: existing.id, indexNo: existing.indexNo };
  }
  const indexNo = await allocateIndexNo(tx, input.categoryId, chinaYear(now));
  const [created] = await tx
    .insert(catalogueItems)
    .values({
      ...fields,
      publicId: randomUUID(),
      indexNo,
      generatedOn: input.generatedOn,
      publishedAt: now,
      sourceUrl: input.sourceUrl,
      createdById: input.actorId,
    })
    .returning({ id: catalogueItems.id, indexNo: catalogueItems.indexNo });
  return created!;
}

/** Takes an item out of the public catalogue (its index number stays reserved). */
export async function withdrawCatalogueItem(tx: Tx, itemId: number, reason: string): Promise<void> {
  const now = new Date();
  await tx
    .update(catalogueItems)
    .set({ status: 'withdrawn', withdrawnAt: now, withdrawReason: reason, updatedAt: now, version: sql`${catalogueItems.version} + 1` })
    .where(eq(catalogueItems.id, itemId));
}

// ---- Public reads: only published 主动公开 items ----

/** List filter `kind`: `interpretation` = 政策解读 only. */
export const CATALOGUE_KINDS = ['interpretation'] as const;

const categoryCode = z.string().regex(/^\d{2}(\d{2})?$/, { message: '分类代码应为 2 或 4 位数字' });

export const catalogueListQuery = z.object({
  category: categoryCode.optional().meta({ description: '分类代码，含下级分类 — category code, children included' }),
  year: z.coerce.number({ message: '年份应为数字' }).int().min(2000, { message: '年份超出范围' }).max(2999, { message: '年份超出范围' }).optional(),
  q: z.string().trim().max(50, { message: '关键词不超过 50 个字' }).optional().meta({ description: '标题或索引号中的关键词' }),
  kind: z.enum(CATALOGUE_KINDS, { message: '类型只能是 interpretation' }).optional()
    .meta({ description: 'interpretation: 只列政策解读 — only policy interpretations (items that interpret another)' }),
  page: z.coerce.number({ message: '页码应为数字' }).int().min(1, { message: '页码从 1 开始' }).max(10_000, { message: '页码过大' }).default(1),
  pageSize: z.coerce.number({ message: '每页条数应为数字' }).int().min(1).max(100, { message: '每页最多 100 条' }).default(20),
});
export type CatalogueListQuery = z.infer<typeof catalogueListQuery>;

export interface PublicCatalogueItem {
  id: string;
  indexNo: string;
  title: string;
  summary: string;
  publisher: string;
  /** 生成日期 */
  createdOn: string;
  /** 发布日期 (Beijing date) */
  publishedOn: string;
  publishedAt: Date | null;
  category: { code: string; name: string; nameEn: string };
  /** Where to read it: the source page (an archive entry) or the item's own page. */
  url: string;
  /** 政策解读: the item interprets another (shown whether or not that one is still public). */
  interpretation: boolean;
}

/** A link between a policy document and its interpretation, as the public sees it. */
export interface CatalogueLink {
  id: string;
  indexNo: string;
  title: string;
  publishedOn: string;
  url: string;
}

const itemColumns = {
  id: catalogueItems.publicId,
  indexNo: catalogueItems.indexNo,
  title: catalogueItems.title,
  summary: catalogueItems.summary,
  publisher: catalogueItems.publisher,
  generatedOn: catalogueItems.generatedOn,
  publishedAt: catalogueItems.publishedAt,
  sourceUrl: catalogueItems.sourceUrl,
  categoryCode: catalogueCategories.code,
  categoryName: catalogueCategories.name,
  categoryNameEn: catalogueCategories.nameEn,
  interpretsItemId: catalogueItems.interpretsItemId,
};

type ItemRow = {
  id: string; indexNo: string; title: string; summary: string; publisher: string; generatedOn: string; publishedAt: Date | null; sourceUrl: string | null;
  categoryCode: string; categoryName: string; categoryNameEn: string; interpretsItemId: number | null;
};

function toPublic(row: ItemRow): PublicCatalogueItem {
  return {
    id: row.id,
    indexNo: row.indexNo,
    title: row.title,
    summary: row.summary,
    publisher: row.publisher,
    createdOn: row.generatedOn,
    publishedOn: row.publishedAt ? chinaDate(row.publishedAt) : row.generatedOn,
    publishedAt: row.publishedAt,
    category: { code: row.categoryCode, name: row.categoryName, nameEn: row.categoryNameEn },
    url: row.sourceUrl ?? `/disclosure/items/${row.id}`,
    interpretation: row.interpretsItemId !== null,
  };
}

const isPublic = and(eq(catalogueItems.status, 'published'), eq(catalogueItems.attribute, 'proactive'));

/** Beijing-year bounds as instants, so the year filter can use the published_at index. */
function yearRange(year: number): SQL {
  return and(
    gte(catalogueItems.publishedAt, new Date(`${year}-01-01T00:00:00+08:00`)),
    lt(catalogueItems.publishedAt, new Date(`${year + 1}-01-01T00:00:00+08:00`)),
  )!;
}

export async function listPublicCatalogueItems(db: Db | Tx, query: CatalogueListQuery) {
  const conditions: SQL[] = [isPublic!];
  if (query.category) conditions.push(sql`${catalogueCategories.code} like ${`${query.category}%`}`);
  if (query.year) conditions.push(yearRange(query.year));
  if (query.kind === 'interpretation') conditions.push(isNotNull(catalogueItems.interpretsItemId));
  if (query.q) {
    const pattern = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(or(ilike(catalogueItems.title, pattern), ilike(catalogueItems.indexNo, pattern))!);
  }
  const where = and(...conditions);
  const [rows, [total]] = await Promise.all([
    db
      .select(itemColumns)
      .from(catalogueItems)
      .innerJoin(catalogueCategories, eq(catalogueCategories.id, catalogueItems.categoryId))
      .where(where)
      .orderBy(desc(catalogueItems.publishedAt), desc(catalogueItems.id))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    db
      .select({ n: count() })
      .from(catalogueItems)
      .innerJoin(catalogueCategories, eq(catalogueCategories.id, catalogueItems.categoryId))
      .where(where),
  ]);
  return { items: rows.map(toPublic), total: total?.n ?? 0, page: query.page, pageSize: query.pageSize };
}

/**
 * The newest public items of the bureau's own (home page): not the archive's answers (those have a source page and
 * are listed apart as answers). Read through catalogue_items_own_idx; no count.
 */
export async function latestOwnCatalogueItems(db: Db | Tx, limit = 5): Promise<PublicCatalogueItem[]> {
  const rows = await db
    .select(itemColumns)
    .from(catalogueItems)
    .innerJoin(catalogueCategories, eq(catalogueCategories.id, catalogueItems.categoryId))
    .where(and(isPublic, isNull(catalogueItems.sourceUrl)))
    .orderBy(desc(catalogueItems.publishedAt), desc(catalogueItems.id))
    .limit(limit);
  return rows.map(toPublic);
}

/**
 * The bureau's own public items (not the archive's answers) whose title holds one of `words`, newest first, with
 * their summaries: the similar-answers suggestions (lib/archive/similar.ts) score them. A few hundred rows at most.
 */
export async function ownCatalogueItemsMatching(db: Db | Tx, words: string[], limit: number): Promise<PublicCatalogueItem[]> {
  if (words.length === 0) return [];
  const anyWord = or(...words.map((w) => ilike(catalogueItems.title, `%${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)))!;
  const rows = await db
    .select(itemColumns)
    .from(catalogueItems)
    .innerJoin(catalogueCategories, eq(catalogueCategories.id, catalogueItems.categoryId))
    .where(and(isPublic, isNull(catalogueItems.sourceUrl), anyWord))
    .orderBy(desc(catalogueItems.publishedAt), desc(catalogueItems.id))
    .limit(limit);
  return rows.map(toPublic);
}

export interface AttachmentView {
  /** Download at /disclosure/files/<id>. */
  id: string;
  fileName: string;
  sizeBytes: number;
}

const attachmentColumns = { attachmentId: disclosureFiles.publicId, attachmentName: disclosureFiles.fileName, attachmentSize: disclosureFiles.sizeBytes };

export function attachmentOf(row: { attachmentId: string | null; attachmentName: string | null; attachmentSize: number | null }): AttachmentView | null {
  return row.attachmentId ? { id: row.attachmentId, fileName: row.attachmentName!, sizeBytes: row.attachmentSize! } : null;
}

export type PublicCatalogueItemDetail = PublicCatalogueItem & {
  body: string;
  attachment: AttachmentView | null;
  /** The policy document this item interprets, while that one is public; null otherwise. */
  interprets: CatalogueLink | null;
  /** The public interpretations (政策解读) of this item, oldest first. */
  interpretations: CatalogueLink[];
};

const linkColumns = {
  id: catalogueItems.publicId, indexNo: catalogueItems.indexNo, title: catalogueItems.title, publishedAt: catalogueItems.publishedAt,
  generatedOn: catalogueItems.generatedOn, sourceUrl: catalogueItems.sourceUrl,
};

function toLink(row: { id: string; indexNo: string; title: string; publishedAt: Date | null; generatedOn: string; sourceUrl: string | null }): CatalogueLink {
  return {
    id: row.id, indexNo: row.indexNo, title: row.title,
    publishedOn: row.publishedAt ? chinaDate(row.publishedAt) : row.generatedOn,
    url: row.sourceUrl ?? `/disclosure/items/${row.id}`,
  };
}

const target = alias(catalogueItems, 'interpreted');

/**
 * One public item by its public id or its index number; null when absent, withdrawn or not 主动公开. With the links of
 * 政策解读 both ways, each shown only while the other item is public too.
 */
export async function getPublicCatalogueItem(db: Db | Tx, idOrIndexNo: string): Promise<PublicCatalogueItemDetail | null> {
  const [row] = await db
    .select({
      ...itemColumns, body: catalogueItems.body, ...attachmentColumns, itemId: catalogueItems.id,
      // The interpreted document, only while it is public itself.
      targetId: target.publicId, targetIndexNo: target.indexNo, targetTitle: target.title, targetPublishedAt: target.publishedAt,
      targetGeneratedOn: target.generatedOn, targetSourceUrl: target.sourceUrl,
    })
    .from(catalogueItems)
    .innerJoin(catalogueCategories, eq(catalogueCategories.id, catalogueItems.categoryId))
    .leftJoin(disclosureFiles, eq(disclosureFiles.id, catalogueItems.attachmentFileId))
    .leftJoin(target, and(eq(target.id, catalogueItems.interpretsItemId), eq(target.status, 'published'), eq(target.attribute, 'proactive')))
    .where(and(isPublic, or(eq(catalogueItems.publicId, idOrIndexNo), eq(catalogueItems.indexNo, idOrIndexNo))));
  if (!row) return null;
  const interpretations = await db
    .select(linkColumns)
    .from(catalogueItems)
    .where(and(isPublic, eq(catalogueItems.interpretsItemId, row.itemId)))
    .orderBy(asc(catalogueItems.publishedAt), asc(catalogueItems.id))
    .limit(100);
  const interprets = row.targetId
    ? toLink({ id: row.targetId, indexNo: row.targetIndexNo!, title: row.targetTitle!, publishedAt: row.targetPublishedAt, generatedOn: row.targetGeneratedOn!, sourceUrl: row.targetSourceUrl })
    : null;
  return { ...toPublic(row), body: row.body, attachment: attachmentOf(row), interprets, interpretations: interpretations.map(toLink) };
}

/** Category id by code (curation forms send codes). */
export async function categoryIdByCode(db: Db | Tx, code: string): Promise<number | null> {
  const [row] = await db.select({ id: catalogueCategories.id }).from(catalogueCategories).where(eq(catalogueCategories.code, code));
  return row?.id ?? null;
}
