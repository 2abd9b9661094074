import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, pgTable, text, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { departments } from '../accounts/schema';

/**
 * 诉求分类 (issue 17 item 3): the admin-edited topic tree every letter is classified under, as a 12345 hotline
 * classifies every 诉求 (城乡建设 > 物业管理 > 维修基金). Two or three levels (`level` 1..3, kept equal to the parent's
 * level + 1 by lib/topics/admin.ts); a topic is never deleted once used, only deactivated (`active = false`): letters
 * keep it and show its name, writers can no longer pick it. `departmentId`: the department a letter on this topic
 * usually goes to (suggested to the writer, never imposed). `keywords`: extra words, one per entry, that point the
 * suggestion (lib/topics/suggest.ts) at this topic besides its names.
 */
export const topics = pgTable('topics', {
  id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  parentId: bigint({ mode: 'number' }).references((): AnyPgColumn => topics.id),
  level: integer().notNull(),
  name: text().notNull(),
  nameEn: text().notNull().default(''),
  departmentId: bigint({ mode: 'number' }).references(() => departments.id),
  keywords: text().array().notNull().default(sql`'{}'::text[]`),
  active: boolean().notNull().default(true),
  sortOrder: integer().notNull().default(0),
}, (t) => [
  index('topics_parent_idx').on(t.parentId, t.sortOrder),
  check('topics_level_range', sql`${t.level} between 1 and 3`),
  check('topics_root_level', sql`(${t.parentId} is null) = (${t.level} = 1)`),
]);

/** The districts (区) of the city a letter may name: seeded for the demo city, listed in the write form. */
export const districts = pgTable('districts', {
  id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  code: text().notNull().unique(),
  name: text().notNull(),
  nameEn: text().notNull().default(''),
  active: boolean().notNull().default(true),
  sortOrder: integer().notNull().default(0),
});
