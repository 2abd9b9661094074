import { listDepartments } from '@/lib/accounts/departments';
import { handle } from '@/lib/api/endpoint';
import * as letters from '@/lib/api/endpoints/letters';
import { json } from '@/lib/api/route';
import { db } from '@/lib/db';

export const dynamic = 'force-dynamic';

/** GET → {items:[{id, name, …}]}: the departments a letter can be addressed to. */
export const GET = handle(letters.listDepartments, async () => json({ items: await listDepartments(db()) }));
