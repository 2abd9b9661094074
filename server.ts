/**
 * Minsheng's one process: Next.js (pages, route handlers, server actions) and Socket.IO on one HTTP server.
 * `npm run dev` and `npm start` both start here.
 */
import { createServer } from 'node:http';
import next from 'next';
import { EnvError, env as readEnv } from './lib/env';
import { CLIENT_IP_HEADER, clientIpOf } from './lib/api/client-ip';
import { malformedUrlReason, refuseMalformedUrl } from './lib/api/unsafe-text';
import { bootDatabase, resolveAuthSecret } from './lib/platform/boot';
import { startBackgroundJobs } from './lib/platform/jobs';
import { attachRealtime, closeRealtime } from './lib/realtime/server';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './lib/seed/demo';

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
  const publicUrl = e.NEXTAUTH_URL ?? `http://localhost:${e.PORT}`;
  // next-auth and the socket handshake read these from the environment, in this process's bundles too.
  process.env.NEXTAUTH_SECRET = resolveAuthSecret(e);
  process.env.NEXTAUTH_URL = publicUrl;

  const { database, demoSeeded } = await bootDatabase(e);

  const httpServer = createServer();
  const app = next({ dev, hostname: 'localhost', port: e.PORT, httpServer });
  const handle = app.getRequestHandler();
  await app.prepare();

  httpServer.on('request', (req, res) => {
    if (req.url?.startsWith('/socket.io/')) return; // engine.io answers these itself
    const malformed = malformedUrlReason(req.url);
    if (malformed) return refuseMalformedUrl(req.url!, malformed, res);
    // One trustworthy client address for handlers, next-auth and the audit log; a client cannot set it.
    const ip = clientIpOf(req, e.TRUST_PROXY);
    if (ip) req.headers[CLIENT_IP_HEADER] = ip;
    else delete req.headers[CLIENT_IP_HEADER];
    void handle(req, res);
  });
  await attachRealtime(httpServer, { redisUrl: e.REDIS_URL, trustProxy: e.TRUST_PROXY });

  await new Promise<void>((resolve) => httpServer.listen(e.PORT, e.HOST, resolve));
  const stopJobs = startBackgroundJobs(e);
  const lines = [
    '',
    `  民声 Minsheng is running at ${publicUrl}  (${dev ? 'development' : 'production'})`,
    `  Database: ${database.kind === 'pglite' ? `embedded PGlite in ${e.DATA_DIR}` : 'PostgreSQL'}` +
      (e.REDIS_URL ? '  ·  Socket.IO through Redis' : '') +
      (e.SMTP_URL ? '  ·  email through SMTP' : '  ·  email kept in the outbox (no SMTP_URL)'),
  ];
  if (demoSeeded) {
    lines.push(`  Demo accounts (password: ${DEMO_PASSWORD}):`);
    for (const a of DEMO_ACCOUNTS) lines.push(`    ${a.role.padEnd(10)} ${a.email}`);
  }
  console.log(lines.join('\n') + '\n');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`Received ${signal}, shutting down…`);
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
  console.error('Minsheng failed to start:', error);
  process.exit(1);
});
