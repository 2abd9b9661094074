import { request as playwrightRequest, type APIRequestContext } from '@playwright/test';
import { PUBLIC_PAGES } from '@/lib/platform/page-cache';
import { expect, test } from './test';

/**
 * The public pages' cache (lib/platform/page-cache.ts) on the real pages of the production server. It serves one
 * anonymous visitor's render to the next, which is only right for a page that renders the same for every visitor:
 * each cached page kind is rendered twice afresh (a hard reload, `Cache-Control: no-cache`) and the two must be
 * identical in their markup but for the CSP nonce — a per-render value (a form key, a token, a random id) fails here. Other
 * workers write meanwhile, so a pair that differs is tried again; a page that renders something of its own each
 * time never yields an identical pair. Then a cached copy: served with a fresh nonce that its scripts and its
 * policy share.
 */
const NONCE = /'nonce-([^']+)'/;
const ATTEMPTS = 6;

/** A fresh anonymous client: no cookies at all (the language one is added where the test says). */
async function visitor(baseURL: string, cookie?: string): Promise<APIRequestContext> {
  return playwrightRequest.newContext({ baseURL, extraHTTPHeaders: cookie ? { cookie } : {} });
}

/**
 * One URL for each kind of cached page (and the fixed pages with a query), found by following the demo site's own
 * links from the home page, breadth first: the first link that matches each of PUBLIC_PAGES.
 */
async function samples(client: APIRequestContext): Promise<string[]> {
  const found = new Map<RegExp, string>();
  const queue = ['/', '/interviews', '/archive', '/disclosure', '/stats/messages', '/disclosure/annual-report', '/actions', '/consultations'];
  const seen = new Set(queue);
  for (let visited = 0; queue.length > 0 && visited < 80 && found.size < PUBLIC_PAGES.length; visited++) {
    const html = await (await client.get(queue.shift()!)).text();
    for (const [, href] of html.matchAll(/href="(\/[^"#?]*)/g)) {
      const path = href.replaceAll('&amp;', '&');
      const page = PUBLIC_PAGES.find((p) => p.test(path));
      if (page && !found.has(page)) found.set(page, path);
      if (page && !seen.has(path)) {
        seen.add(path);
        queue.push(path);
      }
    }
  }
  return [...new Set([...found.values(), '/letters?kind=complaint&page=1', '/archive?kind=letter'])];
}

/**
 * The page as a reader sees it: the markup without its scripts (Next's RSC payload numbers its rows in the order
 * the server's async parts finished, which varies from render to render with nothing else different; a per-render
 * value a page shows or submits — a hidden form key, a token — is in the markup too) and without the nonce.
 */
const markup = (body: string, nonce: string | undefined) => (nonce ? body.replaceAll(nonce, 'NONCE') : body).replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, '<script>');

test.describe('the public pages cache', () => {
  test('every cached page renders the same for every anonymous visitor, and a cached copy carries a fresh nonce', async ({ baseURL }) => {
    test.setTimeout(180_000);
    const client = await visitor(baseURL!);
    const english = await visitor(baseURL!, 'minsheng-locale=en');
    try {
      const urls = await samples(client);
      // Every kind of page the cache may keep is tried (the demo data has at least one of each).
      expect(PUBLIC_PAGES.filter((page) => !urls.some((u) => page.test(u.split('?')[0]))).map(String), 'kinds of cached pages no link leads to').toEqual([]);

      for (const [who, c] of [['zh', client], ['en', english]] as const) {
        for (const url of urls) {
          let same = false;
          let last: [string, string] = ['', ''];
          for (let attempt = 0; attempt < ATTEMPTS && !same; attempt++) {
            const [a, b] = [await c.get(url, { headers: { 'cache-control': 'no-cache' } }), await c.get(url, { headers: { 'cache-control': 'no-cache' } })];
            expect(a.status(), `${who} ${url}`).toBe(200);
            expect(a.headers()['x-page-cache'], `${who} ${url}: the production server caches it`).toBe('miss');
            last = [markup(await a.text(), NONCE.exec(a.headers()['content-security-policy'] ?? '')?.[1]),
              markup(await b.text(), NONCE.exec(b.headers()['content-security-policy'] ?? '')?.[1])];
            same = last[0] === last[1];
            // The page's title and description are in <head> whoever asks: one shape for the cache to keep, and
            // what share-preview fetchers read (metadata streamed into <body> varied with render timing).
            const head = last[0].slice(0, last[0].indexOf('</head>'));
            expect(head, `${who} ${url}: <title> in <head>`).toMatch(/<title>[^<]+<\/title>/);
            expect(head, `${who} ${url}: description in <head>`).toContain('<meta name="description"');
          }
          if (!same) {
            const at = [...last[0]].findIndex((ch, i) => ch !== last[1][i]);
            expect(last[1].slice(Math.max(0, at - 120), at + 120), `${who} ${url} renders differently each time`).toBe(last[0].slice(Math.max(0, at - 120), at + 120));
          }
        }
      }

      // A cached copy (another worker's write may empty the cache in between: tried until one is served).
      let hit = null;
      for (let attempt = 0; attempt < 20 && !hit; attempt++) {
        await client.get('/interviews');
        const response = await client.get('/interviews');
        if (response.headers()['x-page-cache'] === 'hit') hit = response;
      }
      expect(hit, 'a second read of /interviews is served from the cache').not.toBeNull();
      const nonce = NONCE.exec(hit!.headers()['content-security-policy'] ?? '')?.[1];
      expect(nonce).toBeTruthy();
      const scripts = [...(await hit!.text()).matchAll(/<script[^>]*\snonce="([^"]+)"/g)].map((m) => m[1]);
      expect(scripts.length).toBeGreaterThan(0);
      expect(new Set(scripts)).toEqual(new Set([nonce]));
    } finally {
      await client.dispose();
      await english.dispose();
    }
  });

  test('an archive search is never served from the cache: each one counts against the search limit the API shares', async ({ baseURL }) => {
    const client = await visitor(baseURL!);
    try {
      for (let i = 0; i < 2; i++) {
        const response = await client.get('/archive?q=%E5%85%AC%E4%BA%A4');
        expect(response.status()).toBe(200);
        expect(response.headers()['x-page-cache']).toBeUndefined();
      }
    } finally {
      await client.dispose();
    }
  });

  test('a reader with a session cookie (or any cookie but language and 长辈模式) never gets a cached page', async ({ baseURL }) => {
    for (const cookie of ['next-auth.session-token=x', 'ms_device=x', 'minsheng-locale=en; other=1']) {
      const client = await visitor(baseURL!, cookie);
      try {
        for (let i = 0; i < 2; i++) {
          const response = await client.get('/');
          expect(response.status()).toBe(200);
          expect(response.headers()['x-page-cache'], cookie).toBeUndefined();
        }
      } finally {
        await client.dispose();
      }
    }
  });
});
