import { updateUser } from '@/lib/accounts/admin';
import { handle } from '@/lib/api/endpoint';
import * as accounts from '@/lib/api/endpoints/accounts';
import { json } from '@/lib/api/route';

/** PATCH {role?, departmentId?, status?, title?, bio?} → the account (admin); counts from the user's next request. */
export const PATCH = handle(accounts.updateUser, async ({ actor, params, body }) => json(await updateUser(actor, params.id, body)));
