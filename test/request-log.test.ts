import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { noteRequestUser } from '@/lib/observability/context';
import { configureLog, installJsonConsole, type LogLevel } from '@/lib/observability/log';
import { buildRouteTable } from '@/lib/observability/routes';
import { createRequestListener, REQUEST_ID_HEADER, requestIdOf } from '@/lib/platform/http';

/**
 * The production request log (lib/platform/http.ts, lib/observability/log.ts): one JSON line per request with its
 * method, route template, path without query string or secrets, status, duration, request id and — once a handler
 * has read the session — user id; errors as JSON lines carrying the same request id. The id is the trusted
 * proxy's X-Request-Id or a new one, echoed in the response; a client's own id is not believed.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const lines: Array<{ level: LogLevel; entry: Record<string, unknown> }> = [];
const saved = { log: console.log, info: console.info, warn: console.warn, error: console.error, debug: console.debug };
const routes = buildRouteTable([[], ['letters', '[trackingNo]'], ['api', 'v1', 'invitations', '[token]']]);

/** The stand-in for Next: reads "the session" after an await (as requestActor does), logs an error on /fail. */
async function handle(req: IncomingMessage, res: ServerResponse) {
  await new Promise((resolve) => setImmediate(resolve));
  if (req.headers.cookie === 'session=alice') noteRequestUser('u-alice');
  if (req.url === '/fail') {
    console.error('[api] unexpected error', new TypeError('boom'));
    res.statusCode = 500;
  }
  res.setHeader('x-seen-request-id', String(req.headers[REQUEST_ID_HEADER]));
  res.end('ok');
}

async function listen(trustProxy: boolean): Promise<{ server: Server; url: string }> {
  const server = createServer();
  server.on('request', createRequestListener({ trustProxy, logRequests: true, routes, handle }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** The request line of the response's request id (written when the response closes, just after the client reads it). */
async function requestLine(requestId: string) {
  await expect.poll(() => lines.some((l) => l.entry.msg === 'request' && l.entry.requestId === requestId), { timeout: 10_000 }).toBe(true);
  return lines.find((l) => l.entry.msg === 'request' && l.entry.requestId === requestId)!;
}

describe('request ids', () => {
  it('takes a trusted proxy’s id when it looks like one, otherwise makes a new one', () => {
    const req = (id?: string) => ({ headers: id === undefined ? {} : { 'x-request-id': id } });
    expect(requestIdOf(req('0f8e1d2c3b4a59687766554433221100'), true)).toBe('0f8e1d2c3b4a59687766554433221100');
    expect(requestIdOf(req('req-42:a.b_c'), true)).toBe('req-42:a.b_c');
    // Without TRUST_PROXY a client could forge another request's id in the logs.
    expect(requestIdOf(req('0f8e1d2c3b4a59687766554433221100'), false)).toMatch(UUID);
    for (const bad of ['', 'has space', 'line\nbreak', '{"json":1}', 'x'.repeat(129), '<script>']) {
      expect(requestIdOf(req(bad), true)).toMatch(UUID);
    }
    expect(requestIdOf(req(), true)).toMatch(UUID);
    expect(requestIdOf(req(), true)).not.toBe(requestIdOf(req(), true));
  });
});

describe('the JSON request log', () => {
  let trusted: { server: Server; url: string };
  let direct: { server: Server; url: string };

  beforeAll(async () => {
    configureLog({ format: 'json', write: (line, level) => lines.push({ level, entry: JSON.parse(line) }) });
    installJsonConsole();
    trusted = await listen(true);
    direct = await listen(false);
  });
  afterEach(() => {
    lines.length = 0;
  });
  afterAll(async () => {
    Object.assign(console, saved);
    delete (console as unknown as { __minshengJson?: boolean }).__minshengJson;
    configureLog({ format: 'pretty', write: (line, level) => (level === 'warn' || level === 'error' ? process.stderr : process.stdout).write(line + '\n') });
    await Promise.all([trusted, direct].map(({ server }) => new Promise((resolve) => server.close(resolve))));
  });

  it('writes one line per request: method, route, path without the query, status, duration, request id, user', async () => {
    const res = await fetch(`${trusted.url}/letters/XF20260601-0007?phone=13800138000`, { headers: { cookie: 'session=alice' } });
    const id = res.headers.get('x-request-id')!;
    expect(id).toMatch(UUID);
    // Handlers see the same id (e.g. to quote it in an error page).
    expect(res.headers.get('x-seen-request-id')).toBe(id);
    const { level, entry } = await requestLine(id);
    expect(level).toBe('info');
    expect(entry).toMatchObject({
      level: 'info', msg: 'request', requestId: id, userId: 'u-alice', method: 'GET',
      route: '/letters/[trackingNo]', path: '/letters/XF20260601-0007', status: 200,
    });
    expect(typeof entry.durationMs).toBe('number');
    expect(new Date(entry.time as string).toISOString()).toBe(entry.time);
    expect(JSON.stringify(lines)).not.toContain('13800138000');
    expect(lines.filter((l) => l.entry.msg === 'request')).toHaveLength(1);
  });

  it('has no user for a visitor, and no secret from the path', async () => {
    const res = await fetch(`${trusted.url}/api/v1/invitations/9d2f0c4e-secret-token`, { method: 'POST' });
    const { entry } = await requestLine(res.headers.get('x-request-id')!);
    expect(entry).toMatchObject({ method: 'POST', route: '/api/v1/invitations/[token]', path: '/api/v1/invitations/[token]' });
    expect(entry).not.toHaveProperty('userId');
    expect(JSON.stringify(lines)).not.toContain('secret-token');
  });

  it('echoes a trusted proxy’s X-Request-Id and replaces one it cannot use', async () => {
    const proxied = await fetch(`${trusted.url}/`, { headers: { 'x-request-id': 'nginx-5f2a9c' } });
    expect(proxied.headers.get('x-request-id')).toBe('nginx-5f2a9c');
    expect((await requestLine('nginx-5f2a9c')).entry.route).toBe('/');

    const mangled = await fetch(`${trusted.url}/`, { headers: { 'x-request-id': '"},{"level":"fake' } });
    expect(mangled.headers.get('x-request-id')).toMatch(UUID);
  });

  it('ignores a client’s X-Request-Id without TRUST_PROXY', async () => {
    const res = await fetch(`${direct.url}/`, { headers: { 'x-request-id': 'chosen-by-client' } });
    const id = res.headers.get('x-request-id')!;
    expect(id).toMatch(UUID);
    expect(res.headers.get('x-seen-request-id')).toBe(id);
    await requestLine(id);
    expect(JSON.stringify(lines)).not.toContain('chosen-by-client');
  });

  it('writes errors as JSON lines with the request’s id, and the request line at level error', async () => {
    const res = await fetch(`${trusted.url}/fail`, { headers: { cookie: 'session=alice' } });
    expect(res.status).toBe(500);
    const id = res.headers.get('x-request-id')!;
    const request = await requestLine(id);
    expect(request.level).toBe('error');
    expect(request.entry).toMatchObject({ status: 500, route: '(unmatched)', path: '/fail' });
    const error = lines.find((l) => l.entry.msg === '[api] unexpected error')!;
    expect(error.level).toBe('error');
    expect(error.entry).toMatchObject({ level: 'error', requestId: id, userId: 'u-alice', err: { name: 'TypeError', message: 'boom' } });
    expect((error.entry.err as { stack: string }).stack).toContain('TypeError: boom');
  });

  it('logs outside a request without a request id', () => {
    console.warn('[realtime] redis: %s', 'connection lost');
    expect(lines).toHaveLength(1);
    expect(lines[0]!.level).toBe('warn');
    expect(lines[0]!.entry).toMatchObject({ level: 'warn', msg: '[realtime] redis: connection lost' });
    expect(lines[0]!.entry).not.toHaveProperty('requestId');
  });
});
