/**
 * Cluster mode (`WEB_CONCURRENCY=N npm start`, docs/OPERATIONS.md "Cluster mode"): the primary process migrates the
 * database once, then runs N workers — each one server.ts as in single-process mode — on one port (node:cluster
 * hands connections to the workers). Workers share Socket.IO rooms through the Redis Streams adapter (REDIS_URL)
 * and all state through PostgreSQL; lib/env refuses N > 1 without either.
 *
 * - A worker that dies (a crash, an OOM kill) is replaced at once; one that keeps dying young waits longer each
 *   time (1 s, 2 s, 4 s … 30 s), so a worker that cannot start does not spin the CPU.
 * - SIGTERM / SIGINT to the primary: every worker shuts down gracefully (server.ts: stop accepting, sockets told to
 *   reconnect, requests finished, database closed), then the primary exits. Workers that have not ended after
 *   STOP_TIMEOUT_MS are killed.
 * - SIGHUP to the primary: a rolling restart — one worker at a time, a new one started and listening before the old
 *   one is stopped (after `git pull && npm ci && next build`, the new code without closing the port).
 */
import cluster, { type Worker } from 'node:cluster';
import { log } from '../observability/log';

/** A worker that lived less than this before dying counts as dying young (its replacement waits). */
const YOUNG_MS = 10_000;
const MAX_DELAY_MS = 30_000;
/** server.ts gives itself 10 s to stop; a worker still there after this is killed. */
const STOP_TIMEOUT_MS = 15_000;

export interface PrimaryOptions {
  workers: number;
  /** Run once before any worker starts: migrations and seeds (lib/platform/boot), then the pool closed. */
  prepare(): Promise<void>;
}

export const isClusterWorker = () => cluster.isWorker;

/** Runs the primary: never resolves while workers run; the process exits after a shutdown. */
export async function runPrimary({ workers, prepare }: PrimaryOptions): Promise<void> {
  await prepare();
  const started = new Map<Worker, number>();
  const retiring = new Set<Worker>(); // stopped on purpose (rolling restart): not replaced on exit
  let youngDeaths = 0;
  let stopping = false;
  let rolling = false;

  const fork = (): Worker => {
    const worker = cluster.fork();
    started.set(worker, Date.now());
    worker.on('exit', (code, signal) => {
      const lived = Date.now() - (started.get(worker) ?? Date.now());
      started.delete(worker);
      if (stopping) {
        if (started.size === 0) {
          log('info', 'all workers stopped', { pid: process.pid });
          process.exit(0);
        }
        return;
      }
      if (retiring.delete(worker)) return;
      youngDeaths = lived < YOUNG_MS ? youngDeaths + 1 : 0;
      const delay = youngDeaths === 0 ? 0 : Math.min(MAX_DELAY_MS, 1000 * 2 ** (youngDeaths - 1));
      log('error', 'worker died; starting another', { workerPid: worker.process.pid, code, signal, livedMs: lived, restartInMs: delay });
      setTimeout(() => { if (!stopping) fork(); }, delay);
    });
    return worker;
  };

  const listening = (worker: Worker) => new Promise<boolean>((resolve) => {
    const onListening = () => { worker.off('exit', onExit); resolve(true); };
    const onExit = () => { worker.off('listening', onListening); resolve(false); };
    worker.once('listening', onListening);
    worker.once('exit', onExit);
  });
  const stopWorker = (worker: Worker) => new Promise<void>((resolve) => {
    if (worker.isDead()) return resolve();
    const kill = setTimeout(() => worker.process.kill('SIGKILL'), STOP_TIMEOUT_MS);
    worker.once('exit', () => { clearTimeout(kill); resolve(); });
    worker.process.kill('SIGTERM');
  });

  for (let i = 0; i < workers; i++) fork();
  log('info', `cluster primary running ${workers} workers`, { pid: process.pid, workers });

  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log('info', `Received ${signal}, stopping ${started.size} workers…`, { signal });
    if (started.size === 0) process.exit(0);
    // systemd sends SIGTERM to every process of the unit at once; a worker that already has it ignores the second.
    for (const worker of started.keys()) void stopWorker(worker);
  };
  const rollingRestart = async () => {
    if (stopping || rolling) return;
    rolling = true;
    log('info', 'rolling restart: one worker at a time', { workers: started.size });
    try {
      for (const old of [...started.keys()]) {
        if (stopping) return;
        const fresh = fork();
        if (!(await listening(fresh))) {
          log('error', 'rolling restart stopped: a new worker did not start; the old ones keep running');
          return;
        }
        retiring.add(old);
        await stopWorker(old);
      }
      log('info', 'rolling restart done', { workers: started.size });
    } finally {
      rolling = false;
    }
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGHUP', () => void rollingRestart());
  await new Promise<never>(() => {});
}
