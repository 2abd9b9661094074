import { desc, eq } from 'drizzle-orm';
import type { Db, Tx } from '../db';
import { archiveEntries } from './schema';

/**
 * The sitemap's read of published entries (the feed reads through listArchive). Only `published` rows, read on every
 * request (sitemap.xml is dynamic), so an unpublished entry leaves it at once.
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
