import { json, route } from '@/lib/api/route';
import { db } from '@/lib/db';
import { notFound } from '@/lib/errors';
import { getPublishedEntry } from '@/lib/archive/public-queries';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

/** GET → one published entry; 404 for drafts and unpublished entries, as for ones that never existed. */
export const GET = route(async (_request, { params }: Context) => {
  const entry = await getPublishedEntry(db(), (await params).id);
  if (!entry) throw notFound('没有这个公开条目，或已撤下');
  return json(entry);
});
