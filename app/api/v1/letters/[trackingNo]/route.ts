import { json, requestActor, route } from '@/lib/api/route';
import { getLetter } from '@/lib/letters/queries';
import { consume } from '@/lib/ratelimit';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ trackingNo: string }> };

/** GET → the letter (writer or staff), or with ?code=QUERYCODE the citizen-safe view for anyone; else 404. */
export const GET = route(async (request, { params }: Context) => {
  const { trackingNo } = await params;
  const code = new URL(request.url).searchParams.get('code');
  const actor = await requestActor();
  // A query-code look-up is open to anyone: limited, so tracking numbers cannot be enumerated at speed.
  if (code !== null) await consume('lookup', actor);
  return json(await getLetter(actor, trackingNo, { code }));
});
