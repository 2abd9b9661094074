import { and, asc, eq, gt, sql } from 'drizzle-orm';
import { databaseScoped, db } from '../db';
import type { InterviewEvent } from './event-types';
import { interviewEvents, interviews, type InterviewStatus } from './schema';

/**
 * What `interview:join` reads, shared by the joins that arrive together (lib/interviews/socket.ts).
 *
 * A join used to read the interview row twice and the event log once: three queries per viewer, so a crowd
 * reconnecting after a restart (10,000 viewers of one interview) made 30,000 queries for one row and, mostly, no
 * events. Here:
 *
 * - `publicInterview(id)`: the interview's internal id and public id by its public id, from memory once read. Only
 *   interviews that are no longer drafts are kept: an interview never goes back to draft (phase.ts: draft →
 *   announced → live → ended → published) and its ids never change, so an entry cannot go stale. A draft (staff
 *   only) and a slug are always read from the database.
 * - `catchUpRound(interview, sinceSeq)`: the events after `sinceSeq` and the interview's status and last seq, read
 *   by one query pair for every join of the interview waiting at the time. A join is queued only after its socket
 *   has joined the room, and a read starts only after every join it serves was queued, so the rule of the single
 *   join still holds for each of them: an event committed meanwhile is either in the read or delivered live. While a
 *   read runs, new joins wait for the next one (they may not use a read that started before they joined).
 */

export const CATCH_UP_BATCH = 1000;
/** Joins whose shared read is handed to them per turn of the event loop (see drain). */
const RESOLVED_PER_TURN = 64;

export interface PublicInterviewRef {
  internalId: number;
  id: string;
}

const MAX_REFS = 1000;
const knownRefs = databaseScoped(() => new Map<string, PublicInterviewRef>());

/** The interview by public id, from memory when it is known not to be a draft; null when it must be read. */
export function knownPublicInterview(publicId: string): PublicInterviewRef | null {
  return knownRefs().get(publicId) ?? null;
}

/** Remembers an interview read from the database, when it is no longer a draft and was asked for by public id. */
export function rememberInterview(askedFor: string, row: { id: number; publicId: string; status: InterviewStatus }): void {
  if (row.status === 'draft' || askedFor !== row.publicId) return;
  const refs = knownRefs();
  if (refs.size >= MAX_REFS) refs.clear();
  refs.set(row.publicId, { internalId: row.id, id: row.publicId });
}

export interface CatchUpRound {
  /** The events after the joiner's sinceSeq in this read (at most CATCH_UP_BATCH in all, in seq order). */
  items: InterviewEvent[];
  /** The read stopped at CATCH_UP_BATCH events: there may be more after `cursor`. */
  more: boolean;
  /** Where the joiner's next round starts (its sinceSeq, or the last event of the read). */
  cursor: number;
  /** The interview's last seq and status as read (null: the interview is gone). */
  lastSeq: number;
  status: InterviewStatus | null;
}

interface Waiter {
  sinceSeq: number;
  resolve(round: CatchUpRound): void;
  reject(error: unknown): void;
}

interface Queue {
  waiting: Waiter[];
  running: boolean;
}

const queues = new Map<number, Queue>();
/** Reads run since this process started (test/interview-catch-up.test.ts counts them). */
export const catchUpStats = { reads: 0, joins: 0 };

/**
 * One round of a joiner's catch-up: resolves with the events after `sinceSeq` from the next read of the interview's
 * log. The caller must have joined the interview's room before calling.
 */
export function catchUpRound(publicId: string, internalId: number, sinceSeq: number): Promise<CatchUpRound> {
  return new Promise((resolve, reject) => {
    let queue = queues.get(internalId);
    if (!queue) {
      queue = { waiting: [], running: false };
      queues.set(internalId, queue);
    }
    queue.waiting.push({ sinceSeq, resolve, reject });
    catchUpStats.joins++;
    if (!queue.running) void drain(publicId, internalId, queue);
  });
}

async function drain(publicId: string, internalId: number, queue: Queue): Promise<void> {
  queue.running = true;
  try {
    while (queue.waiting.length) {
      const batch = queue.waiting;
      queue.waiting = [];
      let from = Infinity;
      for (const w of batch) from = Math.min(from, w.sinceSeq);
      try {
        catchUpStats.reads++;
        const [row] = await db().select({ status: interviews.status, lastSeq: interviews.lastSeq }).from(interviews).where(eq(interviews.id, internalId));
        const rows = row
          ? await db()
            .select({ seq: interviewEvents.seq, type: interviewEvents.type, payload: interviewEvents.payload, at: interviewEvents.at })
            .from(interviewEvents)
            .where(and(eq(interviewEvents.interviewId, internalId), gt(interviewEvents.seq, sql`${from}`)))
            .orderBy(asc(interviewEvents.seq))
            .limit(CATCH_UP_BATCH)
          : [];
        // Written by appendEvent, whose payload is typed by its event type.
        const events = rows.map((r) => ({ interviewId: publicId, seq: r.seq, type: r.type, payload: r.payload, at: r.at.toISOString() }) as InterviewEvent);
        const more = events.length === CATCH_UP_BATCH;
        const lastRead = events.at(-1)?.seq ?? from;
        // Resolved a slice per turn of the event loop: each resolution's continuation (its join's catch-up emits
        // and acknowledgement) runs in the same microtask flush as the others of its slice, so resolving a crowd's
        // read at once held everything else — a health check, a database reply — for as long as all of them took.
        for (let i = 0; i < batch.length; i += RESOLVED_PER_TURN) {
          if (i > 0) await new Promise<void>((resolve) => setImmediate(resolve));
          for (const w of batch.slice(i, i + RESOLVED_PER_TURN)) {
            const items = w.sinceSeq === from ? events : events.filter((e) => e.seq > w.sinceSeq);
            w.resolve({ items, more, cursor: Math.max(w.sinceSeq, lastRead), lastSeq: row?.lastSeq ?? 0, status: row?.status ?? null });
          }
        }
      } catch (error) {
        for (const w of batch) w.reject(error);
      }
    }
  } finally {
    queue.running = false;
    if (queues.get(internalId) === queue && queue.waiting.length === 0) queues.delete(internalId);
  }
}
