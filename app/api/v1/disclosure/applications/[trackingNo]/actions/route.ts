import { handle } from '@/lib/api/endpoint';
import * as disclosure from '@/lib/api/endpoints/disclosure';
import { json } from '@/lib/api/route';
import { actOnApplication, getApplication } from '@/lib/disclosure/applications';
import { readActionRequest } from '@/lib/disclosure/application-http';

/** POST {action, …} (JSON, or multipart with a reply's `document`) → 200 with the application as the actor now sees it. */
export const POST = handle(disclosure.actOnApplication, async ({ request, actor, params }) => {
  const { input, document } = await readActionRequest(request);
  await actOnApplication(actor, params.trackingNo, input, { document });
  return json(await getApplication(actor, params.trackingNo));
});
