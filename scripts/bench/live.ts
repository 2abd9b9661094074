/**
 * `npm run bench:live` — the live-interview benchmark (docs/BENCHMARKS.md).
 *
 * Starts the production build of server.ts on a throwaway PostgreSQL database, a bare Socket.IO server and a load
 * generator (scripts/bench/viewers.ts), each its own process, all on loopback, and measures:
 *   (a) answer delivery to N viewers of one live interview: publish call → each viewer's receipt;
 *   (b) the same N viewers and the same payload on the bare Socket.IO server, interleaved with (a), and the ratio;
 *   (c) citizens asking questions as fast as the server acknowledges, then a count check in the database;
 *   (d) server RSS per connected viewer;
 *   (e) live polls: acknowledged votes/s, a recount in the database, intervals between result updates (./poll-phase.ts);
 *   (f) a reconnect storm: every viewer dropped at once and re-joining at once while answers are published — all
 *       caught up within 30 s, none missing an answer, /api/health p99 < 500 ms meanwhile (./storm-phase.ts).
 * Prints a table, writes bench-results/live.json. Exits non-zero only when the harness itself fails.
 *
 * Options (environment variable or --flag=value): VIEWERS (10000), ANSWERS (20), QUESTION_SECONDS (30),
 * CITIZENS (400), QUESTION_QUOTA (50), BATCH (500), PORT (3300; the inspector of BENCH_PROFILE=cpu uses PORT + 2),
 * POLL_VIEWERS (10000) and POLL_VOTERS (2000; 0 skips phase (e), live polls), STORM (1; 0 skips phase (f)), STORM_ANSWERS (3),
 * VISITOR_INTERVAL_MS (100: anonymous visitors read four public pages during (c) and (e), each page every 100 ms, and
 * the share served from the page cache is reported; 0 leaves them out), BARE_PORT (3301), BENCH_DATABASE_URL (postgres://postgres@127.0.0.1:5432/postgres), BENCH_BUILD (0; 1 = always
 * `next build`), BENCH_TIMEOUT_S (900), KEEP_VIEWERS_FOR_QUESTIONS (1), BENCH_PROFILE ("", "cpu" or "heap").
 * See docs/BENCHMARKS.md for what each figure means.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import WebSocket from 'ws';
import { createThrowawayDatabase, dropThrowawayDatabase } from '../throwaway-db';
import { LoadGenerator } from './load-generator';
import { runPollPhase } from './poll-phase';
import { runStormPhase, stormLines, type StormPhaseResult } from './storm-phase';
import { startVisitorProbe, visitorProbeLines, type VisitorProbeResult } from './visitor-probe';
import { HttpClient, nowMs, pool, round, sleep, summarise, type ConnectResult, type LoadCommand, type LoadReply, type QuestionsResult, type Receipts, type Summary, type Target, type ViewerStats, cpuMs, rssKiB as readRssKiB, machineBusyMs, latenciesOf, concat } from './common';

const ROOT = path.resolve(__dirname, '..', '..');
const RESULTS_DIR = path.join(ROOT, 'bench-results');
const DEMO_PASSWORD = 'minsheng-demo';

// ---------------------------------------------------------------- options

function option(name: string, fallback: string): string {
  const flag = `--${name.toLowerCase().replaceAll('_', '-')}`;
  const args = process.argv.slice(2);
  for (let i = 0; i < args.length; i++) {
    if (args[i] === flag && args[i + 1] !== undefined) return args[i + 1]!;
    if (args[i]!.startsWith(`${flag}=`)) return args[i]!.slice(flag.length + 1);
  }
  return process.env[name] ?? fallback;
}
const intOption = (name: string, fallback: number, min = 1) => {
  const value = Number(option(name, String(fallback)));
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer ≥ ${min}`);
  return value;
};

const opts = {
  viewers: intOption('VIEWERS', 10_000),
  answers: intOption('ANSWERS', 20),
  questionSeconds: intOption('QUESTION_SECONDS', 30),
  citizens: intOption('CITIZENS', 400),
  questionQuota: intOption('QUESTION_QUOTA', 50),
  batch: intOption('BATCH', 500),
  port: intOption('PORT', 3300),
  barePort: intOption('BARE_PORT', 3301),
  databaseUrl: option('BENCH_DATABASE_URL', 'postgres://postgres@127.0.0.1:5432/postgres'),
  build: option('BENCH_BUILD', '0') === '1',
  timeoutSeconds: intOption('BENCH_TIMEOUT_S', 900),
  keepViewersForQuestions: option('KEEP_VIEWERS_FOR_QUESTIONS', '1') !== '0',
  /**
   * Diagnostics: "cpu" attaches to the server's inspector and writes one CPU profile per phase (joins, answers,
   * questions) to bench-results/profiles; "heap" writes server heap snapshots before and after the viewers join.
   * Both slow the server down: their figures are not the benchmark's.
   */
  profile: option('BENCH_PROFILE', ''),
  answerTimeoutMs: 30_000,
  gapMs: 300,
  /** (e) live polls (./poll-phase.ts): viewers of the poll and voters; POLL_VOTERS=0 skips the phase. */
  pollViewers: intOption('POLL_VIEWERS', 10_000, 0),
  pollVoters: intOption('POLL_VOTERS', 2_000, 0),
  /** (f) the reconnect storm (./storm-phase.ts): STORM=0 skips it; STORM_ANSWERS answers are published during it. */
  storm: option('STORM', '1') !== '0',
  stormAnswers: intOption('STORM_ANSWERS', 3, 0),
  /**
   * Anonymous visitors during (c) and (e) (./visitor-probe.ts): each of four public pages fetched once every this many
   * ms; 0 leaves them out.
   */
  visitorIntervalMs: intOption('VISITOR_INTERVAL_MS', 100, 0),
};

const GOALS = { viewers: 10_000, ratio: 1.25, questionsPerSecond: 500, rssRatio: 1.2, joinCpuRatio: 2 };

/**
 * Issue 18 item 5, lighter sockets: server RSS per viewer ≤ 1.2× and server CPU per join ≤ 2× the bare Socket.IO
 * server's, both measured in this run (the same viewers, the same machine, a minute apart).
 */
function lighterSocketGoals(m: {
  cpuJoin: { msTotal: Record<string, number> }; cpuBareJoin: { msTotal: Record<string, number> };
  minshengViewers: ConnectResult; bareViewers: ConnectResult;
  rss: { serverBeforeKiB: number; serverAfterKiB: number; bareBeforeKiB: number; bareAfterKiB: number };
}) {
  const perJoin = (m.cpuJoin.msTotal.server ?? NaN) / Math.max(1, m.minshengViewers.connected);
  const barePerJoin = (m.cpuBareJoin.msTotal.bareServer ?? NaN) / Math.max(1, m.bareViewers.connected);
  const kib = (m.rss.serverAfterKiB - m.rss.serverBeforeKiB) / Math.max(1, m.minshengViewers.connected);
  const bareKib = (m.rss.bareAfterKiB - m.rss.bareBeforeKiB) / Math.max(1, m.bareViewers.connected);
  const rssRatio = round(kib / bareKib);
  const joinCpuRatio = round(perJoin / barePerJoin);
  return {
    rssPerViewer: { goal: `≤ ${GOALS.rssRatio}× bare`, kib: round(kib), bareKib: round(bareKib), ratio: rssRatio, met: rssRatio <= GOALS.rssRatio },
    cpuPerJoin: { goal: `≤ ${GOALS.joinCpuRatio}× bare`, ms: round(perJoin, 3), bareMs: round(barePerJoin, 3), ratio: joinCpuRatio, met: joinCpuRatio <= GOALS.joinCpuRatio },
  };
}

// ---------------------------------------------------------------- processes and cleanup

const log = (message: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);
const children: Array<{ name: string; child: ChildProcess }> = [];
let databaseUrl: string | undefined;
let dataDir: string | undefined;
let cleaning: Promise<void> | undefined;

/**
 * Runs `node --import tsx <file>` through bash with the open-file limit raised as far as allowed (65536, or the
 * hard limit where the container does not let even root go higher); the child's pid is node's.
 */
function startNode(name: string, file: string, env: NodeJS.ProcessEnv, options: { ipc?: boolean; logFile?: string; nodeArgs?: string[] } = {}): ChildProcess {
  const out = options.logFile ? fs.openSync(options.logFile, 'a') : 'inherit';
  const child = spawn('bash', ['-c', 'ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"; exec "$@"', 'bash', process.execPath, ...(options.nodeArgs ?? []), '--import', 'tsx', file], {
    cwd: ROOT,
    env,
    stdio: options.ipc ? ['ignore', out, out, 'ipc'] : ['ignore', out, out],
    serialization: 'advanced',
  });
  children.push({ name, child });
  child.on('exit', (code, signal) => {
    if (!cleaning && code !== 0) log(`${name} exited (${signal ?? code})`);
  });
  return child;
}

async function stopChild(name: string, child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => {
    log(`${name} did not stop in 15 s: SIGKILL`);
    child.kill('SIGKILL');
  }, 15_000);
  await exited;
  clearTimeout(timer);
}

function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    // The load generator first (its sockets close), then the servers.
    for (const { name, child } of [...children].reverse()) await stopChild(name, child).catch(() => {});
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    if (databaseUrl) {
      await dropThrowawayDatabase(databaseUrl).then(() => log('throwaway database dropped'), (e) => log(`could not drop ${databaseUrl}: ${e}`));
    }
  })();
  return cleaning;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    log(`${signal}: stopping`);
    void cleanup().finally(() => process.exit(130));
  });
}

const PROFILE_DIR = path.join(RESULTS_DIR, 'profiles');
function profileArgs(): string[] {
  if (!opts.profile) return [];
  fs.mkdirSync(PROFILE_DIR, { recursive: true });
  if (opts.profile === 'heap') return ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${PROFILE_DIR}`];
  return [`--inspect=127.0.0.1:${opts.port + 2}`];
}

/** A minimal Chrome DevTools protocol client for the server's inspector: CPU profiles of single phases. */
class PhaseProfiler {
  private id = 0;
  private readonly pending = new Map<number, (result: any) => void>();

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString('utf8')) as { id?: number; result?: unknown };
      if (message.id !== undefined) this.pending.get(message.id)?.(message.result);
    });
  }

  static async attach(port: number): Promise<PhaseProfiler> {
    const [target] = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as Array<{ webSocketDebuggerUrl: string }>;
    const ws = new WebSocket(target!.webSocketDebuggerUrl, { perMessageDeflate: false, maxPayload: 2 ** 30 });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const profiler = new PhaseProfiler(ws);
    await profiler.send('Profiler.enable');
    return profiler;
  }

  send(method: string, params: Record<string, unknown> = {}): Promise<any> {
    const id = ++this.id;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.ws.send(JSON.stringify({ id, method, params }));
    });
  }

  async start(): Promise<void> {
    await this.send('Profiler.start');
  }

  async stop(phase: string): Promise<void> {
    const { profile } = await this.send('Profiler.stop');
    const file = path.join(PROFILE_DIR, `${phase}.cpuprofile`);
    fs.writeFileSync(file, JSON.stringify(profile));
    log(`CPU profile of ${phase}: ${path.relative(ROOT, file)}`);
  }

  close(): void {
    this.ws.close();
  }
}

/** Asks the server for a heap snapshot (BENCH_PROFILE=heap) and waits until the file is written. */
async function heapSnapshot(pid: number): Promise<void> {
  const before = new Set(fs.readdirSync(PROFILE_DIR));
  process.kill(pid, 'SIGUSR2');
  await waitFor('heap snapshot', 300_000, async () => {
    const file = fs.readdirSync(PROFILE_DIR).find((f) => f.endsWith('.heapsnapshot') && !before.has(f));
    if (!file) return false;
    const sizeOf = () => fs.statSync(path.join(PROFILE_DIR, file)).size;
    const size = sizeOf();
    await sleep(1500);
    const done = size > 0 && sizeOf() === size;
    if (done) log(`heap snapshot ${path.relative(ROOT, path.join(PROFILE_DIR, file))} (${(size / 2 ** 20).toFixed(0)} MiB)`);
    return done;
  });
}

/**
 * CPU used during one phase by each of the benchmark's processes, by the PostgreSQL backends of the throwaway
 * database, and by everything else on the machine ("foreign": other people's builds and tests). Percentages are
 * of one core; the machine has os.cpus().length of them.
 */
class CpuMeter {
  private readonly start = { wall: nowMs(), machine: machineBusyMs(), self: process.cpuUsage() };
  private readonly before = new Map<string, number>();
  private readonly backends = new Map<number, number>();

  constructor(private readonly pids: Record<string, number | undefined>) {
    for (const [name, pid] of Object.entries(pids)) if (pid) this.before.set(name, cpuMs(pid));
  }

  /** A PostgreSQL backend pid of the benchmark's database (counted from the first time it is seen). */
  track(pid: number): void {
    if (!this.backends.has(pid)) this.backends.set(pid, cpuMs(pid));
  }

  stop(): { wallMs: number; percentOfOneCore: Record<string, number>; msTotal: Record<string, number> } {
    const wallMs = nowMs() - this.start.wall;
    const ms: Record<string, number> = {};
    for (const [name, pid] of Object.entries(this.pids)) if (pid) ms[name] = Math.max(0, cpuMs(pid) - this.before.get(name)!);
    ms.postgres = [...this.backends].reduce((sum, [pid, before]) => sum + Math.max(0, (cpuMs(pid) || before) - before), 0);
    const self = process.cpuUsage(this.start.self);
    ms.orchestrator = (self.user + self.system) / 1000;
    const ours = Object.values(ms).reduce((a, b) => a + b, 0);
    ms.foreign = Math.max(0, machineBusyMs() - this.start.machine - ours);
    const percentOfOneCore = Object.fromEntries(Object.entries(ms).map(([k, v]) => [k, round((v / wallMs) * 100, 1)]));
    return { wallMs: round(wallMs, 0), percentOfOneCore, msTotal: Object.fromEntries(Object.entries(ms).map(([k, v]) => [k, round(v, 0)])) };
  }
}

async function waitFor(what: string, timeoutMs: number, check: () => Promise<boolean>, child?: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && (child.exitCode !== null || child.signalCode !== null)) throw new Error(`${what}: the process exited`);
    if (await check().catch(() => false)) return;
    await sleep(250);
  }
  throw new Error(`${what}: not ready after ${timeoutMs / 1000} s`);
}

async function portInUse(port: number): Promise<boolean> {
  try {
    await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(1000) });
    return true;
  } catch (error) {
    return !/ECONNREFUSED/.test(String((error as { cause?: unknown }).cause ?? error));
  }
}

// ---------------------------------------------------------------- setup through the API

interface Setup {
  interviewId: string;
  slug: string;
  questionIds: string[];
  citizenCookies: string[];
  moderator: HttpClient;
  leader: HttpClient;
  seq: number;
  registerMs: Summary;
  signInMs: Summary;
}

async function setup(base: string, runId: string): Promise<Setup> {
  const moderator = new HttpClient(base);
  const leader = new HttpClient(base);
  await moderator.signIn('moderator@example.com', DEMO_PASSWORD);
  await leader.signIn('leader@example.com', DEMO_PASSWORD);
  const session = await leader.expect(200, 'GET', '/api/auth/session');
  const leaderId = session?.user?.id as string;
  if (!leaderId) throw new Error('leader session has no id');

  const now = Date.now();
  const created = await moderator.expect(201, 'POST', '/api/v1/interviews', {
    title: '压测访谈：暑期文化惠民活动答问',
    summary: '负载测试用的访谈：副局长在线回答市民关于暑期文化惠民活动的提问。',
    guestIds: [leaderId],
    scheduledStart: new Date(now).toISOString(),
    scheduledEnd: new Date(now + 2 * 3600_000).toISOString(),
    questionQuota: opts.questionQuota,
  });
  const interviewId = created.id as string;
  await moderator.expect(200, 'POST', `/api/v1/interviews/${interviewId}/actions`, { action: 'announce' });
  await moderator.expect(200, 'POST', `/api/v1/interviews/${interviewId}/actions`, { action: 'go_live' });

  // Citizens: the askers of the answered questions, then the citizens of scenario (c). Registration and sign-in
  // each cost one argon2id hash (~19 MiB, t=2), so they run a few at a time.
  const prepared = opts.answers + (opts.storm ? opts.stormAnswers : 0);
  const askers = Math.ceil(prepared / opts.questionQuota);
  const total = askers + opts.citizens;
  log(`registering and signing in ${total} citizens…`);
  const registerMs: number[] = [];
  const signInMs: number[] = [];
  const clients = await pool(Array.from({ length: total }, (_, i) => i), Math.max(2, os.cpus().length * 2), async (i) => {
    const client = new HttpClient(base);
    const login = `bench${i}.${runId}@example.org`;
    const password = 'bench-pass-1';
    let t = nowMs();
    await client.expect(201, 'POST', '/api/v1/register', { name: `压测市民${i}`, login, password });
    registerMs.push(nowMs() - t);
    t = nowMs();
    await client.signIn(login, password);
    signInMs.push(nowMs() - t);
    if ((i + 1) % 100 === 0) log(`  ${i + 1}/${total} citizens ready`);
    return client;
  });

  // The questions the leader will answer: asked by citizens, approved by the moderator.
  const questionIds: string[] = [];
  for (let i = 0; i < prepared; i++) {
    const asker = clients[Math.floor(i / opts.questionQuota)]!;
    const q = await asker.expect(201, 'POST', `/api/v1/interviews/${interviewId}/questions`, {
      body: `第 ${i + 1} 个问题：暑期文化惠民消费券什么时候发放？哪些剧场、书店和景区可以使用？老年人不会用手机怎么办？`,
      clientId: `prep-${runId}-${i}`,
    });
    await moderator.expect(200, 'POST', `/api/v1/questions/${q.id}/actions`, { action: 'approve' });
    questionIds.push(q.id);
  }
  const state = await moderator.expect(200, 'GET', `/api/v1/interviews/${interviewId}`);
  return {
    interviewId, slug: created.slug, questionIds, moderator, leader, seq: state.seq as number,
    citizenCookies: clients.slice(askers).map((c) => c.cookieHeader()),
    registerMs: summarise(registerMs), signInMs: summarise(signInMs),
  };
}

/** A leader's answer of realistic length (≈ 300 characters), different per question. */
function answerText(i: number): string {
  return `感谢这位市民的关心（第 ${i + 1} 问）。今年暑期文化惠民消费券分三批发放，第一批在七月第一个周五上午十点开抢，` +
    '通过“示范市文旅”公众号和各区文化馆服务窗口同步发放，每人每批限领一张。消费券可在全市一百二十余家剧场、实体书店、' +
    '非遗工坊和三A级以上景区使用，名单已在局门户网站公布，并将随商户报名情况每周更新。考虑到部分老年朋友不熟悉手机操作，' +
    '我们在各街道文化站设立了线下代领点，工作人员会协助登记并打印纸质券码；子女也可以使用本人账号为父母代领，使用时出示身份证即可。' +
    '如遇商户拒收或操作问题，请拨打12345热线反映，我们会在三个工作日内核实处理并向您反馈。';
}

// ---------------------------------------------------------------- the run

interface BroadcastResult {
  target: Target;
  key: number;
  t0: number;
  callMs: number;
  received: number;
  expected: number;
  latencies: Float64Array;
}

async function main() {
  const startedAt = new Date();
  const watchdog = setTimeout(() => {
    log(`watchdog: the benchmark ran longer than ${opts.timeoutSeconds} s; stopping`);
    void cleanup().finally(() => process.exit(1));
  }, opts.timeoutSeconds * 1000);
  watchdog.unref();
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  log(`parameters: ${JSON.stringify({ ...opts, databaseUrl: opts.databaseUrl.replace(/\/\/[^@]*@/, '//…@') })}`);

  for (const port of [opts.port, opts.barePort]) if (await portInUse(port)) throw new Error(`port ${port} is in use`);
  // The server and each load generator hold one socket per viewer (plus citizens, database, files).
  const fdLimit = await openFileLimit();
  if (opts.viewers + opts.citizens + 1000 > fdLimit) {
    throw new Error(`VIEWERS=${opts.viewers} needs more open files than the ${fdLimit} this machine allows a process (ulimit -Hn)`);
  }

  // NEXT_DIST_DIR (next.config.js) lets a benchmark use its own build folder; the server child inherits it.
  const distDir = path.join(ROOT, process.env.NEXT_DIST_DIR || '.next');
  if (opts.build || !fs.existsSync(path.join(distDir, 'BUILD_ID'))) {
    log('building for production (next build)…');
    await new Promise<void>((resolve, reject) => {
      const build = spawn('npx', ['next', 'build'], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
      build.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`next build failed (${code})`))));
    });
  }
  const buildId = fs.readFileSync(path.join(distDir, 'BUILD_ID'), 'utf8').trim();
  const buildTime = fs.statSync(path.join(distDir, 'BUILD_ID')).mtime.toISOString();
  const git = (args: string[]) => new Promise<string>((resolve) => {
    const child = spawn('git', args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', () => resolve(out.trim()));
    child.on('error', () => resolve(''));
  });
  const source = { commit: await git(['rev-parse', 'HEAD']), uncommittedFiles: (await git(['status', '--porcelain'])).split('\n').filter(Boolean).length, buildId, buildTime };

  databaseUrl = await createThrowawayDatabase(opts.databaseUrl, 'minsheng_bench');
  log(`throwaway database ${new URL(databaseUrl).pathname.slice(1)}`);
  const sql = postgres(databaseUrl, { max: 2, onnotice: () => {} });

  const base = `http://127.0.0.1:${opts.port}`;
  const bareBase = `http://127.0.0.1:${opts.barePort}`;
  const serverLog = path.join(RESULTS_DIR, 'server.log');
  fs.writeFileSync(serverLog, '');
  const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !['REDIS_URL', 'SMTP_URL', 'DATABASE_URL', 'TRUST_PROXY'].includes(k)));
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minsheng-bench-'));
  const server = startNode('server', 'server.ts', {
    ...cleanEnv,
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    DATABASE_URL: databaseUrl,
    DATA_DIR: dataDir,
    SEED_DEMO: '1',
    NEXTAUTH_SECRET: randomBytes(32).toString('base64url'),
    NEXTAUTH_URL: base,
    PORT: String(opts.port),
    HOST: '127.0.0.1',
    // Thousands of simulated citizens ask and vote from one loopback address: the abuse limits (lib/ratelimit)
    // would answer most with rate_limited, and fast refusals would flatter the figures. The bench measures delivery.
    RATE_LIMIT_FACTOR: process.env.RATE_LIMIT_FACTOR ?? '100000',
  }, { logFile: serverLog, nodeArgs: profileArgs() });
  log(`server pid ${server.pid} (log: ${path.relative(ROOT, serverLog)})`);
  await waitFor('Minsheng server', 120_000, async () => (await fetch(`${base}/api/health`)).ok, server);

  const profiler = opts.profile === 'cpu' ? await PhaseProfiler.attach(opts.port + 2) : null;
  const runId = randomBytes(3).toString('hex');
  const s = await setup(base, runId);
  log(`interview ${s.interviewId} live, ${s.questionIds.length} approved questions, seq ${s.seq}, ${s.citizenCookies.length} citizens signed in`);

  const bare = startNode('bare server', 'scripts/bench/bare-server.ts', { ...cleanEnv, NODE_ENV: 'production', PORT: String(opts.barePort) }, { ipc: true });
  await waitFor('bare server', 30_000, async () => (await fetch(`${bareBase}/health`)).ok, bare);
  // One load generator process per audience: 10,000 sockets each stay within a 20,000 open-file limit, and only
  // one of them is busy at a time (the broadcasts alternate).
  const loadChild = startNode('load generator (Minsheng viewers, citizens)', 'scripts/bench/viewers.ts', { ...cleanEnv, NODE_ENV: 'production' }, { ipc: true });
  const bareLoadChild = startNode('load generator (bare viewers)', 'scripts/bench/viewers.ts', { ...cleanEnv, NODE_ENV: 'production' }, { ipc: true });
  const load = new LoadGenerator(loadChild, log);
  const bareLoad = new LoadGenerator(bareLoadChild, log);

  // ---- (d) memory before, then the viewers join
  await sleep(1000);
  if (opts.profile === 'heap') await heapSnapshot(server.pid!);
  const rss = { serverBeforeKiB: readRssKiB(server.pid!), serverAfterKiB: NaN, serverEndKiB: NaN, bareBeforeKiB: readRssKiB(bare.pid!), bareAfterKiB: NaN };
  const backendPids = async () => (await sql<{ pid: number }[]>`select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`).map((r) => r.pid);
  const meterJoin = new CpuMeter({ server: server.pid, loadMinsheng: loadChild.pid });
  for (const pid of await backendPids()) meterJoin.track(pid);
  await profiler?.start();
  log(`connecting ${opts.viewers} viewers to Minsheng in batches of ${opts.batch}…`);
  const connectTimeout = Math.max(120_000, opts.viewers * 30);
  const minshengViewers = await load.request<ConnectResult>({ cmd: 'connect', target: 'minsheng', url: base, viewers: opts.viewers, batch: opts.batch, interviewId: s.interviewId, sinceSeq: s.seq }, 'connected', connectTimeout);
  for (const pid of await backendPids()) meterJoin.track(pid);
  const cpuJoin = meterJoin.stop();
  await profiler?.stop('joins');
  log(`Minsheng: ${minshengViewers.connected}/${opts.viewers} joined in ${(minshengViewers.ms / 1000).toFixed(1)} s (${minshengViewers.retries} retries, ${minshengViewers.failed} failed) ${JSON.stringify(minshengViewers.errors)}`);
  await sleep(2000);
  rss.serverAfterKiB = readRssKiB(server.pid!);
  if (opts.profile === 'heap') await heapSnapshot(server.pid!);

  log(`connecting ${opts.viewers} viewers to the bare Socket.IO server…`);
  const meterBareJoin = new CpuMeter({ bareServer: bare.pid, loadBare: bareLoadChild.pid });
  const bareViewers = await bareLoad.request<ConnectResult>({ cmd: 'connect', target: 'bare', url: bareBase, viewers: opts.viewers, batch: opts.batch, interviewId: 'bench', sinceSeq: 0 }, 'connected', connectTimeout);
  const cpuBareJoin = meterBareJoin.stop();
  log(`bare: ${bareViewers.connected}/${opts.viewers} joined in ${(bareViewers.ms / 1000).toFixed(1)} s (${bareViewers.retries} retries, ${bareViewers.failed} failed) ${JSON.stringify(bareViewers.errors)}`);
  await sleep(2000);
  rss.bareAfterKiB = readRssKiB(bare.pid!);

  // ---- (a) and (b), interleaved: each answer goes to the Minsheng viewers, then the same event to the bare ones
  // (the order alternates, so neither side always runs right after the other).
  log(`publishing ${opts.answers} answers…`);
  const results: Record<Target, BroadcastResult[]> = { minsheng: [], bare: [] };
  let frameBytes = 0;
  const meterAnswers = new CpuMeter({ server: server.pid, bareServer: bare.pid, loadMinsheng: loadChild.pid, loadBare: bareLoadChild.pid });
  for (const pid of await backendPids()) meterAnswers.track(pid);
  await profiler?.start();
  const publishMinsheng = async (i: number): Promise<Receipts> => {
    const t0 = nowMs();
    const response = await s.leader.request('POST', `/api/v1/questions/${s.questionIds[i]}/answer`, { body: answerText(i) });
    const callMs = nowMs() - t0;
    if (response.status !== 201) throw new Error(`publishing answer ${i + 1} → ${response.status} ${JSON.stringify(response.json)}`);
    const receipts = await load.receiptsOf('minsheng', response.json.seq, opts.answerTimeoutMs);
    results.minsheng.push({ target: 'minsheng', key: response.json.seq, t0, callMs, received: receipts.received, expected: minshengViewers.connected, latencies: latenciesOf(receipts, t0) });
    frameBytes = receipts.frameBytes ?? frameBytes;
    return receipts;
  };
  const publishBare = async (key: number, event: unknown): Promise<void> => {
    const t0 = nowMs();
    const response = await fetch(`${bareBase}/emit`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(event) });
    const callMs = nowMs() - t0;
    if (response.status !== 204) throw new Error(`bare emit → ${response.status}`);
    const receipts = await bareLoad.receiptsOf('bare', key, opts.answerTimeoutMs);
    results.bare.push({ target: 'bare', key, t0, callMs, received: receipts.received, expected: bareViewers.connected, latencies: latenciesOf(receipts, t0) });
  };
  // The bare server broadcasts the event the Minsheng viewers received, under its own seq (1,000,000 + i).
  let lastEvent: unknown = null;
  for (let i = 0; i < opts.answers; i++) {
    const bareKey = 1_000_000 + i;
    if (i % 2 === 0 || !lastEvent) {
      const r = await publishMinsheng(i);
      lastEvent = r.event;
      await sleep(opts.gapMs);
      await publishBare(bareKey, { ...(lastEvent as object), seq: bareKey });
    } else {
      // Bare first (with the previous answer's event), then Minsheng.
      await publishBare(bareKey, { ...(lastEvent as object), seq: bareKey });
      await sleep(opts.gapMs);
      lastEvent = (await publishMinsheng(i)).event;
    }
    await sleep(opts.gapMs);
    const m = results.minsheng.at(-1)!;
    const b = results.bare.at(-1)!;
    log(`  answer ${i + 1}/${opts.answers}: Minsheng p99 ${summarise(m.latencies).p99} ms (call ${round(m.callMs)} ms, ${m.received}/${m.expected}) · bare p99 ${summarise(b.latencies).p99} ms (${b.received}/${b.expected})`);
  }
  for (const pid of await backendPids()) meterAnswers.track(pid);
  const cpuAnswers = meterAnswers.stop();
  await profiler?.stop('answers');
  const minshengStats = await load.request<ViewerStats>({ cmd: 'viewerStats', target: 'minsheng', keys: results.minsheng.map((r) => r.key) }, 'viewerStats', 60_000);
  const bareStats = await bareLoad.request<ViewerStats>({ cmd: 'viewerStats', target: 'bare', keys: results.bare.map((r) => r.key) }, 'viewerStats', 60_000);
  // ---- (f) the reconnect storm: Minsheng's viewers (answers published meanwhile), then the bare server's
  let storm: { minsheng: StormPhaseResult; bare: StormPhaseResult } | null = null;
  if (opts.storm) {
    log(`(f) reconnect storm: all ${minshengStats.open} viewers drop and re-join at once, ${opts.stormAnswers} answers published meanwhile…`);
    await profiler?.start();
    const minshengStorm = await runStormPhase({
      target: 'minsheng', request: (c, t, ms) => load.request(c, t, ms), url: base, interviewId: s.interviewId, answers: opts.stormAnswers,
      earlierKeys: results.minsheng.map((r) => r.key), healthUrl: `${base}/api/health`, serverCpuMs: () => cpuMs(server.pid!),
      publish: async (i) => {
        const response = await s.leader.request('POST', `/api/v1/questions/${s.questionIds[opts.answers + i]}/answer`, { body: answerText(opts.answers + i) });
        if (response.status !== 201) throw new Error(`storm answer ${i + 1} → ${response.status} ${JSON.stringify(response.json)}`);
        return response.json.seq as number;
      },
    });
    await profiler?.stop('storm');
    log('(f) the same drop for the bare Socket.IO server…');
    const bareStorm = await runStormPhase({
      target: 'bare', request: (c, t, ms) => bareLoad.request(c, t, ms), url: bareBase, interviewId: 'bench', answers: 0,
      earlierKeys: results.bare.map((r) => r.key), healthUrl: `${bareBase}/health`, serverCpuMs: () => cpuMs(bare.pid!),
    });
    storm = { minsheng: minshengStorm, bare: bareStorm };
    for (const line of stormLines(minshengStorm, bareStorm)) log(line);
  }
  await bareLoad.request({ cmd: 'disconnect', target: 'bare' }, 'disconnected', 60_000);
  bareLoad.send({ cmd: 'exit' });
  if (!opts.keepViewersForQuestions) await load.request({ cmd: 'disconnect', target: 'minsheng' }, 'disconnected', 60_000);

  // ---- (c) questions
  log(`(c) ${s.citizenCookies.length} citizens asking for ${opts.questionSeconds} s${opts.keepViewersForQuestions ? ` with ${minshengStats.open} viewers still connected` : ''}…`);
  const moderatorCookie = s.moderator.cookieHeader();
  const pgSamples: Array<Record<string, number>> = [];
  const backends = async () => (await sql<{ pid: number; state: string | null; wait: string | null }[]>`
    select pid, state, coalesce(wait_event_type || ':' || wait_event, '') as wait
    from pg_stat_activity where datname = current_database() and application_name = 'minsheng'`);
  const meterQuestions = new CpuMeter({ server: server.pid, loadMinsheng: loadChild.pid });
  for (const pid of await backendPids()) meterQuestions.track(pid);
  await profiler?.start();
  let sampling = true;
  const serverCpuPerSecond: number[] = [];
  const sampler = (async () => {
    await sleep(2000);
    let lastCpu = cpuMs(server.pid!);
    let lastAt = nowMs();
    while (sampling) {
      const cpuNow = cpuMs(server.pid!);
      const at = nowMs();
      serverCpuPerSecond.push(round(((cpuNow - lastCpu) / (at - lastAt)) * 100, 0));
      lastCpu = cpuNow;
      lastAt = at;
      const rows = await backends().catch(() => []);
      const sample: Record<string, number> = { connections: rows.length };
      for (const r of rows) {
        const k = r.state === 'active' ? `active${r.wait ? ` (${r.wait})` : ''}` : (r.state ?? 'unknown');
        sample[k] = (sample[k] ?? 0) + 1;
        meterQuestions.track(r.pid);
      }
      pgSamples.push(sample);
      await sleep(1000);
    }
  })();
  // Anonymous visitors read the home page, the archive, the statistics and the interview's page meanwhile.
  const visitorPages = { home: '/', archive: '/archive', stats: '/stats', interview: `/interviews/${s.slug}` };
  const visitorsQuestions = opts.visitorIntervalMs > 0 ? startVisitorProbe(base, visitorPages, opts.visitorIntervalMs) : null;
  const q = await load.request<QuestionsResult>({
    cmd: 'questions', url: base, interviewId: s.interviewId, cookies: s.citizenCookies, moderatorCookie, seconds: opts.questionSeconds, ackTimeoutMs: 30_000,
  }, 'questions', (opts.questionSeconds + 180) * 1000);
  const visitorResults: Record<string, VisitorProbeResult[]> = {};
  if (visitorsQuestions) visitorResults.questions = await visitorsQuestions.stop();
  sampling = false;
  await sampler;
  const cpuQuestions = meterQuestions.stop();
  await profiler?.stop('questions');
  profiler?.close();

  // The count check: every acknowledged id is in the database, once, and nothing else was added.
  const rows = await sql<{ id: string }[]>`
    select q.public_id as id from questions q join interviews i on i.id = q.interview_id where i.public_id = ${s.interviewId}`;
  const inDb = new Set(rows.map((r) => r.id));
  const acked = new Set(q.ids);
  const prepared = new Set(s.questionIds);
  const missing = [...acked].filter((id) => !inDb.has(id));
  const extra = rows.filter((r) => !acked.has(r.id) && !prepared.has(r.id)).length;
  const [dupRow] = await sql<{ n: number }[]>`
    select (count(*) - count(distinct (q.asker_id, q.client_id)))::int as n from questions q join interviews i on i.id = q.interview_id where i.public_id = ${s.interviewId}`;

  // How PostgreSQL runs the per-citizen quota count of askQuestion with this many questions in the interview.
  const [someAsker] = await sql<{ askerId: number; interviewId: number }[]>`
    select q.asker_id as "askerId", q.interview_id as "interviewId" from questions q join interviews i on i.id = q.interview_id
    where i.public_id = ${s.interviewId} order by q.id desc limit 1`;
  const quotaPlan = someAsker
    ? (await sql.unsafe(`explain analyze select count(*) from questions where interview_id = ${Number(someAsker.interviewId)} and asker_id = ${Number(someAsker.askerId)}`)).map((r) => String(Object.values(r)[0]))
    : [];

  log(`(c) ${q.okInWindow} questions acknowledged in ${opts.questionSeconds} s (${round(q.okInWindow / opts.questionSeconds, 1)}/s) by ${q.connected} citizens (${q.connectFailures} failed to connect); acknowledged ids missing from the database ${missing.length}, extra rows ${extra}, duplicates ${dupRow?.n ?? 0}`);

  // ---- (e) live polls: viewers, voters as fast as acknowledged, a recount in the database, update intervals
  // The poll phase brings its own POLL_VIEWERS + POLL_VOTERS sockets: the (a) viewers leave first, or the server
  // would need more open files than the machine allows one process (10,000 + 10,000 + 2,000 > 20,000 here).
  if (opts.pollVoters > 0) await load.request({ cmd: 'disconnect', target: 'minsheng' }, 'disconnected', 60_000);
  const visitorsPolls = opts.pollVoters > 0 && opts.visitorIntervalMs > 0 ? startVisitorProbe(base, visitorPages, opts.visitorIntervalMs) : null;
  const polls = opts.pollVoters > 0
    ? await runPollPhase({ base, interviewId: s.interviewId, openPoll: async (body) => (await s.moderator.expect(201, 'POST', `/api/v1/interviews/${s.interviewId}/polls`, body)).id as string, sql, viewers: opts.pollViewers, voters: opts.pollVoters, batch: opts.batch })
    : null;
  if (visitorsPolls) visitorResults.polls = await visitorsPolls.stop();
  for (const [phase, results] of Object.entries(visitorResults)) for (const line of visitorProbeLines(`(${phase === 'questions' ? 'c' : 'e'})`, results)) log(line);
  if (polls) log(`polls: ${polls.acknowledged} votes acknowledged at ${polls.votesPerSecond}/s, consistent ${polls.database.consistent}, update interval p50 ${polls.updates.intervalMs.p50} ms`);

  rss.serverEndKiB = readRssKiB(server.pid!);
  const serverErrors = fs.readFileSync(serverLog, 'utf8').split('\n').filter((l) => /error|failed|unhandled/i.test(l));
  await load.request({ cmd: 'disconnect', target: 'minsheng' }, 'disconnected', 60_000).catch(() => {});
  load.send({ cmd: 'exit' });
  await sql.end({ timeout: 5 });

  // ---------------------------------------------------------------- figures
  const minshengAll = summarise(concat(results.minsheng.map((r) => r.latencies)));
  const bareAll = summarise(concat(results.bare.map((r) => r.latencies)));
  const expectedPairs = opts.viewers * opts.answers;
  const allReceived = minshengViewers.connected === opts.viewers && minshengStats.gotAll === opts.viewers && minshengStats.duplicates === 0;
  const bareAllReceived = bareViewers.connected === opts.viewers && bareStats.gotAll === opts.viewers;
  const ratioP99 = round(minshengAll.p99 / bareAll.p99);
  const acceptedPerSecond = round(q.okInWindow / opts.questionSeconds, 1);
  // The server's own 10,000-frame `interview:viewers` broadcast every 5 s competes with an answer for the event
  // loop when the two overlap; such answers are marked (they are part of the figures: it is the server's behaviour).
  const bursts = minshengStats.viewerCountBursts;
  const overlaps = (r: BroadcastResult, max: number) => bursts.some((b) => b.start < r.t0 + max && b.end > r.t0);
  const perAnswer = (list: BroadcastResult[]) => list.map((r) => {
    const sm = summarise(r.latencies);
    return { key: r.key, callMs: round(r.callMs), received: r.received, expected: r.expected, first: sm.min, p50: sm.p50, p99: sm.p99, max: sm.max, overlapsViewerCountBroadcast: overlaps(r, sm.max) };
  });
  const viewerCountBroadcast = {
    count: bursts.length,
    framesPerBurst: summarise(bursts.map((b) => b.frames)),
    spreadMs: summarise(bursts.filter((b) => b.frames >= minshengStats.open * 0.99).map((b) => b.end - b.start)),
  };
  const { viewerCountBursts: _mb, ...minshengStatsOut } = minshengStats;
  const { viewerCountBursts: _bb, ...bareStatsOut } = bareStats;
  const rssDelta = (after: number, before: number) => round(((after - before) * 1024) / Math.max(1, opts.viewers) / 1024, 2);
  const result = {
    benchmark: 'live',
    timestamp: startedAt.toISOString(),
    durationSeconds: round((Date.now() - startedAt.getTime()) / 1000, 1),
    parameters: { ...opts, databaseUrl: opts.databaseUrl.replace(/\/\/[^@]*@/, '//…@') },
    source,
    machine: {
      cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, totalMemoryGiB: round(os.totalmem() / 2 ** 30, 1), node: process.version,
      os: `${os.type()} ${os.release()}`, loadAverageAtStart: os.loadavg().map((v) => round(v)), openFileLimit: await openFileLimit(),
    },
    setup: { interviewId: s.interviewId, registerMs: s.registerMs, signInMs: s.signInMs },
    viewers: { minsheng: minshengViewers, bare: bareViewers, minshengStats: minshengStatsOut, bareStats: bareStatsOut, cpuDuringMinshengJoins: cpuJoin, cpuDuringBareJoins: cpuBareJoin, viewerCountBroadcast },
    answers: {
      payloadFrameBytes: frameBytes,
      minsheng: { latencyMs: minshengAll, publishCallMs: summarise(results.minsheng.map((r) => r.callMs)), pairs: minshengAll.count, expectedPairs, allReceived, perAnswer: perAnswer(results.minsheng) },
      bare: { latencyMs: bareAll, triggerCallMs: summarise(results.bare.map((r) => r.callMs)), pairs: bareAll.count, expectedPairs, allReceived: bareAllReceived, perAnswer: perAnswer(results.bare) },
      ratioP50: round(minshengAll.p50 / bareAll.p50),
      ratioP99,
      // Less sensitive to one or two slow broadcasts than the p99 over all pairs: the median of the answers' p99s.
      medianAnswerP99: { minsheng: medianP99(results.minsheng), bare: medianP99(results.bare), ratio: round(medianP99(results.minsheng) / medianP99(results.bare)) },
      cpuMsPerAnswer: Object.fromEntries(Object.entries(cpuAnswers.msTotal).map(([k, v]) => [k, round(v / opts.answers, 1)])),
      cpuDuringAnswers: cpuAnswers,
    },
    questions: {
      seconds: opts.questionSeconds, citizens: q.connected, citizenConnectFailures: q.connectFailures, quotaPerCitizen: opts.questionQuota,
      viewersConnected: opts.keepViewersForQuestions ? minshengStats.open : 0,
      sent: q.sent, acknowledged: q.ids.length, acknowledgedInWindow: q.okInWindow, acceptedPerSecond, acceptedSecondBySecond: q.perSecond,
      ackMs: summarise(q.ackMs), errors: q.errors, timeouts: q.timeouts, citizensOutOfQuota: q.citizensOutOfQuota,
      staffRoomReceived: q.staffReceived, staffJoined: q.staffJoined,
      database: { rows: rows.length, prepared: prepared.size, missingAcknowledged: missing.length, duplicateAcknowledgements: q.ids.length - acked.size, duplicateRows: dupRow?.n ?? 0, unacknowledgedRows: extra },
      cpu: {
        ...cpuQuestions,
        serverCpuMsPerQuestion: round((cpuQuestions.msTotal.server ?? 0) / Math.max(1, q.ids.length), 3),
        postgresCpuMsPerQuestion: round((cpuQuestions.msTotal.postgres ?? 0) / Math.max(1, q.ids.length), 3),
        // The server process's CPU, second by second (100 = one core, all the event loop can use), from 2 s in.
        serverPercentSecondBySecond: serverCpuPerSecond.slice(1),
      },
      postgresPool: summarisePool(pgSamples),
      quotaCountPlan: quotaPlan,
    },
    polls,
    // Anonymous visitors' pages during (c) and (e): how many were served from the page cache (./visitor-probe.ts).
    visitors: visitorResults,
    storm,
    memory: {
      serverRssBeforeMiB: round(rss.serverBeforeKiB / 1024, 1), serverRssAfterMiB: round(rss.serverAfterKiB / 1024, 1), serverRssEndMiB: round(rss.serverEndKiB / 1024, 1),
      serverKiBPerViewer: rssDelta(rss.serverAfterKiB, rss.serverBeforeKiB),
      bareRssBeforeMiB: round(rss.bareBeforeKiB / 1024, 1), bareRssAfterMiB: round(rss.bareAfterKiB / 1024, 1),
      bareKiBPerViewer: rssDelta(rss.bareAfterKiB, rss.bareBeforeKiB),
    },
    serverLogErrorLines: serverErrors.length,
    serverLogErrorSample: serverErrors.slice(0, 5),
    goals: {
      viewers: { goal: GOALS.viewers, connected: minshengViewers.connected, allReceived, met: minshengViewers.connected >= GOALS.viewers && allReceived },
      delivery: { goal: `p99 ≤ ${GOALS.ratio} × bare`, ratioP99, met: allReceived && ratioP99 <= GOALS.ratio },
      questions: { goal: `≥ ${GOALS.questionsPerSecond}/s, none lost`, acceptedPerSecond, lost: missing.length, met: acceptedPerSecond >= GOALS.questionsPerSecond && missing.length === 0 && q.ids.length === acked.size },
      ...lighterSocketGoals({ cpuJoin, cpuBareJoin, minshengViewers, bareViewers, rss }),
      ...(storm?.minsheng.goals ? { stormCaughtUp: storm.minsheng.goals.caughtUp, stormHealth: storm.minsheng.goals.health } : {}),
    },
  };

  const json = JSON.stringify(result, null, 2);
  fs.writeFileSync(path.join(RESULTS_DIR, 'live.json'), json);
  fs.writeFileSync(path.join(RESULTS_DIR, `live-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`), json);
  printTable(result);
  clearTimeout(watchdog);
}

/** The open-file limit the children get (see startNode). */
function openFileLimit(): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-c', 'ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"; ulimit -n'], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', () => resolve(Number(out.trim())));
  });
}

function medianP99(list: BroadcastResult[]): number {
  return summarise(list.map((r) => summarise(r.latencies).p99)).p50;
}

function summarisePool(samples: Array<Record<string, number>>): Record<string, number> {
  // Mean number of the app's PostgreSQL connections in each state over the samples.
  const totals: Record<string, number> = {};
  for (const s of samples) for (const [k, v] of Object.entries(s)) totals[k] = (totals[k] ?? 0) + v;
  return Object.fromEntries(Object.entries(totals).map(([k, v]) => [k, round(v / Math.max(1, samples.length), 2)]));
}

function printTable(r: any): void {
  const ms = (v: number) => (Number.isFinite(v) ? `${v.toFixed(1)} ms` : '—');
  const yes = (b: boolean) => (b ? 'yes' : 'NO');
  const m = r.answers.minsheng;
  const b = r.answers.bare;
  const rows: Array<[string, string, string]> = [
    ['(a) viewers joined', `${r.viewers.minsheng.connected} / ${r.parameters.viewers}`, `in ${(r.viewers.minsheng.ms / 1000).toFixed(1)} s, server CPU ${(r.viewers.cpuDuringMinshengJoins.msTotal.server / Math.max(1, r.viewers.minsheng.connected)).toFixed(2)} ms per join (bare: ${(r.viewers.bare.ms / 1000).toFixed(1)} s, ${(r.viewers.cpuDuringBareJoins.msTotal.bareServer / Math.max(1, r.viewers.bare.connected)).toFixed(2)} ms)`],
    ['(a) answer delivery p50 / p99 / max', `${ms(m.latencyMs.p50)} / ${ms(m.latencyMs.p99)} / ${ms(m.latencyMs.max)}`, `${m.pairs} of ${m.expectedPairs} (viewer, answer) pairs`],
    ['(a) publish call (HTTP round trip) p50 / max', `${ms(m.publishCallMs.p50)} / ${ms(m.publishCallMs.max)}`, `${r.parameters.answers} answers, ${r.answers.payloadFrameBytes} B frame`],
    ['(a) every viewer got every answer', yes(m.allReceived), `duplicates ${r.viewers.minshengStats.duplicates}, disconnects ${r.viewers.minshengStats.disconnects}`],
    ['(a) answers overlapping a viewer-count broadcast', `${m.perAnswer.filter((a: any) => a.overlapsViewerCountBroadcast).length} / ${m.perAnswer.length}`, `that broadcast (every 5 s) spreads over ${ms(r.viewers.viewerCountBroadcast.spreadMs.p50)} (p50)`],
    ['(b) bare Socket.IO p50 / p99 / max', `${ms(b.latencyMs.p50)} / ${ms(b.latencyMs.p99)} / ${ms(b.latencyMs.max)}`, `${b.pairs} of ${b.expectedPairs} pairs, all received: ${yes(b.allReceived)}`],
    ['(b) ratio Minsheng / bare, p99 (p50)', `${r.answers.ratioP99}× (${r.answers.ratioP50}×)`, `median of the answers' p99: ${ms(r.answers.medianAnswerP99.minsheng)} / ${ms(r.answers.medianAnswerP99.bare)} = ${r.answers.medianAnswerP99.ratio}×`],
    ['(b) CPU per answer (whole phase / answers)', `server ${r.answers.cpuMsPerAnswer.server} ms`, `bare server ${r.answers.cpuMsPerAnswer.bareServer} ms; includes pings and viewer counts`],
    ['(c) accepted questions / s', `${r.questions.acceptedPerSecond}`, `${r.questions.acknowledgedInWindow} in ${r.questions.seconds} s by ${r.questions.citizens} citizens`],
    ['(c) ack time p50 / p99 / max', `${ms(r.questions.ackMs.p50)} / ${ms(r.questions.ackMs.p99)} / ${ms(r.questions.ackMs.max)}`, `errors ${JSON.stringify(r.questions.errors)}, timeouts ${r.questions.timeouts}`],
    ['(c) acknowledged ids in the database', `${r.questions.acknowledged - r.questions.database.missingAcknowledged} / ${r.questions.acknowledged}`, `duplicates ${r.questions.database.duplicateAcknowledgements + r.questions.database.duplicateRows}, unacknowledged rows ${r.questions.database.unacknowledgedRows}`],
    ['(c) CPU server / postgres / foreign', `${r.questions.cpu.percentOfOneCore.server}% / ${r.questions.cpu.percentOfOneCore.postgres}% / ${r.questions.cpu.percentOfOneCore.foreign}%`, `of one core over ${(r.questions.cpu.wallMs / 1000).toFixed(0)} s; server per second in the window: median ${summarise(r.questions.cpu.serverPercentSecondBySecond).p50}%, ${r.questions.cpu.serverCpuMsPerQuestion} ms server + ${r.questions.cpu.postgresCpuMsPerQuestion} ms PostgreSQL CPU per question`],
    ['(c) app\'s PostgreSQL connections', '', `mean of 1 s samples: ${JSON.stringify(r.questions.postgresPool)}`],
    ['machine: other processes\' CPU (answers / questions)', `${r.answers.cpuDuringAnswers.percentOfOneCore.foreign}% / ${r.questions.cpu.percentOfOneCore.foreign}%`, `of one core, ${r.machine.cpus} cores; load average at start ${r.machine.loadAverageAtStart.join(' ')}`],
    ['(d) server RSS per viewer', `${r.memory.serverKiBPerViewer} KiB`, `${r.memory.serverRssBeforeMiB} → ${r.memory.serverRssAfterMiB} MiB (bare: ${r.memory.bareKiBPerViewer} KiB/viewer)`],
  ];
  const w0 = Math.max(...rows.map((x) => x[0].length));
  const w1 = Math.max(...rows.map((x) => x[1].length));
  console.log('\n  Live interview benchmark — ' + `${r.machine.cpus} CPUs, ${r.machine.totalMemoryGiB} GiB, Node ${r.machine.node}, ${r.timestamp}`);
  console.log('  ' + '-'.repeat(w0 + w1 + 60));
  for (const [a, bb, c] of rows) console.log(`  ${a.padEnd(w0)}  ${bb.padEnd(w1)}  ${c}`);
  console.log('  ' + '-'.repeat(w0 + w1 + 60));
  const g = r.goals;
  console.log(`  goal ${g.viewers.goal.toLocaleString('en')} viewers, every answer to every viewer: ${g.viewers.met ? 'met' : 'NOT met'}`);
  console.log(`  goal delivery p99 ≤ 1.25× bare Socket.IO (${g.delivery.ratioP99}×): ${g.delivery.met ? 'met' : 'NOT met'}`);
  console.log(`  goal ≥ 500 acknowledged questions/s, none lost (${g.questions.acceptedPerSecond}/s, ${g.questions.lost} lost): ${g.questions.met ? 'met' : 'NOT met'}`);
  console.log(`  goal RSS per viewer ≤ ${GOALS.rssRatio}× bare (${g.rssPerViewer.kib} / ${g.rssPerViewer.bareKib} KiB = ${g.rssPerViewer.ratio}×): ${g.rssPerViewer.met ? 'met' : 'NOT met'}`);
  console.log(`  goal server CPU per join ≤ ${GOALS.joinCpuRatio}× bare (${g.cpuPerJoin.ms} / ${g.cpuPerJoin.bareMs} ms = ${g.cpuPerJoin.ratio}×): ${g.cpuPerJoin.met ? 'met' : 'NOT met'}`);
  if (r.storm) for (const line of stormLines(r.storm.minsheng, r.storm.bare)) console.log(`  ${line}`);
  const foreign = Math.max(r.answers.cpuDuringAnswers.percentOfOneCore.foreign, r.questions.cpu.percentOfOneCore.foreign);
  if (foreign > 25) console.log(`  WARNING: other processes on this machine used up to ${foreign}% of a core during the measurements; the figures are disturbed.`);
  if (r.questions.citizensOutOfQuota > 0) console.log(`  NOTE: ${r.questions.citizensOutOfQuota} citizens used up their quota of ${r.questions.quotaPerCitizen}: raise CITIZENS, the quota capped (c).`);
  if (r.questions.errors.rate_limited_connection) console.log(`  NOTE: the per-connection limit (40 messages / 10 s) refused ${r.questions.errors.rate_limited_connection} questions: raise CITIZENS, the limiter capped (c).`);
  if (r.serverLogErrorLines) console.log(`  server log: ${r.serverLogErrorLines} error lines (bench-results/server.log)`);
  console.log(`  written: bench-results/live.json\n`);
}

main()
  .then(() => cleanup())
  .then(() => process.exit(0))
  .catch(async (error) => {
    console.error('[bench] harness failure:', error);
    await cleanup();
    process.exit(1);
  });
