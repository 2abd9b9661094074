import type { ServerResponse } from 'node:http';

/**
 * Characters no citizen types and the database cannot or should not hold: NUL (PostgreSQL refuses it in text and
 * the query fails) and lone UTF-16 surrogates (not Unicode: the driver would store U+FFFD instead of what was
 * sent). They arrive only from broken or hostile clients, so requests carrying them are refused at the door —
 * URL (server.ts), JSON bodies (lib/api/route.ts readJson), socket payloads (lib/realtime/server.ts) — with a
 * 400 / an error acknowledgement, instead of failing deep inside a query.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export const UNSAFE_TEXT_MESSAGE = '请求包含无效字符（如空字符或不完整的 Unicode 字符）';

export function hasUnsafeText(text: string): boolean {
  return UNSAFE.test(text);
}

/**
 * How deeply a JSON body or socket payload may nest. No form or API of the platform goes deeper than a handful of
 * levels; anything deeper is a hostile client, refused before zod (whose parsers recurse) sees it.
 */
export const MAX_JSON_DEPTH = 32;
export const TOO_DEEP_MESSAGE = `请求内容嵌套过深（最多 ${MAX_JSON_DEPTH} 层）`;

/**
 * Walks a parsed JSON value without recursion and without spreading children into calls (a 130k-element array
 * spread as arguments overflows the stack): 'unsafe' when a string or key holds an unsafe character, 'too_deep'
 * when arrays/objects nest deeper than MAX_JSON_DEPTH, null when the value is fine.
 */
export function unsafeJsonReason(value: unknown, maxDepth = MAX_JSON_DEPTH): 'unsafe' | 'too_deep' | null {
  const values: unknown[] = [value];
  const depths: number[] = [0];
  while (values.length) {
    const item = values.pop();
    const depth = depths.pop()!;
    if (typeof item === 'string') {
      if (hasUnsafeText(item)) return 'unsafe';
    } else if (item && typeof item === 'object') {
      if (depth >= maxDepth) return 'too_deep';
      if (Array.isArray(item)) {
        for (let i = 0; i < item.length; i++) {
          values.push(item[i]);
          depths.push(depth + 1);
        }
      } else {
        for (const key in item) {
          if (!Object.prototype.hasOwnProperty.call(item, key)) continue;
          if (hasUnsafeText(key)) return 'unsafe';
          values.push((item as Record<string, unknown>)[key]);
          depths.push(depth + 1);
        }
      }
    }
  }
  return null;
}

/** Whether any string or key anywhere in a parsed JSON value holds an unsafe character (or it nests too deeply). */
export function containsUnsafeText(value: unknown): boolean {
  return unsafeJsonReason(value) !== null;
}

/**
 * Why a request URL cannot be served, or null: a malformed percent-escape in the path (Next.js answers those with a
 * bare 500), or an escaped NUL / lone surrogate in the path, or an escaped NUL in the query. The query is otherwise
 * decoded leniently (as URLSearchParams does: invalid bytes become U+FFFD), since old links may carry GBK escapes.
 */
export function malformedUrlReason(url: string | undefined): string | null {
  if (!url) return null;
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return '请求地址包含无效的百分号编码';
  }
  if (hasUnsafeText(decoded)) return UNSAFE_TEXT_MESSAGE;
  return q !== -1 && /%00/i.test(url.slice(q)) ? UNSAFE_TEXT_MESSAGE : null;
}

/** 400 for a URL malformedUrlReason refused: the API's JSON error shape under /api/, a short page elsewhere. */
export function refuseMalformedUrl(url: string, reason: string, res: ServerResponse): void {
  res.statusCode = 400;
  res.setHeader('cache-control', 'no-store');
  // Answered before Next (and proxy.ts) run, so the security headers are set here: this page needs nothing loaded.
  res.setHeader('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('x-frame-options', 'DENY');
  if (url.startsWith('/api/') || url.startsWith('/open311/')) {
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.end(JSON.stringify({ error: { code: 'bad_request', message: reason } }));
  } else {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(`<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>请求无效</title><h1>请求无效</h1><p>${reason}。<a href="/">返回首页</a></p></html>`);
  }
}

/**
 * A path segment that a page or route decodes once more (an interview's slug), or null when that decoding fails or
 * yields a character the database refuses: the server's own check (malformedUrlReason) saw the path decoded once,
 * so `%2500` passed it as `%00` and became NUL here — a 500 found by the fuzzer (e2e/hostile-input.spec.ts).
 */
export function decodedPathSegment(raw: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return null;
  }
  return hasUnsafeText(decoded) ? null : decoded;
}
