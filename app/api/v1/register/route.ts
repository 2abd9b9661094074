import { registerCitizen } from '@/lib/accounts/register';
import { json, readJson, requestActor, route } from '@/lib/api/route';
import { consume } from '@/lib/ratelimit';

/** POST {name, login, password} → 201 {id, name, role}: citizen self-registration. */
export const POST = route(async (request) => {
  const actor = await requestActor();
  await consume('register', actor);
  const citizen = await registerCitizen(actor, await readJson(request, 16 * 1024));
  return json(citizen, 201);
});
