import { registerCitizen } from '@/lib/accounts/register';
import { handle } from '@/lib/api/endpoint';
import * as accounts from '@/lib/api/endpoints/accounts';
import { json } from '@/lib/api/route';
import { requestWantsEnglish } from '@/lib/errors/english';

/** POST {name, login, password} → 201 {id, name, role}: citizen self-registration (in the request's language: users.locale). */
export const POST = handle(accounts.register, async ({ actor, body, request }) =>
  json(await registerCitizen(actor, body, requestWantsEnglish(request) ? 'en' : 'zh-CN'), 201));
