import { asc, desc, eq } from 'drizzle-orm';
import type { Db, Tx } from '../db';
import { departments } from '../accounts/schema';
import { archiveEntries } from './schema';

/**
 * Small public reads beside lib/archive/public-queries.ts: the sitemap's addresses and the archive page's filter
 * choices. Only `published` rows, read on every request (the pages and sitemap.xml are dynamic), so an unpublished
 * entry leaves them at once.
 */

/** Every published entry's address and last change, newest first, for sitemap.xml (capped: a sitemap holds 50,000 URLs). */
export async function publishedEntryPaths(db: Db | Tx, limit = 45_000): Promise<Array<{ path: string; updatedAt: Date }>> {
  const rows = await db
    .select({ id: archiveEntries.publicId, updatedAt: archiveEntries.updatedAt })
    .from(archiveEntries)
    .where(eq(archiveEntries.status, 'published'))
    .orderBy(desc(archiveEntries.publishedAt), desc(archiveEntries.id))
    .limit(limit);
  return rows.map((r) => ({ path: `/archive/${r.id}`, updatedAt: r.updatedAt }));
}

/** The archive page's choices: departments (by the id the list filter takes) and the years that have entries. */
export async function archiveFilterOptions(db: Db | Tx): Promise<{ departments: Array<{ id: number; name: string; nameEn: string }>; years: number[] }> {
  const [depts, years] = await Promise.all([
    db.select({ id: departments.id, name: departments.name, nameEn: departments.nameEn }).from(departments).where(eq(departments.active, true)).orderBy(asc(departments.sortOrder), asc(departments.id)),
    db.selectDistinct({ year: archiveEntries.year }).from(archiveEntries).where(eq(archiveEntries.status, 'published')).orderBy(desc(archiveEntries.year)).limit(30),
  ]);
  const current = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));
  const all = new Set([current, ...years.map((y) => y.year)]);
  return { departments: depts, years: [...all].sort((a, b) => b - a) };
}
