import { json, requestActor, route } from '@/lib/api/route';
import { getLetter } from '@/lib/letters/queries';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ trackingNo: string }> };

/** GET → the letter (writer or staff), or with ?code=QUERYCODE the citizen-safe view for anyone; else 404. */
export const GET = route(async (request, { params }: Context) => {
  const { trackingNo } = await params;
  const code = new URL(request.url).searchParams.get('code');
  return json(await getLetter(await requestActor(), trackingNo, { code }));
});
