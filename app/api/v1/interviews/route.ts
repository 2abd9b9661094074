import { handle } from '@/lib/api/endpoint';
import * as interviews from '@/lib/api/endpoints/interviews';
import { json } from '@/lib/api/route';
import { createInterview } from '@/lib/interviews/operations';
import { listInterviews } from '@/lib/interviews/queries';

export const dynamic = 'force-dynamic';

/** GET → {items:[{id, slug, title, status, scheduledStart, guests, …}]}: live, upcoming, then past. */
export const GET = handle(interviews.listInterviews, async () => {
  const lists = await listInterviews();
  return json({ items: [...lists.live, ...lists.upcoming, ...lists.past] });
});

/** POST (moderator) {title, summary, guestIds, scheduledStart, scheduledEnd, …} → 201 {id, slug}. */
export const POST = handle(interviews.createInterview, async ({ actor, body }) => json(await createInterview(actor, body), 201));
