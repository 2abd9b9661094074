import { handle } from '@/lib/api/endpoint';
import * as disclosure from '@/lib/api/endpoints/disclosure';
import { json } from '@/lib/api/route';
import { db } from '@/lib/db';
import { listPublicCatalogueItems } from '@/lib/disclosure/catalogue';

export const dynamic = 'force-dynamic';

/** GET ?category=&year=&q=&page= → {items:[{indexNo, title, summary, publisher, createdOn, publishedOn, category, url}], total}. */
export const GET = handle(disclosure.listCatalogueItems, async ({ query }) => json(await listPublicCatalogueItems(db(), query)));
