import { handle } from '@/lib/api/endpoint';
import * as hotspots from '@/lib/api/endpoints/hotspots';
import { json } from '@/lib/api/route';
import { createAction, listPublicActions } from '@/lib/hotspots/actions';

export const dynamic = 'force-dynamic';

/** GET → {items}: every 每月一题 action with its progress (public). */
export const GET = handle(hotspots.listActions, async () => json({ items: await listPublicActions() }));

/** POST (moderator, admin) → 201 {id, letters}. */
export const POST = handle(hotspots.createAction, async ({ actor, body }) => json(await createAction(actor, body), 201));
