import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { metrics } from './metrics';

/**
 * GET /metrics (API.md "Setup and administration"), answered by server.ts before Next.js. With METRICS_TOKEN set,
 * only `Authorization: Bearer <METRICS_TOKEN>` gets the metrics (others 401). Without it, only a request made on
 * this machine gets them: the socket's peer is a loopback address and no proxy forwarded it (behind nginx every
 * request comes from loopback, so one carrying X-Forwarded-For, X-Real-IP or Forwarded is a visitor's; nginx.conf
 * in docs/deploy/ also answers /metrics 404 itself). Others get 404, as if there were no such page.
 */
export type MetricsAccess = 'allowed' | 'unauthorized' | 'not_found';

export function isLoopback(address: string | undefined | null): boolean {
  if (!address) return false;
  const a = address.replace(/^::ffff:/, '');
  return a === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a);
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!m) return false;
  const given = Buffer.from(m[1]!);
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function metricsAccess(req: Pick<IncomingMessage, 'headers' | 'socket'>, token: string | undefined): MetricsAccess {
  if (token) return tokenMatches(req.headers.authorization, token) ? 'allowed' : 'unauthorized';
  const forwarded = ['x-forwarded-for', 'x-real-ip', 'forwarded'].some((h) => req.headers[h] !== undefined);
  return isLoopback(req.socket.remoteAddress) && !forwarded ? 'allowed' : 'not_found';
}

/** Whether the request is for /metrics (path only, any query string). */
export function isMetricsPath(url: string | undefined): boolean {
  return url === '/metrics' || Boolean(url?.startsWith('/metrics?'));
}

export async function serveMetrics(req: IncomingMessage, res: ServerResponse, token: string | undefined): Promise<void> {
  res.setHeader('cache-control', 'no-store');
  res.setHeader('x-content-type-options', 'nosniff');
  const access = metricsAccess(req, token);
  if (access !== 'allowed') {
    res.statusCode = access === 'unauthorized' ? 401 : 404;
    if (access === 'unauthorized') res.setHeader('www-authenticate', 'Bearer realm="metrics"');
    res.setHeader('content-type', 'text/plain; charset=utf-8');
    res.end(access === 'unauthorized' ? 'unauthorized\n' : 'not found\n');
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.statusCode = 405;
    res.setHeader('allow', 'GET, HEAD');
    res.end();
    return;
  }
  try {
    const { registry } = metrics();
    const body = await registry.metrics();
    res.statusCode = 200;
    res.setHeader('content-type', registry.contentType);
    res.end(req.method === 'HEAD' ? undefined : body);
  } catch (error) {
    console.error('[metrics] collecting failed', error);
    res.statusCode = 500;
    res.end();
  }
}
