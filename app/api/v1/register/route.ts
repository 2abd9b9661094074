import { registerCitizen } from '@/lib/accounts/register';
import { handle } from '@/lib/api/endpoint';
import * as accounts from '@/lib/api/endpoints/accounts';
import { json } from '@/lib/api/route';

/** POST {name, login, password} → 201 {id, name, role}: citizen self-registration. */
export const POST = handle(accounts.register, async ({ actor, body }) => json(await registerCitizen(actor, body), 201));
