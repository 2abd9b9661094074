/**
 * Shared pieces of the live benchmark (scripts/bench/live.ts): the clock, statistics, the messages between the
 * orchestrator and the load generator, and a small cookie-keeping HTTP client.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import WebSocket from 'ws';

/**
 * The production build the benchmarks serve: `next build` when `force` (BENCH_BUILD=1) or when there is none yet.
 * Returns its folder (NEXT_DIST_DIR, else .next).
 */
export async function ensureProductionBuild(root: string, force: boolean, log: (line: string) => void): Promise<string> {
  const distDir = path.join(root, process.env.NEXT_DIST_DIR || '.next');
  if (force || !fs.existsSync(path.join(distDir, 'BUILD_ID'))) {
    log(`building into ${path.relative(root, distDir)} (next build)…`);
    await new Promise<void>((resolve, reject) => {
      const build = spawn('npx', ['next', 'build'], { cwd: root, stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
      build.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`next build failed (${code})`))));
    });
  }
  return distDir;
}

/**
 * Milliseconds on CLOCK_MONOTONIC (process.hrtime), which every process on the machine shares: a time taken in
 * the load generator and one taken in the orchestrator can be subtracted. (performance.timeOrigin differs per
 * process by the moment each one read the wall clock.)
 */
export function nowMs(): number {
  return Number(process.hrtime.bigint() / 1000n) / 1000;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface Summary {
  count: number;
  min: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentiles of the finite values (NaN marks "not received" and is left out). */
export function summarise(values: ArrayLike<number>): Summary {
  const finite: number[] = [];
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i]!)) finite.push(values[i]!);
  if (finite.length === 0) return { count: 0, min: NaN, p50: NaN, p90: NaN, p95: NaN, p99: NaN, max: NaN, mean: NaN };
  const sorted = Float64Array.from(finite).sort();
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    count: sorted.length,
    min: round(sorted[0]!),
    p50: round(rank(0.5)),
    p90: round(rank(0.9)),
    p95: round(rank(0.95)),
    p99: round(rank(0.99)),
    max: round(sorted[sorted.length - 1]!),
    mean: round(sum / sorted.length),
  };
}

export const round = (v: number, digits = 2) => (Number.isFinite(v) ? Math.round(v * 10 ** digits) / 10 ** digits : v);

// ---- orchestrator ⇄ load generator (Node IPC, advanced serialization) ----

export type Target = 'minsheng' | 'bare';

export type LoadCommand =
  | { cmd: 'connect'; target: Target; url: string; viewers: number; batch: number; interviewId: string; sinceSeq: number }
  | { cmd: 'status'; target: Target; key: number }
  | { cmd: 'viewerStats'; target: Target; keys: number[] }
  | { cmd: 'disconnect'; target: Target }
  /** Reconnect storm: every viewer's connection dropped at once, then all reconnect and re-join at once. */
  | { cmd: 'storm'; target: Target; url: string; interviewId: string; timeoutMs: number }
  /** After a storm: when each viewer had re-joined and received every one of `keys` (the answers published during it). */
  | { cmd: 'stormStats'; target: Target; keys: number[]; allKeys: number[] }
  | {
      cmd: 'questions';
      url: string;
      interviewId: string;
      cookies: string[];
      moderatorCookie: string;
      seconds: number;
      ackTimeoutMs: number;
    }
  | { cmd: 'exit' };

export interface ConnectResult {
  type: 'connected';
  target: Target;
  requested: number;
  connected: number;
  failed: number;
  retries: number;
  ms: number;
  errors: Record<string, number>;
}

/** Receipt times (nowMs) of one broadcast, indexed by viewer; NaN where a viewer has not received it. */
export interface Receipts {
  type: 'receipts';
  target: Target;
  key: number;
  complete: boolean;
  received: number;
  expected: number;
  times: Float64Array;
  /** The first frame's Socket.IO event argument, as received (the bare server re-broadcasts this). */
  event?: unknown;
  frameBytes?: number;
}

export interface ViewerStats {
  type: 'viewerStats';
  target: Target;
  open: number;
  everOpened: number;
  disconnects: number;
  duplicates: number;
  /** Viewers that received every one of `keys`. */
  gotAll: number;
  missingPairs: number;
  otherFrames: number;
  viewerCountBursts: Array<{ start: number; end: number; frames: number }>;
}

export interface QuestionsResult {
  type: 'questions';
  connected: number;
  connectFailures: number;
  startedAt: number;
  windowMs: number;
  finishedAt: number;
  sent: number;
  /** Acknowledged with ok:true: the question ids and per-question ack times (ms). */
  ids: string[];
  ackMs: Float64Array;
  /** ok acks that arrived inside the window, in all and second by second. */
  okInWindow: number;
  perSecond: number[];
  errors: Record<string, number>;
  timeouts: number;
  citizensOutOfQuota: number;
  staffReceived: number;
  staffJoined: boolean;
}

export interface StormResult {
  type: 'storm';
  target: Target;
  /** nowMs when the connections were dropped. */
  dropAt: number;
  viewers: number;
  rejoined: number;
  failed: number;
  retries: number;
  /** From the drop to the last re-join's acknowledgement. */
  ms: number;
  errors: Record<string, number>;
}

export interface StormStats {
  type: 'stormStats';
  target: Target;
  viewers: number;
  /** Viewers that re-joined and hold every one of allKeys (the answers before and during the storm). */
  caughtUp: number;
  /** (viewer, answer) pairs of allKeys a re-joined viewer does not hold. */
  missingPairs: number;
  /** From the drop to the moment each viewer had re-joined and held every answer published during the storm (ms). */
  caughtUpMs: Summary;
  rejoinMs: Summary;
  /** Answers a viewer received twice during the storm (live and in its catch-up: allowed, the client drops them by seq). */
  duplicates: number;
}

export type LoadReply = ConnectResult | StormResult | StormStats | Receipts | ViewerStats | QuestionsResult | { type: 'disconnected'; target: Target } | { type: 'log'; message: string } | { type: 'error'; message: string };

// ---- HTTP with a cookie jar ----

export class HttpClient {
  private readonly cookies = new Map<string, string>();

  constructor(readonly baseUrl: string) {}

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      if (eq <= 0) continue;
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async request(method: string, path: string, body?: unknown, form?: Record<string, string>): Promise<{ status: number; json: any; ms: number }> {
    const headers: Record<string, string> = { cookie: this.cookieHeader(), origin: this.baseUrl };
    let payload: string | undefined;
    if (form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      payload = new URLSearchParams(form).toString();
    } else if (body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const t0 = nowMs();
    const response = await fetch(this.baseUrl + path, { method, headers, body: payload, redirect: 'manual', signal: AbortSignal.timeout(60_000) });
    this.keep(response);
    const text = await response.text();
    const ms = nowMs() - t0;
    let json: any = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = { raw: text.slice(0, 500) };
    }
    return { status: response.status, json, ms };
  }

  /** Like request(), but anything other than the expected status is a harness failure. */
  async expect(status: number | number[], method: string, path: string, body?: unknown, form?: Record<string, string>): Promise<any> {
    const result = await this.request(method, path, body, form);
    const ok = Array.isArray(status) ? status.includes(result.status) : result.status === status;
    if (!ok) throw new Error(`${method} ${path} → ${result.status} ${JSON.stringify(result.json).slice(0, 400)}`);
    return result.json;
  }

  /** next-auth's credentials flow: the CSRF token (and its cookie), then the callback; the session cookie stays. */
  async signIn(login: string, password: string): Promise<void> {
    const { csrfToken } = await this.expect(200, 'GET', '/api/auth/csrf');
    await this.expect(200, 'POST', '/api/auth/callback/credentials', undefined, { csrfToken, login, password, json: 'true' });
    if (![...this.cookies.keys()].some((k) => k.endsWith('next-auth.session-token'))) throw new Error(`sign-in of ${login} set no session cookie`);
  }
}

/** Runs `fn` over `items` with at most `limit` at a time. */
export async function pool<T, R>(items: T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    for (;;) {
      const i = next++;
      if (i >= items.length) return;
      results[i] = await fn(items[i]!, i);
    }
  });
  await Promise.all(workers);
  return results;
}

// ---------------------------------------------------------------- process and machine measurements (Linux /proc)

/** CPU time (user + system) of a process in ms, from /proc/<pid>/stat; NaN when it is gone. */
export function cpuMs(pid: number | undefined): number {
  if (!pid) return NaN;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10; // utime, stime in 1/100 s (CLK_TCK 100)
  } catch {
    return NaN;
  }
}

/** Resident memory of a process in KiB, from /proc/<pid>/status. */
export function rssKiB(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN);
}

/** Busy CPU time of the whole machine in ms (all cores), from /proc/stat. */
export function machineBusyMs(): number {
  const [, ...fields] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
  const [user, nice, system, , , irq, softirq, steal] = fields.map(Number);
  return (user! + nice! + system! + irq! + softirq! + steal!) * 10;
}

/** Each receipt's delay after t0 (ms). */
export function latenciesOf(receipts: Receipts, t0: number): Float64Array {
  const out = new Float64Array(receipts.times.length);
  for (let i = 0; i < out.length; i++) out[i] = receipts.times[i]! - t0;
  return out;
}

export function concat(arrays: Float64Array[]): Float64Array {
  const out = new Float64Array(arrays.reduce((n, a) => n + a.length, 0));
  let at = 0;
  for (const a of arrays) {
    out.set(a, at);
    at += a.length;
  }
  return out;
}

/**
 * node --import tsx <file> in `cwd`, through bash to raise the open-file limit as far as allowed (one socket per
 * viewer), with an IPC channel (advanced serialisation) to the parent.
 */
export function spawnNodeWithIpc(cwd: string, file: string, env: NodeJS.ProcessEnv) {
  return spawn('bash', ['-c', 'ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"; exec "$@"', 'bash', process.execPath, '--import', 'tsx', file], {
    cwd, env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'advanced',
  });
}

// ---------------------------------------------------------------- CPU profiles of a server (BENCH_PROFILE=cpu)

/**
 * A minimal Chrome DevTools protocol client for a server started with `--inspect=127.0.0.1:<port>`: one V8 CPU
 * profile per stretch of work (`start()` … `stop()`). The same idea as live.ts's PhaseProfiler, returning the
 * profile instead of writing it.
 */
export class InspectorProfiler {
  private id = 0;
  private readonly pending = new Map<number, (result: any) => void>();

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString('utf8')) as { id?: number; result?: unknown };
      if (message.id !== undefined) this.pending.get(message.id)?.(message.result);
    });
  }

  /** Attaches to the inspector on `port`; `intervalUs` is V8's sampling interval (its default 1000). */
  static async attach(port: number, intervalUs = 1000): Promise<InspectorProfiler> {
    const [target] = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as Array<{ webSocketDebuggerUrl: string }>;
    const ws = new WebSocket(target!.webSocketDebuggerUrl, { perMessageDeflate: false, maxPayload: 2 ** 30 });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const profiler = new InspectorProfiler(ws);
    await profiler.send('Profiler.enable');
    await profiler.send('Profiler.setSamplingInterval', { interval: intervalUs });
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

  async stop(): Promise<CpuProfile> {
    return (await this.send('Profiler.stop')).profile as CpuProfile;
  }

  close(): void {
    this.ws.close();
  }
}

/** A V8 CPU profile (.cpuprofile). */
export interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }>;
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface CpuProfileSummary {
  /** Sampled time that was not idle (ms). */
  busyMs: number;
  /** Per function (name, file:line): time spent in it (self) and in it or anything it called (inclusive), ms. */
  self: Array<{ fn: string; ms: number }>;
  inclusive: Array<{ fn: string; ms: number }>;
}

/**
 * Where a CPU profile's busy time went: the `top` functions by self time and by inclusive time (a function counted
 * once per sample however often it is on the stack). `divideBy` turns the figures into ms per request. Paths are
 * shown relative to `root`; Node's and V8's own frames ((idle), (root), (program)) are left out of the lists.
 */
export function summariseCpuProfile(profile: CpuProfile, { top = 15, divideBy = 1, root = process.cwd() } = {}): CpuProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const keyOf = (id: number) => {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const file = url.replace(/^file:\/\//, '').replace(root + '/', '').replace(/^.*\/node_modules\//, '');
    return file ? `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}` : functionName || '(anonymous)';
  };
  const skip = new Set(['(idle)', '(root)', '(program)']);
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let busy = 0;
  for (const [id, us] of selfUs) {
    const key = keyOf(id);
    if (key === '(idle)') continue;
    busy += us;
    self.set(key, (self.get(key) ?? 0) + us);
    const seen = new Set<string>();
    for (let p: number | undefined = id; p !== undefined; p = parent.get(p)) {
      const k = keyOf(p);
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + us);
    }
  }
  const list = (m: Map<string, number>) => [...m].filter(([k]) => !skip.has(k)).sort((a, b) => b[1] - a[1]).slice(0, top)
    .map(([fn, us]) => ({ fn, ms: round(us / 1000 / divideBy, 3) }));
  return { busyMs: round(busy / 1000 / divideBy, 3), self: list(self), inclusive: list(inclusive) };
}
