import { json } from '@/lib/api/route';

/**
 * Any /api/v1 address no route serves: the API's JSON error shape instead of the site's HTML 404 page, so API
 * clients (and a mistyped or path-traversing request) always get an answer they can parse.
 */
const noSuchEndpoint = async () => json({ error: { code: 'not_found', message: '没有这个接口，请查看 /api/v1/openapi.json' } }, 404);

export const GET = noSuchEndpoint;
export const POST = noSuchEndpoint;
export const PUT = noSuchEndpoint;
export const PATCH = noSuchEndpoint;
export const DELETE = noSuchEndpoint;
