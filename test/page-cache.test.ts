import { createServer, get as httpGet, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { gunzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { recordAudit } from '@/lib/audit';
import { db } from '@/lib/db';
import { ELDER_COOKIE, LOCALE_COOKIE } from '@/lib/i18n/config';
import { keepOutOfPageCache, noteRequestRefused } from '@/lib/observability/context';
import { buildRouteTable } from '@/lib/observability/routes';
import { createRequestListener } from '@/lib/platform/http';
import { createPageCache, pageCacheKey, type PageCache } from '@/lib/platform/page-cache';
import { pageGeneration, pagesChanged } from '@/lib/platform/page-changes';
import { newNonce } from '@/lib/security/headers';

/**
 * The public pages' cache in front of Next (lib/platform/page-cache.ts), through server.ts's request listener.
 * The stand-in for Next renders a page as proxy.ts + a page do: a fresh nonce in the CSP header and on its scripts,
 * the number of the render in the body. e2e/page-cache.spec.ts runs the real pages through it.
 */
let renders = 0;
/** Set by a test: the next render waits for this before it answers (a render that overlaps a change). */
let hold: Promise<void> | null = null;
let clock = 1_000_000;
/** What the last render was asked for in Accept-Encoding (Next gzips when the client accepts it). */
let renderedEncoding: string | undefined;

async function handle(req: IncomingMessage, res: ServerResponse) {
  const wait = hold; // the hold in force when this render began
  renders += 1;
  renderedEncoding = req.headers['accept-encoding'] as string | undefined;
  const n = renders;
  const nonce = newNonce();
  // What a page does when a limit refuses it (lib/ratelimit#limitRender), or when its answer is its reader's own.
  if (req.url === '/archive/refused') noteRequestRefused(90);
  if (req.url === '/interviews/own') keepOutOfPageCache();
  await new Promise((resolve) => setImmediate(resolve));
  if (wait) await wait;
  if (req.method === 'POST') {
    res.statusCode = 303;
    return res.end();
  }
  res.statusCode = req.url === '/archive/missing' ? 404 : 200;
  res.setHeader('content-type', req.url === '/stats/export.csv' ? 'text/csv' : 'text/html; charset=utf-8');
  res.setHeader('content-security-policy', `script-src 'self' 'nonce-${nonce}'; object-src 'none'`);
  res.setHeader('x-frame-options', 'DENY');
  if (req.url === '/interviews/with-cookie') res.setHeader('set-cookie', 'ms_device=abc; Path=/');
  // Written in pieces, as Next streams a page.
  res.write(`<!DOCTYPE html><html><head><script nonce="${nonce}">1</script></head>`);
  res.write(Buffer.from(`<body><p>第 ${n} 次渲染 render ${n} of ${req.url}</p>`));
  // A long page: many deflate blocks, a nonce in the middle of them.
  if (req.url === '/stats/letters') res.write(`${Array.from({ length: 6000 }, (_, i) => `<tr><td>${i}</td><td>${(i * 7919) % 10007}</td></tr>`).join('')}<link nonce="${nonce}">`);
  res.end(`<script nonce="${nonce}">2</script></body></html>`);
}

let server: Server;
let url: string;
let cache: PageCache;
beforeAll(async () => {
  cache = createPageCache({ ttlMs: 5000, now: () => clock });
  server = createServer();
  server.on('request', createRequestListener({ trustProxy: false, logRequests: false, routes: buildRouteTable([[]]), handle, pageCache: cache }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  cache.clear();
  hold = null;
});

async function get(path: string, headers: Record<string, string> = {}) {
  const response = await fetch(url + path, { headers });
  const body = await response.text();
  const policy = response.headers.get('content-security-policy') ?? '';
  return {
    status: response.status,
    body,
    served: response.headers.get('x-page-cache'),
    render: Number(/render (\d+)/.exec(body)?.[1] ?? NaN),
    policyNonce: /'nonce-([^']+)'/.exec(policy)?.[1],
    bodyNonces: [...body.matchAll(/nonce="([^"]+)"/g)].map((m) => m[1]),
    frame: response.headers.get('x-frame-options'),
    requestId: response.headers.get('x-request-id'),
    encoding: response.headers.get('content-encoding'),
    retryAfter: response.headers.get('retry-after'),
  };
}

/** `count` identical requests arriving while the first one's render is held; how many renders they took. */
async function arrivingDuringARender(path: string, count: number) {
  let release!: () => void;
  hold = new Promise((resolve) => (release = resolve));
  const before = renders;
  const pending = Array.from({ length: count }, () => get(path));
  while (renders === before) await new Promise((resolve) => setImmediate(resolve));
  hold = null;
  release();
  const pages = await Promise.all(pending);
  return { pages, rendered: renders - before };
}

describe('which requests the cache answers', () => {
  it('keys public pages by URL, language and 长辈模式, and nothing else a visitor sends', () => {
    const at = (path: string, headers: Record<string, string> = {}, method = 'GET') => pageCacheKey({ method, url: path, headers: { host: 'x', ...headers } });
    for (const path of ['/', '/letters?page=2', '/interviews/abc', '/interviews/abc/transcript', '/archive/A1', '/disclosure/items/9', '/stats/messages/2026-10', '/disclosure/annual-report/2025']) {
      expect(at(path), path).not.toBeNull();
    }
    for (const path of ['/letters/new', '/letters/ZX20260001', '/login', '/register', '/consultations/abc', '/disclosure/apply', '/disclosure/applications/GK1', '/workspace/moderator', '/api/v1/letters', '/_next/static/x.js', '/stats/export.csv', '/invitations/t', '/password-reset/t', '/account', '/notifications']) {
      expect(at(path), path).toBeNull();
    }
    expect(at('/', {}, 'HEAD')).toBeNull();
    expect(at('/', {}, 'POST')).toBeNull();
    expect(at('/?_rsc=1x2y')).toBeNull();
    for (const header of ['rsc', 'next-action', 'next-router-state-tree', 'next-router-prefetch', 'authorization', 'range']) expect(at('/', { [header]: '1' }), header).toBeNull();
    // A session, a poll device, next-auth's CSRF cookie, anything unknown: that visitor's page is not shared.
    for (const cookie of ['next-auth.session-token=x', '__Secure-next-auth.session-token=x', 'ms_device=d', 'next-auth.csrf-token=c', 'other=1']) {
      expect(at('/', { cookie: `${LOCALE_COOKIE}=en; ${cookie}` }), cookie).toBeNull();
    }
    const plain = at('/');
    const english = at('/', { cookie: `${LOCALE_COOKIE}=en` });
    const elder = at('/', { cookie: `${ELDER_COOKIE}=1` });
    expect(new Set([plain, english, elder, at('/', { cookie: `${LOCALE_COOKIE}=en; ${ELDER_COOKIE}=1` }), at('/', { host: 'y' })]).size).toBe(5);
    expect(at('/', { cookie: `${LOCALE_COOKIE}=en` })).toBe(english);
  });
});

describe('a cached page', () => {
  it('is rendered once, then served with a fresh nonce in its scripts and its policy and its own request id', async () => {
    const first = await get('/interviews/live', { 'accept-encoding': 'gzip, deflate, br' });
    expect(first.served).toBe('miss');
    // Rendered uncompressed so that it can be kept; the copies are gzipped for a client that accepts it.
    expect(renderedEncoding).toBeUndefined();
    const second = await get('/interviews/live');
    expect(second.served).toBe('hit');
    expect(second.render).toBe(first.render);
    expect(second.body.replaceAll(second.policyNonce!, 'N')).toBe(first.body.replaceAll(first.policyNonce!, 'N'));
    expect(second.policyNonce).not.toBe(first.policyNonce);
    expect(second.bodyNonces).toEqual([second.policyNonce, second.policyNonce]);
    expect(second.body).not.toContain(first.policyNonce);
    expect(second.frame).toBe('DENY');
    expect(second.requestId).not.toBe(first.requestId);
    expect(second.encoding).toBe('gzip');
    const identity = await get('/interviews/live', { 'accept-encoding': 'identity' });
    expect(identity.served).toBe('hit');
    expect(identity.encoding).toBeNull();
    expect(identity.body.replaceAll(identity.policyNonce!, 'N')).toBe(first.body.replaceAll(first.policyNonce!, 'N'));
    // A page not kept is rendered as asked.
    await get('/login', { 'accept-encoding': 'gzip' });
    expect(renderedEncoding).toBe('gzip');
  });

  it('is kept per language and 长辈模式, and never for a signed-in or cookie-carrying visitor', async () => {
    const zh = await get('/');
    const en = await get('/', { cookie: `${LOCALE_COOKIE}=en` });
    expect(en.render).not.toBe(zh.render);
    expect((await get('/', { cookie: `${LOCALE_COOKIE}=en` })).render).toBe(en.render);
    const signedIn = await get('/', { cookie: 'next-auth.session-token=abc' });
    expect(signedIn.render).not.toBe(zh.render);
    expect(signedIn.served).toBeNull();
    expect((await get('/', { cookie: 'next-auth.session-token=abc' })).render).toBe(signedIn.render + 1);
  });

  it('is not kept when the page failed, set a cookie, is not HTML, or is not a public page', async () => {
    for (const path of ['/archive/missing', '/interviews/with-cookie', '/letters/new', '/login']) {
      const first = await get(path);
      expect((await get(path)).render, path).toBe(first.render + 1);
    }
  });

  it('is rendered afresh on a hard reload (Cache-Control: no-cache), which stores the new render', async () => {
    const first = await get('/archive');
    const reloaded = await get('/archive', { 'cache-control': 'no-cache' });
    expect(reloaded.render).toBe(first.render + 1);
    expect((await get('/archive')).render).toBe(reloaded.render);
  });

  it('expires after its TTL', async () => {
    const first = await get('/disclosure');
    clock += 4999;
    expect((await get('/disclosure')).render).toBe(first.render);
    clock += 1;
    expect((await get('/disclosure')).render).toBe(first.render + 1);
  });

  it('is rendered once for identical requests arriving while it renders', async () => {
    const { pages, rendered } = await arrivingDuringARender('/stats', 8);
    expect(rendered).toBe(1);
    expect(new Set(pages.map((p) => p.render)).size).toBe(1);
    expect(pages.filter((p) => p.served === 'miss')).toHaveLength(1);
    expect(new Set(pages.map((p) => p.policyNonce)).size).toBe(8);
  });

  it('keeps collapsing requests onto a hard reload\'s render when an earlier render of the page ends meanwhile', async () => {
    const tick = () => new Promise((resolve) => setImmediate(resolve));
    const before = renders;
    let releaseFirst!: () => void;
    hold = new Promise((resolve) => (releaseFirst = resolve));
    const first = get('/letters');
    while (renders === before) await tick();
    pagesChanged(); // the first render overlaps a change: it is served but not kept
    let releaseReload!: () => void;
    hold = new Promise((resolve) => (releaseReload = resolve));
    const reload = get('/letters', { 'cache-control': 'no-cache' });
    while (renders === before + 1) await tick();
    hold = null;
    releaseFirst();
    expect((await first).render).toBe(before + 1);
    // Requests for the page while the reload still renders wait for it (the first render's end must not have
    // removed the reload's entry of the renders under way), and get its copy: no third render.
    let arrived = 0;
    const handleRequest = cache.handle;
    cache.handle = (req, res, render) => {
      arrived += 1;
      handleRequest(req, res, render);
    };
    try {
      const waiting = Array.from({ length: 4 }, () => get('/letters'));
      while (arrived < 4) await tick();
      releaseReload();
      const [reloaded, ...pages] = await Promise.all([reload, ...waiting]);
      expect(reloaded!.render).toBe(before + 2);
      expect(pages.map((p) => p.render)).toEqual([before + 2, before + 2, before + 2, before + 2]);
      expect(renders - before).toBe(2);
    } finally {
      cache.handle = handleRequest;
    }
  });
});

describe('a render that marks its answer as its reader\'s own', () => {
  it('refused by a limit: answered 429 with Retry-After, never kept nor handed to a request waiting for it', async () => {
    const first = await get('/archive/refused');
    expect([first.status, first.retryAfter, first.served]).toEqual([429, '90', 'miss']);
    expect(first.body).toContain(`render ${first.render} `);
    const { pages, rendered } = await arrivingDuringARender('/archive/refused', 3);
    // Each request waited for the one render under way, found nothing kept, and was rendered (counted) itself.
    expect(rendered).toBe(3);
    expect(pages.map((p) => [p.status, p.served])).toEqual([[429, 'miss'], [429, 'miss'], [429, 'miss']]);
    expect(new Set(pages.map((p) => p.render)).size).toBe(3);
    expect(cache.size().entries).toBe(0);
    // Next's client reads an RSC payload or a server action's answer only from a 200: there it stays, as rendered.
    for (const header of ['rsc', 'next-action']) expect((await get('/archive/refused', { [header]: '1' })).status, header).toBe(200);
  });

  it('otherwise answered as rendered (200), and not kept', async () => {
    const first = await get('/interviews/own');
    expect([first.status, first.retryAfter]).toEqual([200, null]);
    expect((await get('/interviews/own')).render).toBe(first.render + 1);
    expect(cache.size().entries).toBe(0);
  });

  it('an archive search is not cached (each is counted against the search limit); the list and its filters are', async () => {
    const at = (path: string) => pageCacheKey({ method: 'GET', url: path, headers: { host: 'x' } });
    for (const path of ['/archive?q=%E4%BD%8F%E6%88%BF', '/archive?kind=letter&q=abc', '/archive?%71=abc', '/archive?q=a&q=']) expect(at(path), path).toBeNull();
    for (const path of ['/archive', '/archive?q=', '/archive?q=+', '/archive?kind=letter&page=2', '/archive?sort=newest&question=1']) expect(at(path), path).not.toBeNull();
    const search = await get('/archive?q=abc');
    expect(search.served).toBeNull();
    expect((await get('/archive?q=abc')).render).toBe(search.render + 1);
  });
});

describe('gzip', () => {
  /** The bytes as sent, not decompressed by the client. */
  const raw = (path: string) => new Promise<{ encoding: string | undefined; cached: string | undefined; bytes: Buffer }>((resolve, reject) => {
    httpGet(url + path, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ encoding: res.headers['content-encoding'], cached: res.headers['x-page-cache'] as string | undefined, bytes: Buffer.concat(chunks) }));
    }).on('error', reject);
  });

  it('a copy is one valid gzip stream (checksum and length) of the page with its own nonce', async () => {
    const first = await raw('/stats/letters');
    expect(first.cached).toBe('miss');
    const copies = [await raw('/stats/letters'), await raw('/stats/letters')];
    const pages = copies.map((c) => {
      expect(c.cached).toBe('hit');
      expect(c.encoding).toBe('gzip');
      return gunzipSync(c.bytes).toString('utf8'); // throws on a wrong CRC-32 or length
    });
    const nonces = pages.map((p) => [...p.matchAll(/nonce="([^"]+)"/g)].map((m) => m[1]));
    expect(nonces[0]).toHaveLength(3);
    expect(new Set(nonces[0]).size).toBe(1);
    expect(nonces[0]![0]).not.toBe(nonces[1]![0]);
    expect(pages[1]!.replaceAll(nonces[1]![0]!, 'N')).toBe(pages[0]!.replaceAll(nonces[0]![0]!, 'N'));
    expect(first.bytes.toString('utf8').replace(/nonce="[^"]+"/g, 'N')).toBe(pages[0]!.replace(/nonce="[^"]+"/g, 'N'));
    // Compressed: far smaller than the page.
    expect(copies[0]!.bytes.length).toBeLessThan(first.bytes.length / 3);
  });
});

describe('any change empties it', () => {
  it('an audited change (every state change writes one), also from outside a request', async () => {
    const first = await get('/letters');
    await recordAudit(db(), 'system', { action: 'test.page_cache', entityType: 'test', entityId: 1 });
    expect((await get('/letters')).render).toBe(first.render + 1);
  });

  it('a request that may have written: any POST, once it has answered', async () => {
    const first = await get('/letters');
    expect((await get('/letters')).render).toBe(first.render);
    const before = pageGeneration();
    const posted = await fetch(`${url}/letters`, { method: 'POST', redirect: 'manual' });
    expect(posted.status).toBe(303);
    expect(pageGeneration()).toBeGreaterThan(before);
    expect((await get('/letters')).render).toBeGreaterThan(first.render);
  });

  it('a page whose render overlapped a change is served to its reader but not kept', async () => {
    let release!: () => void;
    hold = new Promise((resolve) => (release = resolve));
    const pending = get('/interviews');
    const before = renders;
    while (renders === before) await new Promise((resolve) => setImmediate(resolve));
    pagesChanged(); // e.g. an answer published while the page read the transcript
    hold = null;
    release();
    const overlapped = await pending;
    expect(overlapped.status).toBe(200);
    expect((await get('/interviews')).render).toBe(overlapped.render + 1);
  });

  it('a change heard from another app process', async () => {
    const first = await get('/');
    pagesChanged('remote');
    expect((await get('/')).render).toBe(first.render + 1);
  });
});

// A busy live Q&A writes thousands of times a minute (questions, 同问, ballots); those writes name the kinds of page
// they reach (lib/platform/page-changes.ts), so the rest of the site stays cached through them.
describe('changes that reach some kinds of page', () => {
  const kinds = { interview: ['/interviews/iv-1', '/interviews/iv-1/transcript', '/interviews/iv-1/screen'], stats: ['/stats', '/stats/letters', '/stats/details'], other: ['/', '/letters', '/interviews', '/archive/A', '/disclosure'] };
  const all = [...kinds.interview, ...kinds.stats, ...kinds.other];
  const renderAll = async () => Object.fromEntries(await Promise.all(all.map(async (p) => [p, (await get(p)).render] as const)));

  it.each([
    [['interview'] as const, kinds.interview],
    [['stats'] as const, kinds.stats],
    [['interview', 'stats'] as const, [...kinds.interview, ...kinds.stats]],
    [[] as const, []],
  ])('a change to %j drops exactly those pages, locally or from another process', async (scope, dropped) => {
    for (const origin of ['local', 'remote'] as const) {
      const before = await renderAll();
      expect(await renderAll()).toEqual(before); // all cached
      const generation = pageGeneration();
      pagesChanged(origin, scope);
      expect(pageGeneration()).toBe(generation + 1);
      const after = await renderAll();
      for (const p of all) {
        if ((dropped as readonly string[]).includes(p)) expect(after[p], p).toBeGreaterThan(before[p]!);
        else expect(after[p], p).toBe(before[p]);
      }
    }
  });

  it('a change to every page still drops every kind', async () => {
    const before = await renderAll();
    pagesChanged();
    const after = await renderAll();
    for (const p of all) expect(after[p], p).toBeGreaterThan(before[p]!);
  });

  it('a render overlapped by a change of another kind is kept; by one of its own kind, it is not', async () => {
    for (const [scope, kept] of [[['stats'], true], [['interview'], false]] as const) {
      cache.clear();
      let release!: () => void;
      hold = new Promise((resolve) => (release = resolve));
      const pending = get('/interviews/iv-2');
      const before = renders;
      while (renders === before) await new Promise((resolve) => setImmediate(resolve));
      pagesChanged('local', scope);
      hold = null;
      release();
      const overlapped = await pending;
      expect((await get('/interviews/iv-2')).render, JSON.stringify(scope)).toBe(kept ? overlapped.render : overlapped.render + 1);
    }
  });
});

describe('bounds', () => {
  it('keeps at most maxEntries pages, dropping the oldest', async () => {
    const small = createPageCache({ ttlMs: 5000, maxEntries: 2, now: () => clock });
    const local = createServer();
    local.on('request', createRequestListener({ trustProxy: false, logRequests: false, routes: buildRouteTable([[]]), handle, pageCache: small }));
    await new Promise<void>((resolve) => local.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(local.address() as AddressInfo).port}`;
    const renderOf = async (path: string) => Number(/render (\d+)/.exec(await (await fetch(base + path)).text())![1]);
    try {
      const a = await renderOf('/archive/A');
      await renderOf('/archive/B');
      await renderOf('/archive/C');
      expect(small.size().entries).toBe(2);
      expect(await renderOf('/archive/A')).toBeGreaterThan(a);
    } finally {
      await new Promise<void>((resolve) => local.close(() => resolve()));
    }
  });
});
