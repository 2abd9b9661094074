/**
 * `npx tsx scripts/bench/sockets.ts` — the socket side of `bench:live` without Next.js (issue 18 items 5 and 7):
 * the app's realtime process (test/support/realtime-process.ts: database boot and lib/platform/realtime, as
 * server.ts attaches it, with GET /api/health) on a throwaway PostgreSQL database, the bare Socket.IO server
 * (./bare-server.ts) and one load generator per server (./viewers.ts), all on loopback. Measures, side by side:
 *
 *   joins:  N viewers join one live interview; server CPU per join and RSS per viewer, Minsheng and bare;
 *   storm:  every viewer dropped at once, all re-join at once while answers are published (./storm-phase.ts).
 *
 * For a machine without a fresh production build, and a quick comparison of revisions: the socket path is the
 * same code as in `bench:live` (the answers are published in-process over IPC instead of through the HTTP route).
 *
 * Options (environment): VIEWERS (3000), BATCH (500), PORT (3400), BARE_PORT (3401), STORM_ANSWERS (3),
 * BENCH_DATABASE_URL (postgres://postgres@127.0.0.1:5432/postgres). Writes bench-results/sockets.json.
 */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { createThrowawayDatabase, dropThrowawayDatabase } from '../throwaway-db';
import { nowMs, round, sleep, type ConnectResult, type LoadCommand, type LoadReply, cpuMs, rssKiB, machineBusyMs, spawnNodeWithIpc } from './common';
import { runStormPhase, stormLines } from './storm-phase';

const ROOT = path.resolve(__dirname, '..', '..');
const int = (name: string, fallback: number) => {
  const v = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(v) || v < 0) throw new Error(`${name} must be a non-negative integer`);
  return v;
};
const opts = {
  viewers: int('VIEWERS', 3000),
  batch: int('BATCH', 500),
  port: int('PORT', 3400),
  barePort: int('BARE_PORT', 3401),
  stormAnswers: int('STORM_ANSWERS', 3),
  earlierAnswers: 2,
  databaseUrl: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
};
const log = (m: string) => console.log(`[sockets ${new Date().toISOString().slice(11, 19)}] ${m}`);

const children: ChildProcess[] = [];
function startNode(file: string, env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawnNodeWithIpc(ROOT, file, env);
  children.push(child);
  return child;
}

/** Request/reply over a load generator's IPC channel (one command at a time). */
function channel(child: ChildProcess) {
  return <T extends LoadReply>(command: LoadCommand, type: LoadReply['type'], timeoutMs: number) => new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${command.cmd}: no reply in ${timeoutMs / 1000} s`)), timeoutMs);
    const onMessage = (message: LoadReply) => {
      if (message.type === 'log') return log(`loadgen: ${message.message}`);
      if (message.type === 'error') {
        clearTimeout(timer);
        child.off('message', onMessage);
        return reject(new Error(message.message));
      }
      if (message.type !== type) return;
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve(message as T);
    };
    child.on('message', onMessage);
    child.send(command);
  });
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await sleep(250);
  }
  throw new Error(`${what} not ready`);
}

async function main() {
  const { startRealtimeProcess, stopRealtimeProcesses } = await import('../../test/support/servers');
  const databaseUrl = await createThrowawayDatabase(opts.databaseUrl, 'minsheng_bench');
  const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !['REDIS_URL', 'DATABASE_URL'].includes(k)));
  try {
    log(`parameters ${JSON.stringify({ ...opts, databaseUrl: '…' })}; load average ${os.loadavg().map((v) => v.toFixed(2)).join(' ')}`);
    const server = await startRealtimeProcess({ databaseUrl, port: opts.port, secret: randomBytes(32).toString('base64url'), env: { RATE_LIMIT_FACTOR: '100000' } });
    const pid = server.child.pid!;
    const M = 'moderator@example.com';
    const L = 'leader@example.com';
    const leaderId = await server.call<string>('whoami', L);
    const now = Date.now();
    const { id: interviewId } = await server.call<{ id: string }>('createInterview', M, {
      title: '压测访谈：重连风暴与连接开销', summary: '负载测试用的访谈：大量观众同时断线重连后的追补与健康检查。', guestIds: [leaderId],
      scheduledStart: new Date(now).toISOString(), scheduledEnd: new Date(now + 2 * 3600_000).toISOString(), questionQuota: 50,
    });
    for (const action of ['announce', 'go_live']) await server.call('actOnInterview', M, interviewId, { action });
    const questionIds: string[] = [];
    for (let i = 0; i < opts.earlierAnswers + opts.stormAnswers; i++) {
      const q = await server.call<{ id: string }>('askQuestion', 'citizen@example.com', interviewId, { body: `第 ${i + 1} 个问题：图书馆暑期开放时间能否延长？`, clientId: `sockets-bench-${i}` });
      await server.call('actOnQuestion', M, q.id, { action: 'approve' });
      questionIds.push(q.id);
    }
    const answer = async (i: number) => (await server.call<{ seq: number }>('publishAnswer', L, questionIds[i], { body: `感谢关心（第 ${i + 1} 问）：暑期周末开放时间延长至晚上九点，具体安排见门户网站公告。` })).seq;
    const seq = (await server.call<{ events: Array<{ seq: number }> }>('stored', null, interviewId)).events.at(-1)?.seq ?? 0;

    const bare = startNode('scripts/bench/bare-server.ts', { ...cleanEnv, NODE_ENV: 'production', PORT: String(opts.barePort) });
    await waitFor('bare server', async () => (await fetch(`http://127.0.0.1:${opts.barePort}/health`)).ok);
    const loadM = startNode('scripts/bench/viewers.ts', { ...cleanEnv, NODE_ENV: 'production' });
    const loadB = startNode('scripts/bench/viewers.ts', { ...cleanEnv, NODE_ENV: 'production' });
    const reqM = channel(loadM);
    const reqB = channel(loadB);
    await sleep(2000);

    // ---- joins, Minsheng then bare
    const join = async (target: 'minsheng' | 'bare', request: typeof reqM, url: string, serverPid: number, id: string, sinceSeq: number) => {
      const before = rssKiB(serverPid);
      const cpu0 = cpuMs(serverPid);
      const machine0 = machineBusyMs();
      const wall0 = nowMs();
      const r = await request<ConnectResult>({ cmd: 'connect', target, url, viewers: opts.viewers, batch: opts.batch, interviewId: id, sinceSeq }, 'connected', 300_000);
      const cpu = cpuMs(serverPid) - cpu0;
      const wall = nowMs() - wall0;
      const machine = machineBusyMs() - machine0;
      await sleep(2000);
      const after = rssKiB(serverPid);
      return {
        connected: r.connected, failed: r.failed, retries: r.retries, ms: r.ms, errors: r.errors,
        cpuMsPerJoin: round(cpu / Math.max(1, r.connected), 3), kibPerViewer: round((after - before) / Math.max(1, r.connected), 2),
        rssBeforeMiB: round(before / 1024, 1), rssAfterMiB: round(after / 1024, 1),
        machineCpuPercentOfOneCore: round((machine / wall) * 100, 0),
      };
    };
    log(`joining ${opts.viewers} viewers to Minsheng…`);
    const joinsM = await join('minsheng', reqM, server.url, pid, interviewId, seq);
    log(`Minsheng: ${JSON.stringify(joinsM)}`);
    log(`joining ${opts.viewers} viewers to bare Socket.IO…`);
    const joinsB = await join('bare', reqB, `http://127.0.0.1:${opts.barePort}`, bare.pid!, 'bench', 0);
    log(`bare: ${JSON.stringify(joinsB)}`);

    // ---- answers the viewers hold before the storm
    const earlierKeys: number[] = [];
    for (let i = 0; i < opts.earlierAnswers; i++) earlierKeys.push(await answer(i));
    await sleep(3000);

    // ---- the storm
    log(`storm: dropping all ${joinsM.connected} Minsheng viewers, ${opts.stormAnswers} answers during the re-joins…`);
    const stormM = await runStormPhase({
      target: 'minsheng', request: reqM, url: server.url, interviewId, answers: opts.stormAnswers, earlierKeys,
      healthUrl: `${server.url}/api/health`, serverCpuMs: () => cpuMs(pid), publish: (i) => answer(opts.earlierAnswers + i),
    });
    log('storm: the same for the bare server…');
    const stormB = await runStormPhase({
      target: 'bare', request: reqB, url: `http://127.0.0.1:${opts.barePort}`, interviewId: 'bench', answers: 0, earlierKeys: [],
      healthUrl: `http://127.0.0.1:${opts.barePort}/health`, serverCpuMs: () => cpuMs(bare.pid!),
    });

    const result = {
      benchmark: 'sockets', at: new Date().toISOString(), machine: { cpus: os.cpus().length, loadAverageAtEnd: os.loadavg().map((v) => round(v)) },
      parameters: { ...opts, databaseUrl: '…' },
      joins: {
        minsheng: joinsM, bare: joinsB,
        cpuPerJoinRatio: round(joinsM.cpuMsPerJoin / joinsB.cpuMsPerJoin), rssPerViewerRatio: round(joinsM.kibPerViewer / joinsB.kibPerViewer),
      },
      storm: { minsheng: stormM, bare: stormB },
    };
    fs.mkdirSync(path.join(ROOT, 'bench-results'), { recursive: true });
    fs.writeFileSync(path.join(ROOT, 'bench-results', 'sockets.json'), JSON.stringify(result, null, 2));
    console.log(`\n  joins: ${opts.viewers} viewers; server CPU per join ${joinsM.cpuMsPerJoin} ms vs bare ${joinsB.cpuMsPerJoin} ms = ${result.joins.cpuPerJoinRatio}× (goal ≤ 2×: ${result.joins.cpuPerJoinRatio <= 2 ? 'met' : 'NOT met'})`);
    console.log(`  joins: RSS per viewer ${joinsM.kibPerViewer} KiB vs bare ${joinsB.kibPerViewer} KiB = ${result.joins.rssPerViewerRatio}× (goal ≤ 1.2×: ${result.joins.rssPerViewerRatio <= 1.2 ? 'met' : 'NOT met'})`);
    console.log(`  machine CPU during the joins (all processes, % of one core; ${os.cpus().length} cores): Minsheng ${joinsM.machineCpuPercentOfOneCore}%, bare ${joinsB.machineCpuPercentOfOneCore}%`);
    for (const line of stormLines(stormM, stormB)) console.log(`  ${line}`);
    console.log('  written: bench-results/sockets.json\n');
    for (const c of [loadM, loadB]) c.send({ cmd: 'exit' } satisfies LoadCommand);
  } finally {
    for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
    await stopRealtimeProcesses();
    await dropThrowawayDatabase(databaseUrl).catch(() => {});
  }
}

main().then(() => process.exit(0), (error) => {
  console.error('[sockets] failed:', error);
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  process.exit(1);
});
