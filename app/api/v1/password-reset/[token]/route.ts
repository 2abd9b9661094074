import { resetPassword } from '@/lib/accounts/password-reset';
import { handle } from '@/lib/api/endpoint';
import * as accounts from '@/lib/api/endpoints/accounts';
import { json } from '@/lib/api/route';

/** POST {password} → 200: the new password counts and every session of the account has ended; used/expired → 410. */
export const POST = handle(accounts.resetPassword, async ({ actor, params, body }) => json(await resetPassword(actor, params.token, body)));
