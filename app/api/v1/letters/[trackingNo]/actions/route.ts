import { json, readJson, requestActor, route } from '@/lib/api/route';
import { actOnLetter } from '@/lib/letters/operations';
import { getLetter } from '@/lib/letters/queries';
import { consume, isPublicActor } from '@/lib/ratelimit';

type Context = { params: Promise<{ trackingNo: string }> };

/** POST {action, …} → 200 with the letter as the actor now sees it (API.md "Letters"). */
export const POST = route(async (request, { params }: Context) => {
  const { trackingNo } = await params;
  const actor = await requestActor();
  if (isPublicActor(actor)) await consume('letter.followup', actor);
  await actOnLetter(actor, trackingNo, await readJson(request, 32 * 1024));
  return json(await getLetter(actor, trackingNo));
});
