import { updateUser } from '@/lib/accounts/admin';
import { json, readJson, requestActor, route } from '@/lib/api/route';

/** PATCH {role?, departmentId?, status?} → the account (admin); counts from the user's next request. */
export const PATCH = route(async (request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  return json(await updateUser(await requestActor(), id, await readJson(request, 4 * 1024)));
});
