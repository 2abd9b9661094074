import { json, requestActor, route } from '@/lib/api/route';
import { getApplication } from '@/lib/disclosure/applications';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ trackingNo: string }> };

/** GET → the application for its applicant or the disclosure staff; anyone else 404. */
export const GET = route(async (_request, { params }: Context) => {
  const { trackingNo } = await params;
  return json(await getApplication(await requestActor(), trackingNo));
});
