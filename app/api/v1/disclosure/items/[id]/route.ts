import { handle } from '@/lib/api/endpoint';
import * as disclosure from '@/lib/api/endpoints/disclosure';
import { json } from '@/lib/api/route';
import { db } from '@/lib/db';
import { getPublicCatalogueItem } from '@/lib/disclosure/catalogue';
import { notFound } from '@/lib/errors';

export const dynamic = 'force-dynamic';

/** GET → one published 主动公开 item with its 政策解读 links; 404 for drafts, withdrawn and non-public items as for absent ones. */
export const GET = handle(disclosure.readCatalogueItem, async ({ params }) => {
  const item = await getPublicCatalogueItem(db(), params.id);
  if (!item) throw notFound('没有这个公开目录条目，或已撤回');
  return json(item);
});
