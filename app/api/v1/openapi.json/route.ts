import { json, route } from '@/lib/api/route';
import { buildOpenApiDocument } from '@/lib/api/openapi';
import { publicOrigin } from '@/lib/api/open311';

/** GET → the OpenAPI 3.1 document of the public API, generated from the zod schemas (lib/api/openapi.ts). */
export const GET = route(async (request) =>
  json(buildOpenApiDocument({ serverUrl: publicOrigin(request) }), 200, { 'cache-control': 'public, max-age=300' }),
);
