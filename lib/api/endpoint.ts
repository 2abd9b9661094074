import type { z } from 'zod';
import type { Role } from '../accounts/schema';
import { assertCan, PERMISSIONS, type Actor, type Permission } from '../auth/permissions';
import { AppError, forbidden, parseInput } from '../errors';
import { consume, limitedActionFor, type RateLimitRule } from '../ratelimit';
import { CLIENT_IP_HEADER } from './client-ip';
import { open311ErrorResponse, readOpen311Fields } from './open311';
import { capVisitorBody, errorResponse, readBody, readJson, requestActor, withBearer } from './route';

/**
 * One endpoint declaration (DESIGN.md §9): an API route is declared once — method, path, parameters, body schema
 * and limit, permission, rate-limit policy, response — in lib/api/endpoints/, and that declaration drives both the
 * handler (`handle()` below: actor, permission, limit, body, failures) and its OpenAPI entry (lib/api/openapi.ts).
 * test/openapi.test.ts checks that every route file's handlers are built from the declaration of their method and
 * path, and that the document lists exactly the declared endpoints.
 */

/** A session-only endpoint (`bearer: false`) called with an API token. */
export const SESSION_ONLY_MESSAGE = 'API 令牌不能用于此操作，请登录后操作';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';
/** public: no session needed; session: signed in (the permission or roles say who); optional: works either way, differently. */
export type Auth = 'public' | 'session' | 'optional';
export type Tag = 'system' | 'accounts' | 'letters' | 'interviews' | 'archive' | 'disclosure' | 'admin' | 'open311' | 'accountability' | 'consultations';

export interface EndpointBody {
  /** The schema the operation parses the body with (documented; parsed by the handler with `validate`). */
  schema: z.ZodType;
  /** The most the handler reads (413 above it; a visitor is capped lower, see lib/api/route.ts). */
  maxKb: number;
  mediaTypes?: readonly string[];
  /** json (default): readJson; fields: JSON or form-encoded (Open311); custom: the handler reads `request` itself. */
  read?: 'json' | 'fields' | 'custom';
}

export interface Endpoint {
  method: HttpMethod;
  path: string;
  tag: Tag;
  summary: { zh: string; en: string };
  description?: string;
  auth: Auth;
  /** Checked (assertCan: 401/403) before the body is read; its roles are documented. */
  permission?: Permission;
  /** Who may call it when no single permission says so (documentation; the operation checks). */
  roles?: readonly Role[];
  pathParams?: Readonly<Record<string, z.ZodType>>;
  query?: z.ZodType;
  headers?: ReadonlyArray<{ name: string; description: string; required?: boolean; schema: z.ZodType }>;
  body?: EndpointBody;
  /** Counted (lib/ratelimit policy key) after the permission, before the body is read; publicOnly: citizens and visitors. */
  rateLimit?: RateLimitRule;
  /** The handler parses `query` and `body` with the declared schemas (422 with field messages); otherwise the operation does. */
  validate?: boolean;
  response: { status: number; description: string; schema?: z.ZodType; headers?: Readonly<Record<string, string>> };
  /** Error statuses besides those the declaration implies (body → 400/413/422, permission → 401/403, rate limit → 429). */
  errors: readonly number[];
  errorFormat?: 'api' | 'open311';
  /**
   * false: a session only — an API token (`Authorization: Bearer`) is refused with 403 before anything else, and the
   * OpenAPI operation does not list the bearerToken scheme (token management, the account's own credentials).
   * Every other signed-in /api/v1 endpoint takes a token too.
   */
  bearer?: false;
}

/** Declares an endpoint, keeping its literal types (path parameters and validated schemas type the handler). */
export function endpoint<const E extends Endpoint>(declaration: E): E {
  return declaration;
}

type ParamNames<P extends string> = P extends `${string}{${infer N}}${infer Rest}` ? N | ParamNames<Rest> : never;
type BodyOf<E extends Endpoint> = E extends { validate: true; body: { schema: infer S extends z.ZodType } } ? z.output<S> : unknown;
type QueryOf<E extends Endpoint> = E extends { validate: true; query: infer S extends z.ZodType } ? z.output<S> : Record<string, string>;

export interface EndpointContext<E extends Endpoint> {
  request: Request;
  /** The signed-in user (re-read from the database) or a visitor; for a public endpoint without a limit, a visitor (no session read). */
  actor: Actor;
  params: Record<ParamNames<E['path']>, string>;
  query: QueryOf<E>;
  /** The JSON (or Open311 fields) read within the declared limit; parsed with the schema under `validate`; undefined for `custom`. */
  body: BodyOf<E>;
}

export type RouteHandler = ((request: Request, context?: { params?: Promise<Record<string, string>> }) => Promise<Response>) & { endpoint: Endpoint };

/** Roles the declaration admits: the permission's (lib/auth/permissions) or the listed ones. */
export function rolesOf(declaration: Endpoint): readonly Role[] | undefined {
  return declaration.permission ? PERMISSIONS[declaration.permission] : declaration.roles;
}

/** Every error status a declaration can answer: the listed ones and those its parts imply. */
export function errorStatuses(declaration: Endpoint): number[] {
  const statuses = new Set(declaration.errors);
  if (declaration.body) for (const s of [400, 413, 422]) statuses.add(s);
  if (declaration.permission) for (const s of [401, 403]) statuses.add(s);
  if (declaration.rateLimit) statuses.add(429);
  if (declaration.bearer === false && declaration.auth !== 'public') statuses.add(403);
  if (declaration.validate && declaration.query) statuses.add(422);
  return [...statuses].sort((a, b) => a - b);
}

async function refuseBody(request: Request): Promise<void> {
  try {
    await readBody(request, 0);
  } catch {
    throw new AppError('too_large', '此接口不接受请求内容');
  }
}

async function readDeclaredBody(request: Request, body: EndpointBody): Promise<unknown> {
  const max = body.maxKb * 1024;
  switch (body.read ?? 'json') {
    case 'json': return readJson(request, max);
    case 'fields': return readOpen311Fields(request, max);
    case 'custom': return undefined;
  }
}

/**
 * The route handler of a declaration: caps a visitor's body, reads the actor, checks the permission, counts the rate
 * limit, reads the body within its limit, parses (under `validate`), calls `run`, and maps every failure through
 * the one mapping (lib/api/failure.ts) in the declared error format.
 */
export function handle<const E extends Endpoint>(declaration: E, run: (context: EndpointContext<E>) => Promise<Response>): RouteHandler {
  const readsSession = declaration.auth !== 'public' || Boolean(declaration.permission || declaration.rateLimit);
  const handler = async (request: Request, context?: { params?: Promise<Record<string, string>> }) => {
    try {
      // An API token's request runs as the token's account (lib/api/route.ts#withBearer).
      return await withBearer(request, async () => {
        await capVisitorBody(request);
        const actor: Actor = readsSession ? await requestActor() : { user: null, ip: request.headers.get(CLIENT_IP_HEADER) };
        if (declaration.bearer === false && actor.token) throw forbidden(SESSION_ONLY_MESSAGE);
        if (declaration.permission) assertCan(actor, declaration.permission);
        const limited = limitedActionFor(declaration.rateLimit, actor);
        if (limited) await consume(limited, actor);
        const rawQuery = Object.fromEntries(new URL(request.url).searchParams);
        // A route that declares no body refuses one rather than ignoring it: what a client sends is read or refused.
        if (!declaration.body && request.method !== 'GET' && request.method !== 'HEAD') await refuseBody(request);
        let body = declaration.body ? await readDeclaredBody(request, declaration.body) : undefined;
        let query: unknown = rawQuery;
        if (declaration.validate) {
          if (declaration.query) query = parseInput(declaration.query, rawQuery);
          if (declaration.body && declaration.body.read !== 'custom') body = parseInput(declaration.body.schema, body);
        }
        const params = ((await context?.params) ?? {}) as Record<ParamNames<E['path']>, string>;
        return run({ request, actor, params, query: query as QueryOf<E>, body: body as BodyOf<E> });
      });
    } catch (error) {
      return declaration.errorFormat === 'open311' ? open311ErrorResponse(error) : errorResponse(error, request);
    }
  };
  return Object.assign(handler, { endpoint: declaration as Endpoint }) as RouteHandler;
}
