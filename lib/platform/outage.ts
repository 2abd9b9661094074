import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Pages while the database is out of reach: 503 with Retry-After, like the API, the forms and the sockets — not
 * Next's 500 error page. Next renders a failed page through error.tsx and cannot give it another status, so the
 * gate sits in server.ts's request listener (lib/platform/http.ts), before Next.
 *
 * The outage is learnt, not polled: any surface that meets an unreachable database (failureOf for API routes,
 * forms and sockets; the health check; a page answered 5xx, which sets off a ping) reports it here. While it
 * lasts, an HTML page request waits for a ping (one at a time, at most one a second, ≤ 1 s) and gets the outage
 * page if the database still does not answer. The state lives on globalThis because server.ts and Next's server bundle each load their own
 * copy of this module in one process.
 */
export const OUTAGE_RETRY_SECONDS = 5;
const PROBE_INTERVAL_MS = 1000;
const PROBE_TIMEOUT_MS = 1000;

interface OutageState {
  down: boolean;
  since: number;
  /** The ping under way, if any: its answer is awaited rather than a second ping sent. */
  pending: Promise<boolean> | null;
  lastProbeAt: number;
}

const STORE = Symbol.for('minsheng.databaseOutage');
function state(): OutageState {
  const holder = globalThis as unknown as Record<symbol, OutageState | undefined>;
  return (holder[STORE] ??= { down: false, since: 0, pending: null, lastProbeAt: 0 });
}

export function reportDatabaseUnavailable(now = Date.now()): void {
  const s = state();
  if (!s.down) {
    s.down = true;
    s.since = now;
  }
}

export function reportDatabaseAvailable(): void {
  state().down = false;
}

export function databaseOutage(): { down: boolean; since: number } {
  const { down, since } = state();
  return { down, since };
}

/** Is the database there? true or false (checkHealth also reports its finding itself). */
export type DatabaseProbe = (timeoutMs: number) => Promise<boolean>;

/**
 * One ping at a time and at most one a second; its answer moves the state. Resolves to whether the database
 * answered — the running ping's answer when one is under way, the known state when the last ping was < 1 s ago.
 */
export function probeDatabase(probe: DatabaseProbe, now = Date.now()): Promise<boolean> {
  const s = state();
  if (s.pending) return s.pending;
  // (A wall clock set back is no reason to wait: only a ping within the last second, in either direction, stands.)
  if (Math.abs(now - s.lastProbeAt) < PROBE_INTERVAL_MS) return Promise.resolve(!s.down);
  s.lastProbeAt = now;
  const pending = probe(PROBE_TIMEOUT_MS)
    .catch(() => false)
    .then((ok) => {
      if (ok) reportDatabaseAvailable();
      else reportDatabaseUnavailable();
      return ok;
    })
    .finally(() => {
      s.pending = null;
    });
  s.pending = pending;
  return pending;
}

/**
 * A browser asking for a page (not the API, not Next's assets or flight data, not a feed or file): these get the
 * outage page. The rest reach their handlers, which answer 503 in their own format (JSON, a form error, an ack).
 */
export function isPageRequest(req: Pick<IncomingMessage, 'method' | 'url' | 'headers'>): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const path = req.url ?? '/';
  if (path.startsWith('/api/') || path.startsWith('/_next/') || path.startsWith('/socket.io/')) return false;
  if (req.headers.rsc !== undefined || req.headers['next-action'] !== undefined) return false;
  const accept = req.headers.accept;
  return typeof accept === 'string' && accept.includes('text/html');
}

const OUTAGE_PAGE = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>服务暂时不可用 · Service temporarily unavailable</title>
<style>body{font-family:system-ui,"Microsoft YaHei",sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;line-height:1.7;color:#1a1a1a}h1{font-size:1.5rem;color:#9b1c1c}a{color:#0b4f9c}</style>
</head>
<body>
<main>
<h1>服务暂时不可用</h1>
<p>系统正在恢复，您的数据没有丢失。请在几秒钟后<a href="">刷新本页</a>。</p>
<h2 lang="en">Service temporarily unavailable</h2>
<p lang="en">The service is recovering and nothing you saved was lost. Please <a href="">reload this page</a> in a few seconds.</p>
</main>
</body>
</html>
`;

/** Should this request wait at the gate? Synchronous, so requests pay nothing while the database is there. */
export function pageGateApplies(req: Pick<IncomingMessage, 'method' | 'url' | 'headers'>): boolean {
  return state().down && isPageRequest(req);
}

/**
 * A page request while the database is known to be out of reach: a ping first (at most ~1 s; the one under way or
 * the last second's answer is shared), so one failed query elsewhere does not turn pages away; still out of reach →
 * the outage page, 503 with Retry-After. Returns whether it answered (false: let Next render the page).
 */
export async function answerPageDuringOutage(req: IncomingMessage, res: ServerResponse, probe: DatabaseProbe): Promise<boolean> {
  if (await probeDatabase(probe)) return false;
  res.statusCode = 503;
  res.setHeader('Retry-After', String(OUTAGE_RETRY_SECONDS));
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
  res.end(req.method === 'HEAD' ? undefined : OUTAGE_PAGE);
  return true;
}
