/**
 * Minsheng's one process: Next.js (pages, route handlers, server actions) and Socket.IO on one HTTP server.
 * `npm run dev` and `npm start` both start here. With WEB_CONCURRENCY=N (N > 1) this process becomes the cluster
 * primary (lib/platform/cluster.ts) and N workers, each running the rest of this file, share the port.
 */
import cluster from 'node:cluster';
import { EventEmitter } from 'node:events';
import { createServer, type Server } from 'node:http';
import next from 'next';
import { EnvError, env as readEnv } from './lib/env';
import { bootDatabase, resolveAuthSecret } from './lib/platform/boot';
import { createRequestListener } from './lib/platform/http';
import { checkHealth } from './lib/platform/health';
import { isClusterWorker, runPrimary } from './lib/platform/cluster';
import { configureLog, installJsonConsole, log, serializeError } from './lib/observability/log';
import { metrics } from './lib/observability/metrics';
import { startBackgroundJobs } from './lib/platform/jobs';
import { createPageCache } from './lib/platform/page-cache';
import { closeRealtime, startRealtime } from './lib/platform/realtime';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './lib/seed/demo';
import { isSetUp } from './lib/setup/first-run';

async function main() {
  let e;
  try {
    e = readEnv();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const dev = e.NODE_ENV !== 'production';
  // Production logs one JSON object per line (docs/OPERATIONS.md "Logs"); development keeps the readable console.
  const logFormat = e.LOG_FORMAT ?? (e.NODE_ENV === 'production' ? 'json' : 'pretty');
  configureLog({ format: logFormat });
  if (logFormat === 'json') installJsonConsole();
  if (e.WEB_CONCURRENCY > 1 && !isClusterWorker()) {
    // Migrate once here, so N workers do not all queue on the migration lock (and a failed migration stops the
    // start before any worker runs); the workers then find nothing to do.
    return runPrimary({
      workers: e.WEB_CONCURRENCY,
      prepare: async () => {
        const { database } = await bootDatabase(e);
        await database.close();
      },
    });
  }
  metrics(); // the registry and its default metrics (event-loop lag) from the start
  const publicUrl = e.NEXTAUTH_URL ?? `http://localhost:${e.PORT}`;
  // next-auth and the socket handshake read these from the environment, in this process's bundles too.
  process.env.NEXTAUTH_SECRET = resolveAuthSecret(e);
  process.env.NEXTAUTH_URL = publicUrl;

  const { database, demoSeeded } = await bootDatabase(e);

  const httpServer = createServer();
  // Idle keep-alive connections stay open longer than a proxy's or client's own idle timeout (nginx's upstream
  // keepalive and most clients use 60 s). With Node's default of 5 s the server closes a connection at the moment a
  // client reuses it, and that request fails with ECONNRESET (seen from the browser tests' API client; behind nginx it
  // would be a 502).
  httpServer.keepAliveTimeout = 65_000;
  httpServer.headersTimeout = 66_000;
  // Next attaches an 'upgrade' listener to the server it is given (on its first request). In development that
  // serves hot reloading; in production it only ran Next's whole route resolution for every Socket.IO WebSocket
  // upgrade, and left an error listener and an abort signal on each viewer's socket for its lifetime (~0.2 ms of CPU
  // per join, measured in the reconnect storm of bench:live). This app has no upgrade for Next to proxy: production
  // hands it a server that never receives any.
  const app = next({ dev, hostname: 'localhost', port: e.PORT, httpServer: dev ? httpServer : (new EventEmitter() as Server) });
  const handle = app.getRequestHandler();
  await app.prepare();

  // Request id, GET /metrics, malformed URLs, the client address, the outage gate, then Next; latency and the log line at the end.
  httpServer.on('request', createRequestListener({
    trustProxy: e.TRUST_PROXY,
    metricsToken: e.METRICS_TOKEN,
    handle,
    // Next's development server prints its own request lines.
    logRequests: !dev || e.LOG_FORMAT !== undefined,
    // Pages answer 503 + Retry-After while the database is out of reach (lib/platform/outage.ts).
    databaseProbe: async (timeoutMs) => (await checkHealth(timeoutMs)).status === 'ok',
    // Public pages rendered once for many anonymous visitors (lib/platform/page-cache.ts); any change empties it.
    pageCache: !dev && e.PAGE_CACHE_MS > 0 ? createPageCache({ ttlMs: e.PAGE_CACHE_MS }) : undefined,
  }));
  await startRealtime(httpServer, { redisUrl: e.REDIS_URL, trustProxy: e.TRUST_PROXY, publicUrl });

  await new Promise<void>((resolve) => httpServer.listen(e.PORT, e.HOST, resolve));
  const stopJobs = startBackgroundJobs(e);
  const lines = [
    '',
    `  民声 Minsheng is running at ${publicUrl}  (${dev ? 'development' : 'production'}, Node ${process.versions.node})`,
    `  Database: ${database.kind === 'pglite' ? `embedded PGlite in ${e.DATA_DIR}` : 'PostgreSQL'}` +
      (e.REDIS_URL ? '  ·  Socket.IO through Redis' : '') +
      (e.SMTP_URL ? '  ·  email through SMTP' : '  ·  email kept in the outbox (no SMTP_URL)'),
  ];
  if (demoSeeded) {
    lines.push(`  Demo accounts (password: ${DEMO_PASSWORD}):`);
    for (const a of DEMO_ACCOUNTS) lines.push(`    ${a.role.padEnd(10)} ${a.email}`);
  }
  const setUp = demoSeeded || (await isSetUp(database.db));
  if (!setUp) {
    lines.push('  未初始化 Not set up yet: run `npm run setup` to create the organisation and the first admin (docs/SETUP.md).');
  }
  if (logFormat === 'json') {
    log('info', 'started', {
      url: publicUrl, mode: dev ? 'development' : 'production', database: database.kind, redis: Boolean(e.REDIS_URL),
      smtp: Boolean(e.SMTP_URL), demo: demoSeeded, setUp, node: process.version, pid: process.pid,
    });
  } else if (!isClusterWorker() || cluster.worker?.id === 1) console.log(lines.join('\n') + '\n');

  // Graceful shutdown (SIGTERM from systemd, the cluster primary or a rolling restart): nothing acknowledged is lost
  // and no client is left hanging — docs/OPERATIONS.md "Rolling restarts", test/faults/nginx-cluster.test.ts.
  //   1. Stop accepting: the port closes (in a cluster, the primary stops handing this worker connections), so the
  //      proxy and reconnecting clients go to another process.
  //   2. Close every Socket.IO connection at the transport (io.close): the client sees "transport close" and
  //      reconnects by itself — to another process — and its join catches up by event seq. (A disconnect packet,
  //      socket.disconnect(), would be "io server disconnect", after which Socket.IO clients do NOT reconnect.)
  //   3. Let requests in flight finish; idle keep-alive connections are closed as they become idle.
  //   4. Next, then the database pool, closed last: the requests of step 3 still had it.
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log('info', `Received ${signal}, shutting down…`, { signal, pid: process.pid });
    const force = setTimeout(() => {
      log('warn', 'shutdown took more than 10 s: exiting with requests still open', { pid: process.pid });
      process.exit(1);
    }, 10_000);
    force.unref();
    stopJobs();
    const drained = new Promise<void>((resolve) => httpServer.close(() => resolve()));
    // server.close() closes the connections idle at that moment; a keep-alive connection whose response is still
    // being written becomes idle later and would otherwise be held open until its 65 s keep-alive timeout.
    const idle = setInterval(() => httpServer.closeIdleConnections(), 100);
    await closeRealtime(); // the sockets (their transports), the Redis adapter
    await drained;
    clearInterval(idle);
    await app.close?.().catch(() => {});
    await database.close().catch(() => {});
    log('info', 'stopped', { signal, pid: process.pid });
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error) => {
  log('error', 'Minsheng failed to start', { err: serializeError(error) });
  process.exit(1);
});
