import { bigint, integer, pgTable, text, type AnyPgColumn } from 'drizzle-orm/pg-core';

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
