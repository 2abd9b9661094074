import { json } from '@/lib/api/route';
import { open311Route } from '@/lib/api/open311';
import { assertOpen311Format, getOpen311Request } from '@/lib/letters/open311';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

/** GET /open311/v2/requests/{id}.json → [one public request]; not public or unknown → 404 [{code, description}]. */
export const GET = open311Route(async (request, { params }: Context) => {
  const { id } = await params;
  const [, trackingNo = id, extension] = /^(.*?)(?:\.([A-Za-z0-9]+))?$/.exec(id) ?? [];
  assertOpen311Format(extension ?? new URL(request.url).searchParams.get('format'));
  return json([await getOpen311Request(trackingNo)]);
});
