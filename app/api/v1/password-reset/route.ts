import { RESET_REQUESTED_MESSAGE, requestPasswordReset } from '@/lib/accounts/password-reset';
import { handle } from '@/lib/api/endpoint';
import * as accounts from '@/lib/api/endpoints/accounts';
import { json } from '@/lib/api/route';

/** POST {login} → 202 whether or not the account exists (throttled per address: `password.reset`). */
export const POST = handle(accounts.requestPasswordReset, async ({ actor, body }) => {
  await requestPasswordReset(actor, body);
  return json({ message: RESET_REQUESTED_MESSAGE }, 202);
});
