import { handle } from '@/lib/api/endpoint';
import * as open311 from '@/lib/api/endpoints/open311';
import { json } from '@/lib/api/route';
import { assertOpen311Format, getOpen311Request } from '@/lib/letters/open311';

export const dynamic = 'force-dynamic';

/** GET /open311/v2/requests/{id}.json → [one public request]; not public or unknown → 404 [{code, description}]. */
export const GET = handle(open311.readRequest, async ({ params, query }) => {
  const [, trackingNo = params.id, extension] = /^(.*?)(?:\.([A-Za-z0-9]+))?$/.exec(params.id) ?? [];
  assertOpen311Format(extension ?? query.format);
  return json([await getOpen311Request(trackingNo)]);
});
