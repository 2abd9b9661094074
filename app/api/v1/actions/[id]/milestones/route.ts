import { handle } from '@/lib/api/endpoint';
import * as hotspots from '@/lib/api/endpoints/hotspots';
import { json } from '@/lib/api/route';
import { actOnMilestone } from '@/lib/hotspots/actions';

/** POST {action: add|update|done|reopen, …} → {id, milestoneId, done, total}. */
export const POST = handle(hotspots.actOnMilestone, async ({ actor, params, body }) => json(await actOnMilestone(actor, params.id, body)));
