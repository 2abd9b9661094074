import { AsyncLocalStorage } from 'node:async_hooks';
import { env } from '../env';
import { headers } from 'next/headers';
import { AppError, unauthenticated } from '../errors';
import { failureBody, failureOf, UNAVAILABLE_RETRY_SECONDS } from './failure';
import { inEnglish, requestWantsEnglish } from '../errors/english';
import type { Actor } from '../auth/permissions';
import { actorFromCookies, hasSessionToken } from '../auth/token';
import { actorFromBearer, bearerOf } from '../tokens/bearer';
import { consume } from '../ratelimit';
import { CLIENT_IP_HEADER } from './client-ip';
import { noteRequestUser } from '../observability/context';
import { TOO_DEEP_MESSAGE, unsafeJsonReason, UNSAFE_TEXT_MESSAGE } from './unsafe-text';

/** Thin adapters between route handlers and domain operations: actor, JSON body, error → status. */

export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;
export { UNAVAILABLE_RETRY_SECONDS };

export function json(data: unknown, status = 200, extraHeaders?: Record<string, string>): Response {
  return Response.json(data, { status, headers: { 'cache-control': 'no-store', ...extraHeaders } });
}

/**
 * Any failure as the API's error response (lib/api/failure.ts#failureOf: the one mapping). Given the request, the
 * message and field messages follow its language (lib/errors/english.ts) — or `english`, when the route knows the
 * language better (an invitation's); the code, status and field keys do not change.
 */
export function errorResponse(error: unknown, request?: Request, english = requestWantsEnglish(request)): Response {
  const mapped = failureOf(error, 'api');
  const failure = english ? inEnglish(mapped) : mapped;
  return json(failureBody(failure), failure.status, failure.retryAfter ? { 'retry-after': String(failure.retryAfter) } : undefined);
}

/**
 * The actor of a route() request made with `Authorization: Bearer` (an API token), for requestActor() below. Held in
 * async-local storage rather than looked up again so every handler — and every operation it calls through
 * requestActor() — sees the same token actor without its signature changing.
 */
const bearerActor = new AsyncLocalStorage<Actor>();

/**
 * The actor for this request: the API token's account (restricted to its scopes) when the route was called with a
 * bearer token, otherwise the signed-in user (re-read from the database) or a visitor.
 */
export async function requestActor(): Promise<Actor> {
  const fromToken = bearerActor.getStore();
  if (fromToken) return fromToken;
  const h = await headers();
  const actor = await actorFromCookies(h.get('cookie'), h.get(CLIENT_IP_HEADER));
  noteRequestUser(actor.user?.publicId); // for the request's log line
  return actor;
}

/**
 * The most a visitor (no valid session token) may send to a route(): the largest body any visitor-facing route
 * reads (registration). Every route with a larger limit is for signed-in users, whose permission the operation
 * checks after reading; a visitor is refused with 401 before the body is read, whatever its size claims.
 */
export const VISITOR_MAX_BODY_BYTES = 16 * 1024;
/** Requests that route() found to carry no valid session token: readBody caps them at VISITOR_MAX_BODY_BYTES. */
const visitorRequests = new WeakSet<Request>();

/** Reads a request body with a size limit (413 when too large), counting what arrives, not what is declared. */
export async function readBody(request: Request, maxBytes = DEFAULT_MAX_BODY_BYTES): Promise<Uint8Array<ArrayBuffer>> {
  let tooLarge = () => new AppError('too_large', `请求内容过大（上限 ${Math.floor(maxBytes / 1024)} KB）`);
  if (visitorRequests.has(request) && maxBytes > VISITOR_MAX_BODY_BYTES) {
    maxBytes = VISITOR_MAX_BODY_BYTES;
    tooLarge = () => unauthenticated();
  }
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
  const reason = unsafeJsonReason(value);
  if (reason) throw new AppError('bad_request', reason === 'too_deep' ? TOO_DEEP_MESSAGE : UNSAFE_TEXT_MESSAGE);
  return value;
}

type Handler<C> = (request: Request, context: C) => Promise<Response>;

/**
/**
 * Runs `fn` as the request's API token when it carries one. Under /api/v1 an `Authorization: Bearer <token>`
 * header makes the request the token's (lib/tokens): resolved before the body is read (an unknown, revoked or
 * expired token, or one whose account is disabled, is a 401 at once), counted against the token's own request
 * limit, and handed to requestActor() for everything `fn` calls. A bearer request ignores cookies.
 */
export async function withBearer(request: Request, fn: () => Promise<Response>): Promise<Response> {
  const secret = bearerOf(request.headers.get('authorization'));
  if (secret === null || !new URL(request.url).pathname.startsWith('/api/v1/')) return fn();
  const actor = await actorFromBearer(secret, request.headers.get(CLIENT_IP_HEADER));
  await consume('api.token', actor);
  return bearerActor.run(actor, fn);
}

/**
 * Marks a request that carries no valid session token, so readBody caps it at VISITOR_MAX_BODY_BYTES (answering
 * 401 for more). Decoding the token costs no database read; the operation still checks the permission itself.
 * A bearer request (withBearer) is not a visitor's.
 */
export async function capVisitorBody(request: Request): Promise<void> {
  if (bearerActor.getStore()) return;
  if (request.body && !(await hasSessionToken(request.headers.get('cookie')))) visitorRequests.add(request);
}

/**
 * @deprecated Declare the endpoint in lib/api/endpoints/ and build the handler with `handle()` from
 * lib/api/endpoint.ts (body limit, permission, rate limit and OpenAPI entry from one declaration). Kept as a thin
 * adapter for routes written before it: the API token, the visitor body cap and the one failure mapping.
 */
export function route<C>(handler: Handler<C>): Handler<C> {
  return async (request, context) => {
    try {
      return await withBearer(request, async () => {
        await capVisitorBody(request);
        return handler(request, context);
      });
    } catch (error) {
      return errorResponse(error, request);
    }
  };
}

/** The site's public origin for absolute links (feeds, discovery): NEXTAUTH_URL when configured, else the request's. */
export function publicOrigin(request: Request): string {
  const configured = env().NEXTAUTH_URL;
  return configured ? new URL(configured).origin : new URL(request.url).origin;
}
