import { afterAll, describe, expect, it } from 'vitest';
import { createThrowawayDatabase, dropThrowawayDatabase } from '@/scripts/throwaway-db';
import { startRealtimeProcess, stopRealtimeProcesses } from './support/servers';
import { until, untilAsync, Viewer } from './support/viewer';
import { redisAnswers, requires } from './support/prerequisites';
import { FLUSH_MS } from '@/lib/interviews/votes';
import { RESULTS_INTERVAL_MS } from '@/lib/interviews/polls';

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
  let started: Promise<{ a: Awaited<ReturnType<typeof startRealtimeProcess>>; b: Awaited<ReturnType<typeof startRealtimeProcess>> }> | undefined;
  /** The two processes on one throwaway database, started once for the file. */
  const cluster = () => (started ??= (async () => {
    databaseUrl = await createThrowawayDatabase(serverUrl!);
    // One after the other: the first migrates and seeds, the second finds it done (both would also work at once).
    const a = await startRealtimeProcess({ databaseUrl, redisUrl, secret, viewerCountMs: 200 });
    const b = await startRealtimeProcess({ databaseUrl, redisUrl, secret, viewerCountMs: 200 });
    return { a, b };
  })());

  afterAll(async () => {
    for (const v of viewers) v.close();
    await stopRealtimeProcesses();
    if (databaseUrl) await dropThrowawayDatabase(databaseUrl);
  });

  it.runIf(ready)('a viewer on process B receives what process A publishes, in order; viewer counts add up', async () => {
    const { a, b } = await cluster();
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

  it.runIf(ready)('a change of the public pages in one process drops the same kinds of cached page in the other', async () => {
    const { a, b } = await cluster();
    type Stamps = { other: number; interview: number; stats: number };
    const stampsOf = (p: typeof b) => p.call<Stamps>('pageStamps', null);
    const before = await stampsOf(b);
    // Scoped (a live Q&A's writes): the other process drops that kind only.
    await a.call('changePages', null, ['interview']);
    expect(await untilAsync(async () => (await stampsOf(b)).interview > before.interview)).toBe(true);
    const scoped = await stampsOf(b);
    expect(scoped.other).toBe(before.other);
    expect(scoped.stats).toBe(before.stats);
    // A burst (several changes inside one message window) is passed on as the union of its scopes.
    await Promise.all([a.call('changePages', null, ['stats']), a.call('changePages', null, ['interview']), a.call('changePages', null, ['stats'])]);
    expect(await untilAsync(async () => {
      const s = await stampsOf(b);
      return s.stats > scoped.stats && s.interview > scoped.interview;
    })).toBe(true);
    expect((await stampsOf(b)).other).toBe(before.other);
    // Unscoped (any other change): every page.
    await a.call('changePages', null, null);
    expect(await untilAsync(async () => (await stampsOf(b)).other > before.other)).toBe(true);
  });

  it.runIf(ready)('a crowd voting through both processes: one 同问 count update and one poll result per interval for the interview, not one per process', async () => {
    const { a, b } = await cluster();
    const M = 'moderator@example.com';
    const leaderId = await a.call<string>('whoami', 'leader@example.com');
    const { id } = await a.call<{ id: string }>('createInterview', M, {
      title: '两个进程同时收到同问和投票', summary: '验证多个进程收到的同问和投票合并为每个间隔一次更新。', guestIds: [leaderId],
      scheduledStart: new Date().toISOString(), scheduledEnd: new Date(Date.now() + 3600_000).toISOString(),
    });
    for (const action of ['announce', 'go_live']) await a.call('actOnInterview', M, id, { action });
    const asked: string[] = [];
    for (let i = 1; i <= 4; i++) {
      const q = await a.call<{ id: string }>('askQuestion', 'citizen@example.com', id, { body: `同问合并测试的第 ${i} 个问题是什么？` });
      await a.call('actOnQuestion', M, q.id, { action: 'approve' });
      asked.push(q.id);
    }
    const poll = await a.call<{ id: string; seq: number }>('openPoll', M, id, { question: '夜间开放选哪一天？', options: ['周五', '周六'] });
    const citizens = await a.call<Array<{ email: string }>>('createCitizens', null, 40, `flush${Date.now()}`);
    const viewer = new Viewer(b.url, id);
    viewers.push(viewer);
    expect(await until(() => viewer.seq === poll.seq)).toBe(true);

    // Half the crowd through A, half through B, all at once: each citizen 同问s every question, then votes.
    const finalVotes = new Map<string, number>();
    await Promise.all(citizens.map(async (c, i) => {
      const p = i % 2 === 0 ? a : b;
      for (const q of asked) {
        const { votes } = await p.call<{ votes: number }>('actOnQuestion', c.email, q, { action: 'upvote' });
        finalVotes.set(q, Math.max(finalVotes.get(q) ?? 0, votes));
      }
      await p.call('votePoll', c.email, null, { pollId: poll.id, options: [i % 2] });
    }));
    // Every flush either process scheduled has run (published, or found its votes published by the other).
    const settled = async () => {
      const all = await Promise.all([a, b].map((p) => p.call<{ votes: number; polls: number }>('pendingFlushes', null)));
      return all.every((f) => f.votes === 0 && f.polls === 0);
    };
    expect(await untilAsync(settled, 30_000)).toBe(true);

    type Timed = { seq: number; at: number; payload: Record<string, any> };
    const votesLog = await a.call<Timed[]>('eventTimes', null, id, 'votes.updated');
    const pollLog = (await a.call<Timed[]>('eventTimes', null, id, 'poll.updated')).filter((e) => e.seq > poll.seq);
    const gaps = (log: Timed[]) => log.slice(1).map((e, i) => e.at - log[i]!.at);
    // One publication per interval for the whole interview: never two within FLUSH_MS (two processes flushing on
    // their own would publish up to two per interval).
    expect(votesLog.length).toBeGreaterThan(0);
    expect(Math.min(...gaps(votesLog))).toBeGreaterThanOrEqual(FLUSH_MS);
    expect(pollLog.length).toBeGreaterThan(0);
    expect(Math.min(...gaps(pollLog))).toBeGreaterThanOrEqual(RESULTS_INTERVAL_MS);
    // No vote lost: the published counts end at the database's, and the poll's last result counts every ballot.
    const published = new Map<string, number>();
    for (const e of votesLog) for (const [q, n] of Object.entries(e.payload.votes as Record<string, number>)) published.set(q, n);
    expect(Object.fromEntries(published)).toEqual(Object.fromEntries(finalVotes));
    expect(pollLog.at(-1)!.payload.poll).toMatchObject({ voters: citizens.length, counts: [20, 20] });

    // The viewer on B received exactly these updates, each once.
    const lastSeq = Math.max(votesLog.at(-1)!.seq, pollLog.at(-1)!.seq);
    expect(await until(() => viewer.seq >= lastSeq)).toBe(true);
    expect(viewer.applied.filter((e) => e.type === 'votes.updated').map((e) => e.seq)).toEqual(votesLog.map((e) => e.seq));
    expect(viewer.applied.filter((e) => e.type === 'poll.updated' && e.seq > poll.seq).map((e) => e.seq)).toEqual(pollLog.map((e) => e.seq));
  }, 180_000);
});
