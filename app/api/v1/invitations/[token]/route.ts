import { acceptInvitation } from '@/lib/accounts/invitations';
import { handle } from '@/lib/api/endpoint';
import * as accounts from '@/lib/api/endpoints/accounts';
import { json } from '@/lib/api/route';

/**
 * POST {password} → 201 {id, email, role}: the invited account exists and can sign in; used/expired/revoked → 410.
 * Public (the token is the credential); counted against `password.link` before the body is read.
 */
export const POST = handle(accounts.acceptInvitation, async ({ actor, params, body }) => json(await acceptInvitation(actor, params.token, body), 201));
