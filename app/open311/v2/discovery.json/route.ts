import { json } from '@/lib/api/route';
import { open311Route, publicOrigin } from '@/lib/api/open311';
import { assertOpen311Format, open311DiscoveryDocument } from '@/lib/letters/open311';

export const dynamic = 'force-dynamic';

/** GET → GeoReport v2 discovery: the endpoint, its specification and formats (JSON only). */
export const GET = open311Route(async (request) => {
  assertOpen311Format(new URL(request.url).searchParams.get('format'));
  return json(await open311DiscoveryDocument(publicOrigin(request)));
});
