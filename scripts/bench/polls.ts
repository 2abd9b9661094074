/**
 * `npx tsx scripts/bench/polls.ts` — the live-poll phase of bench:live (./poll-phase.ts) on its own, for a small
 * run: the production build of server.ts on a throwaway PostgreSQL database, one live interview, POLL_VIEWERS
 * viewers (500) and POLL_VOTERS voters (200). Writes bench-results/polls.json. Options (environment):
 * POLL_VIEWERS, POLL_VOTERS, BATCH (200), PORT (3310), BENCH_DATABASE_URL (postgres://postgres@127.0.0.1:5432/postgres),
 * POLL_SERVER ("next": the production build of server.ts; "realtime": the app's realtime process without Next.js,
 * test/support/realtime-process.ts — votes and result broadcasts never pass through Next.js, so the figures are the
 * same path; for a machine without a fresh build), POLL_PROFILE (realtime only: a file to write the server's V8 CPU
 * profile of the phase to; `npx tsx scripts/bench/profile-summary.ts FILE` reads it).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { createThrowawayDatabase, dropThrowawayDatabase } from '../throwaway-db';
import { HttpClient } from './common';
import { runPollPhase } from './poll-phase';

const ROOT = path.resolve(__dirname, '..', '..');
const int = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

async function realtimeOnly() {
  const { startRealtimeProcess, stopRealtimeProcesses } = await import('../../test/support/servers');
  const databaseUrl = await createThrowawayDatabase(process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres', 'minsheng_bench');
  const sql = postgres(databaseUrl, { max: 2, onnotice: () => {} });
  try {
    const server = await startRealtimeProcess({ databaseUrl, secret: randomBytes(32).toString('base64url'), env: { RATE_LIMIT_FACTOR: process.env.RATE_LIMIT_FACTOR ?? '100000' } });
    const M = 'moderator@example.com';
    const leaderId = (await sql<Array<{ public_id: string }>>`select public_id from users where email = 'leader@example.com'`)[0]!.public_id;
    const now = Date.now();
    const created = await server.call<{ id: string }>('createInterview', M, {
      title: '压测访谈：场馆开放时间现场投票', summary: '负载测试用的访谈：现场投票的计票与结果推送。', guestIds: [leaderId],
      scheduledStart: new Date(now).toISOString(), scheduledEnd: new Date(now + 2 * 3600_000).toISOString(),
    });
    for (const action of ['announce', 'go_live']) await server.call('actOnInterview', M, created.id, { action });
    const result = await runPollPhase({
      base: server.url, interviewId: created.id, sql, viewers: int('POLL_VIEWERS', 500), voters: int('POLL_VOTERS', 200), batch: int('BATCH', 200),
      openPoll: async (body) => (await server.call<{ id: string }>('openPoll', M, created.id, body)).id,
      ...(process.env.POLL_PROFILE ? {
        beforeVoting: async () => { await server.call('cpuProfile', M, 'start'); },
        afterVoting: async () => { await server.call('cpuProfile', M, 'stop', path.resolve(process.env.POLL_PROFILE!)); },
      } : {}),
    });
    report(result, 'realtime');
  } finally {
    await stopRealtimeProcesses();
    await sql.end();
    await dropThrowawayDatabase(databaseUrl).catch(() => {});
  }
}

function report(result: unknown, server: string) {
  fs.mkdirSync(path.join(ROOT, 'bench-results'), { recursive: true });
  fs.writeFileSync(path.join(ROOT, 'bench-results', 'polls.json'), JSON.stringify({ at: new Date().toISOString(), server, cpus: os.cpus().length, loadAverage: os.loadavg(), result }, null, 2));
  console.log(JSON.stringify(result, null, 2));
}

async function main() {
  if (process.env.POLL_SERVER === 'realtime') return realtimeOnly();
  const port = int('PORT', 3310);
  const base = `http://127.0.0.1:${port}`;
  if (!fs.existsSync(path.join(ROOT, process.env.NEXT_DIST_DIR || '.next', 'BUILD_ID'))) throw new Error('run `next build` first');
  const databaseUrl = await createThrowawayDatabase(process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres', 'minsheng_bench');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minsheng-bench-'));
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !['REDIS_URL', 'SMTP_URL', 'DATABASE_URL', 'TRUST_PROXY'].includes(k)));
  const server = spawn(process.execPath, ['--import', 'tsx', 'server.ts'], {
    cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', DATABASE_URL: databaseUrl, DATA_DIR: dataDir, SEED_DEMO: '1',
      NEXTAUTH_SECRET: randomBytes(32).toString('base64url'), NEXTAUTH_URL: base, PORT: String(port), HOST: '127.0.0.1',
      RATE_LIMIT_FACTOR: process.env.RATE_LIMIT_FACTOR ?? '100000',
    },
  });
  const sql = postgres(databaseUrl, { max: 2, onnotice: () => {} });
  try {
    for (let i = 0; ; i++) {
      if (await fetch(`${base}/api/health`).then((r) => r.ok, () => false)) break;
      if (i > 240) throw new Error('server did not start');
      await new Promise((r) => setTimeout(r, 500));
    }
    const moderator = new HttpClient(base);
    const leader = new HttpClient(base);
    await moderator.signIn('moderator@example.com', 'minsheng-demo');
    await leader.signIn('leader@example.com', 'minsheng-demo');
    const leaderId = (await leader.expect(200, 'GET', '/api/auth/session')).user.id as string;
    const now = Date.now();
    const created = await moderator.expect(201, 'POST', '/api/v1/interviews', {
      title: '压测访谈：场馆开放时间现场投票', summary: '负载测试用的访谈：现场投票的计票与结果推送。', guestIds: [leaderId],
      scheduledStart: new Date(now).toISOString(), scheduledEnd: new Date(now + 2 * 3600_000).toISOString(),
    });
    for (const action of ['announce', 'go_live']) await moderator.expect(200, 'POST', `/api/v1/interviews/${created.id}/actions`, { action });
    const result = await runPollPhase({
      base, interviewId: created.id, sql, viewers: int('POLL_VIEWERS', 500), voters: int('POLL_VOTERS', 200), batch: int('BATCH', 200),
      openPoll: async (body) => (await moderator.expect(201, 'POST', `/api/v1/interviews/${created.id}/polls`, body)).id as string,
    });
    report(result, 'next');
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    await sql.end();
    await dropThrowawayDatabase(databaseUrl).catch(() => {});
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
