import { handle } from '@/lib/api/endpoint';
import * as archive from '@/lib/api/endpoints/archive';
import { json } from '@/lib/api/route';
import { db } from '@/lib/db';
import { notFound } from '@/lib/errors';
import { getPublishedEntry } from '@/lib/archive/public-queries';

export const dynamic = 'force-dynamic';

/** GET → one published entry; 404 for drafts and unpublished entries, as for ones that never existed. */
export const GET = handle(archive.readArchiveEntry, async ({ params }) => {
  const entry = await getPublishedEntry(db(), params.id);
  if (!entry) throw notFound('没有这个公开条目，或已撤下');
  return json(entry);
});
