import { revokeInvitation } from '@/lib/accounts/invitations';
import { handle } from '@/lib/api/endpoint';
import * as accounts from '@/lib/api/endpoints/accounts';
import { json } from '@/lib/api/route';

/** DELETE → 200 the revoked invitation (admin); used, expired or already revoked → 409. */
export const DELETE = handle(accounts.revokeInvitation, async ({ actor, params }) => json(await revokeInvitation(actor, params.id)));
