import { sql } from 'drizzle-orm';
import { bigint, check, date, index, integer, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { users } from '../accounts/schema';

/** The catalogue tree of the government information disclosure column (DESIGN.md §6). */
export const catalogueCategories = pgTable('catalogue_categories', {
  id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  /** Stable code used in index numbers (索引号), e.g. "07" or "0702". */
  code: text().notNull().unique(),
  name: text().notNull(),
  nameEn: text().notNull(),
  parentId: bigint({ mode: 'number' }).references((): AnyPgColumn => catalogueCategories.id),
  sortOrder: integer().notNull().default(0),
});

/** 公开属性: only `proactive` (主动公开) items are public; the others are registered for the statistics. */
export const DISCLOSURE_ATTRIBUTES = ['proactive', 'on_request', 'exempt'] as const;
export type DisclosureAttribute = (typeof DISCLOSURE_ATTRIBUTES)[number];
export const disclosureAttributeEnum = pgEnum('disclosure_attribute', DISCLOSURE_ATTRIBUTES);

export const CATALOGUE_ITEM_STATUSES = ['draft', 'published', 'withdrawn'] as const;
export type CatalogueItemStatus = (typeof CATALOGUE_ITEM_STATUSES)[number];
export const catalogueItemStatusEnum = pgEnum('catalogue_item_status', CATALOGUE_ITEM_STATUSES);

/**
 * An item of the disclosure catalogue (法定主动公开内容). Published archive entries are items too (issue 5);
 * moderators create the others (issue 6).
 */
export const catalogueItems = pgTable('catalogue_items', {
  id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  publicId: text().notNull().unique(),
  /** 索引号: bureau code – category code – year – sequence; unique and never reused. */
  indexNo: text().notNull().unique(),
  categoryId: bigint({ mode: 'number' }).notNull().references(() => catalogueCategories.id),
  title: text().notNull(),
  summary: text().notNull(),
  body: text().notNull().default(''),
  /** 发布机构 */
  publisher: text().notNull(),
  attribute: disclosureAttributeEnum().notNull().default('proactive'),
  status: catalogueItemStatusEnum().notNull().default('draft'),
  /** 生成日期 (Beijing date the information was made). */
  generatedOn: date({ mode: 'string' }).notNull(),
  publishedAt: timestamp({ withTimezone: true }),
  withdrawnAt: timestamp({ withTimezone: true }),
  withdrawReason: text(),
  /** Where the item comes from, when the platform made it: `/archive/<id>` for an archive entry. */
  sourceUrl: text(),
  createdById: bigint({ mode: 'number' }).references(() => users.id),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  version: integer().notNull().default(1),
}, (t) => [
  index('catalogue_items_public_idx').on(t.status, t.attribute, t.categoryId, t.publishedAt),
  index('catalogue_items_published_idx').on(t.publishedAt),
  // One catalogue item per platform page (an archive entry is published, unpublished and republished as one item).
  uniqueIndex('catalogue_items_source_idx').on(t.sourceUrl),
]);

/** The last sequence number handed out per category and year; the row lock makes index numbers gap-free. */
export const catalogueSequences = pgTable('catalogue_sequences', {
  categoryId: bigint({ mode: 'number' }).notNull().references(() => catalogueCategories.id),
  year: integer().notNull(),
  lastSeq: integer().notNull().default(0),
}, (t) => [primaryKey({ columns: [t.categoryId, t.year] }), check('catalogue_sequences_year', sql`${t.year} between 2000 and 2999`)]);
