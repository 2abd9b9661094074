import { createInvitation, listInvitations } from '@/lib/accounts/invitations';
import { handle } from '@/lib/api/endpoint';
import * as accounts from '@/lib/api/endpoints/accounts';
import { json } from '@/lib/api/route';

export const dynamic = 'force-dynamic';

/** GET ?page=&status= → {items, total, page, pageSize} (admin). */
export const GET = handle(accounts.listInvitations, async ({ actor, query }) => json(await listInvitations(actor, query)));

/** POST {email, name, role, departmentId?, title?, locale?} → 201 {id, expiresAt, locale}; the link goes by e-mail only (admin). */
export const POST = handle(accounts.createInvitation, async ({ actor, body }) => json(await createInvitation(actor, body), 201));
