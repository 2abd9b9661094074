import type { IncomingMessage, ServerResponse } from 'node:http';
import { constants, crc32, deflateRawSync } from 'node:zlib';
import { ELDER_COOKIE, LOCALE_COOKIE } from '../i18n/config';
import { currentRequest } from '../observability/context';
import { newNonce } from '../security/headers';
import { onPagesChanged, pageStamp, type PageKind } from './page-changes';

/**
 * A short-lived cache of the public pages as anonymous visitors get them (issue 15: server render CPU per page).
 * Most of a page's CPU is Next's per-request work around it (docs/notes/pagecpu.md), so the lever is rendering a
 * page once for many visitors: a crowd opening a live interview, the home page, the board.
 *
 * What is cached: a GET of a page in PUBLIC_PAGES by a request with no cookie but the language and 长辈模式 ones
 * (which are part of the key) — so never a signed-in user's page, nor one that depends on a device — answered
 * 200 text/html without Set-Cookie, from a render that did not mark its answer as the requester's own (a refusal by a
 * limit, lib/observability/context.ts#keepOutOfPageCache). Not an archive search (below). Those pages are the same for every such visitor (e2e/page-cache.spec.ts renders
 * each twice and compares them), so serving one visitor's render to the next tells them nothing they could not load.
 *
 * Kept exact: any change (lib/platform/page-changes.ts — audited writes, non-GET requests, writing socket events,
 * interview events, jobs, other processes' changes through Redis) drops the pages it can reach — every page, or for
 * the writes of a live Q&A only the interview or statistics pages (pageKindOf) — and a render during which such a
 * change happened is not stored. The TTL bounds what no change signals: time passing (a consultation's closing hour, "today").
 *
 * Each page carries a fresh CSP nonce (proxy.ts): a cached page is stored split at its nonce and served with a new
 * one in its body and its Content-Security-Policy. Identical requests arriving during a render wait for it rather
 * than render the same page again. `Cache-Control: no-cache` from the client (a hard reload) renders afresh.
 * Next gzips what it sends when the client accepts it: a page to be kept is rendered uncompressed (that first
 * reader gets it so). Its pieces between the nonces are compressed once when it is stored, and each copy is
 * assembled as a gzip stream around its own nonce (see gzipAround) — compressing each copy whole cost ~3 ms.
 */
export interface PageCacheOptions {
  /** How long an entry may be served; 0 turns the cache off. */
  ttlMs: number;
  maxEntries?: number;
  maxBytes?: number;
  /** For tests: the clock. */
  now?: () => number;
}

/**
 * The public pages that render the same for every anonymous visitor with the same URL, language and 长辈模式.
 * Not here: the letter and application pages (their reader is decided by a session or a code), sign-in,
 * registration, invitations, password resets, the write forms, and pages rarely read (a consultation's page and
 * feedback report). e2e/page-cache.spec.ts checks every kind listed here on the demo data.
 */
export const PUBLIC_PAGES: readonly RegExp[] = [
  /^\/$/,
  /^\/letters$/,
  /^\/interviews$/,
  /^\/interviews\/[^/]+(\/transcript|\/screen)?$/,
  /^\/archive$/,
  /^\/archive\/[^/]+$/,
  /^\/disclosure$/,
  /^\/disclosure\/(guide|rules)$/,
  /^\/disclosure\/items\/[^/]+$/,
  /^\/disclosure\/annual-report(\/[^/]+)?$/,
  /^\/stats(\/(departments|details|letters|messages))?$/,
  /^\/stats\/messages\/[^/]+$/,
  /^\/consultations$/,
  /^\/actions(\/[^/]+)?$/,
];

/**
 * The kind of a public page, for changes that reach only some (page-changes.ts): an interview's page, transcript and
 * big screen; the statistics pages. Other pages (null) are reached by changes to every page only.
 */
export function pageKindOf(pathname: string): PageKind | null {
  if (/^\/interviews\/[^/]+(\/transcript|\/screen)?$/.test(pathname)) return 'interview';
  if (/^\/stats(\/|$)/.test(pathname)) return 'stats';
  return null;
}

/** Request headers that make a different answer than the page's HTML (Next's RSC requests, server actions, ranges). */
const OTHER_ANSWERS = ['rsc', 'next-action', 'next-router-state-tree', 'next-router-prefetch', 'authorization', 'range'];
/** Response headers that belong to one answer only. */
const NOT_STORED = new Set(['x-request-id', 'date', 'connection', 'keep-alive', 'transfer-encoding', 'content-length', 'x-page-cache', 'etag', 'content-encoding']);
const NONCE_IN_POLICY = /'nonce-([^']+)'/;

const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0xff]);
/** An empty final block of fixed Huffman codes: the end of the deflate stream. */
const LAST_BLOCK = deflateRawSync(Buffer.alloc(0));

/**
 * A gzip stream (RFC 1952) of `body`, whose pieces between nonces were compressed ahead (`deflated`, each ending on a
 * byte boundary after a sync flush, so raw deflate pieces simply follow one another) with `nonce` between them as
 * its own small piece; the trailer's CRC-32 and length are those of the whole body.
 */
function gzipAround(deflated: Buffer[], body: Buffer, nonce: string | null): Buffer {
  const between = nonce ? deflateRawSync(Buffer.from(nonce), { finishFlush: constants.Z_SYNC_FLUSH }) : null;
  const pieces: Buffer[] = [GZIP_HEADER];
  deflated.forEach((piece, i) => {
    if (i > 0 && between) pieces.push(between);
    pieces.push(piece);
  });
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc32(body) >>> 0, 0);
  trailer.writeUInt32LE(body.length % 2 ** 32, 4);
  pieces.push(LAST_BLOCK, trailer);
  return Buffer.concat(pieces);
}

function acceptsGzip(req: IncomingMessage): boolean {
  return /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
}

/**
 * An archive search (/archive?q=…, not the plain list or its filters) is not cached: each search render counts
 * against the address's search limit, which the API shares (lib/ratelimit, 'search'), and a cache hit would skip
 * it; a crawler walking distinct queries would also fill the cache with pages read once, pushing out the pages it
 * is for. A query repeated by a crowd within PAGE_CACHE_MS is rare next to a crowd on one page.
 */
function isSearch(search: string): boolean {
  return Boolean(new URLSearchParams(search).get('q')?.trim());
}

/** The cache key of a request, or null when its answer is not cached. */
export function pageCacheKey(req: Pick<IncomingMessage, 'method' | 'url' | 'headers'>): string | null {
  if (req.method !== 'GET' || !req.url) return null;
  const query = req.url.indexOf('?');
  const pathname = query < 0 ? req.url : req.url.slice(0, query);
  if (!PUBLIC_PAGES.some((page) => page.test(pathname))) return null;
  if (query >= 0 && /[?&]_rsc=/.test(req.url)) return null;
  if (query >= 0 && pathname === '/archive' && isSearch(req.url.slice(query + 1))) return null;
  for (const name of OTHER_ANSWERS) if (req.headers[name] !== undefined) return null;
  let locale = '';
  let elder = '';
  for (const pair of (req.headers.cookie ?? '').split(';')) {
    const trimmed = pair.trim();
    if (!trimmed) continue;
    const eq = trimmed.indexOf('=');
    const name = eq < 0 ? trimmed : trimmed.slice(0, eq);
    const value = eq < 0 ? '' : trimmed.slice(eq + 1);
    if (name === LOCALE_COOKIE) locale = value;
    else if (name === ELDER_COOKIE) elder = value;
    else return null; // a session, a device, anything else: this visitor's page may be their own
  }
  return `${req.headers.host ?? ''}\n${req.url}\n${locale}\n${elder}`;
}

interface Entry {
  kind: PageKind | null;
  /** pageStamp(kind) when its render began: the entry is good while it has not moved. */
  stamp: number;
  storedAt: number;
  headers: [string, string | string[]][];
  /** The body split where the nonce was. */
  parts: Buffer[];
  /** The same parts, each compressed on its own as raw deflate ending byte-aligned (Z_SYNC_FLUSH). */
  deflated: Buffer[];
  nonce: string | null;
  bytes: number;
}

export interface PageCache {
  /** Next's handler, with the cache in front. */
  handle(req: IncomingMessage, res: ServerResponse, render: () => unknown): void;
  size(): { entries: number; bytes: number };
  clear(): void;
}

export function createPageCache(options: PageCacheOptions): PageCache {
  const now = options.now ?? Date.now;
  const maxEntries = options.maxEntries ?? 1000;
  const maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
  const entries = new Map<string, Entry>();
  const rendering = new Map<string, Promise<void>>();
  let bytes = 0;

  const remove = (key: string) => {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    bytes -= entry.bytes;
  };
  const clear = () => {
    entries.clear();
    bytes = 0;
  };
  onPagesChanged((_origin, scope) => {
    if (scope === null) return clear();
    for (const [key, entry] of entries) if (entry.kind && scope.includes(entry.kind)) remove(key);
  });

  const lookup = (key: string): Entry | undefined => {
    const entry = entries.get(key);
    if (!entry) return undefined;
    if (entry.stamp !== pageStamp(entry.kind) || now() - entry.storedAt >= options.ttlMs) {
      remove(key);
      return undefined;
    }
    return entry;
  };

  const store = (key: string, entry: Entry) => {
    remove(key);
    entries.set(key, entry);
    bytes += entry.bytes;
    // Oldest first (Map keeps insertion order).
    for (const oldest of entries.keys()) {
      if (entries.size <= maxEntries && bytes <= maxBytes) break;
      remove(oldest);
    }
  };

  const serve = (entry: Entry, req: IncomingMessage, res: ServerResponse) => {
    const nonce = entry.nonce ? newNonce() : null;
    const swap = (value: string) => (entry.nonce && nonce ? value.split(entry.nonce).join(nonce) : value);
    for (const [name, value] of entry.headers) res.setHeader(name, Array.isArray(value) ? value.map(swap) : swap(value));
    const body = nonce ? Buffer.concat(entry.parts.flatMap((part, i) => (i === 0 ? [part] : [Buffer.from(nonce), part]))) : entry.parts[0];
    res.statusCode = 200;
    res.setHeader('x-page-cache', 'hit');
    if (acceptsGzip(req)) {
      const compressed = gzipAround(entry.deflated, body, nonce);
      res.setHeader('content-encoding', 'gzip');
      res.setHeader('content-length', compressed.length);
      return void res.end(compressed);
    }
    res.setHeader('content-length', body.length);
    res.end(body);
  };

  /** Renders through Next while keeping a copy of what is sent; stores it if it may be served again. */
  const renderAndStore = (key: string, req: IncomingMessage, res: ServerResponse, render: () => unknown) => {
    // Uncompressed from Next, so that it can be stored (and its nonce found); copies are gzipped when served.
    delete req.headers['accept-encoding'];
    const kind = pageKindOf((req.url ?? '/').split('?')[0]!);
    const stamp = pageStamp(kind);
    const context = currentRequest(); // a render marks its answer as its requester's own here
    const chunks: Buffer[] = [];
    let size = 0;
    const keep = (chunk: unknown, encoding: unknown) => {
      if (chunk === undefined || chunk === null || typeof chunk === 'function' || size > maxBytes) return;
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8') : Buffer.from(chunk as Uint8Array);
      chunks.push(buffer);
      size += buffer.length;
    };
    const write = res.write;
    const end = res.end;
    res.write = function (this: ServerResponse, chunk: unknown, encoding?: unknown) {
      keep(chunk, encoding);
      // eslint-disable-next-line prefer-rest-params
      return write.apply(this, arguments as unknown as Parameters<typeof write>);
    } as typeof res.write;
    res.end = function (this: ServerResponse, chunk?: unknown, encoding?: unknown) {
      keep(chunk, encoding);
      // eslint-disable-next-line prefer-rest-params
      return end.apply(this, arguments as unknown as Parameters<typeof end>);
    } as typeof res.end;

    let done!: () => void;
    const pending = new Promise<void>((resolve) => (done = resolve));
    rendering.set(key, pending);
    res.once('finish', () => {
      const entry = context?.ownAnswer ? null : storable(res, chunks, size, kind, stamp);
      if (entry) store(key, { ...entry, storedAt: now() });
    });
    res.once('close', () => {
      // Only its own: a hard reload may have started another render of the page meanwhile, which others wait for.
      if (rendering.get(key) === pending) rendering.delete(key);
      done();
    });
    res.setHeader('x-page-cache', 'miss');
    render();
  };

  const storable = (res: ServerResponse, chunks: Buffer[], size: number, kind: PageKind | null, stamp: number): Omit<Entry, 'storedAt'> | null => {
    if (res.statusCode !== 200 || size > maxBytes || stamp !== pageStamp(kind)) return null;
    const type = res.getHeader('content-type');
    if (typeof type !== 'string' || !type.startsWith('text/html')) return null;
    if (res.getHeader('set-cookie') !== undefined || res.getHeader('content-encoding') !== undefined) return null;
    const headers: [string, string | string[]][] = [];
    for (const [name, value] of Object.entries(res.getHeaders())) {
      if (value === undefined || NOT_STORED.has(name)) continue;
      headers.push([name, Array.isArray(value) ? value : String(value)]);
    }
    const policy = res.getHeader('content-security-policy');
    const nonce = typeof policy === 'string' ? (NONCE_IN_POLICY.exec(policy)?.[1] ?? null) : null;
    const body = Buffer.concat(chunks, size);
    const parts: Buffer[] = [];
    if (nonce) {
      const needle = Buffer.from(nonce);
      let from = 0;
      for (let at = body.indexOf(needle); at >= 0; at = body.indexOf(needle, from)) {
        parts.push(body.subarray(from, at));
        from = at + needle.length;
      }
      parts.push(body.subarray(from));
    } else {
      parts.push(body);
    }
    const deflated = parts.map((part) => deflateRawSync(part, { finishFlush: constants.Z_SYNC_FLUSH }));
    return { kind, stamp, headers, parts, deflated, nonce, bytes: size + deflated.reduce((n, d) => n + d.length, 0) };
  };

  return {
    handle(req, res, render) {
      const key = options.ttlMs > 0 ? pageCacheKey(req) : null;
      if (!key) return void render();
      const reload = /no-cache/.test(String(req.headers['cache-control'] ?? '')) || /no-cache/.test(String(req.headers.pragma ?? ''));
      if (!reload) {
        const entry = lookup(key);
        if (entry) return serve(entry, req, res);
        const pending = rendering.get(key);
        if (pending) {
          // The same page is being rendered: wait for it, then serve it (or render, had it not been stored).
          void pending.then(() => {
            if (res.destroyed) return;
            const entry = lookup(key);
            if (entry) serve(entry, req, res);
            else renderAndStore(key, req, res, render);
          });
          return;
        }
      }
      renderAndStore(key, req, res, render);
    },
    size: () => ({ entries: entries.size, bytes }),
    clear,
  };
}
