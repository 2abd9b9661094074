import { afterAll, describe, expect, it } from 'vitest';
import { createThrowawayDatabase, dropThrowawayDatabase } from '@/scripts/throwaway-db';
import { startRealtimeProcess, stopRealtimeProcesses, type RealtimeProcess } from '../support/servers';
import {
  privatePostgresUnavailable, privateRedisUnavailable, startPrivatePostgres, startPrivateRedis, type PrivatePostgres, type PrivateRedis,
} from '../support/private-servers';
import { until, Viewer } from '../support/viewer';
import { requires } from '../support/prerequisites';

/**
 * Redis goes away for 10 s under two app processes that share an interview through the Redis Streams adapter
 * (issue 7, faults). Redis is a private redis-server on its own port; the processes share one PostgreSQL database
 * (TEST_DATABASE_URL, or a private cluster when PostgreSQL's binaries are here).
 *
 * Two kinds of outage, one after the other on the same processes:
 * - crash: redis-server is SIGKILLed and a new, empty one starts on the same port 10 s later. Connections are reset
 *   and new ones refused — what a Redis crash, restart or fail-over looks like to the app.
 * - freeze: SIGSTOP for 10 s, then SIGCONT. Connections stay open and nothing answers — a hung server or a network
 *   partition, the harder case: no error tells the client anything is wrong.
 * During either, viewers on each process keep receiving what their own process publishes (promptly: checked before
 * Redis is back); afterwards what one process publishes reaches the other's viewers again, and every viewer ends with
 * the whole event log in order (the database is the truth; a viewer that saw a gap re-joined with sinceSeq).
 */
const OUTAGE_MS = 10_000;
const secret = process.env.NEXTAUTH_SECRET!;
const ready = await requires('Redis outage test', privateRedisUnavailable(),
  process.env.TEST_DATABASE_URL ? undefined : privatePostgresUnavailable() && `two processes need PostgreSQL: set TEST_DATABASE_URL, or make a private cluster possible (${privatePostgresUnavailable()})`);

interface Stored {
  events: Array<{ seq: number; type: string }>;
}

describe.runIf(ready)('Redis outage under two app processes', () => {
  const viewers: Viewer[] = [];
  let redis: PrivateRedis | undefined;
  let pg: PrivatePostgres | undefined;
  let databaseUrl: string | undefined;

  afterAll(async () => {
    for (const v of viewers) v.close();
    await stopRealtimeProcesses();
    await redis?.destroy();
    if (databaseUrl && !pg) await dropThrowawayDatabase(databaseUrl);
    await pg?.destroy();
  });

  it('own-process delivery continues during the outage; cross-process delivery resumes after it (crash, then freeze)', async () => {
    redis = await startPrivateRedis();
    if (process.env.TEST_DATABASE_URL) databaseUrl = await createThrowawayDatabase(process.env.TEST_DATABASE_URL, 'minsheng_fault');
    else {
      pg = await startPrivatePostgres();
      databaseUrl = await createThrowawayDatabase(pg.url, 'minsheng_fault');
    }
    const a = await startRealtimeProcess({ databaseUrl, redisUrl: redis.url, secret, viewerCountMs: 500 });
    const b = await startRealtimeProcess({ databaseUrl, redisUrl: redis.url, secret, viewerCountMs: 500 });

    const leaderId = await a.call<string>('whoami', 'leader@example.com');
    const { id } = await a.call<{ id: string }>('createInterview', 'moderator@example.com', {
      title: 'Redis 中断时的在线访谈', summary: 'Redis 停止十秒，两个进程各自的观众照常收到答复。', guestIds: [leaderId], questionQuota: 20,
      scheduledStart: new Date().toISOString(), scheduledEnd: new Date(Date.now() + 3600_000).toISOString(),
    });
    await a.call('actOnInterview', 'moderator@example.com', id, { action: 'announce' });
    await a.call('actOnInterview', 'moderator@example.com', id, { action: 'go_live' });
    const questions: string[] = [];
    for (let i = 1; i <= 10; i++) {
      const q = await a.call<{ id: string }>('askQuestion', 'citizen@example.com', id, { body: `Redis 中断测试的第 ${i} 个问题？` });
      await a.call('actOnQuestion', 'moderator@example.com', q.id, { action: 'approve' });
      questions.push(q.id);
    }
    const onA = [new Viewer(a.url, id), new Viewer(a.url, id)];
    const onB = [new Viewer(b.url, id), new Viewer(b.url, id)];
    viewers.push(...onA, ...onB);
    const lastSeq = async () => (await a.call<Stored>('stored', null, id)).events.at(-1)!.seq;
    let seq = await lastSeq();
    expect(await until(() => viewers.every((v) => v.seq === seq), 15_000)).toBe(true);

    let answered = 0;
    /** Publishes the next answer on `p` and returns its event's seq. */
    const answer = async (p: RealtimeProcess, label: string) => {
      const q = questions[answered++]!;
      await p.call('publishAnswer', 'leader@example.com', q, { body: `第 ${answered} 个答复（${label}）。` });
      const stored = await p.call<Stored>('stored', null, id);
      return stored.events.at(-1)!.seq;
    };
    const has = (v: Viewer, s: number) => v.applied.some((e) => e.seq === s);

    // Before: cross-process delivery works.
    seq = await answer(a, '进程 A，中断前');
    expect(await until(() => onB.every((v) => has(v, seq)))).toBe(true);

    const figures: string[] = [];
    for (const outage of ['crash', 'freeze'] as const) {
      const started = Date.now();
      if (outage === 'crash') await redis.kill();
      else redis.freeze();
      const redisBackAt = started + OUTAGE_MS;

      // During: each process's own viewers receive what it publishes, before Redis is back.
      const fromA = await answer(a, `进程 A，${outage} 期间`);
      const gotA = await until(() => onA.every((v) => has(v, fromA)), redisBackAt - Date.now() - 500);
      const aMs = Date.now() - started;
      const fromB = await answer(b, `进程 B，${outage} 期间`);
      const gotB = await until(() => onB.every((v) => has(v, fromB)), redisBackAt - Date.now() - 500);
      const bMs = Date.now() - started;
      const stillOut = Date.now() < redisBackAt;
      expect({ outage, gotA, gotB, stillOut }).toEqual({ outage, gotA: true, gotB: true, stillOut: true });

      // The outage lasts its 10 s (the scenario itself, not a wait for something to happen).
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, redisBackAt - Date.now())));
      if (outage === 'crash') await redis.start();
      else redis.thaw();
      const backAt = Date.now();

      // After: an answer published on A reaches B's viewers, and one published on B reaches A's, through Redis.
      const afterA = await answer(a, `进程 A，${outage} 之后`);
      expect(await until(() => onB.every((v) => has(v, afterA)), 30_000)).toBe(true);
      const crossMs = Date.now() - backAt;
      const afterB = await answer(b, `进程 B，${outage} 之后`);
      expect(await until(() => onA.every((v) => has(v, afterB)), 30_000)).toBe(true);
      figures.push(`${outage}: own-process delivery during the outage after ${aMs} ms (A) and ${bMs} ms (B); A→B again ${crossMs} ms after Redis was back`);
    }

    // Every viewer ends with the whole log, in order, each event once.
    seq = await lastSeq();
    const log = (await a.call<Stored>('stored', null, id)).events.map((e) => [e.seq, e.type]);
    expect(await until(() => viewers.every((v) => v.seq === seq), 15_000)).toBe(true);
    for (const v of viewers) expect(v.applied.map((e) => [e.seq, e.type])).toEqual(log);
    console.info(`[faults] Redis outages of ${OUTAGE_MS / 1000} s — ${figures.join('; ')}; viewers re-joined ${viewers.map((v) => v.joins - 1).join('/')} times`);
  });
});
