/**
 * Private PostgreSQL clusters and Redis servers for the fault tests (test/faults): started on free ports in temp
 * folders so a test may stop, kill or freeze them without touching the shared servers other tests use.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** An executable by name: on PATH, or (PostgreSQL) in Debian's /usr/lib/postgresql/<version>/bin, newest first. */
export function findExecutable(name: string): string | undefined {
  // sbin folders too: runuser lives there and they are not on every user's PATH.
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean), '/usr/local/sbin', '/usr/sbin', '/sbin'];
  const pgRoot = '/usr/lib/postgresql';
  if (fs.existsSync(pgRoot)) {
    const versions = fs.readdirSync(pgRoot).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
    dirs.unshift(...versions.map((v) => path.join(pgRoot, v, 'bin')));
  }
  for (const dir of dirs) {
    const file = path.join(dir, name);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Whether `host:port` accepts TCP connections now. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function waitFor(what: string, condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${what} did not come up in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

// ------------------------------------------------------------------------------------------ PostgreSQL

export interface PrivatePostgres {
  port: number;
  /** The cluster's maintenance database (user postgres, trust authentication). */
  url: string;
  /** pg_ctl stop -m immediate: every backend is killed at once, clients see their connections drop (a crash). */
  stop(): Promise<void>;
  /** pg_ctl start on the same folder and port (crash recovery from the WAL), resolved once it accepts connections. */
  start(): Promise<void>;
  /** Stops the cluster (if running) and removes its folder. */
  destroy(): Promise<void>;
}

/** Why a private cluster cannot be started here, or undefined when it can. */
export function privatePostgresUnavailable(): string | undefined {
  if (!findExecutable('initdb') || !findExecutable('pg_ctl')) return 'initdb/pg_ctl not found (install PostgreSQL server binaries)';
  if (process.getuid?.() === 0) {
    if (!findExecutable('runuser')) return 'running as root without runuser (initdb refuses root)';
    try {
      fs.accessSync('/etc/passwd');
      if (!/^postgres:/m.test(fs.readFileSync('/etc/passwd', 'utf8'))) return 'running as root and there is no OS user postgres for initdb';
    } catch {
      return 'cannot read /etc/passwd';
    }
  }
  return undefined;
}

/**
 * initdb into a temp folder and pg_ctl start on a free port (listening on 127.0.0.1 and a socket in the folder).
 * As root the cluster belongs to the OS user postgres (initdb refuses to run as root).
 */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const initdb = findExecutable('initdb')!;
  const pgCtl = findExecutable('pg_ctl')!;
  const asRoot = process.getuid?.() === 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'minsheng-pg-'));
  const data = path.join(dir, 'data');
  const runuser = findExecutable('runuser')!;
  const as = (command: string, args: string[]) => (asRoot ? run(runuser, ['-u', 'postgres', '--', command, ...args]) : run(command, args));
  try {
    if (asRoot) {
      const [, , uid, gid] = /^postgres:([^:]*):(\d+):(\d+):/m.exec(fs.readFileSync('/etc/passwd', 'utf8'))!;
      fs.chownSync(dir, Number(uid), Number(gid));
    }
    await as(initdb, ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=50`;
  const start = async () => {
    await as(pgCtl, ['-D', data, '-o', options, '-l', path.join(dir, 'log'), '-w', '-t', '60', 'start']);
    await waitFor('private PostgreSQL', () => accepts(port), 30_000);
  };
  let running = false;
  try {
    await start();
  } catch (error) {
    await as(pgCtl, ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => {});
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  running = true;
  return {
    port,
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      await as(pgCtl, ['-D', data, '-m', 'immediate', '-w', 'stop']);
      running = false;
    },
    async start() {
      await start();
      running = true;
    },
    async destroy() {
      if (running) await as(pgCtl, ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => {});
      running = false;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

// ------------------------------------------------------------------------------------------ Redis

export interface PrivateRedis {
  port: number;
  url: string;
  /** SIGKILL: the server is gone, connections are reset, new ones refused (a crash). */
  kill(): Promise<void>;
  /** Starts a new, empty redis-server on the same port, resolved once it accepts connections. */
  start(): Promise<void>;
  /** SIGSTOP / SIGCONT: the server freezes with its connections open (a hang or a partition), then resumes. */
  freeze(): void;
  thaw(): void;
  destroy(): Promise<void>;
}

export function privateRedisUnavailable(): string | undefined {
  return findExecutable('redis-server') ? undefined : 'redis-server not found';
}

/** A redis-server without persistence on a free port. */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const binary = findExecutable('redis-server')!;
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'no'], { stdio: 'ignore' });
    await waitFor('private Redis', () => accepts(port), 15_000);
  };
  const kill = async () => {
    const c = child;
    child = undefined;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => c.once('exit', () => resolve()));
    c.kill('SIGCONT'); // a frozen server must run to die
    c.kill('SIGKILL');
    await exited;
  };
  process.once('exit', () => child?.kill('SIGKILL'));
  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    kill,
    start,
    freeze: () => void child?.kill('SIGSTOP'),
    thaw: () => void child?.kill('SIGCONT'),
    destroy: kill,
  };
}
