import { and, eq, sql } from 'drizzle-orm';
import { db, rowsOf, type Tx } from '../db';
import type { SQL } from 'drizzle-orm';
import { appendEvent, broadcast } from './events';
import { interviews, questions } from './schema';

/**
 * 同问 counts change often; viewers need them a few times a second, not per click. A vote marks its question
 * (`questions.votes_pending`, in the vote's transaction) and the process that took it schedules a flush; the flush
 * publishes the marked questions' counts as one `votes.updated` event at most every FLUSH_MS **per interview, across
 * all processes**: under the interview's row lock it reads when the last one was published (`interviews.
 * votes_flushed_at`, the database's clock) and, if that was less than FLUSH_MS ago, leaves the marks for the next
 * flush and tries again when the interval is over. Whichever process flushes takes every process's marks, so
 * viewers get one update per interval however many processes their crowd votes through (docs/CAPACITY.md §5.1),
 * and no event when there is nothing new.
 */
export const FLUSH_MS = 400;
/** Interviews with votes this process took, waiting for a flush: id → public id. */
const pending = new Map<number, string>();
let timer: NodeJS.Timeout | undefined;
let flushing = 0;

export function queueVoteUpdate(interview: { id: number; publicId: string }): void {
  pending.set(interview.id, interview.publicId);
  schedule(FLUSH_MS);
}

function schedule(ms: number): void {
  timer ??= setTimeout(() => void flushVoteUpdates().catch((e) => console.error('[interviews] vote flush failed', e)), ms);
}

/** How many interviews this process has a vote flush pending for (tests: the flushes have settled at 0). */
export function pendingVoteFlushes(): number {
  return pending.size + flushing;
}

/**
 * Publishes the pending vote counts now (the timer calls it; tests call it directly) — unless another process did
 * less than FLUSH_MS ago: then the interview stays pending and the flush is retried when the interval ends.
 * Returns the number of events published.
 */
export async function flushVoteUpdates(): Promise<number> {
  clearTimeout(timer);
  timer = undefined;
  const batch = [...pending.entries()];
  pending.clear();
  flushing++;
  try {
    return await flushBatch(batch);
  } finally {
    flushing--;
  }
}

async function flushBatch(batch: Array<[number, string]>): Promise<number> {
  let events = 0;
  let retryInMs = Infinity;
  for (const [interviewId, publicId] of batch) {
    const outcome = await db().transaction(async (tx) => {
      // The interview's row lock (appendEvent takes it too) serialises the flushes of all processes; the clock is
      // read after it is held, so two publications' times are at least FLUSH_MS apart.
      const [locked] = await tx.select({ id: interviews.id }).from(interviews).where(eq(interviews.id, interviewId)).for('update');
      if (!locked) return { event: null };
      const { nowMs, lastMs } = await flushClock(tx, sql`${interviews.votesFlushedAt}`, sql`${interviews} where ${interviews.id} = ${interviewId}`);
      if (lastMs !== null && nowMs >= lastMs && nowMs - lastMs < FLUSH_MS) return { waitMs: FLUSH_MS - (nowMs - lastMs) };
      const rows = await tx.update(questions).set({ votesPending: false })
        .where(and(eq(questions.interviewId, interviewId), eq(questions.votesPending, true)))
        .returning({ id: questions.publicId, votes: questions.votes });
      if (rows.length === 0) return { event: null }; // another process published these votes already
      const now = new Date(nowMs);
      await tx.update(interviews).set({ votesFlushedAt: now }).where(eq(interviews.id, interviewId));
      return { event: await appendEvent(tx, { id: interviewId, publicId }, 'votes.updated', { votes: Object.fromEntries(rows.map((r) => [r.id, r.votes])) }, now) };
    });
    if (outcome.waitMs !== undefined) {
      pending.set(interviewId, publicId);
      retryInMs = Math.min(retryInMs, outcome.waitMs);
      continue;
    }
    if (outcome.event) {
      broadcast([outcome.event]);
      events++;
    }
  }
  if (Number.isFinite(retryInMs)) schedule(Math.ceil(retryInMs) + 5);
  return events;
}

/**
 * The database's clock now and a stored publication time, both in epoch ms (a flush gate: one clock for all
 * processes). Publication times are stored at ms precision (the event's `at`), so gaps compare exactly.
 */
export async function flushClock(tx: Tx, column: SQL, from: SQL): Promise<{ nowMs: number; lastMs: number | null }> {
  const [row] = rowsOf<{ nowMs: number | string; lastMs: number | string | null }>(await tx.execute(sql`
    select floor(extract(epoch from clock_timestamp()) * 1000)::float8 as "nowMs", (extract(epoch from ${column}) * 1000)::float8 as "lastMs" from ${from}`));
  return { nowMs: Number(row!.nowMs), lastMs: row!.lastMs === null || row!.lastMs === undefined ? null : Number(row!.lastMs) };
}
