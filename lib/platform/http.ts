import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CLIENT_IP_HEADER, clientIpOf } from '../api/client-ip';
import { malformedUrlReason, refuseMalformedUrl } from '../api/unsafe-text';
import { requestContextStorage, type RequestContext } from '../observability/context';
import { log } from '../observability/log';
import { metrics } from '../observability/metrics';
import { isMetricsPath, serveMetrics } from '../observability/metrics-endpoint';
import { appRoutes, type RouteTable } from '../observability/routes';
import type { PageCache } from './page-cache';
import { pagesChanged } from './page-changes';
import { answerPageDuringOutage, isPageRequest, pageGateApplies, probeDatabase, type DatabaseProbe } from './outage';

/** The request id header: read from a trusted proxy, always set on the response and on the request for handlers. */
export const REQUEST_ID_HEADER = 'x-request-id';
/** What a proxy's id may look like (nginx's $request_id is 32 hex digits; UUIDs, ULIDs and the like pass too). */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The request's id: the proxy's X-Request-Id when TRUST_PROXY is on and it looks like an id, else a new UUID.
 * A client's own header is ignored without a trusted proxy (it could forge another request's id in the logs).
 */
export function requestIdOf(req: Pick<IncomingMessage, 'headers'>, trustProxy: boolean): string {
  if (trustProxy) {
    const raw = req.headers[REQUEST_ID_HEADER];
    const value = (Array.isArray(raw) ? raw[0] : raw)?.trim();
    if (value && REQUEST_ID.test(value)) return value;
  }
  return randomUUID();
}

export interface RequestListenerOptions {
  trustProxy: boolean;
  metricsToken?: string;
  /** Next's request handler (tests pass a stand-in). */
  handle: (req: IncomingMessage, res: ServerResponse) => unknown;
  /** Write a log line per request (production; Next's development server prints its own). */
  logRequests: boolean;
  routes?: RouteTable;
  /**
   * Is the database there (server.ts: the health check)? Given, pages answer 503 while it is known to be out of
   * reach, and a page answered 5xx sets off a ping (lib/platform/outage.ts).
   */
  databaseProbe?: DatabaseProbe;
  /** The public pages' cache in front of Next (lib/platform/page-cache.ts); server.ts gives it in production. */
  pageCache?: PageCache;
}

/**
 * server.ts's HTTP entry, before Next.js: request id, GET /metrics, malformed URLs, the trustworthy client
 * address; then Next handles the request inside a request context (lib/observability/context.ts), and when the
 * response closes the latency histogram and the request log line are written. Socket.IO's paths are left to
 * engine.io (its own listener on the same server).
 */
export function createRequestListener(options: RequestListenerOptions) {
  const routes = options.routes ?? appRoutes();
  const { httpDuration } = metrics();
  return (req: IncomingMessage, res: ServerResponse): void => {
    if (req.url?.startsWith('/socket.io/')) return; // engine.io answers these itself
    const started = process.hrtime.bigint();
    const context: RequestContext = { requestId: requestIdOf(req, options.trustProxy) };
    req.headers[REQUEST_ID_HEADER] = context.requestId;
    res.setHeader('X-Request-Id', context.requestId);
    if (isDocumentRead(req)) answerRefusals(res, context);

    // A request that may have written (any but GET, HEAD, OPTIONS; a GET that recorded a change) empties the page
    // cache once it has answered — after its transaction committed — so the next page read shows the change.
    const mayHaveWritten = !READS.has(req.method ?? '');
    let announced = false;
    const announce = () => {
      if (announced || !(mayHaveWritten || context.changed)) return;
      announced = true;
      pagesChanged();
    };
    res.once('finish', announce);
    res.once('close', () => {
      announce();
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const pathname = req.url ?? '/';
      const route = routes.routeOf(pathname);
      const status = res.writableFinished ? res.statusCode : 0; // 0: the client went away before the answer
      httpDuration.observe({ method: methodLabel(req.method), route, status: String(status) }, seconds);
      // A page that failed may have met an unreachable database: a ping decides, and moves the outage gate.
      if (status >= 500 && options.databaseProbe && isPageRequest(req)) void probeDatabase(options.databaseProbe);
      if (!options.logRequests) return;
      requestContextStorage().run(context, () =>
        log(status >= 500 ? 'error' : 'info', 'request', {
          method: req.method,
          route,
          path: routes.redact(pathname),
          status,
          durationMs: Math.round(seconds * 1e4) / 10,
          ...(status === 0 ? { aborted: true } : {}),
        }),
      );
    });

    if (isMetricsPath(req.url)) return void serveMetrics(req, res, options.metricsToken);
    const malformed = malformedUrlReason(req.url);
    if (malformed) return refuseMalformedUrl(req.url!, malformed, res);
    // One trustworthy client address for handlers, next-auth and the audit log; a client cannot set it.
    const ip = clientIpOf(req, options.trustProxy);
    if (ip) req.headers[CLIENT_IP_HEADER] = ip;
    else delete req.headers[CLIENT_IP_HEADER];
    const handle = () => void options.handle(req, res);
    const cache = options.pageCache;
    const next = () => requestContextStorage().run(context, () => (cache ? cache.handle(req, res, handle) : handle()));
    if (options.databaseProbe && pageGateApplies(req)) {
      void answerPageDuringOutage(req, res, options.databaseProbe).then((answered) => answered || next());
      return;
    }
    next();
  };
}

/**
 * A render a limit refused (lib/observability/context.ts#noteRequestRefused) is answered 429 with Retry-After: an
 * App Router page cannot set its status, so its 200 is replaced where the head is written (writeHead; Node's
 * implicit head goes through it too). Only before the head is sent: a page streamed past a Suspense boundary keeps
 * its 200, and is still not kept by the page cache. Only a document's status (isDocumentRead): Next's client reads an
 * RSC payload (a client-side navigation) or a server action's answer (with the page it revalidated) only from a 200,
 * and shows the refusal as rendered; a 429 there would make it reload the page, or fail an action that succeeded.
 */
function answerRefusals(res: ServerResponse, context: RequestContext): void {
  const writeHead = res.writeHead;
  res.writeHead = function (this: ServerResponse, ...args: unknown[]) {
    if (context.retryAfter && args[0] === 200) {
      args[0] = 429;
      if (typeof args[1] === 'string') args[1] = 'Too Many Requests';
      this.setHeader('retry-after', String(context.retryAfter));
    }
    return writeHead.apply(this, args as Parameters<typeof writeHead>);
  } as typeof res.writeHead;
}

/** A GET or HEAD of a document: not an RSC payload, not a server action. */
function isDocumentRead(req: IncomingMessage): boolean {
  return (req.method === 'GET' || req.method === 'HEAD') && req.headers.rsc === undefined && req.headers['next-action'] === undefined;
}

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
/** Methods as a label: the usual ones, anything else `other` (a client can send any token as its method). */
function methodLabel(method: string | undefined): string {
  return method && METHODS.has(method) ? method : 'other';
}
