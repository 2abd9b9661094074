import { json, route } from '@/lib/api/route';
import { db } from '@/lib/db';
import { catalogueListQuery, listPublicCatalogueItems } from '@/lib/disclosure/catalogue';
import { parseInput } from '@/lib/errors';

export const dynamic = 'force-dynamic';

/** GET ?category=&year=&q=&page= → {items:[{indexNo, title, summary, publisher, createdOn, publishedOn, category, url}], total}. */
export const GET = route(async (request) => {
  const query = parseInput(catalogueListQuery, Object.fromEntries(new URL(request.url).searchParams));
  return json(await listPublicCatalogueItems(db(), query));
});
