/**
 * `npm run bench:pages` — what each page weighs in the browser (issue 15 item 6, docs/BENCHMARKS.md "Page weight").
 *
 * Starts the production build of server.ts (NODE_ENV=production; the build folder is NEXT_DIST_DIR, default .next;
 * built first when missing or with BENCH_BUILD=1) on a fresh embedded database with the demo data (SEED_DEMO=1),
 * then for a list of public and staff pages fetches the HTML and every `<script src>` it references, and every script
 * it preloads (`<link rel="preload" as="script">`: next/dynamic's chunks of components the server rendered, which
 * hydration needs) — the JavaScript the browser loads before the page is interactive; chunks imported later with
 * `import()` are not counted, nor Next's `nomodule` polyfills, which browsers with ES modules skip — and its
 * stylesheets, and prints a table:
 *   HTML bytes raw / gzip, JS bytes raw / gzip, the number of chunks, CSS gzip, and whether the page meets the
 *   targets of issue 15 (≤ 150 KB of gzipped JavaScript, ≤ 40 KB of HTML, raw).
 * gzip is zlib's default level (6), computed here from the bytes served (the server itself sends them uncompressed
 * behind nginx, docs/OPERATIONS.md). KB = 1024 bytes. Prints figures only: no pass/fail on the numbers; exits non-zero
 * only when the harness fails (a page that does not answer 200). Writes bench-results/pages.json.
 *
 * Options (environment variable or --flag=value): PORT (3132), BENCH_BUILD (0), CHUNKS (0; 1 also lists each page's
 * chunks, largest first, with the packages found in them), ONLY (comma-separated page names), SAVE_HTML (1: each page's HTML to bench-results/page-<name>.html, to see what it carries),
 * REPORT_OVERVIEW (text put into section 一、总体情况 of the annual report before it is published; default: as seeded).
 *
 * The annual report page is the public one: the demo publishes no report, so the bench first publishes last year's
 * as the moderator, through the moderator page's own forms (its server actions), then reads it anonymously.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { HttpClient, ensureProductionBuild } from './common';

const ROOT = path.resolve(__dirname, '..', '..');
const RESULTS_DIR = path.join(ROOT, 'bench-results');
const JS_TARGET_GZ = 150 * 1024;
const HTML_TARGET = 40 * 1024;

function option(name: string, fallback: string): string {
  const flag = `--${name.toLowerCase().replaceAll('_', '-')}`;
  for (const arg of process.argv.slice(2)) if (arg.startsWith(`${flag}=`)) return arg.slice(flag.length + 1);
  return process.env[name] ?? fallback;
}

const log = (message: string) => console.log(`[bench:pages ${new Date().toISOString().slice(11, 19)}] ${message}`);
const kb = (bytes: number) => (bytes / 1024).toFixed(1);
const gz = (data: Buffer | string) => gzipSync(data).length;

interface Asset { url: string; raw: number; gzip: number; packages: string[] }

interface PageResult {
  name: string;
  path: string;
  audience: 'public' | 'staff' | 'citizen';
  status: number;
  html: { raw: number; gzip: number };
  js: { raw: number; gzip: number; chunks: number };
  css: { raw: number; gzip: number; files: number };
  meetsJs: boolean;
  meetsHtml: boolean;
  chunkList: Array<{ url: string; gzip: number; packages: string[] }>;
}

/**
 * What a chunk carries, told by strings that only that code has (production chunks name no modules): a hint for
 * finding what to cut, printed with CHUNKS=1.
 */
const MARKERS: Array<[string, RegExp]> = [
  ['react-dom', /DetermineComponentFrameRoot|compositionend/],
  ['next router', /x-nextjs-|NEXT_REDIRECT|ClientPageRoot/],
  ['react-server-dom', /resolved_model/],
  ['socket.io-client', /engine\.io|"EIO"|\bEIO\b/],
  ['next-auth/react', /next-auth|__NEXTAUTH/],
  ['intl-messageformat', /IntlMessageFormat|Intl\.PluralRules/],
  ['zod', /ZodError|\$ZodType|_zod\b/],
  ['zod locale (en)', /Invalid input/],
];
function packagesIn(source: string): string[] {
  return MARKERS.filter(([, re]) => re.test(source)).map(([name]) => name);
}

const decodeEntities = (s: string) => s.replace(/&(quot|amp|lt|gt|#x27|#39);/g, (_, e: string) => ({ quot: '"', amp: '&', lt: '<', gt: '>', '#x27': "'", '#39': "'" })[e]!);

/**
 * Submits the form of `page` that contains `marker` as a browser without JavaScript does: every named input and
 * textarea of the form (React's hidden $ACTION_* fields of a server action included), `fields` overriding, posted as
 * multipart/form-data to the page. The server action runs as when the moderator presses the button.
 */
async function submitPageForm(base: string, client: HttpClient, page: string, marker: string, fields: Record<string, string>): Promise<void> {
  const html = await (await fetch(base + page, { headers: { cookie: client.cookieHeader() } })).text();
  const form = [...html.matchAll(/<form\b[^>]*>([^]*?)<\/form>/g)].find((m) => m[1]!.includes(marker))?.[1];
  if (!form) throw new Error(`no form with ${marker} on ${page}`);
  const body = new FormData();
  const values = new Map<string, string>();
  for (const m of form.matchAll(/<input\b([^>]*)>/g)) {
    const name = /\bname="([^"]*)"/.exec(m[1]!)?.[1];
    if (name) values.set(decodeEntities(name), decodeEntities(/\bvalue="([^"]*)"/.exec(m[1]!)?.[1] ?? ''));
  }
  for (const m of form.matchAll(/<textarea\b([^>]*)>([^]*?)<\/textarea>/g)) {
    const name = /\bname="([^"]*)"/.exec(m[1]!)?.[1];
    if (name) values.set(decodeEntities(name), decodeEntities(m[2]!));
  }
  for (const [k, v] of Object.entries(fields)) values.set(k, v);
  for (const [k, v] of values) body.append(k, v);
  const response = await fetch(base + page, { method: 'POST', headers: { cookie: client.cookieHeader(), origin: base }, body, redirect: 'manual' });
  if (!response.ok) throw new Error(`POST ${page} (${marker}) → ${response.status}`);
  await response.arrayBuffer();
}

/**
 * Publishes the year's annual report from the moderator's page (app/workspace/moderator/annual-report/[year]): saves
 * the text (the overview set to `overview`, e.g. REPORT_OVERVIEW to see what prose weighs; else as it is), then
 * publishes it (lib/disclosure/annual-report.ts publishAnnualReport, through the page's ReportStepForm).
 */
async function publishAnnualReport(base: string, moderator: HttpClient, year: number, overview: string): Promise<void> {
  const page = `/workspace/moderator/annual-report/${year}`;
  await submitPageForm(base, moderator, page, 'name="sections.overview"', overview ? { 'sections.overview': overview } : {});
  await submitPageForm(base, moderator, page, 'aria-describedby="publish-hint"', {});
  const published = await fetch(`${base}/disclosure/annual-report/${year}`, { redirect: 'manual' });
  await published.arrayBuffer();
  if (published.status !== 200) throw new Error(`the ${year} annual report is not public after publishing (GET → ${published.status})`);
}

async function main() {
  const port = Number(option('PORT', '3132'));
  const showChunks = option('CHUNKS', '0') === '1';
  const only = option('ONLY', '').split(',').filter(Boolean);
  fs.mkdirSync(RESULTS_DIR, { recursive: true });

  const distDir = await ensureProductionBuild(ROOT, option('BENCH_BUILD', '0') === '1', log);

  const base = `http://127.0.0.1:${port}`;
  const serverLog = path.join(RESULTS_DIR, 'pages-server.log');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'minsheng-bench-pages-'));
  const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !['REDIS_URL', 'SMTP_URL', 'DATABASE_URL', 'TRUST_PROXY'].includes(k)));
  const out = fs.openSync(serverLog, 'w');
  const server = spawn(process.execPath, ['--import', 'tsx', 'server.ts'], {
    cwd: ROOT,
    stdio: ['ignore', out, out],
    env: {
      ...cleanEnv,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      DATA_DIR: dataDir,
      SEED_DEMO: '1',
      NEXTAUTH_SECRET: randomBytes(32).toString('base64url'),
      NEXTAUTH_URL: base,
      PORT: String(port),
      HOST: '127.0.0.1',
      RATE_LIMIT_FACTOR: '1000',
    },
  });
  const stop = async () => {
    if (server.exitCode === null) {
      const exited = new Promise((r) => server.once('exit', r));
      server.kill('SIGTERM');
      const timer = setTimeout(() => server.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  process.on('SIGINT', () => void stop().then(() => process.exit(130)));

  try {
    log(`server pid ${server.pid} on ${base} (${path.relative(ROOT, distDir)}; log ${path.relative(ROOT, serverLog)})`);
    const deadline = Date.now() + 180_000;
    for (;;) {
      if (server.exitCode !== null) throw new Error(`server.ts exited (${server.exitCode}) while starting; see ${serverLog}`);
      if (Date.now() > deadline) throw new Error('server.ts did not answer /api/health within 180 s');
      if (await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(2000) }).then((r) => r.ok, () => false)) break;
      await new Promise((r) => setTimeout(r, 250));
    }

    const anonymous = new HttpClient(base);
    const citizen = new HttpClient(base);
    const moderator = new HttpClient(base);
    await citizen.signIn('citizen@example.com', 'minsheng-demo');
    await moderator.signIn('moderator@example.com', 'minsheng-demo');
    const text = async (client: HttpClient, p: string) => (await fetch(base + p, { headers: { cookie: client.cookieHeader() } })).text();
    // Pages that need an id: the first interview (the demo's announced one) and the first published one, archive
    // entry and catalogue item listed, the citizen's first letter.
    const first = (html: string, re: RegExp, what: string) => {
      const m = re.exec(html);
      if (!m) throw new Error(`no ${what} found`);
      return m[1]!;
    };
    const interviewsPage = await text(anonymous, '/interviews');
    const interview = first(interviewsPage, /href="\/interviews\/([^"/?#]+)"/, 'interview link on /interviews');
    // A past interview's page carries what an announced one does not load (its transcript, the moderation counts).
    const pastInterview = first(interviewsPage, /data-status="(?:ended|published)"[^]*?href="\/interviews\/([^"/?#]+)"/, 'past interview on /interviews');
    const entry = first(await text(anonymous, '/archive'), /href="\/archive\/([^"/?#]+)"/, 'entry link on /archive');
    const letter = first(await text(citizen, '/workspace/citizen'), /href="\/letters\/(\d{12,13})"/, 'letter link on /workspace/citizen');
    // Last year's statutory annual report: the demo publishes none, so the moderator publishes it first, as the
    // moderator's page does (its two forms, posted as a browser without JavaScript posts them: the same server
    // actions), and the page is then read anonymously, as the public reads it.
    const reportYear = Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date())) - 1;
    await publishAnnualReport(base, moderator, reportYear, option('REPORT_OVERVIEW', ''));

    type PageSpec = { name: string; path: string; audience: PageResult['audience']; client: HttpClient };
    const pages = ([
      { name: 'home', path: '/', audience: 'public', client: anonymous },
      { name: 'letters', path: '/letters', audience: 'public', client: anonymous },
      { name: 'letters-new', path: '/letters/new', audience: 'citizen', client: citizen },
      { name: 'interviews', path: '/interviews', audience: 'public', client: anonymous },
      { name: 'interview', path: `/interviews/${interview}`, audience: 'public', client: anonymous },
      { name: 'interview-past', path: `/interviews/${pastInterview}`, audience: 'public', client: anonymous },
      { name: 'archive', path: '/archive', audience: 'public', client: anonymous },
      { name: 'archive-entry', path: `/archive/${entry}`, audience: 'public', client: anonymous },
      { name: 'disclosure', path: '/disclosure', audience: 'public', client: anonymous },
      { name: 'stats', path: '/stats', audience: 'public', client: anonymous },
      { name: 'stats-letters', path: '/stats/letters', audience: 'public', client: anonymous },
      { name: 'stats-details', path: '/stats/details', audience: 'public', client: anonymous },
      { name: 'annual-report', path: `/disclosure/annual-report/${reportYear}`, audience: 'public', client: anonymous },
      { name: 'login', path: '/login', audience: 'public', client: anonymous },
      { name: 'home-citizen', path: '/', audience: 'citizen', client: citizen },
      { name: 'citizen', path: '/workspace/citizen', audience: 'citizen', client: citizen },
      { name: 'letter', path: `/letters/${letter}`, audience: 'citizen', client: citizen },
      { name: 'moderator', path: '/workspace/moderator', audience: 'staff', client: moderator },
      { name: 'moderator-interviews', path: '/workspace/moderator/interviews', audience: 'staff', client: moderator },
    ] satisfies PageSpec[] as PageSpec[]).filter((p) => only.length === 0 || only.includes(p.name));

    const assets = new Map<string, Asset>();
    const asset = async (url: string): Promise<Asset> => {
      const known = assets.get(url);
      if (known) return known;
      const response = await fetch(new URL(url, base));
      if (!response.ok) throw new Error(`GET ${url} → ${response.status}`);
      const bytes = Buffer.from(await response.arrayBuffer());
      const found: Asset = { url, raw: bytes.length, gzip: gz(bytes), packages: packagesIn(bytes.toString('utf8')) };
      assets.set(url, found);
      return found;
    };

    const results: PageResult[] = [];
    for (const p of pages) {
      const response = await fetch(base + p.path, { headers: { cookie: p.client.cookieHeader(), 'accept-language': 'zh-CN' }, redirect: 'manual' });
      const html = await response.text();
      if (process.env.SAVE_HTML) fs.writeFileSync(path.join(RESULTS_DIR, `page-${p.name}.html`), html);
      if (response.status !== 200) throw new Error(`GET ${p.path} → ${response.status}`);
      // Scripts marked nomodule (Next's polyfills for browsers without ES modules) are not fetched by the browsers
      // the site supports: left out.
      // Preloaded scripts count too: a component loaded with next/dynamic that the server rendered has its chunk
      // preloaded this way, and the page is not interactive before it runs.
      const preloads = [...html.matchAll(/<link\b([^>]*)>/g)]
        .filter((m) => /\brel="preload"/.test(m[1]!) && /\bas="script"/.test(m[1]!))
        .map((m) => /\bhref="([^"]+)"/.exec(m[1]!)?.[1]?.replaceAll('&amp;', '&'));
      const scripts = [...new Set([...[...html.matchAll(/<script\b([^>]*)>/g)]
        .filter((m) => !/\bnomodule\b/i.test(m[1]!))
        .map((m) => /\bsrc="([^"]+)"/.exec(m[1]!)?.[1]?.replaceAll('&amp;', '&')), ...preloads]
        .filter((src): src is string => Boolean(src)))];
      const styles = [...new Set([...html.matchAll(/<link\b[^>]*\brel="stylesheet"[^>]*\bhref="([^"]+)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&')))];
      const js = await Promise.all(scripts.map(asset));
      const css = await Promise.all(styles.map(asset));
      const sum = (list: Asset[], key: 'raw' | 'gzip') => list.reduce((s, a) => s + a[key], 0);
      const result: PageResult = {
        name: p.name,
        path: p.path,
        audience: p.audience,
        status: response.status,
        html: { raw: Buffer.byteLength(html), gzip: gz(html) },
        js: { raw: sum(js, 'raw'), gzip: sum(js, 'gzip'), chunks: js.length },
        css: { raw: sum(css, 'raw'), gzip: sum(css, 'gzip'), files: css.length },
        meetsJs: sum(js, 'gzip') <= JS_TARGET_GZ,
        meetsHtml: Buffer.byteLength(html) <= HTML_TARGET,
        chunkList: js.map((a) => ({ url: a.url, gzip: a.gzip, packages: a.packages })).sort((a, b) => b.gzip - a.gzip),
      };
      results.push(result);
    }

    const header = ['page', 'path', 'HTML KB', 'HTML gz', 'JS KB', 'JS gz', 'chunks', 'CSS gz', 'JS ≤150 gz', 'HTML ≤40'];
    const rows = results.map((r) => [
      `${r.name}${r.audience === 'public' ? '' : ` (${r.audience})`}`,
      r.path.length > 36 ? `${r.path.slice(0, 35)}…` : r.path,
      kb(r.html.raw), kb(r.html.gzip), kb(r.js.raw), kb(r.js.gzip), String(r.js.chunks), kb(r.css.gzip),
      r.meetsJs ? 'yes' : 'no', r.meetsHtml ? 'yes' : 'no',
    ]);
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    console.log('\n' + [header, ...rows].map((r) => r.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')).join('\n'));
    console.log('\nKB = 1024 bytes; gz = gzip level 6 of the bytes served; JS = every <script src> and preloaded script of the page but nomodule ones (first load);');
    console.log('targets (issue 15): public pages ≤ 150 KB of gzipped JavaScript and ≤ 40 KB of HTML (raw)\n');
    if (showChunks) {
      for (const r of results) {
        console.log(`${r.name} ${r.path}`);
        for (const c of r.chunkList) console.log(`  ${kb(c.gzip).padStart(6)} KB gz  ${c.url}${c.packages.length ? `  [${c.packages.join(', ')}]` : ''}`);
      }
    }
    const git = (args: string[]) => new Promise<string>((resolve) => {
      const child = spawn('git', args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.on('close', () => resolve(out.trim()));
    });
    const publicPages = results.filter((r) => r.audience === 'public');
    fs.writeFileSync(path.join(RESULTS_DIR, 'pages.json'), JSON.stringify({
      date: new Date().toISOString(),
      commit: await git(['rev-parse', 'HEAD']),
      targets: { jsGzipBytes: JS_TARGET_GZ, htmlBytes: HTML_TARGET },
      publicPagesMeetingBoth: `${publicPages.filter((r) => r.meetsJs && r.meetsHtml).length}/${publicPages.length}`,
      results,
    }, null, 2) + '\n');
    log(`public pages meeting both targets: ${publicPages.filter((r) => r.meetsJs && r.meetsHtml).length}/${publicPages.length}; wrote bench-results/pages.json`);
  } finally {
    await stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
