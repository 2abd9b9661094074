import { handle } from '@/lib/api/endpoint';
import * as open311 from '@/lib/api/endpoints/open311';
import { json } from '@/lib/api/route';
import { publicOrigin } from '@/lib/api/open311';
import { assertOpen311Format, open311DiscoveryDocument } from '@/lib/letters/open311';

export const dynamic = 'force-dynamic';

/** GET → GeoReport v2 discovery: the endpoint, its specification and formats (JSON only). */
export const GET = handle(open311.discovery, async ({ request, query }) => {
  assertOpen311Format(query.format);
  return json(await open311DiscoveryDocument(publicOrigin(request)));
});
