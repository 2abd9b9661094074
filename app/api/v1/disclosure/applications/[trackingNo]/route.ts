import { json, requestActor, route } from '@/lib/api/route';
import { getApplication } from '@/lib/disclosure/applications';
import { consume } from '@/lib/ratelimit';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ trackingNo: string }> };

/** GET → the application for its applicant or the disclosure staff; anyone else 404. */
export const GET = route(async (_request, { params }: Context) => {
  const { trackingNo } = await params;
  const actor = await requestActor();
  await consume('lookup', actor); // by tracking number: anyone else's number is a 404, so probing them is limited
  return json(await getApplication(actor, trackingNo));
});
