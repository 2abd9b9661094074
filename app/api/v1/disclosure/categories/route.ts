import { handle } from '@/lib/api/endpoint';
import * as disclosure from '@/lib/api/endpoints/disclosure';
import { json } from '@/lib/api/route';
import { db } from '@/lib/db';
import { categoryTree } from '@/lib/disclosure/categories';

export const dynamic = 'force-dynamic';

/** GET → {items:[{code, name, nameEn, children}]}: the catalogue tree. */
export const GET = handle(disclosure.listCategories, async () => json({ items: await categoryTree(db()) }));
