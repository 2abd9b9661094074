import { json, readJson, requestActor, route } from '@/lib/api/route';
import { reportEntry } from '@/lib/archive/flags';
import { consume } from '@/lib/ratelimit';

type Context = { params: Promise<{ id: string }> };

/** POST (signed in) {reason} → 201 {id, status: "open", duplicate}; a second report of the same entry returns the open one. */
export const POST = route(async (request, { params }: Context) => {
  const actor = await requestActor();
  await consume('flag', actor);
  const result = await reportEntry(actor, (await params).id, await readJson(request, 8 * 1024));
  return json(result, result.duplicate ? 200 : 201);
});
