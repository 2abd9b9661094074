import { handle } from '@/lib/api/endpoint';
import * as system from '@/lib/api/endpoints/system';
import { json } from '@/lib/api/route';
import { buildOpenApiDocument } from '@/lib/api/openapi';
import { publicOrigin } from '@/lib/api/open311';

/** GET → the OpenAPI 3.1 document of the public API, generated from the endpoint declarations (lib/api/openapi.ts). */
export const GET = handle(system.openapiDocument, async ({ request }) =>
  json(buildOpenApiDocument({ serverUrl: publicOrigin(request) }), 200, { 'cache-control': 'public, max-age=300' }),
);
