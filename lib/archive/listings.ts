import { asc, desc, eq, max, min } from 'drizzle-orm';
import { chinaYear } from '../calendar/workdays';
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

/**
 * The archive page's choices: departments (by public id, as the list filter takes them) and the years from the
 * first to the last with entries (min/max read from archive_entries_year_idx, not a scan of every published row).
 */
export async function archiveFilterOptions(db: Db | Tx): Promise<{ departments: Array<{ id: string; name: string; nameEn: string }>; years: number[] }> {
  const [depts, [range]] = await Promise.all([
    db.select({ id: departments.publicId, name: departments.name, nameEn: departments.nameEn }).from(departments).where(eq(departments.active, true)).orderBy(asc(departments.sortOrder), asc(departments.id)),
    db.select({ first: min(archiveEntries.year), last: max(archiveEntries.year) }).from(archiveEntries).where(eq(archiveEntries.status, 'published')),
  ]);
  const current = chinaYear();
  const last = Math.max(current, range?.last ?? current);
  const first = Math.max(Math.min(range?.first ?? current, last), last - 29);
  return { departments: depts, years: Array.from({ length: last - first + 1 }, (_, i) => last - i) };
}
