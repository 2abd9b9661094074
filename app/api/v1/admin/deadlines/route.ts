import { json, readJson, requestActor, route } from '@/lib/api/route';
import { getDeadlines, updateDeadlines } from '@/lib/letters/deadline-settings';

export const dynamic = 'force-dynamic';

/** GET → {inquiry, suggestion, complaint, triage} in working days (admin). */
export const GET = route(async () => json(await getDeadlines(await requestActor())));

/** PATCH {inquiry?, suggestion?, complaint?, triage?} (integers 1–60) → the limits; open letters follow. */
export const PATCH = route(async (request) => {
  const actor = await requestActor();
  return json(await updateDeadlines(actor, await readJson(request, 4 * 1024)));
});
