import { fork, type ChildProcess } from 'node:child_process';
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
    const timer = setTimeout(() => reject(new Error('realtime process did not start in 60 s')), 60_000);
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
export async function sessionCookie(publicId: string, secret: string): Promise<string> {
  return `next-auth.session-token=${await encode({ token: { sub: publicId }, secret })}`;
}
