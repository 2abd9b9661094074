import { json, readJson, requestActor, route } from '@/lib/api/route';
import { createInterview } from '@/lib/interviews/operations';
import { listInterviews } from '@/lib/interviews/queries';

export const dynamic = 'force-dynamic';

/** GET → {items:[{id, slug, title, status, scheduledStart, guests, …}]}: live, upcoming, then past. */
export const GET = route(async () => {
  const lists = await listInterviews();
  return json({ items: [...lists.live, ...lists.upcoming, ...lists.past] });
});

/** POST (moderator) {title, summary, guestIds, scheduledStart, scheduledEnd, …} → 201 {id, slug}. */
export const POST = route(async (request) => json(await createInterview(await requestActor(), await readJson(request, 32 * 1024)), 201));
