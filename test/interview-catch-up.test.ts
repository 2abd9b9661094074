import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { createInterview, actOnInterview } from '@/lib/interviews/operations';
import { appendEvent } from '@/lib/interviews/events';
import { CATCH_UP_BATCH, catchUpRound, catchUpStats, knownPublicInterview } from '@/lib/interviews/catch-up';
import { interviewForViewer } from '@/lib/interviews/queries';
import { interviews } from '@/lib/interviews/schema';
import { actorFor, visitor } from './support/users';

/**
 * The catch-up of `interview:join` (lib/interviews/catch-up.ts), shared by the joins of one interview that arrive
 * together: each joiner gets exactly the events after its own sinceSeq, in order; a read serves every join queued
 * before it started, never one queued after; a long log is read in rounds of CATCH_UP_BATCH; and only interviews
 * that are no longer drafts are remembered.
 */
let moderator: Awaited<ReturnType<typeof actorFor>>;
let leader: Awaited<ReturnType<typeof actorFor>>;

beforeAll(async () => {
  [moderator, leader] = await Promise.all([actorFor('moderator@example.com'), actorFor('leader@example.com')]);
});

async function liveInterview(): Promise<{ id: string; internalId: number }> {
  const { id } = await createInterview(moderator, {
    title: '追补读取合并测试访谈', summary: '验证同时加入的观众共用一次事件读取。', guestIds: [leader.user.publicId],
    scheduledStart: new Date(Date.now() + 3600_000).toISOString(), scheduledEnd: new Date(Date.now() + 7200_000).toISOString(),
  });
  const [row] = await db().select({ internalId: interviews.id }).from(interviews).where(eq(interviews.publicId, id));
  return { id, internalId: row!.internalId };
}

async function lastSeqOf(interview: { internalId: number }): Promise<number> {
  const [row] = await db().select({ lastSeq: interviews.lastSeq }).from(interviews).where(eq(interviews.id, interview.internalId));
  return row!.lastSeq;
}

const range = (from: number, to: number) => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);

/** Appends `n` host remarks to the event log (as events only: the catch-up reads the log, not the remarks table). */
async function append(interview: { id: string; internalId: number }, n: number): Promise<void> {
  await db().transaction(async (tx) => {
    for (let i = 0; i < n; i++) await appendEvent(tx, { id: interview.internalId, publicId: interview.id }, 'host.remark', { remark: { id: i + 1, body: `第 ${i + 1} 条主持人发言`, author: '主持人', at: new Date().toISOString() } });
  });
}

describe('interview:join catch-up, shared by joins arriving together', () => {
  it('gives each of 60 simultaneous joiners exactly the events after its own sinceSeq, from a few reads', async () => {
    const interview = await liveInterview();
    await actOnInterview(moderator, interview.id, { action: 'announce' });
    await append(interview, 30);
    const lastSeq = await lastSeqOf(interview);
    const reads = catchUpStats.reads;
    const since = Array.from({ length: 60 }, (_, i) => (i * 7) % (lastSeq + 1));
    const rounds = await Promise.all(since.map((s) => catchUpRound(interview.id, interview.internalId, s)));
    // The first join starts a read at once; the other 59 queue behind it and share the next one.
    expect(catchUpStats.reads - reads).toBeLessThanOrEqual(2);
    rounds.forEach((round, i) => {
      expect(round.items.map((e) => e.seq)).toEqual(range(since[i]! + 1, lastSeq));
      expect(round.items.every((e) => e.interviewId === interview.id)).toBe(true);
      expect(round).toMatchObject({ more: false, lastSeq, status: 'announced' });
    });
  });

  it('a join queued while a read runs gets the next read: an event committed in between is in its catch-up', async () => {
    const interview = await liveInterview();
    await actOnInterview(moderator, interview.id, { action: 'announce' });
    await append(interview, 3);
    const first = catchUpRound(interview.id, interview.internalId, 0); // starts a read now
    await append(interview, 1); // committed after the first read may have started, before the second join
    const second = catchUpRound(interview.id, interview.internalId, 0);
    const [a, b] = await Promise.all([first, second]);
    const lastSeq = await lastSeqOf(interview);
    // The first read may or may not see the appended event (its two queries straddle the commit), never a gap.
    const aSeqs = a.items.map((e) => e.seq);
    expect(aSeqs).toEqual(range(1, aSeqs.length));
    expect(aSeqs.length).toBeGreaterThanOrEqual(Math.max(a.lastSeq, lastSeq - 1));
    // The second read started after the second join was queued, so after the append: the whole log.
    expect(b.items.map((e) => e.seq)).toEqual(range(1, lastSeq));
    expect(b.lastSeq).toBe(lastSeq);
  });

  it('reads a log longer than one batch in rounds; a joiner far ahead waits for its own round', async () => {
    const interview = await liveInterview();
    await actOnInterview(moderator, interview.id, { action: 'announce' });
    await append(interview, CATCH_UP_BATCH + 20);
    const lastSeq = await lastSeqOf(interview);
    const follow = async (sinceSeq: number) => {
      const seqs: number[] = [];
      let cursor = sinceSeq;
      for (;;) {
        const round = await catchUpRound(interview.id, interview.internalId, cursor);
        seqs.push(...round.items.map((e) => e.seq));
        cursor = round.cursor;
        if (!round.more) return { seqs, cursor: Math.max(cursor, round.lastSeq) };
      }
    };
    const [fromStart, nearEnd] = await Promise.all([follow(0), follow(lastSeq - 2)]);
    expect(fromStart.seqs).toEqual(range(1, lastSeq));
    expect(nearEnd.seqs).toEqual([lastSeq - 1, lastSeq]);
    expect(fromStart.cursor).toBe(lastSeq);
    expect(nearEnd.cursor).toBe(lastSeq);
  });

  it('remembers an interview by public id once it is no longer a draft; a draft and a slug are always read', async () => {
    const interview = await liveInterview();
    await interviewForViewer(moderator, interview.id);
    expect(knownPublicInterview(interview.id)).toBeNull(); // a draft: staff only, read every time
    await expect(interviewForViewer(visitor(), interview.id)).rejects.toMatchObject({ code: 'not_found' });
    await actOnInterview(moderator, interview.id, { action: 'announce' });
    const [{ slug }] = await db().select({ slug: interviews.slug }).from(interviews).where(eq(interviews.id, interview.internalId)) as [{ slug: string }];
    await interviewForViewer(visitor(), slug);
    expect(knownPublicInterview(slug)).toBeNull();
    expect(await interviewForViewer(visitor(), interview.id)).toMatchObject({ id: interview.id, internalId: interview.internalId, audience: null });
    expect(knownPublicInterview(interview.id)).toEqual({ id: interview.id, internalId: interview.internalId });
  });

  it('tells the joiners when the interview row is gone', async () => {
    const interview = await liveInterview();
    await actOnInterview(moderator, interview.id, { action: 'announce' });
    // Not something the app does; stands for a row the joiner cannot see.
    const round = await catchUpRound(interview.id, interview.internalId + 1_000_000, 0);
    expect(round).toMatchObject({ items: [], status: null });
  });
});
