import { handle } from '@/lib/api/endpoint';
import * as admin from '@/lib/api/endpoints/admin';
import { json } from '@/lib/api/route';
import { listOutbox } from '@/lib/notifications';

export const dynamic = 'force-dynamic';

/** GET ?to=&page= → {items: [{id, to, subject, text, createdAt, sentAt, attempts, lastError}], total, page, pageSize}, newest first (admin). */
export const GET = handle(admin.listOutbox, async ({ actor, query }) => json(await listOutbox(actor, query)));
