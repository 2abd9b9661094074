import { env } from '../env';
import { headers } from 'next/headers';
import { AppError, DATABASE_UNAVAILABLE_MESSAGE } from '../errors';
import { isDatabaseUnavailable } from '../db';
import type { Actor } from '../auth/permissions';
import { actorFromCookies } from '../auth/token';
import { CLIENT_IP_HEADER } from './client-ip';
import { containsUnsafeText, UNSAFE_TEXT_MESSAGE } from './unsafe-text';

/** Thin adapters between route handlers and domain operations: actor, JSON body, error → status. */

export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;
/** Retry-After of a 503 while the database is out of reach: postgres.js reconnects on the next query. */
export const UNAVAILABLE_RETRY_SECONDS = 5;

export function json(data: unknown, status = 200, extraHeaders?: Record<string, string>): Response {
  return Response.json(data, { status, headers: { 'cache-control': 'no-store', ...extraHeaders } });
}

export function errorResponse(error: unknown): Response {
  if (error instanceof AppError) {
    const extra: Record<string, string> = error.retryAfterSeconds ? { 'retry-after': String(error.retryAfterSeconds) } : {};
    return json(error.toJSON(), error.status, extra);
  }
  if (isDatabaseUnavailable(error)) {
    console.warn('[api] database unavailable:', (error as Error).message);
    return json({ error: { code: 'unavailable', message: DATABASE_UNAVAILABLE_MESSAGE } }, 503, { 'retry-after': String(UNAVAILABLE_RETRY_SECONDS) });
  }
  console.error('[api] unexpected error', error);
  return json({ error: { code: 'internal', message: '服务器内部错误，请稍后重试' } }, 500);
}

/** The signed-in user (re-read from the database) or a visitor, for this request. */
export async function requestActor(): Promise<Actor> {
  const h = await headers();
  return actorFromCookies(h.get('cookie'), h.get(CLIENT_IP_HEADER));
}

/** Reads a request body with a size limit (413 when too large), counting what arrives, not what is declared. */
export async function readBody(request: Request, maxBytes = DEFAULT_MAX_BODY_BYTES): Promise<Uint8Array<ArrayBuffer>> {
  const tooLarge = () => new AppError('too_large', `请求内容过大（上限 ${Math.floor(maxBytes / 1024)} KB）`);
  if (Number(request.headers.get('content-length') ?? '0') > maxBytes) throw tooLarge();
  const reader = request.body?.getReader();
  if (!reader) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

/** Reads a JSON body with a size limit: 413 when too large, 400 when it is not JSON. */
export async function readJson(request: Request, maxBytes = DEFAULT_MAX_BODY_BYTES): Promise<unknown> {
  const bytes = await readBody(request, maxBytes);
  if (bytes.byteLength === 0) throw new AppError('bad_request', '请求体为空，应为 JSON');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new AppError('bad_request', '请求内容不是合法的 UTF-8 编码');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError('bad_request', '请求体不是合法的 JSON');
  }
  if (containsUnsafeText(value)) throw new AppError('bad_request', UNSAFE_TEXT_MESSAGE);
  return value;
}

type Handler<C> = (request: Request, context: C) => Promise<Response>;

/** Wraps a route handler so every failure becomes the API's error shape, never an unhandled 500. */
export function route<C>(handler: Handler<C>): Handler<C> {
  return async (request, context) => {
    try {
      return await handler(request, context);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/** The site's public origin for absolute links (feeds, discovery): NEXTAUTH_URL when configured, else the request's. */
export function publicOrigin(request: Request): string {
  const configured = env().NEXTAUTH_URL;
  return configured ? new URL(configured).origin : new URL(request.url).origin;
}
