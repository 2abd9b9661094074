import { fork, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { encode } from 'next-auth/jwt';
import type { Reply, Request } from './realtime-process';

const ENTRY = path.join(__dirname, 'realtime-process.ts');

export class CallError extends Error {
  constructor(message: string, public readonly code?: string) {
    super(message);
  }
}

export interface RealtimeProcess {
  child: ChildProcess;
  port: number;
  url: string;
  /** Runs an operation in the child as the account with this email (none: a visitor). */
  call<T = unknown>(call: string, email: string | null, ...args: unknown[]): Promise<T>;
  /** SIGKILL, as a crash or an OOM kill would: no shutdown code runs. */
  kill(): Promise<void>;
  /** SIGTERM and wait. */
  stop(): Promise<void>;
}

export interface RealtimeProcessOptions {
  /** PostgreSQL database shared by several processes; without it, PGlite in dataDir (one process at a time). */
  databaseUrl?: string;
  dataDir?: string;
  redisUrl?: string;
  /** 0 = any free port. */
  port?: number;
  viewerCountMs?: number;
  secret: string;
  /** More environment for the process (e.g. SOCKET_MAX_PER_ADDRESS). */
  env?: Record<string, string>;
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** SIGKILLs every realtime process this test file started that still runs (afterAll), and waits for them. */
export async function stopRealtimeProcesses(): Promise<void> {
  await Promise.all([...running].map((child) => new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  })));
}

/**
 * Starts test/support/realtime-process.ts (database boot + Socket.IO, as server.ts without Next.js) as a child
 * process with IPC, resolved once it listens.
 */
export async function startRealtimeProcess(options: RealtimeProcessOptions): Promise<RealtimeProcess> {
  const passthrough = Object.fromEntries(Object.entries(process.env).filter(([k]) => !['DATABASE_URL', 'REDIS_URL', 'DATA_DIR', 'PORT', 'SMTP_URL', 'NODE_ENV'].includes(k)));
  const child = fork(ENTRY, [], {
    execArgv: ['--import', 'tsx'],
    cwd: path.join(__dirname, '..', '..'),
    env: {
      ...passthrough,
      NODE_ENV: 'test',
      NEXTAUTH_SECRET: options.secret,
      SEED_DEMO: '1',
      LISTEN_PORT: String(options.port ?? 0),
      VIEWER_COUNT_MS: String(options.viewerCountMs ?? 5000),
      ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
      ...(options.dataDir ? { DATA_DIR: options.dataDir } : {}),
      ...(options.redisUrl ? { REDIS_URL: options.redisUrl } : {}),
      ...options.env,
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  const exited = new Promise<void>((resolve) => child.once('exit', () => {
    for (const p of pending.values()) p.reject(new CallError('the process exited', 'exited'));
    pending.clear();
    resolve();
  }));
  const port = await new Promise<number>((resolve, reject) => {
    // Migrating and seeding PGlite takes a minute when the machine is busy.
    const timer = setTimeout(() => reject(new Error('realtime process did not start in 120 s')), 120_000);
    child.on('message', (message: Reply | { ready: true; port: number }) => {
      if ('ready' in message) {
        clearTimeout(timer);
        resolve(message.port);
        return;
      }
      const p = pending.get(message.id);
      pending.delete(message.id);
      if (message.ok) p?.resolve(message.value);
      else p?.reject(new CallError(message.error, message.code));
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`realtime process exited before listening (${signal ?? code})`));
    });
  });
  return {
    child,
    port,
    url: `http://127.0.0.1:${port}`,
    call<T>(call: string, email: string | null, ...args: unknown[]) {
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        if (!child.connected) return reject(new CallError('the process is not running', 'exited'));
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        child.send({ id, call, email: email ?? undefined, args } satisfies Request);
      });
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** A next-auth session cookie for a user's public id, as the sign-in would set it. */
/** A session cookie as next-auth issues it at sign-in: the account and its session version (0 until it is raised). */
export async function sessionCookie(publicId: string, secret: string, sessionVersion = 0): Promise<string> {
  return `next-auth.session-token=${await encode({ token: { sub: publicId, sv: sessionVersion }, secret })}`;
}

export interface RealServer {
  child: ChildProcess;
  port: number;
  url: string;
  /** SIGKILL, as a crash or an OOM kill would: no shutdown code runs. */
  kill(): Promise<void>;
  /** SIGTERM, as systemd stops a unit: resolves with the exit code once the graceful shutdown (server.ts) ends. */
  stop(): Promise<number | null>;
  /** The last 20 KB of its stdout and stderr. */
  output(): string;
}

/** Whether `next build` has left a production build in .next (server.ts with NODE_ENV=production needs one). */
export function productionBuildMissing(): string | undefined {
  const buildId = path.join(__dirname, '..', '..', '.next', 'BUILD_ID');
  return fs.existsSync(buildId) ? undefined : 'no production build in .next (run `npx next build` first; scripts/test.sh builds before the fault tests)';
}

/**
 * Starts the real server.ts (Next.js production build + Socket.IO, as `npm start`) on a PostgreSQL database and a
 * fixed port, resolved once GET /api/health answers 200. Its output is kept (printed if it fails to start).
 */
export async function startRealServer(options: { databaseUrl: string; port: number; secret: string; env?: Record<string, string> }): Promise<RealServer> {
  const passthrough = Object.fromEntries(Object.entries(process.env).filter(([k]) => !['DATABASE_URL', 'REDIS_URL', 'DATA_DIR', 'PORT', 'SMTP_URL', 'NODE_ENV', 'HOST'].includes(k)));
  const url = `http://127.0.0.1:${options.port}`;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server.ts'], {
    cwd: path.join(__dirname, '..', '..'),
    env: {
      ...passthrough,
      NODE_ENV: 'production',
      PORT: String(options.port),
      HOST: '127.0.0.1',
      NEXTAUTH_URL: url,
      NEXTAUTH_SECRET: options.secret,
      DATABASE_URL: options.databaseUrl,
      SEED_DEMO: '1',
      NEXT_TELEMETRY_DISABLED: '1',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let output = '';
  const keep = (chunk: Buffer) => { output = (output + chunk.toString()).slice(-20_000); };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => { running.delete(child); resolve(); }));
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`server.ts exited before it was healthy:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server.ts was not healthy within 120 s:\n${output}`);
    }
    const ok = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2_000) }).then((r) => r.ok, () => false);
    if (ok) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    child,
    port: options.port,
    url,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      return child.exitCode;
    },
    output: () => output,
  };
}

/**
 * Calls a server action over HTTP as the browser does: POST to a page with the action's id (from the build's
 * server-reference-manifest.json) and the arguments encoded by React's encodeReply. Resolves with the status and
 * the action's result (the RSC payload's row 0, following a `$@n` reference).
 */
export async function callServerAction(baseUrl: string, action: string, page: string, args: unknown[], cookie: string): Promise<{ status: number; result: unknown; ms: number }> {
  const require = createRequire(__filename);
  const { encodeReply } = require('next/dist/compiled/react-server-dom-webpack/client.node.js') as { encodeReply: (v: unknown) => Promise<string | FormData> };
  const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '.next', 'server', 'server-reference-manifest.json'), 'utf8')) as {
    node: Record<string, { filename?: string; exportedName?: string }>;
  };
  const id = Object.entries(manifest.node).find(([, v]) => `${v.filename}#${v.exportedName}` === action)?.[0];
  if (!id) throw new Error(`${action} is not in .next/server/server-reference-manifest.json (rebuild?)`);
  const started = Date.now();
  const response = await fetch(`${baseUrl}${page}`, {
    method: 'POST', redirect: 'manual', signal: AbortSignal.timeout(30_000),
    headers: { 'next-action': id, accept: 'text/x-component', origin: baseUrl, cookie },
    body: await encodeReply(args),
  });
  const text = await response.text();
  const ms = Date.now() - started;
  if (response.status !== 200) return { status: response.status, result: text.slice(0, 300), ms };
  const rows = new Map(text.split('\n').filter(Boolean).map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1)] as const));
  const root = JSON.parse(rows.get('0') ?? '{}') as { a?: unknown };
  const ref = typeof root.a === 'string' ? /^\$@([0-9a-f]+)$/.exec(root.a) : null;
  return { status: response.status, result: ref ? JSON.parse(rows.get(ref[1]!) ?? 'null') : root.a, ms };
}
