/**
 * Minsheng's one process: Next.js (pages, route handlers, server actions) and Socket.IO on one HTTP server.
 * `npm run dev` and `npm start` both start here.
 */
import { createServer } from 'node:http';
import next from 'next';
import { EnvError, env as readEnv } from './lib/env';
import { bootDatabase, resolveAuthSecret } from './lib/platform/boot';
import { createRequestListener } from './lib/platform/http';
import { configureLog, installJsonConsole, log, serializeError } from './lib/observability/log';
import { metrics } from './lib/observability/metrics';
import { startBackgroundJobs } from './lib/platform/jobs';
import { attachRealtime, closeRealtime } from './lib/realtime/server';
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
  const app = next({ dev, hostname: 'localhost', port: e.PORT, httpServer });
  const handle = app.getRequestHandler();
  await app.prepare();

  // Request id, GET /metrics, malformed URLs, the client address, then Next; latency and the log line at the end.
  httpServer.on('request', createRequestListener({
    trustProxy: e.TRUST_PROXY,
    metricsToken: e.METRICS_TOKEN,
    handle,
    // Next's development server prints its own request lines.
    logRequests: !dev || e.LOG_FORMAT !== undefined,
  }));
  await attachRealtime(httpServer, { redisUrl: e.REDIS_URL, trustProxy: e.TRUST_PROXY, publicUrl });

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
  } else console.log(lines.join('\n') + '\n');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log('info', `Received ${signal}, shutting down…`, { signal });
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    stopJobs();
    await closeRealtime(); // also closes the HTTP server
    await app.close?.().catch(() => {});
    await database.close().catch(() => {});
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error) => {
  log('error', 'Minsheng failed to start', { err: serializeError(error) });
  process.exit(1);
});
