import { listDepartments } from '@/lib/accounts/departments';
import { json, route } from '@/lib/api/route';
import { db } from '@/lib/db';

export const dynamic = 'force-dynamic';

/** GET → {items:[{id, name, …}]}: the departments a letter can be addressed to. */
export const GET = route(async () => {
  const items = await listDepartments(db());
  return json({ items });
});
