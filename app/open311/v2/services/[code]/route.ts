import { handle } from '@/lib/api/endpoint';
import * as open311 from '@/lib/api/endpoints/open311';
import { json } from '@/lib/api/route';
import { getOpen311ServiceDefinition } from '@/lib/letters/open311';

export const dynamic = 'force-dynamic';

/** GET services/{service_code}.json → the service definition: the optional `topic` attribute (诉求分类). */
export const GET = handle(open311.serviceDefinition, async ({ params }) => json(await getOpen311ServiceDefinition(params.code)));
