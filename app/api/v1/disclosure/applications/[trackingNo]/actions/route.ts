import { json, requestActor, route } from '@/lib/api/route';
import { actOnApplication, getApplication } from '@/lib/disclosure/applications';
import { readActionRequest } from '@/lib/disclosure/application-http';
import { consume, isPublicActor } from '@/lib/ratelimit';

type Context = { params: Promise<{ trackingNo: string }> };

/** POST {action, …} (JSON, or multipart with a reply's `document`) → 200 with the application as the actor now sees it. */
export const POST = route(async (request, { params }: Context) => {
  const { trackingNo } = await params;
  const actor = await requestActor();
  if (isPublicActor(actor)) await consume('application.followup', actor);
  const { input, document } = await readActionRequest(request);
  await actOnApplication(actor, trackingNo, input, { document });
  return json(await getApplication(actor, trackingNo));
});
