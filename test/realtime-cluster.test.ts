import { afterAll, describe, expect, it } from 'vitest';
import { createThrowawayDatabase, dropThrowawayDatabase } from '@/scripts/throwaway-db';
import { startRealtimeProcess, stopRealtimeProcesses } from './support/servers';
import { until, Viewer } from './support/viewer';
import { redisAnswers, requires } from './support/prerequisites';

/**
 * Two app PROCESSES serving one interview through the Redis Streams adapter, as behind a load balancer: each is a
 * separate Node process (test/support/realtime-process.ts: database boot + Socket.IO, as server.ts) on one shared
 * PostgreSQL database. A viewer on process B receives, in order, what is published on process A, and both
 * processes tell their viewers the viewer count summed over the two.
 *
 * Runs in the PostgreSQL pass (TEST_DATABASE_URL: two processes cannot share an embedded PGlite database) and needs
 * Redis at TEST_REDIS_URL there — skipped with a warning locally without it, a failure in CI
 * (test/support/prerequisites.ts). .ci/run sets both.
 */
const redisUrl = process.env.TEST_REDIS_URL;
const serverUrl = process.env.TEST_DATABASE_URL;
const ready = Boolean(serverUrl) && await requires('two app processes through Redis', redisAnswers('TEST_REDIS_URL'));
const secret = process.env.NEXTAUTH_SECRET!;

describe('two app processes through Redis', () => {
  const viewers: Viewer[] = [];
  let databaseUrl: string | undefined;

  afterAll(async () => {
    for (const v of viewers) v.close();
    await stopRealtimeProcesses();
    if (databaseUrl) await dropThrowawayDatabase(databaseUrl);
  });

  it.runIf(ready)('a viewer on process B receives what process A publishes, in order; viewer counts add up', async () => {
    databaseUrl = await createThrowawayDatabase(serverUrl!);
    // One after the other: the first migrates and seeds, the second finds it done (both would also work at once).
    const a = await startRealtimeProcess({ databaseUrl, redisUrl, secret, viewerCountMs: 200 });
    const b = await startRealtimeProcess({ databaseUrl, redisUrl, secret, viewerCountMs: 200 });
    expect(a.child.pid).not.toBe(b.child.pid);

    const leaderId = await a.call<string>('whoami', 'leader@example.com');
    const { id } = await a.call<{ id: string }>('createInterview', 'moderator@example.com', {
      title: '两个进程共同服务的访谈', summary: '验证两个应用进程通过 Redis 共同服务同一场访谈。', guestIds: [leaderId],
      scheduledStart: new Date().toISOString(), scheduledEnd: new Date(Date.now() + 3600_000).toISOString(),
    });
    await a.call('actOnInterview', 'moderator@example.com', id, { action: 'announce' });

    const onA = new Viewer(a.url, id);
    const onB = new Viewer(b.url, id);
    viewers.push(onA, onB);
    expect(await until(() => onA.seq === 1 && onB.seq === 1)).toBe(true); // the catch-up of 'announce'

    // Both processes count both viewers (one is local, the other reported by the other process).
    expect(await until(() => onA.counts.at(-1) === 2 && onB.counts.at(-1) === 2)).toBe(true);

    // Published on A: a status change, remarks and answers, in a burst.
    await a.call('actOnInterview', 'moderator@example.com', id, { action: 'go_live' });
    const asked = [];
    for (let i = 1; i <= 3; i++) asked.push(await a.call<{ id: string }>('askQuestion', 'citizen@example.com', id, { body: `跨进程测试的第 ${i} 个问题是什么？` }));
    for (const q of asked) await a.call('actOnQuestion', 'moderator@example.com', q.id, { action: 'approve' });
    await Promise.all([
      ...asked.map((q, i) => a.call('publishAnswer', 'leader@example.com', q.id, { body: `第 ${i + 1} 个答复，从进程 A 发布。` })),
      a.call('addRemark', 'moderator@example.com', id, { body: '这条主持人发言也从进程 A 发出。' }),
    ]);
    const stored = await a.call<{ events: Array<{ seq: number; type: string }> }>('stored', null, id);
    const lastSeq = stored.events.at(-1)!.seq;
    expect(lastSeq).toBe(1 + 1 + 3 + 4); // announce, go_live, 3 approvals, 3 answers + 1 remark

    expect(await until(() => onB.seq === lastSeq && onA.seq === lastSeq)).toBe(true);
    const log = stored.events.map((e) => [e.seq, e.type]);
    expect(onB.applied.map((e) => [e.seq, e.type])).toEqual(log);
    expect(onA.applied.map((e) => [e.seq, e.type])).toEqual(log);
    // Delivered live, not recovered through a re-join after a gap.
    expect(onB.joins).toBe(1);

    // A viewer leaves process A: B's viewer hears the new total.
    onA.close();
    expect(await until(() => onB.counts.at(-1) === 1)).toBe(true);
    // A second viewer on B: the total is 2 again, though both are now on one process.
    const second = new Viewer(b.url, id, lastSeq);
    viewers.push(second);
    expect(await until(() => onB.counts.at(-1) === 2 && second.counts.at(-1) === 2)).toBe(true);
  }, 180_000);
});
