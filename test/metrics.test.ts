import fs from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '@/lib/db';
import { publishLetterChange } from '@/lib/letters/realtime';
import { metrics, observeQuery } from '@/lib/observability/metrics';
import { isLoopback, metricsAccess } from '@/lib/observability/metrics-endpoint';
import { appRoutes, buildRouteTable, scanAppRoutes, UNMATCHED } from '@/lib/observability/routes';
import { createRequestListener } from '@/lib/platform/http';
import { closeRealtime, startRealtime } from '@/lib/platform/realtime';

/**
 * GET /metrics (API.md "Setup and administration"; lib/observability): who gets it, and that what it reports moves
 * — HTTP latency by route template (never a raw id), sockets connected, broadcasts, socket acks (question acks),
 * database queries. Served by server.ts's own request listener (lib/platform/http.ts) on a real HTTP server, with a
 * stand-in for Next's handler; the real server.ts under Node 24 is checked by scripts/smoke-start.ts.
 */
const TOKEN = 'metrics-token-0123456789-abcdefghij';

/** A metric's value for the labels given (histograms: name_count / name_sum), 0 when not yet observed. */
async function value(name: string, labels: Record<string, string> = {}, metricName = name): Promise<number> {
  const metric = metrics().registry.getSingleMetric(name);
  if (!metric) throw new Error(`no metric ${name}`);
  const data = await metric.get();
  return data.values
    .filter((v) => (v as { metricName?: string }).metricName === undefined ? metricName === name : (v as { metricName?: string }).metricName === metricName)
    .filter((v) => Object.entries(labels).every(([k, want]) => String((v.labels as Record<string, unknown>)[k]) === want))
    .reduce((sum, v) => sum + v.value, 0);
}

/** server.ts's listener on a real HTTP server; the stand-in for Next answers 200 "page" (or 500 on /boom). */
async function listen(options: { metricsToken?: string; trustProxy?: boolean } = {}): Promise<{ server: Server; url: string }> {
  const server = createServer();
  server.on('request', createRequestListener({
    trustProxy: options.trustProxy ?? false,
    metricsToken: options.metricsToken,
    logRequests: false,
    handle: (req: IncomingMessage, res: ServerResponse) => {
      res.statusCode = req.url === '/boom' ? 500 : 200;
      res.end('page');
    },
  }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}
const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

describe('who may read /metrics', () => {
  const fake = (remoteAddress: string, headers: Record<string, string> = {}) =>
    ({ headers, socket: { remoteAddress } }) as unknown as IncomingMessage;

  it('without METRICS_TOKEN: loopback only and not through a proxy; others are told there is no such page', () => {
    expect(metricsAccess(fake('127.0.0.1'), undefined)).toBe('allowed');
    expect(metricsAccess(fake('::1'), undefined)).toBe('allowed');
    expect(metricsAccess(fake('::ffff:127.0.0.1'), undefined)).toBe('allowed');
    expect(metricsAccess(fake('10.0.0.5'), undefined)).toBe('not_found');
    expect(metricsAccess(fake('192.168.1.20', { 'x-forwarded-for': '127.0.0.1' }), undefined)).toBe('not_found');
    // Passed on by a proxy on this machine: a visitor's request, however local its peer address.
    expect(metricsAccess(fake('127.0.0.1', { 'x-forwarded-for': '203.0.113.9' }), undefined)).toBe('not_found');
    expect(metricsAccess(fake('127.0.0.1', { 'x-real-ip': '203.0.113.9' }), undefined)).toBe('not_found');
    expect(metricsAccess(fake('127.0.0.1', { forwarded: 'for=203.0.113.9' }), undefined)).toBe('not_found');
    expect(isLoopback('127.10.0.1')).toBe(true);
    expect(isLoopback('1127.0.0.1')).toBe(false);
    expect(isLoopback(undefined)).toBe(false);
  });

  it('with METRICS_TOKEN: only the bearer of it, from anywhere; loopback alone is not enough', () => {
    expect(metricsAccess(fake('10.0.0.5', { authorization: `Bearer ${TOKEN}` }), TOKEN)).toBe('allowed');
    expect(metricsAccess(fake('10.0.0.5', { authorization: `bearer ${TOKEN}` }), TOKEN)).toBe('allowed');
    expect(metricsAccess(fake('127.0.0.1'), TOKEN)).toBe('unauthorized');
    expect(metricsAccess(fake('127.0.0.1', { authorization: `Bearer ${TOKEN}x` }), TOKEN)).toBe('unauthorized');
    expect(metricsAccess(fake('127.0.0.1', { authorization: `Basic ${TOKEN}` }), TOKEN)).toBe('unauthorized');
    expect(metricsAccess(fake('127.0.0.1', { authorization: 'Bearer ' }), TOKEN)).toBe('unauthorized');
  });

  it('over HTTP: 401 without the token, 200 in the Prometheus text format with it', async () => {
    const { server, url } = await listen({ metricsToken: TOKEN });
    try {
      const refused = await fetch(`${url}/metrics`);
      expect(refused.status).toBe(401);
      expect(refused.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(await refused.text()).not.toContain('minsheng_');
      expect((await fetch(`${url}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
      const ok = await fetch(`${url}/metrics?x=1`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(ok.status).toBe(200);
      expect(ok.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      const body = await ok.text();
      for (const name of ['minsheng_http_request_duration_seconds', 'minsheng_sockets_connected', 'minsheng_realtime_broadcasts_total', 'minsheng_socket_acks_total', 'minsheng_db_query_duration_seconds', 'minsheng_db_queries_in_flight', 'nodejs_eventloop_lag_seconds']) {
        expect(body).toContain(`# TYPE ${name} `);
      }
    } finally {
      await close(server);
    }
  });

  it('over HTTP without a token: 200 from loopback', async () => {
    const { server, url } = await listen();
    try {
      const res = await fetch(`${url}/metrics`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('# TYPE minsheng_http_request_duration_seconds histogram');
      expect((await fetch(`${url}/metrics`, { method: 'POST' })).status).toBe(405);
      expect((await fetch(`${url}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.9' } })).status).toBe(404);
    } finally {
      await close(server);
    }
  });
});

describe('route templates: labels without raw ids', () => {
  it('maps the app’s real routes as Next matches them: static first, then [param], then [...catchAll]', () => {
    const routes = appRoutes();
    expect(routes.routeOf('/')).toBe('/');
    expect(routes.routeOf('/letters/XF20260601-0001')).toBe('/letters/[trackingNo]');
    expect(routes.routeOf('/letters/new')).toBe('/letters/new');
    expect(routes.routeOf('/letters/lookup?q=1')).toBe('/letters/lookup');
    expect(routes.routeOf('/api/v1/letters/XF1/actions')).toBe('/api/v1/letters/[trackingNo]/actions');
    expect(routes.routeOf('/api/v1/no/such/thing')).toBe('/api/v1/[...path]');
    expect(routes.routeOf('/api/auth/callback/credentials')).toBe('/api/auth/[...nextauth]');
    expect(routes.routeOf('/interviews/some-slug/transcript')).toBe('/interviews/[slug]/transcript');
    expect(routes.routeOf('/_next/static/chunks/app-123.js')).toBe('/_next/static');
    expect(routes.routeOf('/sitemap.xml')).toBe('/sitemap.xml');
    expect(routes.routeOf('/wp-admin/setup.php')).toBe(UNMATCHED);
  });

  it('reads (groups), @slots, _private folders, optional catch-alls and metadata files from app/', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'minsheng-routes-'));
    try {
      const touch = (file: string) => {
        fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        fs.writeFileSync(path.join(dir, file), '');
      };
      touch('page.tsx');
      touch('(site)/about/page.tsx');
      touch('@modal/login/page.tsx');
      touch('_components/widget/page.tsx');
      touch('docs/[[...slug]]/page.tsx');
      touch('invitations/[token]/route.ts');
      touch('layout.tsx');
      touch('sitemap.ts');
      const routes = buildRouteTable(scanAppRoutes(dir));
      expect(routes.routeOf('/about')).toBe('/about');
      expect(routes.routeOf('/login')).toBe('/login');
      expect(routes.routeOf('/_components/widget')).toBe(UNMATCHED);
      expect(routes.routeOf('/docs')).toBe('/docs/[[...slug]]');
      expect(routes.routeOf('/docs/a/b')).toBe('/docs/[[...slug]]');
      expect(routes.routeOf('/sitemap.xml')).toBe('/sitemap.xml');
      // A secret in the path is not logged.
      expect(routes.routeOf('/invitations/s3cr3t')).toBe('/invitations/[token]');
      expect(routes.redact('/invitations/s3cr3t?x=1')).toBe('/invitations/[token]');
      expect(routes.redact('/about?token=abc')).toBe('/about');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('what /metrics reports moves', () => {
  let server: Server;
  let url: string;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    ({ server, url } = await listen());
    await startRealtime(server, { trustProxy: false, publicUrl: url, viewerCountIntervalMs: 60_000 });
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await closeRealtime(); // closes the HTTP server too
  });

  it('HTTP latency by method, route template and status, never by raw path', async () => {
    const route = { method: 'GET', route: '/letters/[trackingNo]', status: '200' };
    const before = await value('minsheng_http_request_duration_seconds', route, 'minsheng_http_request_duration_seconds_count');
    expect((await fetch(`${url}/letters/XF20260601-0042`)).status).toBe(200);
    expect((await fetch(`${url}/letters/XF20260601-0043?secret=1`)).status).toBe(200);
    expect((await fetch(`${url}/boom`)).status).toBe(500);
    // Observed when the server side of the response closes, which may be just after the client has read it.
    await expect.poll(() => value('minsheng_http_request_duration_seconds', route, 'minsheng_http_request_duration_seconds_count'), { timeout: 10_000 }).toBe(before + 2);
    await expect.poll(() => value('minsheng_http_request_duration_seconds', { route: UNMATCHED, status: '500' }, 'minsheng_http_request_duration_seconds_count'), { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    const body = await (await fetch(`${url}/metrics`)).text();
    expect(body).toMatch(/minsheng_http_request_duration_seconds_bucket\{le="[^"]+",method="GET",route="\/letters\/\[trackingNo\]",status="200"\}/);
    expect(body).not.toContain('XF20260601-0042');
    expect(body).not.toContain('secret');
  });

  it('sockets connected, broadcasts and socket acks (question acks)', async () => {
    const socket = connect(url, { transports: ['websocket'], forceNew: true, reconnection: false });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    expect(await value('minsheng_sockets_connected')).toBe(1);

    const ask = { event: 'question:ask', outcome: 'rejected' };
    const asked = await value('minsheng_socket_acks_total', ask);
    const timed = await value('minsheng_socket_ack_duration_seconds', { event: 'question:ask' }, 'minsheng_socket_ack_duration_seconds_count');
    // A visitor may not ask: the ack says so, and is counted.
    const reply = await socket.timeout(10_000).emitWithAck('question:ask', { interviewId: 'nope', body: '请问？', clientId: 'c1' });
    expect(reply.ok).toBe(false);
    expect(await value('minsheng_socket_acks_total', ask)).toBe(asked + 1);
    expect(await value('minsheng_socket_ack_duration_seconds', { event: 'question:ask' }, 'minsheng_socket_ack_duration_seconds_count')).toBe(timed + 1);

    const broadcasts = await value('minsheng_realtime_broadcasts_total', { event: 'letter:changed' });
    publishLetterChange({ trackingNo: 'XF1', status: 'accepted', version: 2, departmentPublicIds: ['d1', 'd2'], triage: true });
    // One broadcast to several rooms counts once.
    expect(await value('minsheng_realtime_broadcasts_total', { event: 'letter:changed' })).toBe(broadcasts + 1);

    socket.disconnect();
    await expect.poll(() => value('minsheng_sockets_connected'), { timeout: 10_000 }).toBe(0);
  });

  // The driver this run's tests use: PostgreSQL (postgres.js) with TEST_DATABASE_URL, else PGlite (whose first query
  // waits for its start, a while on a loaded machine).
  it('database queries: timed by outcome, in flight back to zero once answered', async () => {
    const serverUrl = process.env.TEST_DATABASE_URL;
    const database = serverUrl ? openDatabase({ url: serverUrl, observe: observeQuery }) : openDatabase({ dataDir: null, observe: observeQuery });
    try {
      await database.ping();
      const count = (outcome: string) => value('minsheng_db_query_duration_seconds', { outcome }, 'minsheng_db_query_duration_seconds_count');
      const ok = await count('ok');
      const failed = await count('error');
      await database.db.execute(sql`select 1`);
      await database.db.transaction(async (tx) => {
        await tx.execute(sql`select 2`);
      });
      await expect(database.db.execute(sql`select * from no_such_table`)).rejects.toThrow();
      expect(await count('ok')).toBeGreaterThanOrEqual(ok + 2);
      expect(await count('error')).toBe(failed + 1);
      expect(await value('minsheng_db_queries_in_flight')).toBe(0);
    } finally {
      await database.close();
    }
  }, 120_000);
});
