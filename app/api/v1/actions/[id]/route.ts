import { handle } from '@/lib/api/endpoint';
import * as hotspots from '@/lib/api/endpoints/hotspots';
import { json } from '@/lib/api/route';
import { notFound } from '@/lib/errors';
import { publicActionJson, readAction, updateAction } from '@/lib/hotspots/actions';

export const dynamic = 'force-dynamic';

/** GET → the action, its milestones and the number of linked letters (public). */
export const GET = handle(hotspots.readAction, async ({ params }) => {
  const action = await readAction(params.id);
  if (!action) throw notFound('没有这项行动');
  return json(publicActionJson(action));
});

/** PATCH (moderator, admin) → {id, version}. */
export const PATCH = handle(hotspots.updateAction, async ({ actor, params, body }) => json(await updateAction(actor, params.id, body)));
