/**
 * `npm run bench:web` — the archive read benchmark at scale (docs/BENCHMARKS.md, issue 5).
 *
 * Starts the production build of server.ts (NODE_ENV=production; the build folder is NEXT_DIST_DIR, default .next;
 * built first when missing or with BENCH_BUILD=1) on the scale database of `npm run seed:scale`, and from a separate
 * load-generator process (this file with --load-worker) requests, per scenario:
 *   the archive list page and API (plain and filtered), an entry page and its API, searches with 2-, 4- and
 *   8-character queries (a common and a rare word each) through the API and the page, the 三率 (issue 14: API
 *   GET /api/v1/stats/departments and page /stats/departments, by year and by month, and the CSV), and a static file
 *   from the same server as the floor; the supervision board (督办台, issue 14) page and API as the demo moderator, default
 *   filters and filtered (goal: p95 < 200 ms one at a time and CONCURRENCY at a time); similar answers while writing
 *   (issue 17: POST /api/v1/archive/similar with letter drafts paraphrasing the seed's templates, goal p95 < 150 ms);
 *   the visitors' pages (issue 15 item 6, group `visitor`, scenarios `visit-*`: home, /letters pages 1–2,
 *   /interviews, a published interview's page and its transcript, /disclosure, /stats, archive entries), whose
 *   figure is the server's CPU per request.
 * Each scenario runs twice: one request at a time (`seq`: client latency on loopback ≈ server time, no queueing)
 * and CONCURRENCY at a time (`load`: requests/s and latency under load). API responses carry a Server-Timing header
 * with the database time inside listArchive (`db`), reported as well. For each scenario the server's CPU time per
 * request (its /proc utime + stime delta over the `seq` run divided by the requests, warm-up included) and its
 * PostgreSQL backends' (`cpu node`, `cpu pg`): far less sensitive to other load on the machine than latencies. Prints
 * a table, writes bench-results/web.json. Exits non-zero only when the harness fails (a non-2xx answer counts as an
 * error). Two builds are compared with scripts/bench/cpu-ab.ts (interleaved), not with two runs of this.
 *
 * BENCH_PROFILE=cpu starts the server with `--inspect` (on PORT + 2) and, after each scenario's measured runs, runs
 * the `seq` mode once more under V8's CPU profiler (SECONDS again; the measured CPU figures come from the runs
 * without the profiler, which slows the server): bench-results/profiles/web-<scenario>.cpuprofile (open it in
 * Chrome DevTools or `tsx scripts/bench/profile-summary.ts`), and the top functions by self and by inclusive time in
 * ms per request in the log and in web.json (`profile`). PROFILE_TOP (12) functions of each.
 *
 * Options (environment variable or --flag=value): BENCH_DATABASE_URL (SCALE_DATABASE_URL, else
 * postgres://postgres@127.0.0.1:5432/minsheng_scale), PORT (3131), SECONDS (6 per scenario and mode), WARMUP (20
 * requests), CONCURRENCY (8), BENCH_BUILD (0), ONLY (comma-separated scenario names), SCENARIO_GROUPS (comma-separated groups,
 * e.g. `visitor`; not GROUPS, which bash keeps for itself), LOAD (1; 0 skips the CONCURRENCY-at-a-time runs, when only the CPU per request is wanted),
 * BENCH_PROFILE ("" or "cpu"), PROFILE_TOP (12), OUT (web.json: the file in bench-results/), WEB_CONCURRENCY (the
 * server's cluster mode: N worker processes, their CPU summed; Redis from BENCH_REDIS_URL, default redis://127.0.0.1:6379).
 *
 * The visitors' pages alone, CPU per request, on a small seed (docs/BENCHMARKS.md "Session 16"):
 *   npm run seed:scale -- postgres://postgres@127.0.0.1:5432/pagecpu_bench --letters=20000 --interviews=20
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/pagecpu_bench SCENARIO_GROUPS=visitor LOAD=0 npm run bench:web
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { chinaYear } from '../../lib/calendar/workdays';
import { currentWeek, shiftWeek } from '../../lib/hotspots/week';
import { ensureProductionBuild, InspectorProfiler, summariseCpuProfile, type CpuProfileSummary } from './common';

const ROOT = path.resolve(__dirname, '..', '..');
const RESULTS_DIR = path.join(ROOT, 'bench-results');

function option(name: string, fallback: string): string {
  const flag = `--${name.toLowerCase().replaceAll('_', '-')}`;
  for (const arg of process.argv.slice(2)) if (arg.startsWith(`${flag}=`)) return arg.slice(flag.length + 1);
  return process.env[name] ?? fallback;
}

// ---------------------------------------------------------------- statistics

interface Stats {
  count: number;
  errors: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  dbP50: number | null;
  dbP95: number | null;
  dbP99: number | null;
  bytes: number;
  /** Share of the answers the page cache served (x-page-cache: hit; lib/platform/page-cache.ts), 0–1. */
  cached: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}
const round = (v: number) => (Number.isFinite(v) ? Math.round(v * 100) / 100 : v);

// ---------------------------------------------------------------- load worker (a separate process)

interface RunCommand {
  name: string;
  urls: string[];
  /** Sent with every request (the moderator's session cookie for the supervision board). */
  headers?: Record<string, string>;
  /** JSON bodies: each request is a POST of the next one (to the next url). */
  bodies?: string[];
  concurrency: number;
  seconds: number;
  warmup: number;
}

async function loadWorker(): Promise<void> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  let extraHeaders: Record<string, string> = {};
  let bodies: string[] = [];
  let nextBody = 0;
  const get = (url: string) => new Promise<{ ms: number; status: number; db: number | null; bytes: number; cached: boolean }>((resolve, reject) => {
    const started = process.hrtime.bigint();
    const body = bodies.length ? bodies[nextBody++ % bodies.length]! : null;
    const headers = { 'accept-encoding': 'identity', ...extraHeaders, ...(body === null ? {} : { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }) };
    const request = http.request(url, { agent, method: body === null ? 'GET' : 'POST', headers }, (response) => {
      let bytes = 0;
      response.on('data', (chunk: Buffer) => (bytes += chunk.length));
      response.on('end', () => {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        const timing = String(response.headers['server-timing'] ?? '');
        const db = /(?:^|,)\s*db;dur=([\d.]+)/.exec(timing);
        resolve({ ms, status: response.statusCode ?? 0, db: db ? Number(db[1]) : null, bytes, cached: response.headers['x-page-cache'] === 'hit' });
      });
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body ?? undefined);
  });

  process.on('message', async (command: RunCommand | { exit: true }) => {
    if ('exit' in command) {
      agent.destroy();
      process.exit(0);
    }
    const { urls, concurrency, seconds, warmup } = command;
    extraHeaders = command.headers ?? {};
    bodies = command.bodies ?? [];
    let next = 0;
    const pick = () => urls[next++ % urls.length]!;
    for (let i = 0; i < warmup; i++) await get(pick()).catch(() => undefined);
    const latencies: number[] = [];
    const dbTimes: number[] = [];
    let errors = 0;
    let bytes = 0;
    let cached = 0;
    const firstError: string[] = [];
    const deadline = Date.now() + seconds * 1000;
    const started = process.hrtime.bigint();
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (Date.now() < deadline) {
        const url = pick();
        try {
          const r = await get(url);
          if (r.status < 200 || r.status >= 300) {
            errors++;
            if (firstError.length < 3) firstError.push(`${r.status} ${url}`);
          }
          latencies.push(r.ms);
          if (r.db !== null) dbTimes.push(r.db);
          bytes += r.bytes;
          if (r.cached) cached++;
        } catch (error) {
          errors++;
          if (firstError.length < 3) firstError.push(`${(error as Error).message} ${url}`);
        }
      }
    }));
    const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
    latencies.sort((a, b) => a - b);
    dbTimes.sort((a, b) => a - b);
    const stats: Stats = {
      count: latencies.length,
      errors,
      rps: round(latencies.length / elapsed),
      p50: round(percentile(latencies, 0.5)),
      p95: round(percentile(latencies, 0.95)),
      p99: round(percentile(latencies, 0.99)),
      max: round(latencies.at(-1) ?? NaN),
      dbP50: dbTimes.length ? round(percentile(dbTimes, 0.5)) : null,
      dbP95: dbTimes.length ? round(percentile(dbTimes, 0.95)) : null,
      dbP99: dbTimes.length ? round(percentile(dbTimes, 0.99)) : null,
      bytes: latencies.length ? Math.round(bytes / latencies.length) : 0,
      cached: latencies.length ? round(cached / latencies.length) : 0,
    };
    process.send!({ stats, firstError });
  });
}

// ---------------------------------------------------------------- orchestrator

const log = (message: string) => console.log(`[bench:web ${new Date().toISOString().slice(11, 19)}] ${message}`);

async function waitFor(what: string, timeoutMs: number, check: () => Promise<boolean>, child?: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`${what} exited (${child.exitCode}) while starting`);
    try {
      if (await check()) return;
    } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what} did not become ready in ${timeoutMs / 1000} s`);
}

/** Search queries: a common and a rare word of 2, 4 and 8 characters in the seeded text (scripts/seed-scale.ts). */
const QUERIES = [
  { name: 'q2-common', q: '景区', note: '2 chars, common' },
  { name: 'q2-rare', q: '蜡染', note: '2 chars, rare' },
  { name: 'q4-common', q: '景区门票', note: '4 chars, common' },
  { name: 'q4-rare', q: '竹编兴趣', note: '4 chars, rare' },
  { name: 'q8-common', q: '景区门票价格偏高', note: '8 chars, common' },
  { name: 'q8-rare', q: '在中小学开设蜡染', note: '8 chars, rare' },
];

/**
 * Letter drafts as citizens write them about what the seed's templates ask (scripts/seed-scale.ts: scenic spots,
 * venues, heritage, entertainment businesses), in other words — the suggestions scenario posts them in turn.
 */
const SIMILAR_DRAFTS: Array<[string, string]> = [
  ['西山景区停车太难', '周末去西山景区玩，停车场车位不够，排队排了一个多小时，希望增加车位。'],
  ['东湖公园门票是不是太贵了', '东湖公园的门票比周边景区贵不少，价格是否合理？老人有没有优惠？'],
  ['古城墙节假日要预约吗', '国庆期间想去古城墙，请问需要提前预约吗？在哪里预约？'],
  ['导游强迫买东西', '在云顶山跟团，导游强制我们购物，不买就态度很差，请查处。'],
  ['市图书馆晚上几点关门', '我下班以后想去市图书馆借书，但是闭馆太早了，能不能延长开放时间？'],
  ['借书证怎么办理', '请问少儿图书馆办借书证要带什么材料，可以在网上办吗？'],
  ['网吧让小孩进去', '我家附近的网吧允许未成年人进入上网，请有关部门查处。'],
  ['KTV半夜还很吵', '东城区一家KTV每天营业到深夜，噪音太大，影响居民休息。'],
  ['南音传承人怎么申报', '我学南音二十多年了，想申请非遗代表性传承人，需要什么条件？'],
  ['建议学校开设蜡染课', '希望在中小学开设蜡染兴趣课程，让孩子了解传统手艺。'],
  ['景区厕所太脏', '滨海步道的旅游厕所数量太少，卫生条件也不好，建议整改。'],
  ['民宿无证经营', '老街有几家民宿没有营业执照，涉嫌无证经营，请核查。'],
];

async function main() {
  const databaseUrl = option('BENCH_DATABASE_URL', process.env.SCALE_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/minsheng_scale');
  const port = Number(option('PORT', '3131'));
  const seconds = Number(option('SECONDS', '6'));
  const warmup = Number(option('WARMUP', '20'));
  const concurrency = Number(option('CONCURRENCY', '8'));
  const only = option('ONLY', '').split(',').filter(Boolean);
  const groups = option('SCENARIO_GROUPS', '').split(',').filter(Boolean);
  const withLoad = option('LOAD', '1') !== '0';
  const profiling = option('BENCH_PROFILE', '') === 'cpu';
  const profileTop = Number(option('PROFILE_TOP', '12'));
  const outFile = option('OUT', 'web.json');
  fs.mkdirSync(RESULTS_DIR, { recursive: true });

  // The scale data: sample entries, departments, match counts of the queries.
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  const [{ n: published }] = (await sql`select count(*)::int as n from archive_entries where status = 'published'`) as unknown as [{ n: number }];
  const [{ n: letterCount }] = (await sql`select count(*)::int as n from letters`) as unknown as [{ n: number }];
  if (published < 1000) throw new Error(`${new URL(databaseUrl).pathname.slice(1)} has ${published} published entries: run npm run seed:scale first`);
  const sample = (await sql`select public_id from archive_entries tablesample system (1) where status = 'published' limit 300`).map((r) => r.public_id as string);
  const interviewsSample = (await sql`select public_id from archive_entries where kind = 'interview' and status = 'published' limit 20`).map((r) => r.public_id as string);
  // The API takes a department's public id (an internal id matches no department, and an empty list measures nothing).
  const [dept] = await sql`select d.public_id as id, count(*)::int from archive_entries e join departments d on d.id = e.department_id
    where e.status = 'published' group by 1 order by 2 desc limit 1 offset 2`;
  const { parseSearchQuery } = await import('../../lib/archive/search');
  const matches: Record<string, number> = {};
  for (const { name, q } of QUERIES) {
    const [{ n }] = (await sql`select count(*)::int as n from archive_entries where status = 'published' and search_vector @@ ${parseSearchQuery(q)!.tsquery}::tsquery`) as unknown as [{ n: number }];
    matches[name] = n;
  }
  // The supervision board: the department with the most open letters, and how many open cases there are.
  const [boardDept] = await sql`select d.public_id as id, count(*)::int as n from letters l join departments d on d.id = l.department_id
    where l.status in ('submitted', 'accepted', 'needs_info') group by 1 order by 2 desc limit 1`;
  const [{ n: openLetters }] = (await sql`select count(*)::int as n from letters where status in ('submitted', 'accepted', 'needs_info')`) as unknown as [{ n: number }];
  // Staff duplicates (issue 17 item 5): letters awaiting routing, where the routing page shows their look-alikes.
  const awaitingRouting = (await sql`select tracking_no from letters tablesample system (1) where status = 'submitted' limit 30`).map((r) => r.tracking_no as string);
  // The visitors' pages: published interviews (seed:scale publishes INTERVIEWS of them) and a fixed set of entries.
  const interviewSlugs = (await sql`select slug from interviews where status = 'published' order by published_at desc limit 5`).map((r) => r.slug as string);
  const visitEntries = (await sql`select public_id from archive_entries where status = 'published' order by id limit 20`).map((r) => r.public_id as string);
  await sql.end({ timeout: 5 });
  log(`${openLetters.toLocaleString()} open letters on the supervision board (${boardDept ? boardDept.n : 0} in its busiest department)`);
  log(`${letterCount.toLocaleString()} letters, ${published.toLocaleString()} published entries; query matches ${JSON.stringify(matches)}`);

  const distDir = await ensureProductionBuild(ROOT, option('BENCH_BUILD', '0') === '1', log);

  const base = `http://127.0.0.1:${port}`;
  const serverLog = path.join(RESULTS_DIR, 'web-server.log');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minsheng-bench-web-'));
  const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !['REDIS_URL', 'SMTP_URL', 'DATABASE_URL', 'TRUST_PROXY'].includes(k)));
  const out = fs.openSync(serverLog, 'w');
  const profileDir = path.join(RESULTS_DIR, 'profiles');
  if (profiling) fs.mkdirSync(profileDir, { recursive: true });
  const server = spawn(process.execPath, [...(profiling ? [`--inspect=127.0.0.1:${port + 2}`] : []), '--import', 'tsx', 'server.ts'], {
    cwd: ROOT,
    stdio: ['ignore', out, out],
    env: {
      ...cleanEnv,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      DATABASE_URL: databaseUrl,
      DATA_DIR: dataDir,
      SEED_DEMO: '0',
      NEXTAUTH_SECRET: randomBytes(32).toString('base64url'),
      NEXTAUTH_URL: base,
      PORT: String(port),
      HOST: '127.0.0.1',
      // One load process from one address: the abuse limits (lib/ratelimit) would answer 429 within seconds.
      RATE_LIMIT_FACTOR: '1000000',
      // WEB_CONCURRENCY=N (cluster mode) needs Redis: BENCH_REDIS_URL, default the local server.
      ...(Number(process.env.WEB_CONCURRENCY ?? 1) > 1 ? { REDIS_URL: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379' } : {}),
    },
  });
  const worker = fork(__filename, ['--load-worker'], { cwd: ROOT, stdio: 'inherit', execArgv: ['--import', 'tsx'] });
  const stopAll = async () => {
    worker.connected && worker.send({ exit: true });
    if (server.exitCode === null) {
      const exited = new Promise((r) => server.once('exit', r));
      server.kill('SIGTERM');
      const timer = setTimeout(() => server.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  process.on('SIGINT', () => void stopAll().then(() => process.exit(130)));

  try {
    log(`server pid ${server.pid} on ${base} (${path.relative(ROOT, distDir)}; log ${path.relative(ROOT, serverLog)})`);
    await waitFor('server', 180_000, async () => (await fetch(`${base}/api/health`)).ok, server);
    const home = await (await fetch(`${base}/archive`)).text();
    const staticPath = /\/_next\/static\/[^"'\s>]+\.(?:css|js)/.exec(home)?.[0];
    if (!staticPath) throw new Error('no /_next/static file found in the archive page');

    // The board is for moderators: the demo moderator's session (seed:scale seeds the demo accounts).
    const { HttpClient } = await import('./common');
    const moderator = new HttpClient(base);
    await moderator.signIn('moderator@example.com', 'minsheng-demo');
    const moderatorHeaders = { cookie: moderator.cookieHeader() };
    const enc = encodeURIComponent;
    const thisYear = chinaYear();
    const rateYears = [2024, 2025, 2026].filter((y) => y <= thisYear);
    const rateMonths: Array<[number, number]> = Array.from({ length: 12 }, (_, i) => [rateYears[i % rateYears.length]!, ((i * 5) % 12) + 1]);
    const entryUrls = sample.map((id) => `${base}/archive/${id}`);
    type Scenario = { name: string; group: 'floor' | 'list' | 'entry' | 'search' | 'rates' | 'supervision' | 'similar' | 'hotspots' | 'duplicates' | 'visitor'; urls: string[]; note: string; headers?: Record<string, string>; bodies?: string[] };
    const boardFilters = [`risk=overdue&departmentId=${boardDept?.id ?? ''}`, 'risk=due_soon', 'kind=letter&risk=days60', `departmentId=${boardDept?.id ?? ''}`];
    const all: Scenario[] = [
      { name: 'static', group: 'floor', urls: [`${base}${staticPath}`], note: 'a /_next/static file (the floor)' },
      { name: 'api-list', group: 'list', urls: [1, 2, 3, 4, 5].map((p) => `${base}/api/v1/archive?page=${p}`), note: 'GET /api/v1/archive, pages 1–5' },
      { name: 'api-list-filtered', group: 'list', urls: ['2024', '2025', '2026'].flatMap((y) => ['letter', 'interview'].map((k) => `${base}/api/v1/archive?year=${y}&kind=${k}&departmentId=${dept!.id}`)), note: 'year + kind + department' },
      { name: 'page-list', group: 'list', urls: [1, 2, 3].map((p) => `${base}/archive?page=${p}`), note: 'GET /archive (HTML)' },
      { name: 'page-entry', group: 'entry', urls: [...entryUrls, ...interviewsSample.map((id) => `${base}/archive/${id}`)], note: `${sample.length} letter + ${interviewsSample.length} interview entries (HTML)` },
      { name: 'api-entry', group: 'entry', urls: sample.map((id) => `${base}/api/v1/archive/${id}`), note: 'GET /api/v1/archive/{id}' },
      ...QUERIES.map(({ name, q, note }) => ({ name: `api-${name}`, group: 'search' as const, urls: [1, 2].map((p) => `${base}/api/v1/archive?q=${enc(q)}&page=${p}`), note: `${note}: “${q}”, ${matches[name]!.toLocaleString()} matches` })),
      { name: 'api-q2-common-newest', group: 'search', urls: [`${base}/api/v1/archive?q=${enc('景区')}&sort=newest`], note: '“景区” newest first' },
      { name: 'api-q2-common-filtered', group: 'search', urls: ['2024', '2025', '2026'].map((y) => `${base}/api/v1/archive?q=${enc('景区')}&year=${y}&departmentId=${dept!.id}`), note: '“景区” + year + department' },
      { name: 'page-q2-common', group: 'search', urls: [`${base}/archive?q=${enc('景区')}`], note: 'search page (HTML), “景区”' },
      { name: 'page-q4-rare', group: 'search', urls: [`${base}/archive?q=${enc('竹编兴趣')}`], note: 'search page (HTML), “竹编兴趣”' },
      // 三率 (lib/stats/rates.ts): every year of the seed, and 12 months spread over it.
      { name: 'api-rates-year', group: 'rates', urls: rateYears.map((y) => `${base}/api/v1/stats/departments?year=${y}`), note: `GET /api/v1/stats/departments?year= (${rateYears.join(', ')})` },
      { name: 'api-rates-month', group: 'rates', urls: rateMonths.map(([y, m]) => `${base}/api/v1/stats/departments?year=${y}&month=${m}`), note: `?year=&month=, ${rateMonths.length} months` },
      { name: 'page-rates-year', group: 'rates', urls: rateYears.map((y) => `${base}/stats/departments?year=${y}`), note: '/stats/departments?year= (HTML)' },
      { name: 'page-rates-month', group: 'rates', urls: rateMonths.map(([y, m]) => `${base}/stats/departments?year=${y}&month=${m}`), note: '/stats/departments?year=&month= (HTML)' },
      { name: 'csv-rates-year', group: 'rates', urls: rateYears.map((y) => `${base}/stats/departments/export.csv?year=${y}`), note: '/stats/departments/export.csv?year=' },
      { name: 'api-supervision', group: 'supervision', headers: moderatorHeaders, urls: [1, 2, 3].map((p) => `${base}/api/v1/supervision?page=${p}`), note: `GET /api/v1/supervision, pages 1–3 of ${openLetters.toLocaleString()} open letters` },
      { name: 'api-supervision-filtered', group: 'supervision', headers: moderatorHeaders, urls: boardFilters.map((f) => `${base}/api/v1/supervision?${f}`), note: 'risk + department, risk, kind + risk, department' },
      { name: 'page-supervision', group: 'supervision', headers: moderatorHeaders, urls: [1, 2].map((p) => `${base}/workspace/supervision?page=${p}`), note: 'GET /workspace/supervision (HTML)' },
      { name: 'page-supervision-filtered', group: 'supervision', headers: moderatorHeaders, urls: boardFilters.map((f) => `${base}/workspace/supervision?${f}`), note: 'the page with the filters above' },
      // Issue 17: the write form's suggestions, one draft after another (each a new question, nothing cached).
      { name: 'api-similar', group: 'similar', urls: [`${base}/api/v1/archive/similar`], bodies: SIMILAR_DRAFTS.map(([title, body]) => JSON.stringify({ title, body })), note: `POST /api/v1/archive/similar, ${SIMILAR_DRAFTS.length} drafts paraphrasing the seed's templates` },
      // Issue 17 item 6: the weekly hotspots (this week, last week, four weeks ago) as the demo moderator; the first
      // request of a week tokenises five weeks of titles, later ones only the week's own (lib/hotspots#weekTermCounts).
      { name: 'api-hotspots', group: 'hotspots', headers: moderatorHeaders, urls: [0, -1, -4].map((o) => `${base}/api/v1/hotspots?week=${shiftWeek(currentWeek(), o)}`), note: 'GET /api/v1/hotspots?week=, 3 weeks' },
      { name: 'page-hotspots', group: 'hotspots', headers: moderatorHeaders, urls: [`${base}/workspace/hotspots`], note: 'GET /workspace/hotspots (HTML), this week' },
      // Issue 17 item 5: up to five look-alikes of a letter awaiting routing (title bigrams, lib/letters/duplicates.ts).
      { name: 'api-duplicates', group: 'duplicates', headers: moderatorHeaders, urls: awaitingRouting.map((t) => `${base}/api/v1/letters/${t}/duplicates`), note: `GET /api/v1/letters/{no}/duplicates, ${awaitingRouting.length} letters awaiting routing` },
      // Issue 15 item 6: what a visitor (no session) opens; the figure that matters is the server's CPU per request.
      { name: 'visit-home', group: 'visitor', urls: [`${base}/`], note: 'GET / (home)' },
      { name: 'visit-letters', group: 'visitor', urls: [1, 2].map((p) => `${base}/letters?page=${p}`), note: 'GET /letters, pages 1–2 (政民互动 board)' },
      { name: 'visit-interviews', group: 'visitor', urls: [`${base}/interviews`], note: 'GET /interviews' },
      { name: 'visit-interview', group: 'visitor', urls: interviewSlugs.map((slug) => `${base}/interviews/${slug}`), note: `GET /interviews/{slug}, ${interviewSlugs.length} published interviews` },
      { name: 'visit-transcript', group: 'visitor', urls: interviewSlugs.map((slug) => `${base}/interviews/${slug}/transcript`), note: 'GET /interviews/{slug}/transcript' },
      { name: 'visit-disclosure', group: 'visitor', urls: [`${base}/disclosure`], note: 'GET /disclosure (catalogue)' },
      { name: 'visit-stats', group: 'visitor', urls: [`${base}/stats`], note: 'GET /stats' },
      { name: 'visit-entry', group: 'visitor', urls: visitEntries.map((id) => `${base}/archive/${id}`), note: `GET /archive/{id}, the first ${visitEntries.length} published entries` },
    ];
    const scenarios = all.filter((s) => s.urls.length > 0 && (only.length === 0 || only.includes(s.name)) && (groups.length === 0 || groups.includes(s.group)));

    const runOnce = (command: RunCommand) => new Promise<{ stats: Stats; firstError: string[] }>((resolve) => {
      worker.once('message', (m) => resolve(m as { stats: Stats; firstError: string[] }));
      worker.send(command);
    });
    // CPU time of the server process and of its PostgreSQL backends (application_name minsheng, in the benchmark's
    // database: another minsheng on the machine, e.g. a seed:scale run, is not counted), from /proc: a figure per
    // request that other work on the machine inflates far less than it inflates latencies — but still by up to 2× on
    // a busy 2-core machine (session 16): compare two builds with scripts/bench/cpu-ab.ts, not with two runs.
    const monitor = postgres(databaseUrl, { max: 1, onnotice: () => {} });
    const ticks = (pid: number) => {
      try {
        const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
        return (Number(fields[11]) + Number(fields[12])) * 10; // clock ticks (100 Hz) → ms
      } catch {
        return NaN;
      }
    };
    const cpuNow = async () => {
      const backends = (await monitor`select pid from pg_stat_activity where application_name = 'minsheng' and datname = current_database()`).map((r) => Number(r.pid));
      const pg = new Map(backends.map((pid) => [pid, ticks(pid)]));
      // With WEB_CONCURRENCY > 1 the workers are the server's children: their CPU counts too.
      const children = (() => {
        try {
          return fs.readFileSync(`/proc/${server.pid}/task/${server.pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
        } catch {
          return [];
        }
      })();
      return { server: [server.pid!, ...children].reduce((sum, pid) => sum + ticks(pid), 0), pg };
    };
    const run = async (command: RunCommand) => {
      const before = await cpuNow();
      const result = await runOnce(command);
      const after = await cpuNow();
      let pgMs = 0;
      for (const [pid, ms] of after.pg) pgMs += ms - (before.pg.get(pid) ?? 0);
      const n = result.stats.count + command.warmup;
      return { ...result, cpu: { serverMsPerRequest: round((after.server - before.server) / n), postgresMsPerRequest: round(pgMs / n) } };
    };
    const results: Array<{ name: string; group: string; note: string; seq: Stats; load: Stats; cpu: { serverMsPerRequest: number; postgresMsPerRequest: number }; profile?: CpuProfileSummary & { file: string } }> = [];
    const noLoad: Stats = { count: 0, errors: 0, rps: NaN, p50: NaN, p95: NaN, p99: NaN, max: NaN, dbP50: null, dbP95: null, dbP99: null, bytes: 0, cached: 0 };
    const profiler = profiling ? await InspectorProfiler.attach(port + 2) : null;
    for (const s of scenarios) {
      const seq = await run({ name: s.name, urls: s.urls, headers: s.headers, bodies: s.bodies, concurrency: 1, seconds, warmup });
      const load = withLoad ? await run({ name: s.name, urls: s.urls, headers: s.headers, bodies: s.bodies, concurrency, seconds, warmup: 0 }) : { stats: noLoad, firstError: [] };
      for (const e of [...seq.firstError, ...load.firstError]) log(`error in ${s.name}: ${e}`);
      results.push({ name: s.name, group: s.group, note: s.note, seq: seq.stats, load: load.stats, cpu: seq.cpu });
      log(`${s.name}: seq p50 ${seq.stats.p50} p95 ${seq.stats.p95} p99 ${seq.stats.p99} ms (db p95 ${seq.stats.dbP95 ?? '–'}; cpu ${seq.cpu.serverMsPerRequest} + ${seq.cpu.postgresMsPerRequest} ms)${withLoad ? `; load ${load.stats.rps} req/s p95 ${load.stats.p95} ms` : ''}`);
      if (profiler) {
        // A third run under the profiler, one request at a time; its figures are not the measured ones.
        await profiler.start();
        const profiled = await runOnce({ name: s.name, urls: s.urls, headers: s.headers, bodies: s.bodies, concurrency: 1, seconds, warmup: 0 });
        const profile = await profiler.stop();
        const file = path.join(profileDir, `web-${s.name}.cpuprofile`);
        fs.writeFileSync(file, JSON.stringify(profile));
        const summary = summariseCpuProfile(profile, { top: profileTop, divideBy: Math.max(1, profiled.stats.count), root: ROOT });
        results.at(-1)!.profile = { file: path.relative(ROOT, file), ...summary };
        const lines = (list: CpuProfileSummary['self']) => list.map((f) => `    ${f.ms.toFixed(3).padStart(8)}  ${f.fn}`).join('\n');
        log(`${s.name}: profiled ${profiled.stats.count} requests, ${summary.busyMs} ms busy per request (${path.relative(ROOT, file)})\n  self ms/request:\n${lines(summary.self)}\n  inclusive ms/request:\n${lines(summary.inclusive)}`);
      }
    }
    profiler?.close();

    await monitor.end({ timeout: 5 });
    const header = ['scenario', 'seq p50', 'seq p95', 'seq p99', 'db p95', 'cpu node', 'cpu pg', `c=${concurrency} req/s`, 'p50', 'p95', 'p99', 'errors', 'KB', 'cached'];
    const rows = results.map((r) => [r.name, r.seq.p50, r.seq.p95, r.seq.p99, r.seq.dbP95 ?? '–', r.cpu.serverMsPerRequest, r.cpu.postgresMsPerRequest, r.load.rps, r.load.p50, r.load.p95, r.load.p99, r.seq.errors + r.load.errors, Math.round(r.load.bytes / 102.4) / 10, `${Math.round(r.seq.cached * 100)} %`].map(String));
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    console.log('\n' + [header, ...rows].map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')).join('\n'));
    console.log('\nlatencies in ms; seq = one request at a time (≈ server time on loopback); db = Server-Timing db (listArchive);\ncpu = CPU ms per request of the server process and of its PostgreSQL backends during the seq run;\ncached = share of the seq answers served by the page cache (the visitors’ pages; PAGE_CACHE_MS=0 measures every page rendered)\n');

    const goals = {
      searchP95Under100: results.filter((r) => r.group === 'search').every((r) => r.seq.p95 < 100),
      listEntryP95Under50: results.filter((r) => r.group === 'list' || r.group === 'entry').every((r) => r.seq.p95 < 50),
      // Issue 14: the 三率 page and API, one at a time and CONCURRENCY at a time.
      ratesP95Under200: results.filter((r) => r.group === 'rates').every((r) => r.seq.p95 < 200 && r.load.p95 < 200),
      supervisionP95Under200: results.filter((r) => r.group === 'supervision').every((r) => r.seq.p95 < 200 && r.load.p95 < 200),
      // Issue 17: similar answers, server time (one at a time) at 1,000,000 letters.
      similarP95Under150: results.filter((r) => r.group === 'similar').every((r) => r.seq.p95 < 150),
      // Issue 17 item 6: the hotspot view for a week at 1,000,000 letters.
      hotspotsP95Under500: results.filter((r) => r.group === 'hotspots').every((r) => r.seq.p95 < 500),
    };
    const git = (args: string[]) => new Promise<string>((resolve) => {
      const child = spawn('git', args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'] });
      let text = '';
      child.stdout.on('data', (d: Buffer) => (text += d.toString()));
      child.on('close', () => resolve(text.trim()));
    });
    const report = {
      date: new Date().toISOString(),
      commit: await git(['rev-parse', 'HEAD']),
      machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, memoryGb: Math.round(os.totalmem() / 2 ** 30), loadavg: os.loadavg() },
      database: { letters: letterCount, openLetters, publishedEntries: published, queryMatches: matches },
      options: { seconds, warmup, concurrency, load: withLoad, profile: profiling ? 'cpu' : '', distDir: path.relative(ROOT, distDir) },
      goals,
      results,
    };
    fs.writeFileSync(path.join(RESULTS_DIR, outFile), JSON.stringify(report, null, 2) + '\n');
    log(`goals: search p95 < 100 ms ${goals.searchP95Under100 ? 'met' : 'NOT met'}; list/entry p95 < 50 ms ${goals.listEntryP95Under50 ? 'met' : 'NOT met'}; 三率 p95 < 200 ms (seq and c=${concurrency}) ${goals.ratesP95Under200 ? 'met' : 'NOT met'}; supervision p95 < 200 ms (seq and load) ${goals.supervisionP95Under200 ? 'met' : 'NOT met'}; similar answers p95 < 150 ms ${goals.similarP95Under150 ? 'met' : 'NOT met'}${letterCount < 1_000_000 ? ` (at ${letterCount.toLocaleString()} letters; the goal is set at 1,000,000)` : ''}; wrote bench-results/${outFile}`);
  } finally {
    await stopAll();
  }
}

if (process.argv.includes('--load-worker')) {
  void loadWorker();
} else {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
