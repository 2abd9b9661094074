import { json, route } from '@/lib/api/route';
import { db } from '@/lib/db';
import { categoryTree } from '@/lib/disclosure/categories';

export const dynamic = 'force-dynamic';

/** GET → {items:[{code, name, nameEn, children}]}: the catalogue tree. */
export const GET = route(async () => json({ items: await categoryTree(db()) }));
