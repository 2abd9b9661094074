import { registerCitizen } from '@/lib/accounts/register';
import { json, readJson, requestActor, route } from '@/lib/api/route';

/** POST {name, login, password} → 201 {id, name, role}: citizen self-registration. */
export const POST = route(async (request) => {
  const citizen = await registerCitizen(await requestActor(), await readJson(request, 16 * 1024));
  return json(citizen, 201);
});
