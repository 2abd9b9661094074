import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENDPOINTS, buildOpenApiDocument, routeFileFor } from '@/lib/api/openapi';
import type { RouteHandler } from '@/lib/api/endpoint';

/**
 * The OpenAPI document (lib/api/openapi.ts, GET /api/v1/openapi.json) against the code: it is OpenAPI 3.1 in
 * shape, every endpoint declaration (lib/api/endpoints/) has a route file exporting that method, every route file
 * under app/api/v1 and app/open311 — every exported method — has a declaration, and each exported handler is built
 * from its declaration (handle()), so the document and the handlers cannot drift apart. A new route without a
 * declaration fails here.
 */

const root = join(__dirname, '..');
const WALKED = ['app/api/v1', 'app/open311', 'app/api/health'];
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

type Doc = {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, { type: string; in?: string; name?: string }> };
};
type Operation = {
  operationId: string;
  summary: string;
  security: Array<Record<string, string[]>>;
  parameters?: Array<{ name: string; in: string; required: boolean; schema: unknown }>;
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: Schema }> }>;
};
type Schema = { type?: string; properties?: Record<string, unknown>; oneOf?: Schema[]; anyOf?: Schema[]; $ref?: string };

function routeFiles(dir: string): string[] {
  const abs = join(root, dir);
  if (!existsSync(abs)) return [];
  const found: string[] = [];
  for (const entry of readdirSync(abs, { withFileTypes: true })) {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) found.push(...routeFiles(rel));
    else if (entry.name === 'route.ts' || entry.name === 'route.tsx' || entry.name === 'route.js') found.push(rel);
  }
  return found;
}

/** HTTP methods a route file exports: `export const GET =`, `export async function POST(`, `export { GET }`. */
function exportedMethods(file: string): string[] {
  const source = readFileSync(join(root, file), 'utf8');
  const methods = new Set<string>();
  for (const m of source.matchAll(/export\s+(?:const|let|async\s+function|function)\s+(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\b/g)) methods.add(m[1]!);
  for (const m of source.matchAll(/export\s*\{([^}]*)\}/g)) {
    for (const part of m[1]!.split(',')) {
      const name = part.trim().split(/\s+as\s+/).pop()?.trim();
      if (name && (METHODS as readonly string[]).includes(name)) methods.add(name);
    }
  }
  return [...methods].sort();
}

/** "METHOD app/…/route.ts" for every method of every route file, and for every registry entry. */
function routeKeysOnDisk(): Set<string> {
  const keys = new Set<string>();
  // app/api/v1/[...path] answers addresses no endpoint serves (the JSON 404): not an endpoint to document.
  const endpoints = WALKED.flatMap(routeFiles).filter((file) => file !== 'app/api/v1/[...path]/route.ts');
  for (const file of endpoints) for (const method of exportedMethods(file)) keys.add(`${method} ${file}`);
  return keys;
}
const registryKeys = (endpoints = ENDPOINTS) => new Set(endpoints.map((e) => `${e.method.toUpperCase()} ${routeFileFor(e.path)}`));
const undocumented = (disk: Set<string>, registry: Set<string>) => [...disk].filter((k) => !registry.has(k)).sort();

const doc = buildOpenApiDocument({ serverUrl: 'https://minsheng.example.gov.cn' }) as unknown as Doc;
const operations = Object.entries(doc.paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ path, method, op })));

describe('OpenAPI document', () => {
  it('is OpenAPI 3.1 with info, paths, a cookie security scheme and the shared error shapes', () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.info.title).toBeTruthy();
    expect(doc.info.version).toBeTruthy();
    expect(doc.components.securitySchemes.sessionCookie).toMatchObject({ type: 'apiKey', in: 'cookie', name: 'next-auth.session-token' });
    expect(doc.components.securitySchemes.bearerToken).toMatchObject({ type: 'http', scheme: 'bearer' });
    // Token management takes a session only.
    expect(doc.paths['/api/v1/admin/tokens']!.post!.security).toEqual([{ sessionCookie: [] }]);
    expect(doc.components.schemas.Error).toMatchObject({
      type: 'object',
      required: ['error'],
      properties: { error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' }, fields: { type: 'object' } } } },
    });
    expect(doc.components.schemas.Open311Errors).toMatchObject({ type: 'array', items: { type: 'object', properties: { code: {}, description: {} } } });
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc); // plain JSON, nothing lost in serialisation
  });

  it('has one operation per registry entry, each well-formed', () => {
    expect(operations).toHaveLength(ENDPOINTS.length);
    const ids = new Set<string>();
    for (const { path, method, op } of operations) {
      const where = `${method.toUpperCase()} ${path}`;
      expect(path, where).toMatch(/^\//);
      expect(['get', 'post', 'put', 'patch', 'delete']).toContain(method);
      expect(ids.has(op.operationId), `duplicate operationId ${op.operationId}`).toBe(false);
      ids.add(op.operationId);
      expect(op.summary, where).toMatch(/[\u4e00-\u9fff].* — [A-Za-z]/); // Chinese — English
      expect(Object.keys(op.responses).length, where).toBeGreaterThan(0);
      for (const [status, response] of Object.entries(op.responses)) {
        expect(status, where).toMatch(/^[1-5]\d\d$/);
        expect(response.description, `${where} ${status}`).toBeTruthy();
      }
      // Every {param} in the template is declared as a required path parameter, and no others.
      const templated = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      const declared = (op.parameters ?? []).filter((p) => p.in === 'path');
      expect(declared.map((p) => p.name).sort(), where).toEqual(templated);
      for (const p of declared) expect(p.required, `${where} ${p.name}`).toBe(true);
      for (const p of op.parameters ?? []) expect(['path', 'query', 'header', 'cookie']).toContain(p.in);
      for (const s of op.security) for (const name of Object.keys(s)) expect(doc.components.securitySchemes[name], where).toBeDefined();
    }
  });

  it('every $ref points at a component', () => {
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(0);
    for (const name of refs) expect(doc.components.schemas[name], name).toBeDefined();
    expect(JSON.stringify(doc)).not.toMatch(/"\$ref":"(?!#\/components\/schemas\/)/);
  });

  it('every request body is an object schema with properties (each branch of a union)', () => {
    const withBody = operations.filter((o) => o.op.requestBody);
    expect(withBody.map((o) => `${o.method.toUpperCase()} ${o.path}`)).toEqual(
      expect.arrayContaining(['POST /api/v1/register', 'POST /api/v1/letters', 'POST /api/v1/letters/{trackingNo}/actions', 'PATCH /api/v1/admin/users/{id}', 'POST /open311/v2/requests.json']),
    );
    for (const { path, method, op } of withBody) {
      for (const [type, { schema }] of Object.entries(op.requestBody!.content)) {
        const where = `${method.toUpperCase()} ${path} ${type}`;
        const branches = schema.oneOf ?? schema.anyOf ?? [schema];
        expect(branches.length, where).toBeGreaterThan(0);
        for (const branch of branches) {
          expect(branch.type, where).toBe('object');
          expect(Object.keys(branch.properties ?? {}).length, where).toBeGreaterThan(0);
        }
      }
    }
  });

  it('documents the letters contract of API.md from the zod schemas', () => {
    const submit = doc.paths['/api/v1/letters']!.post!;
    const body = submit.requestBody!.content['application/json']!.schema as { properties: Record<string, { enum?: string[] }>; required: string[] };
    expect(body.properties.kind!.enum).toEqual(['inquiry', 'complaint', 'suggestion']);
    expect(body.required).toEqual(expect.arrayContaining(['kind', 'title', 'body', 'consentToPublish']));
    expect(body.required).not.toContain('departmentId');
    expect(submit.parameters).toEqual([expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: false })]);
    expect(Object.keys(submit.responses)).toEqual(expect.arrayContaining(['201', '401', '403', '422']));
    expect(submit.security).toEqual([{ sessionCookie: [] }, { bearerToken: [] }]);
    // Staff-entered letters (API.md "Intake"): channel, receivedOn and onBehalfOf, optional for citizens.
    expect(body.properties.channel!.enum).toEqual(['phone', 'paper', 'in_person', 'email', 'hotline_12345']);
    expect(Object.keys(body.properties)).toEqual(expect.arrayContaining(['receivedOn', 'onBehalfOf']));
    expect(body.required).not.toContain('channel');
    const claim = doc.paths['/api/v1/letters/claim']!.post!;
    expect((claim.requestBody!.content['application/json']!.schema as { required: string[] }).required).toEqual(['trackingNo', 'queryCode']);
    expect(Object.keys(claim.responses)).toEqual(expect.arrayContaining(['200', '401', '403', '404', '409', '422', '429']));

    const actions = doc.paths['/api/v1/letters/{trackingNo}/actions']!.post!.requestBody!.content['application/json']!.schema;
    const names = actions.oneOf!.map((b) => (b.properties!.action as { const: string }).const);
    expect(names).toEqual(expect.arrayContaining(['accept', 'reject', 'request_info', 'provide_info', 'transfer', 'extend', 'reply', 'rate', 'reopen']));

    const read = doc.paths['/api/v1/letters/{trackingNo}']!.get!;
    expect(read.parameters!.map((p) => `${p.in}:${p.name}`)).toEqual(['path:trackingNo']);
    expect(read.security).toEqual([{}, { sessionCookie: [] }, { bearerToken: [] }]);
    // The query code travels in a POST body, never in a URL.
    const lookup = doc.paths['/api/v1/letters/lookup']!.post!;
    expect(lookup.parameters ?? []).toEqual([]);
    const lookupBody = lookup.requestBody!.content['application/json']!.schema as { required: string[] };
    expect(lookupBody.required).toEqual(['trackingNo', 'code']);
    expect(Object.keys(lookup.responses)).toEqual(expect.arrayContaining(['200', '404', '422', '429']));

    const open311List = doc.paths['/open311/v2/requests.json']!.get!;
    expect(open311List.parameters!.map((p) => p.name)).toEqual(['service_request_id', 'service_code', 'status', 'topic_id', 'start_date', 'end_date', 'page', 'format']);
    expect(open311List.responses['422']!.content!['application/json']!.schema.$ref).toBe('#/components/schemas/Open311Errors');
    expect(Object.keys(doc.paths['/open311/v2/requests.json']!.post!.requestBody!.content)).toContain('application/x-www-form-urlencoded');
  });
});

describe('registry ↔ route files', () => {
  it('every registry entry has a route file exporting its method', () => {
    for (const endpoint of ENDPOINTS) {
      const file = routeFileFor(endpoint.path);
      expect(existsSync(join(root, file)), `${endpoint.path} → ${file} does not exist`).toBe(true);
      expect(exportedMethods(file), `${file} does not export ${endpoint.method.toUpperCase()}`).toContain(endpoint.method.toUpperCase());
    }
  });

  it('every route file (and method) under app/api/v1 and app/open311 has a registry entry', () => {
    const disk = routeKeysOnDisk();
    expect(disk.size).toBeGreaterThan(10);
    expect(undocumented(disk, registryKeys()), 'declare these in lib/api/endpoints/ and build the handler with handle()').toEqual([]);
  });

  it('a new route without a registry entry is caught', () => {
    const disk = routeKeysOnDisk();
    disk.add('GET app/api/v1/reports/route.ts');
    disk.add('DELETE app/api/v1/letters/[trackingNo]/route.ts');
    expect(undocumented(disk, registryKeys())).toEqual(['DELETE app/api/v1/letters/[trackingNo]/route.ts', 'GET app/api/v1/reports/route.ts']);
    // …and removing an entry is caught too.
    const fewer = registryKeys(ENDPOINTS.filter((e) => e.path !== '/api/v1/departments'));
    expect(undocumented(routeKeysOnDisk(), fewer)).toEqual(['GET app/api/v1/departments/route.ts']);
  });

  it('the document lists exactly the declared endpoints, and they are exactly the route files’ methods', () => {
    expect([...registryKeys()].sort()).toEqual([...routeKeysOnDisk()].sort());
    expect(operations.map((o) => `${o.method.toUpperCase()} ${routeFileFor(o.path)}`).sort()).toEqual([...routeKeysOnDisk()].sort());
  });

  it('every route method is the handler built from the declaration of its method and path (lib/api/endpoint.ts#handle)', async () => {
    const keys = [...routeKeysOnDisk()].sort();
    for (const key of keys) {
      const [method, file] = key.split(' ') as [string, string];
      const module = (await import(join(root, file))) as Record<string, RouteHandler | undefined>;
      const declared = ENDPOINTS.find((e) => e.method.toUpperCase() === method && routeFileFor(e.path) === file);
      expect(module[method]?.endpoint, `${key}: export ${method} = handle(<its declaration>, …)`).toBe(declared);
    }
  }, 120_000);

  it('derives route files from OpenAPI paths', () => {
    expect(routeFileFor('/api/v1/letters/{trackingNo}/actions')).toBe('app/api/v1/letters/[trackingNo]/actions/route.ts');
    expect(routeFileFor('/open311/v2/requests/{id}.json')).toBe('app/open311/v2/requests/[id]/route.ts');
    expect(routeFileFor('/open311/v2/requests.json')).toBe('app/open311/v2/requests.json/route.ts');
    expect(routeFileFor('/api/health')).toBe('app/api/health/route.ts');
  });

  it('reads exported methods in every form Next accepts', () => {
    const files = WALKED.flatMap(routeFiles);
    expect(files.map((f) => relative(root, join(root, f)).split(sep).join('/'))).toContain('app/api/v1/openapi.json/route.ts');
    for (const file of files) expect(exportedMethods(file).length, `${file} exports no HTTP method`).toBeGreaterThan(0);
  });
});
