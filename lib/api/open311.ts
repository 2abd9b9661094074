import { AppError } from '../errors';
import { env } from '../env';
import { open311ErrorsOf } from '../letters/open311';
import { DEFAULT_MAX_BODY_BYTES, json, readBody, readJson } from './route';

/** HTTP adapters for app/open311/v2: errors as Open311's [{code, description}] (lib/letters/open311#open311ErrorsOf, over the one failure mapping), form or JSON bodies. */

type Handler<C> = (request: Request, context: C) => Promise<Response>;

export function open311ErrorResponse(error: unknown): Response {
  const { status, errors, retryAfterSeconds } = open311ErrorsOf(error);
  return json(errors, status, retryAfterSeconds ? { 'retry-after': String(retryAfterSeconds) } : undefined);
}

/** @deprecated Declare the endpoint with `errorFormat: 'open311'` and use lib/api/endpoint.ts#handle. Like route(), with Open311's error shape. */
export function open311Route<C>(handler: Handler<C>): Handler<C> {
  return async (request, context) => {
    try {
      return await handler(request, context);
    } catch (error) {
      return open311ErrorResponse(error);
    }
  };
}

export { publicOrigin } from './route';

/**
 * POST requests.json's fields: JSON object, or form-encoded / multipart (GeoReport v2's default). Repeated form
 * fields keep the first value; files are ignored.
 */
export async function readOpen311Fields(request: Request, maxBytes = DEFAULT_MAX_BODY_BYTES): Promise<Record<string, unknown>> {
  const type = (request.headers.get('content-type') ?? '').toLowerCase();
  if (type.includes('application/json')) {
    const body = await readJson(request, maxBytes);
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new AppError('bad_request', '请求体应为 JSON 对象');
    return body as Record<string, unknown>;
  }
  if (type.includes('application/x-www-form-urlencoded') || type.includes('multipart/form-data')) {
    const bytes = await readBody(request, maxBytes);
    let form: FormData;
    try {
      form = await new Response(bytes, { headers: { 'content-type': request.headers.get('content-type')! } }).formData();
    } catch {
      throw new AppError('bad_request', '表单内容无法解析');
    }
    const fields: Record<string, unknown> = {};
    for (const [key, value] of form.entries()) {
      if (typeof value === 'string' && !(key in fields)) fields[key] = value;
    }
    return fields;
  }
  throw new AppError('bad_request', '请以 application/x-www-form-urlencoded、multipart/form-data 或 application/json 提交');
}
