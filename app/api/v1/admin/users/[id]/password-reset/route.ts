import { forcePasswordReset } from '@/lib/accounts/admin';
import { handle } from '@/lib/api/endpoint';
import * as accounts from '@/lib/api/endpoints/accounts';
import { json } from '@/lib/api/route';

/** POST → 200 the account (admin): its password stops working, its sessions end, a reset link is e-mailed. */
export const POST = handle(accounts.forcePasswordReset, async ({ actor, params }) => json(await forcePasswordReset(actor, params.id)));
