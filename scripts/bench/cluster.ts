/**
 * `npm run bench:cluster` — two app processes sharing one interview through the Redis Streams adapter (issue 18,
 * item 4; docs/BENCHMARKS.md, docs/CAPACITY.md).
 *
 * Starts, each its own process, all on loopback: two app processes A and B (test/support/realtime-process.ts:
 * database boot and lib/platform/realtime as server.ts attaches them, without Next.js) on one throwaway PostgreSQL
 * database and one Redis; the bare Socket.IO server of `bench:live` (./bare-server.ts); and three load generators
 * (./viewers.ts): VIEWERS viewers on A, VIEWERS on B, VIEWERS on the bare server. Answers are published on A (in
 * process, over IPC, as ./sockets.ts does) and reach B's viewers through Redis; each is followed (or preceded, in
 * turn) by the bare server broadcasting the same event to its viewers. Measures:
 *
 *   delivery: publish call → each viewer's receipt, p50/p95/p99 over all 2 × VIEWERS viewers, and per process;
 *   the same for the bare broadcast to VIEWERS, and the ratio of the p99s (goal ≤ 1.5×);
 *   completeness: every viewer of A and B received every answer once;
 *   Redis: CPU (INFO cpu, used_cpu_user + used_cpu_sys) and network bytes (INFO stats, total_net_input_bytes +
 *   total_net_output_bytes) over the answers, per answer, less Redis's idle traffic (the adapter's heartbeats and
 *   blocking reads, the viewer-count reports) measured over IDLE_SECONDS just before.
 *
 * Redis: a private `redis-server` on PORT + 3 (no other traffic in its INFO figures) when it is installed and
 * REDIS_URL is not set; else REDIS_URL (default redis://127.0.0.1:6379: shared, so its figures may include others').
 *
 * Options (environment): VIEWERS (10000 per process: 20,000 on the cluster, 10,000 on the bare server), ANSWERS (10),
 * BATCH (500), PORT (3500: A; B on PORT + 1, the bare server on PORT + 2), IDLE_SECONDS (10), REDIS_URL,
 * BENCH_DATABASE_URL (postgres://postgres@127.0.0.1:5432/postgres), BENCH_TIMEOUT_S (1200), PIN (1: each server and its
 * load generator on one CPU of their own, A on 0, B on 1, the bare server on 0 — see below).
 * Prints a table, writes bench-results/cluster.json. Exits non-zero only when the harness itself fails.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { createClient } from 'redis';
import { createThrowawayDatabase, dropThrowawayDatabase } from '../throwaway-db';
import { nowMs, round, sleep, summarise, type ConnectResult, type Receipts, type Summary, type ViewerStats, cpuMs, machineBusyMs, latenciesOf, concat, spawnNodeWithIpc } from './common';
import { LoadGenerator } from './load-generator';

const ROOT = path.resolve(__dirname, '..', '..');
const int = (name: string, fallback: number, min = 1) => {
  const v = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(v) || v < min) throw new Error(`${name} must be an integer ≥ ${min}`);
  return v;
};
const opts = {
  viewers: int('VIEWERS', 10_000),
  answers: int('ANSWERS', 10),
  batch: int('BATCH', 500),
  port: int('PORT', 3500),
  idleSeconds: int('IDLE_SECONDS', 10),
  redisUrl: process.env.REDIS_URL ?? '',
  databaseUrl: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  timeoutSeconds: int('BENCH_TIMEOUT_S', 1200),
  pin: process.env.PIN === '1',
  answerTimeoutMs: 30_000,
  gapMs: 300,
};
const GOAL_RATIO = 1.5;
const log = (m: string) => console.log(`[cluster ${new Date().toISOString().slice(11, 19)}] ${m}`);

// ---------------------------------------------------------------- processes

const children: ChildProcess[] = [];
/** node --import tsx <file>, through bash to raise the open-file limit as far as allowed (as ./live.ts does). */
function startNode(file: string, env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawnNodeWithIpc(ROOT, file, env);
  children.push(child);
  return child;
}

/** Every thread of process `pid` to one CPU (util-linux taskset). */
function pinToCpu(pid: number | undefined, cpu: number): void {
  if (!pid) throw new Error('cannot pin a process without a pid');
  const r = spawnSync('taskset', ['-a', '-pc', String(cpu), String(pid)], { stdio: 'ignore' });
  if (r.status !== 0) throw new Error(`taskset -a -pc ${cpu} ${pid} failed (${r.error?.message ?? r.status}): PIN=1 needs util-linux's taskset and ${cpu + 1} CPUs`);
}

function softFileLimit(): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-c', 'ulimit -n'], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', () => resolve(Number(out.trim())));
  });
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await sleep(250);
  }
  throw new Error(`${what} not ready after ${timeoutMs / 1000} s`);
}

async function which(command: string): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    child.on('close', (code) => resolve(code === 0));
  });
}

// ---------------------------------------------------------------- Redis figures

type RedisClient = ReturnType<typeof createClient>;
interface RedisSample { at: number; cpuMs: number; inBytes: number; outBytes: number; commands: number }

async function redisSample(redis: RedisClient): Promise<RedisSample> {
  const info = `${await redis.info('cpu')}\n${await redis.info('stats')}`;
  const num = (key: string) => Number(new RegExp(`^${key}:([\\d.]+)`, 'm').exec(info)?.[1] ?? NaN);
  return {
    at: nowMs(),
    cpuMs: (num('used_cpu_user') + num('used_cpu_sys')) * 1000,
    inBytes: num('total_net_input_bytes'),
    outBytes: num('total_net_output_bytes'),
    commands: num('total_commands_processed'),
  };
}

function redisDelta(a: RedisSample, b: RedisSample) {
  return { seconds: (b.at - a.at) / 1000, cpuMs: b.cpuMs - a.cpuMs, inBytes: b.inBytes - a.inBytes, outBytes: b.outBytes - a.outBytes, commands: b.commands - a.commands };
}

// ---------------------------------------------------------------- the run

let cleaning: Promise<void> | undefined;
let databaseUrl: string | undefined;
let stopApps: (() => Promise<void>) | undefined;
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    for (const c of [...children].reverse()) if (c.exitCode === null && c.signalCode === null) c.kill('SIGTERM');
    await stopApps?.().catch(() => {});
    if (databaseUrl) await dropThrowawayDatabase(databaseUrl).then(() => log('throwaway database dropped'), (e) => log(`could not drop the database: ${e}`));
  })();
  return cleaning;
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void cleanup().finally(() => process.exit(130)));

async function main() {
  const startedAt = new Date();
  const watchdog = setTimeout(() => {
    log(`watchdog: longer than ${opts.timeoutSeconds} s; stopping`);
    void cleanup().finally(() => process.exit(1));
  }, opts.timeoutSeconds * 1000);
  watchdog.unref();
  const loadAverageAtStart = os.loadavg().map((v) => round(v));
  log(`parameters ${JSON.stringify({ ...opts, databaseUrl: '…' })}; load average ${loadAverageAtStart.join(' ')}`);
  // The app processes inherit this process's open-file limit (fork); each holds one socket per viewer.
  const fdLimit = await softFileLimit();
  if (opts.viewers + 1000 > fdLimit) throw new Error(`VIEWERS=${opts.viewers} needs more open files than this process's limit of ${fdLimit} (ulimit -n)`);

  // ---- Redis: a private server unless REDIS_URL says otherwise
  let redisUrl = opts.redisUrl;
  let redisPid: number | undefined;
  if (!redisUrl && await which('redis-server')) {
    const redisPort = opts.port + 3;
    const server = spawn('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    children.push(server);
    redisPid = server.pid;
    redisUrl = `redis://127.0.0.1:${redisPort}`;
  }
  redisUrl ||= 'redis://127.0.0.1:6379';
  const redis: RedisClient = createClient({ url: redisUrl });
  redis.on('error', () => {});
  await waitFor('Redis', async () => {
    if (!redis.isOpen) await redis.connect();
    return (await redis.ping()) === 'PONG';
  }, 20_000);
  log(`Redis ${redisUrl}${redisPid ? ` (private redis-server, pid ${redisPid})` : ' (shared: its figures include other clients)'}`);

  databaseUrl = await createThrowawayDatabase(opts.databaseUrl, 'minsheng_bench');
  const { startRealtimeProcess, stopRealtimeProcesses } = await import('../../test/support/servers');
  stopApps = stopRealtimeProcesses;
  const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !['REDIS_URL', 'DATABASE_URL'].includes(k)));
  const secret = randomBytes(32).toString('base64url');
  const appEnv = { RATE_LIMIT_FACTOR: '100000' };
  // One after the other: the first migrates and seeds.
  const a = await startRealtimeProcess({ databaseUrl, redisUrl, port: opts.port, secret, env: appEnv });
  const b = await startRealtimeProcess({ databaseUrl, redisUrl, port: opts.port + 1, secret, env: appEnv });
  log(`app processes A (pid ${a.child.pid}, ${a.url}) and B (pid ${b.child.pid}, ${b.url})`);

  const M = 'moderator@example.com';
  const L = 'leader@example.com';
  const leaderId = await a.call<string>('whoami', L);
  const now = Date.now();
  const { id: interviewId } = await a.call<{ id: string }>('createInterview', M, {
    title: '压测访谈：两个进程共同服务两万名观众', summary: '负载测试用的访谈：答复在一个进程发布，经 Redis 送达两个进程的全部观众。', guestIds: [leaderId],
    scheduledStart: new Date(now).toISOString(), scheduledEnd: new Date(now + 2 * 3600_000).toISOString(), questionQuota: 50,
  });
  for (const action of ['announce', 'go_live']) await a.call('actOnInterview', M, interviewId, { action });
  const questionIds: string[] = [];
  for (let i = 0; i < opts.answers; i++) {
    const q = await a.call<{ id: string }>('askQuestion', 'citizen@example.com', interviewId, { body: `第 ${i + 1} 个问题：暑期文化惠民消费券什么时候发放？哪些剧场和书店可以使用？`, clientId: `cluster-bench-${i}` });
    await a.call('actOnQuestion', M, q.id, { action: 'approve' });
    questionIds.push(q.id);
  }
  const seq = (await a.call<{ events: Array<{ seq: number }> }>('stored', null, interviewId)).events.at(-1)?.seq ?? 0;

  const barePort = opts.port + 2;
  const bareUrl = `http://127.0.0.1:${barePort}`;
  const bare = startNode('scripts/bench/bare-server.ts', { ...cleanEnv, NODE_ENV: 'production', PORT: String(barePort) });
  await waitFor('bare server', async () => (await fetch(`${bareUrl}/health`)).ok);
  const loadEnv: NodeJS.ProcessEnv = { ...cleanEnv, NODE_ENV: 'production' };
  const loadA = new LoadGenerator(startNode('scripts/bench/viewers.ts', loadEnv), (m) => log(`A ${m}`));
  const loadB = new LoadGenerator(startNode('scripts/bench/viewers.ts', loadEnv), (m) => log(`B ${m}`));
  const loadBare = new LoadGenerator(startNode('scripts/bench/viewers.ts', loadEnv), (m) => log(`bare ${m}`));
  await sleep(2000);
  // PIN=1: each server shares one core with its own load generator — A on CPU 0, B on CPU 1, the bare server on
  // CPU 0 (its broadcasts alternate with the cluster's, never overlap) — as on a deployment where every process has
  // its own core. Unpinned, A's and B's fan-outs and both generators queue on the same two cores as one bare server's.
  const pinning = opts.pin ? [[a.child.pid, 0], [loadA.child.pid, 0], [b.child.pid, 1], [loadB.child.pid, 1], [bare.pid, 0], [loadBare.child.pid, 0]] as const : [];
  for (const [pid, cpu] of pinning) pinToCpu(pid, cpu);
  if (opts.pin) log('pinned: A and its viewers to CPU 0, B and its viewers to CPU 1, the bare server and its viewers to CPU 0');

  // ---- joins: A's viewers, B's, then the bare server's (one at a time: the machine is small)
  const connectTimeout = Math.max(180_000, opts.viewers * 40);
  const join = async (name: string, load: LoadGenerator, target: 'minsheng' | 'bare', url: string, id: string, since: number, pid: number | undefined) => {
    const cpu0 = cpuMs(pid);
    const r = await load.request<ConnectResult>({ cmd: 'connect', target, url, viewers: opts.viewers, batch: opts.batch, interviewId: id, sinceSeq: since }, 'connected', connectTimeout);
    log(`${name}: ${r.connected}/${opts.viewers} joined in ${(r.ms / 1000).toFixed(1)} s (${r.retries} retries, ${r.failed} failed) ${JSON.stringify(r.errors)}`);
    return { ...r, serverCpuMsPerJoin: round((cpuMs(pid) - cpu0) / Math.max(1, r.connected), 3) };
  };
  const joinedA = await join('A', loadA, 'minsheng', a.url, interviewId, seq, a.child.pid);
  const joinedB = await join('B', loadB, 'minsheng', b.url, interviewId, seq, b.child.pid);
  const joinedBare = await join('bare', loadBare, 'bare', bareUrl, 'bench', 0, bare.pid);
  await sleep(3000);

  // ---- Redis at rest (heartbeats, blocking reads, viewer-count reports), then the answers
  const idle0 = await redisSample(redis);
  await sleep(opts.idleSeconds * 1000);
  const idle = redisDelta(idle0, await redisSample(redis));

  log(`publishing ${opts.answers} answers on A, each also broadcast by the bare server…`);
  interface Broadcast { key: number; t0: number; callMs: number; onA?: Float64Array; onB?: Float64Array; bare?: Float64Array; received: number; expected: number }
  const cluster: Broadcast[] = [];
  const bareRuns: Broadcast[] = [];
  let frameBytes = 0;
  const pids = { appA: a.child.pid, appB: b.child.pid, bareServer: bare.pid, redis: redisPid, loadA: loadA.child.pid, loadB: loadB.child.pid, loadBare: loadBare.child.pid };
  const cpu0 = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, cpuMs(pid)]));
  const machine0 = machineBusyMs();
  const wall0 = nowMs();
  const redis0 = await redisSample(redis);
  const publishCluster = async (i: number) => {
    const t0 = nowMs();
    const { seq: key } = await a.call<{ seq: number }>('publishAnswer', L, questionIds[i], { body: answerText(i) });
    const callMs = nowMs() - t0;
    const [ra, rb] = await Promise.all([loadA.receiptsOf('minsheng', key, opts.answerTimeoutMs), loadB.receiptsOf('minsheng', key, opts.answerTimeoutMs)]);
    frameBytes = ra.frameBytes ?? rb.frameBytes ?? frameBytes;
    cluster.push({ key, t0, callMs, onA: latenciesOf(ra, t0), onB: latenciesOf(rb, t0), received: ra.received + rb.received, expected: joinedA.connected + joinedB.connected });
    return ra.event ?? rb.event;
  };
  const publishBare = async (key: number, event: unknown) => {
    const t0 = nowMs();
    const response = await fetch(`${bareUrl}/emit`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(event) });
    const callMs = nowMs() - t0;
    if (response.status !== 204) throw new Error(`bare emit → ${response.status}`);
    const r = await loadBare.receiptsOf('bare', key, opts.answerTimeoutMs);
    bareRuns.push({ key, t0, callMs, bare: latenciesOf(r, t0), received: r.received, expected: joinedBare.connected });
  };
  // The same interleaving as bench:live: the order alternates, so neither side always runs right after the other.
  let lastEvent: unknown = null;
  for (let i = 0; i < opts.answers; i++) {
    const bareKey = 1_000_000 + i;
    if (i % 2 === 0 || !lastEvent) {
      lastEvent = await publishCluster(i);
      await sleep(opts.gapMs);
      await publishBare(bareKey, { ...(lastEvent as object), seq: bareKey });
    } else {
      await publishBare(bareKey, { ...(lastEvent as object), seq: bareKey });
      await sleep(opts.gapMs);
      lastEvent = await publishCluster(i);
    }
    await sleep(opts.gapMs);
    const c = cluster.at(-1)!;
    const bb = bareRuns.at(-1)!;
    log(`  answer ${i + 1}/${opts.answers}: A p99 ${summarise(c.onA!).p99} ms, B p99 ${summarise(c.onB!).p99} ms (${c.received}/${c.expected}) · bare p99 ${summarise(bb.bare!).p99} ms (${bb.received}/${bb.expected})`);
  }
  const phase = redisDelta(redis0, await redisSample(redis));
  const wallMs = nowMs() - wall0;
  const cpuPhase = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, Math.max(0, cpuMs(pid) - cpu0[k]!)]));
  const ours = Object.values(cpuPhase).filter(Number.isFinite).reduce((s, v) => s + v, 0);
  const foreignMs = Math.max(0, machineBusyMs() - machine0 - ours);

  const keys = cluster.map((c) => c.key);
  const [statsA, statsB, statsBare] = await Promise.all([
    loadA.request<ViewerStats>({ cmd: 'viewerStats', target: 'minsheng', keys }, 'viewerStats', 60_000),
    loadB.request<ViewerStats>({ cmd: 'viewerStats', target: 'minsheng', keys }, 'viewerStats', 60_000),
    loadBare.request<ViewerStats>({ cmd: 'viewerStats', target: 'bare', keys: bareRuns.map((r) => r.key) }, 'viewerStats', 60_000),
  ]);
  for (const l of [loadA, loadB, loadBare]) l.send({ cmd: 'exit' });
  await redis.quit().catch(() => {});

  // ---------------------------------------------------------------- figures
  const all = summarise(concat(cluster.flatMap((c) => [c.onA!, c.onB!])));
  const onA = summarise(concat(cluster.map((c) => c.onA!)));
  const onB = summarise(concat(cluster.map((c) => c.onB!)));
  const bareAll = summarise(concat(bareRuns.map((r) => r.bare!)));
  const ratioP99 = round(all.p99 / bareAll.p99);
  const medianP99 = (list: Float64Array[]) => summarise(list.map((l) => summarise(l).p99)).p50;
  const everyAnswer = (s: ViewerStats, joined: ConnectResult) => s.gotAll === opts.viewers && joined.connected === opts.viewers && s.duplicates === 0;
  const allReceived = everyAnswer(statsA, joinedA) && everyAnswer(statsB, joinedB);
  const perAnswer = (bytes: number, idleBytes: number) => round((bytes - (idleBytes / idle.seconds) * phase.seconds) / opts.answers, 0);
  const redisFigures = {
    url: redisUrl.replace(/\/\/[^@]*@/, '//…@'), private: Boolean(redisPid),
    idle: { seconds: round(idle.seconds, 1), cpuMsPerSecond: round(idle.cpuMs / idle.seconds, 2), bytesPerSecond: round((idle.inBytes + idle.outBytes) / idle.seconds, 0), commandsPerSecond: round(idle.commands / idle.seconds, 1) },
    answersPhase: { seconds: round(phase.seconds, 1), cpuMs: round(phase.cpuMs, 1), inBytes: phase.inBytes, outBytes: phase.outBytes, commands: phase.commands },
    // Gross: all of Redis's CPU during the answers phase, per answer; net: less the rate at rest (can come out at or
    // below 0 when an answer costs less than the noise of INFO's CPU counters over the phase).
    cpuMsPerAnswerGross: round(phase.cpuMs / opts.answers, 2),
    cpuMsPerAnswer: round((phase.cpuMs - (idle.cpuMs / idle.seconds) * phase.seconds) / opts.answers, 2),
    cpuPercentOfOneCoreDuringAnswers: round((phase.cpuMs / (phase.seconds * 1000)) * 100, 2),
    inBytesPerAnswer: perAnswer(phase.inBytes, idle.inBytes),
    outBytesPerAnswer: perAnswer(phase.outBytes, idle.outBytes),
    commandsPerAnswer: round((phase.commands - (idle.commands / idle.seconds) * phase.seconds) / opts.answers, 1),
  };
  const result = {
    benchmark: 'cluster', timestamp: startedAt.toISOString(), durationSeconds: round((Date.now() - startedAt.getTime()) / 1000, 1),
    parameters: { ...opts, databaseUrl: opts.databaseUrl.replace(/\/\/[^@]*@/, '//…@'), redisUrl: redisFigures.url },
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, node: process.version, loadAverageAtStart, loadAverageAtEnd: os.loadavg().map((v) => round(v)), openFileLimit: fdLimit },
    viewers: {
      onA: joinedA, onB: joinedB, bare: joinedBare,
      statsA: { ...statsA, viewerCountBursts: statsA.viewerCountBursts.length }, statsB: { ...statsB, viewerCountBursts: statsB.viewerCountBursts.length },
      statsBare: { ...statsBare, viewerCountBursts: undefined },
    },
    answers: {
      count: opts.answers, frameBytes,
      cluster: { latencyMs: all, onA, onB, publishCallMs: summarise(cluster.map((c) => c.callMs)), medianAnswerP99: medianP99(cluster.map((c) => concat([c.onA!, c.onB!]))), allReceived, missingPairs: statsA.missingPairs + statsB.missingPairs, duplicates: statsA.duplicates + statsB.duplicates, disconnects: statsA.disconnects + statsB.disconnects },
      bare: { latencyMs: bareAll, emitCallMs: summarise(bareRuns.map((r) => r.callMs)), medianAnswerP99: medianP99(bareRuns.map((r) => r.bare!)), allReceived: statsBare.gotAll === opts.viewers },
      ratioP99, ratioP50: round(all.p50 / bareAll.p50),
      cpuMsPerAnswer: Object.fromEntries(Object.entries(cpuPhase).map(([k, v]) => [k, round(v / opts.answers, 1)])),
      cpuPercentOfOneCore: { ...Object.fromEntries(Object.entries(cpuPhase).map(([k, v]) => [k, round((v / wallMs) * 100, 1)])), foreign: round((foreignMs / wallMs) * 100, 1) },
      wallMs: round(wallMs, 0),
    },
    redis: redisFigures,
    goals: {
      everyAnswer: { goal: `${2 * opts.viewers} viewers on two processes, every answer to every viewer`, met: allReceived },
      delivery: { goal: `p99 ≤ ${GOAL_RATIO}× bare Socket.IO to ${opts.viewers}`, ratioP99, met: allReceived && ratioP99 <= GOAL_RATIO },
    },
  };
  const dir = path.join(ROOT, 'bench-results');
  fs.mkdirSync(dir, { recursive: true });
  const json = JSON.stringify(result, null, 2);
  fs.writeFileSync(path.join(dir, 'cluster.json'), json);
  fs.writeFileSync(path.join(dir, `cluster-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`), json);
  printTable(result);
  clearTimeout(watchdog);
}

/** A leader's answer of realistic length (≈ 300 characters), different per question (as in ./live.ts). */
function answerText(i: number): string {
  return `感谢这位市民的关心（第 ${i + 1} 问）。今年暑期文化惠民消费券分三批发放，第一批在七月第一个周五上午十点开抢，` +
    '通过“示范市文旅”公众号和各区文化馆服务窗口同步发放，每人每批限领一张。消费券可在全市一百二十余家剧场、实体书店、' +
    '非遗工坊和三A级以上景区使用，名单已在局门户网站公布，并将随商户报名情况每周更新。考虑到部分老年朋友不熟悉手机操作，' +
    '我们在各街道文化站设立了线下代领点，工作人员会协助登记并打印纸质券码；子女也可以使用本人账号为父母代领，使用时出示身份证即可。' +
    '如遇商户拒收或操作问题，请拨打12345热线反映，我们会在三个工作日内核实处理并向您反馈。';
}

function printTable(r: any): void {
  const ms = (v: number) => (Number.isFinite(v) ? `${v.toFixed(1)} ms` : '—');
  const pcts = (s: Summary) => `${ms(s.p50)} / ${ms(s.p95)} / ${ms(s.p99)} / ${ms(s.max)}`;
  const yes = (b: boolean) => (b ? 'yes' : 'NO');
  const c = r.answers.cluster;
  const v = r.viewers;
  const cpu = r.answers.cpuMsPerAnswer;
  const rows: Array<[string, string, string]> = [
    ['viewers joined A / B / bare', `${v.onA.connected} / ${v.onB.connected} / ${v.bare.connected}`, `of ${r.parameters.viewers} each; server CPU per join A ${v.onA.serverCpuMsPerJoin} ms, B ${v.onB.serverCpuMsPerJoin} ms, bare ${v.bare.serverCpuMsPerJoin} ms`],
    ['cluster delivery p50 / p95 / p99 / max', pcts(c.latencyMs), `${c.latencyMs.count} (viewer, answer) pairs over both processes; publish call p50 ${ms(c.publishCallMs.p50)}`],
    ['  on A (publishing process)', pcts(c.onA), `${c.onA.count} pairs`],
    ['  on B (through Redis)', pcts(c.onB), `${c.onB.count} pairs`],
    ['bare Socket.IO p50 / p95 / p99 / max', pcts(r.answers.bare.latencyMs), `${r.answers.bare.latencyMs.count} pairs to ${v.bare.connected} viewers, all received: ${yes(r.answers.bare.allReceived)}`],
    ['ratio cluster / bare, p99 (p50)', `${r.answers.ratioP99}× (${r.answers.ratioP50}×)`, `median of the answers' p99: ${ms(c.medianAnswerP99)} / ${ms(r.answers.bare.medianAnswerP99)}`],
    ['every viewer got every answer', yes(c.allReceived), `missing pairs ${c.missingPairs}, duplicates ${c.duplicates}, disconnects ${c.disconnects}`],
    ['CPU per answer A / B / bare', `${cpu.appA} / ${cpu.appB} / ${cpu.bareServer} ms`, `whole phase / answers, includes pings and viewer counts; load generators ${cpu.loadA} / ${cpu.loadB} / ${cpu.loadBare} ms`],
    ['Redis CPU per answer, gross (net)', `${r.redis.cpuMsPerAnswerGross} ms (${r.redis.cpuMsPerAnswer > 0 ? `${r.redis.cpuMsPerAnswer} ms` : 'within the noise'})`, `INFO cpu; ${r.redis.cpuPercentOfOneCoreDuringAnswers}% of a core during the answers, ${r.redis.idle.cpuMsPerSecond} ms/s at rest${r.redis.private ? '' : ' (shared Redis)'}`],
    ['Redis bytes per answer in / out', `${r.redis.inBytesPerAnswer} / ${r.redis.outBytesPerAnswer} B`, `INFO stats net bytes less the rest rate (${r.redis.idle.bytesPerSecond} B/s); ${r.redis.commandsPerAnswer} commands; frame ${r.answers.frameBytes} B`],
    ['machine: other processes\' CPU', `${r.answers.cpuPercentOfOneCore.foreign}%`, `of one core during the answers, ${r.machine.cpus} cores; load average ${r.machine.loadAverageAtStart.join(' ')} at start, ${r.machine.loadAverageAtEnd.join(' ')} at end`],
  ];
  const w0 = Math.max(...rows.map((x) => x[0].length));
  const w1 = Math.max(...rows.map((x) => x[1].length));
  console.log(`\n  Cluster benchmark — two processes through Redis, ${2 * r.parameters.viewers} viewers; ${r.machine.cpus} CPUs, Node ${r.machine.node}, ${r.timestamp}`);
  console.log('  ' + '-'.repeat(w0 + w1 + 60));
  for (const [x, y, z] of rows) console.log(`  ${x.padEnd(w0)}  ${y.padEnd(w1)}  ${z}`);
  console.log('  ' + '-'.repeat(w0 + w1 + 60));
  console.log(`  goal every answer to every one of ${2 * r.parameters.viewers} viewers: ${r.goals.everyAnswer.met ? 'met' : 'NOT met'}`);
  console.log(`  goal delivery p99 ≤ ${GOAL_RATIO}× bare Socket.IO to ${r.parameters.viewers} (${r.answers.ratioP99}×): ${r.goals.delivery.met ? 'met' : 'NOT met'}`);
  if (r.answers.cpuPercentOfOneCore.foreign > 25) console.log(`  WARNING: other processes on this machine used ${r.answers.cpuPercentOfOneCore.foreign}% of a core during the answers; the figures are disturbed.`);
  console.log('  written: bench-results/cluster.json\n');
}

main()
  .then(() => cleanup())
  .then(() => process.exit(0))
  .catch(async (error) => {
    console.error('[cluster] harness failure:', error);
    await cleanup();
    process.exit(1);
  });
