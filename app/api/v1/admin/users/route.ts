import { listUsers } from '@/lib/accounts/admin';
import { handle } from '@/lib/api/endpoint';
import * as accounts from '@/lib/api/endpoints/accounts';
import { json } from '@/lib/api/route';

export const dynamic = 'force-dynamic';

/** GET ?page=&role=&q= → {items, total, page, pageSize} (admin). */
export const GET = handle(accounts.listUsers, async ({ actor, query }) => json(await listUsers(actor, query)));
