import { z } from 'zod';
import type { ErrorCode } from '../errors';
import { ROLES } from '../accounts/schema';
import { open311Error } from '../letters/open311';
import { errorStatuses, rolesOf, type Auth, type Endpoint } from './endpoint';
import { ENDPOINTS } from './endpoints';

export { ENDPOINTS };
export type { Endpoint, HttpMethod } from './endpoint';

/**
 * The OpenAPI 3.1 document of the public API (../shared/API.md), served at GET /api/v1/openapi.json.
 *
 * It is built from the endpoint declarations (lib/api/endpoints/, one per method and path: the zod schemas the
 * operations themselves parse with, the body limit, the permission whose roles are listed, the rate limit), the
 * same objects the route handlers are built from (lib/api/endpoint.ts#handle), so the document follows the code.
 * test/openapi.test.ts walks app/api/v1 and app/open311 and fails when a route file or an exported method has no
 * declaration (or a declaration has no route, or a handler is not built from its declaration).
 *
 * Paths are OpenAPI templates; the route file is derived from them (routeFileFor): `/api/v1/letters/{trackingNo}`
 * → app/api/v1/letters/[trackingNo]/route.ts, and a segment with a suffix such as `{id}.json` → `[id]` (Next's
 * dynamic segments take the whole segment; the handler strips the extension).
 */

const ERROR_CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'bad_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'too_large',
  422: 'invalid_input',
  429: 'rate_limited',
};
const ERROR_TEXT: Record<number, string> = {
  400: '请求格式错误 — malformed request (not JSON, not UTF-8, unsupported format)',
  401: '未登录 — not signed in',
  403: '无权操作 — not allowed',
  404: '不存在或无权查看 — not found, or not visible to you',
  409: '状态冲突或已被他人修改 — conflict: wrong state or changed meanwhile',
  413: '请求内容过大 — too large',
  422: '输入有误，fields 为各字段的中文说明 — invalid input; fields holds one message per field',
  429: '请求过于频繁，见 Retry-After — too many requests; see Retry-After',
};

export const apiErrorSchema = z.object({
  error: z.object({
    code: z.enum(Object.values(ERROR_CODE_BY_STATUS) as [ErrorCode, ...ErrorCode[]]),
    message: z.string().meta({ description: '中文说明' }),
    fields: z.record(z.string(), z.string()).optional().meta({ description: '字段 → 中文说明（422）' }),
  }),
});

// ---- Route files ----

/** `/api/v1/letters/{trackingNo}` → `app/api/v1/letters/[trackingNo]/route.ts`; `{id}.json` → `[id]`. */
export function routeFileFor(path: string): string {
  const segments = path
    .split('/')
    .filter(Boolean)
    .map((segment) => segment.replace(/^\{(\w+)\}(?:\.\w+)?$/, '[$1]'));
  return ['app', ...segments, 'route.ts'].join('/');
}

// ---- The document ----

type JsonSchema = Record<string, unknown>;

function schemaOf(schema: z.ZodType, io: 'input' | 'output' = 'input'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, target: 'draft-2020-12', unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

function queryParameters(query: z.ZodType): JsonSchema[] {
  const json = schemaOf(query);
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required as string[] | undefined) ?? []);
  return Object.entries(properties).map(([name, s]) => {
    const { description, ...schema } = s;
    return { name, in: 'query', required: required.has(name), ...(description ? { description } : {}), schema };
  });
}

function pathParameters(endpoint: Endpoint): JsonSchema[] {
  const names = [...endpoint.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  return names.map((name) => {
    const given = endpoint.pathParams?.[name];
    const { description, ...schema } = given ? schemaOf(given) : { type: 'string' };
    return { name, in: 'path', required: true, ...(description ? { description } : {}), schema };
  });
}

const SECURITY: Record<Auth, Array<Record<string, string[]>>> = {
  public: [],
  session: [{ sessionCookie: [] }],
  optional: [{}, { sessionCookie: [] }],
};

/** Every signed-in /api/v1 endpoint also takes an API token (`Authorization: Bearer msk_…`), unless it says not (`bearer: false`). */
function securityOf(endpoint: Endpoint): Array<Record<string, string[]>> {
  const base = SECURITY[endpoint.auth];
  if (endpoint.auth === 'public' || endpoint.bearer === false || !endpoint.path.startsWith('/api/v1/')) return base;
  return [...base, { bearerToken: [] }];
}

function errorResponses(endpoint: Endpoint): Record<string, JsonSchema> {
  const out: Record<string, JsonSchema> = {};
  for (const status of errorStatuses(endpoint)) {
    const ref = endpoint.errorFormat === 'open311' ? '#/components/schemas/Open311Errors' : '#/components/schemas/Error';
    out[String(status)] = {
      description: ERROR_TEXT[status] ?? `HTTP ${status}`,
      ...(status === 429 ? { headers: { 'Retry-After': { description: 'seconds', schema: { type: 'integer' } } } } : {}),
      content: { 'application/json': { schema: { $ref: ref } } },
    };
  }
  return out;
}

function operation(endpoint: Endpoint): JsonSchema {
  const admitted = rolesOf(endpoint);
  const roles = admitted ? ` Roles: ${admitted.join(', ')}.` : '';
  const limit = endpoint.rateLimit ? ` Rate limit: \`${typeof endpoint.rateLimit === 'string' ? endpoint.rateLimit : endpoint.rateLimit.action}\` (lib/ratelimit/policies.ts).` : '';
  const parameters = [
    ...pathParameters(endpoint),
    ...(endpoint.query ? queryParameters(endpoint.query) : []),
    ...(endpoint.headers ?? []).map((h) => ({ name: h.name, in: 'header', required: h.required ?? false, description: h.description, schema: schemaOf(h.schema) })),
  ];
  const ok = endpoint.response;
  return {
    operationId: `${endpoint.method}${endpoint.path.replace(/\.json/g, 'Json').replace(/[{}]/g, '').split(/[/._-]/).filter(Boolean).map((s) => s[0]!.toUpperCase() + s.slice(1)).join('')}`,
    tags: [endpoint.tag],
    summary: `${endpoint.summary.zh} — ${endpoint.summary.en}`,
    description: [endpoint.description, roles.trim(), limit.trim()].filter(Boolean).join('\n\n') || undefined,
    security: securityOf(endpoint),
    ...(parameters.length ? { parameters } : {}),
    ...(endpoint.body
      ? {
          requestBody: {
            required: true,
            description: `最大 ${endpoint.body.maxKb} KB — at most ${endpoint.body.maxKb} KB`,
            content: Object.fromEntries((endpoint.body.mediaTypes ?? ['application/json']).map((type) => [type, { schema: schemaOf(endpoint.body!.schema) }])),
          },
        }
      : {}),
    responses: {
      [String(ok.status)]: {
        description: ok.description,
        ...(ok.headers ? { headers: Object.fromEntries(Object.entries(ok.headers).map(([name, description]) => [name, { description, schema: { type: 'string' } }])) } : {}),
        ...(ok.schema ? { content: { 'application/json': { schema: schemaOf(ok.schema, 'output') } } } : {}),
      },
      ...errorResponses(endpoint),
      '500': {
        description: '服务器内部错误 — internal error (never for bad input)',
        content: { 'application/json': { schema: { $ref: endpoint.errorFormat === 'open311' ? '#/components/schemas/Open311Errors' : '#/components/schemas/Error' } } },
      },
    },
  };
}

export function buildOpenApiDocument(options: { serverUrl?: string } = {}): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const endpoint of ENDPOINTS) {
    const item = (paths[endpoint.path] ??= {});
    if (item[endpoint.method]) throw new Error(`duplicate registry entry ${endpoint.method.toUpperCase()} ${endpoint.path}`);
    item[endpoint.method] = operation(endpoint);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: '民声 Minsheng API',
      version: '1.0.0',
      summary: '政民互动平台公开接口 — public API of the Minsheng citizen-interaction platform',
      description:
        'JSON in and out, UTF-8. Errors: `{"error": {"code", "message" (中文), "fields"}}`; Open311 endpoints use `[{code, description}]`. ' +
        'Sign in with next-auth (`GET /api/auth/csrf`, `POST /api/auth/callback/credentials`); the session cookie authenticates later calls. ' +
        'Integrators use an API token instead: `Authorization: Bearer msk_…` (security scheme bearerToken); operations without bearerToken in their security take a session only. ' +
        `Roles: ${ROLES.join(', ')}.`,
    },
    ...(options.serverUrl ? { servers: [{ url: options.serverUrl }] } : {}),
    tags: [
      { name: 'system', description: '系统 — system' },
      { name: 'accounts', description: '账号 — accounts' },
      { name: 'letters', description: '来信（咨询、投诉、建议）— letters' },
      { name: 'interviews', description: '在线访谈 — online interviews (live events also over Socket.IO: interview:join, interview:event)' },
      { name: 'archive', description: '答复公开与访谈实录 — the public answer archive' },
      { name: 'disclosure', description: '政府信息公开 — government information disclosure' },
      { name: 'admin', description: '系统管理 — administration' },
      { name: 'open311', description: 'Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2)' },
      { name: 'consultations', description: '意见征集 — public consultations on draft documents, comments and feedback reports' },
      { name: 'accountability', description: '督办与检查指标 — supervision board and inspection radar' },
    ],
    paths,
    components: {
      securitySchemes: {
        sessionCookie: {
          type: 'apiKey',
          in: 'cookie',
          name: 'next-auth.session-token',
          description: 'next-auth session (JWT) cookie; `__Host-next-auth.session-token` when the site runs on HTTPS.',
        },
        bearerToken: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'msk_…',
          description:
            'API token made by an admin (POST /api/v1/admin/tokens, or the admin page 接口令牌): `Authorization: Bearer msk_…`. ' +
            'It acts as its account restricted to its scopes (permission names): a permission outside them is a 403; a revoked or expired ' +
            'token, or one whose account is disabled, a 401. No cross-site check applies to such requests, and cookies are ignored. Limits count per token. docs/API-TOKENS.md.',
        },
      },
      schemas: {
        Error: schemaOf(apiErrorSchema, 'output'),
        Open311Errors: schemaOf(z.array(open311Error), 'output'),
      },
    },
  };
}
