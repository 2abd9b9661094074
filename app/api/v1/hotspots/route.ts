import { handle } from '@/lib/api/endpoint';
import * as hotspots from '@/lib/api/endpoints/hotspots';
import { json } from '@/lib/api/route';
import { weeklyHotspots } from '@/lib/hotspots';

export const dynamic = 'force-dynamic';

/** GET ?week=YYYY-Www → the week's hotspots (leaders, moderators, admins). */
export const GET = handle(hotspots.readHotspots, async ({ actor, query }) => json(await weeklyHotspots(actor, query)));
