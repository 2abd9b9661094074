/**
 * A production start, checked: `NODE_ENV=production tsx server.ts` (as `npm start`) on a fresh embedded database
 * (or DATABASE_URL when given), then
 *   - GET /api/health answers 200 and echoes the proxy's X-Request-Id (TRUST_PROXY=1 here);
 *   - GET /metrics from loopback answers the Prometheus text with that request counted under its route template;
 *   - the server's stdout carries that request as one JSON line with the same request id.
 * Needs the production build (`npx next build`). Run under the target runtime with
 *   bash scripts/with-node24.sh npx tsx scripts/smoke-start.ts
 * Exits 0 when every check passes, 1 with the server's output otherwise.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const root = path.join(__dirname, '..');
const distDir = process.env.NEXT_DIST_DIR || '.next';
if (!fs.existsSync(path.join(root, distDir, 'BUILD_ID'))) {
  console.error(`smoke-start: no production build in ${distDir} (run \`npx next build\` first)`);
  process.exit(1);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}

async function main() {
  const port = Number(process.env.SMOKE_PORT) || (await freePort());
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minsheng-smoke-'));
  const url = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    NEXTAUTH_URL: url,
    DATA_DIR: dataDir,
    TRUST_PROXY: '1',
    SEED_DEMO: '0',
    NEXT_TELEMETRY_DISABLED: '1',
  };
  delete env.METRICS_TOKEN;
  delete env.LOG_FORMAT;
  delete env.REDIS_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const problems: string[] = [];
  const check = (ok: boolean, what: string) => {
    console.log(`${ok ? '✓' : '✗'} ${what}`);
    if (!ok) problems.push(what);
  };

  try {
    const deadline = Date.now() + 180_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error('server.ts exited before it answered');
      if (Date.now() > deadline) throw new Error('server.ts did not answer /api/health within 180 s');
      const up = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2000) }).then((r) => r.ok, () => false);
      if (up) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const requestId = `smoke-${process.pid}-${Date.now()}`;
    const health = await fetch(`${url}/api/health`, { headers: { 'x-request-id': requestId } });
    check(health.status === 200, `GET /api/health → ${health.status}`);
    check(health.headers.get('x-request-id') === requestId, 'the proxy’s X-Request-Id is echoed');
    const metrics = await fetch(`${url}/metrics`);
    const body = await metrics.text();
    check(metrics.status === 200, `GET /metrics from loopback → ${metrics.status}`);
    check(/minsheng_http_request_duration_seconds_count\{method="GET",route="\/api\/health",status="200"\} [1-9]/.test(body), 'the health requests are counted under route="/api/health"');
    check(/^nodejs_eventloop_lag_seconds /m.test(body), 'event-loop lag is reported');
    check(/^minsheng_db_query_duration_seconds_count\{outcome="ok"\} [1-9]/m.test(body), 'database queries are counted');
    await new Promise((resolve) => setTimeout(resolve, 200)); // the log line is written when the response closes
    const line = output.split('\n').map((l) => { try { return JSON.parse(l); } catch { return null; } }).find((e) => e?.msg === 'request' && e.requestId === requestId);
    check(Boolean(line) && line.route === '/api/health' && line.status === 200 && typeof line.durationMs === 'number', 'the request is one JSON log line with its request id');
    const started = output.split('\n').map((l) => { try { return JSON.parse(l); } catch { return null; } }).find((e) => e?.msg === 'started');
    check(Boolean(started), `the start is logged as JSON (${started?.node ?? '?'})`);
  } catch (error) {
    problems.push(error instanceof Error ? error.message : String(error));
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  console.log(`server.ts ran on Node ${process.version}`);
  if (problems.length) {
    console.error(`smoke-start failed:\n  ${problems.join('\n  ')}\n--- server output ---\n${output.slice(-10_000)}`);
    process.exit(1);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
