import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { failureOf } from '@/lib/api/failure';
import { buildRouteTable } from '@/lib/observability/routes';
import { createRequestListener } from '@/lib/platform/http';
import { databaseOutage, OUTAGE_RETRY_SECONDS, reportDatabaseAvailable } from '@/lib/platform/outage';

/**
 * Pages while the database is out of reach (lib/platform/outage.ts): 503 + Retry-After and a page that says so, as
 * the API, forms and sockets answer — not Next's 500. The stand-in for Next renders a page from "the database" and
 * fails with 500 while it is down, as a real page does; the probe is the health check's stand-in.
 */
let databaseUp = true;
let probes = 0;
const rendered: string[] = [];

async function handle(req: IncomingMessage, res: ServerResponse) {
  rendered.push(req.url ?? '');
  await new Promise((resolve) => setImmediate(resolve));
  res.statusCode = databaseUp ? 200 : 500;
  res.setHeader('content-type', req.url?.startsWith('/api/') ? 'application/json' : 'text/html');
  res.end(databaseUp ? 'page from the database' : 'Next error page');
}

let server: Server;
let url: string;
beforeAll(async () => {
  server = createServer();
  server.on('request', createRequestListener({
    trustProxy: false, logRequests: false, routes: buildRouteTable([[], ['interviews']]), handle,
    databaseProbe: async () => {
      probes += 1;
      return databaseUp;
    },
  }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
afterEach(() => {
  vi.useRealTimers();
  databaseUp = true;
  reportDatabaseAvailable();
  rendered.length = 0;
});

const page = (path: string, headers: Record<string, string> = {}) =>
  fetch(url + path, { headers: { accept: 'text/html,application/xhtml+xml', ...headers } });
/** The wall clock (only Date is faked): each test starts a minute after the last one's pings. */
let clock = Date.now();
function fakeClock() {
  vi.useFakeTimers({ toFake: ['Date'] });
  clock += 60_000;
  vi.setSystemTime(clock);
}
/** The next ping may go out: more than a second has passed. */
function aSecondLater() {
  clock += 1_100;
  vi.setSystemTime(clock);
}

describe('pages during a database outage', () => {
  it('the first failed page sets off a ping; from then on pages answer 503 with Retry-After, and come back with the database', async () => {
    fakeClock();
    expect((await page('/interviews')).status).toBe(200);

    databaseUp = false;
    const failed = await page('/interviews');
    expect(failed.status).toBe(500); // Next's own answer: the outage is not known yet
    await expect.poll(() => databaseOutage().down).toBe(true);

    aSecondLater();
    rendered.length = 0;
    const during = await page('/interviews');
    expect(during.status).toBe(503);
    expect(during.headers.get('retry-after')).toBe(String(OUTAGE_RETRY_SECONDS));
    expect(during.headers.get('content-type')).toMatch(/^text\/html/);
    expect(during.headers.get('cache-control')).toBe('no-store');
    const html = await during.text();
    expect(html).toContain('服务暂时不可用');
    expect(html).toContain('Service temporarily unavailable');
    expect(rendered, 'Next was not asked to render it').toEqual([]);

    // Within the same second: the last ping's answer stands, no new ping.
    const before = probes;
    expect((await page('/letters')).status).toBe(503);
    expect(probes).toBe(before);

    // Not pages: the API, Next's flight data and assets reach their handlers, which answer in their own format.
    expect((await fetch(`${url}/api/v1/interviews`)).status).toBe(500);
    expect((await page('/interviews', { rsc: '1' })).status).toBe(500);
    expect((await fetch(`${url}/_next/static/chunk.js`)).status).toBe(500);
    expect(rendered).toEqual(['/api/v1/interviews', '/interviews', '/_next/static/chunk.js']);

    databaseUp = true;
    aSecondLater();
    const after = await page('/interviews');
    expect(after.status).toBe(200);
    expect(databaseOutage().down).toBe(false);
  });

  it('one unreachable-database error elsewhere does not turn pages away when a ping finds the database', async () => {
    // failureOf (API routes, forms, sockets) reports what it meets.
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(failureOf(refused).status).toBe(503);
    warn.mockRestore();
    expect(databaseOutage().down).toBe(true);

    fakeClock();
    aSecondLater();
    const response = await page('/interviews');
    expect(response.status).toBe(200);
    expect(databaseOutage().down).toBe(false);
  });

  it('HEAD gets the status without a body; a request that is not for HTML is left to its handler', async () => {
    databaseUp = false;
    fakeClock();
    expect((await page('/interviews')).status).toBe(500);
    await expect.poll(() => databaseOutage().down).toBe(true);
    aSecondLater();
    const head = await fetch(`${url}/interviews`, { method: 'HEAD', headers: { accept: 'text/html' } });
    expect(head.status).toBe(503);
    expect(await head.text()).toBe('');
    expect((await fetch(`${url}/feeds/interviews.xml`, { headers: { accept: 'application/rss+xml' } })).status).toBe(500);
  });
});
