import { inArray } from 'drizzle-orm';
import { db } from '../db';
import { appendEvent, broadcast } from './events';
import { questions } from './schema';

/**
 * 同问 counts change often; viewers need them a few times a second, not per click. Changed questions are collected
 * per interview and flushed as one `votes.updated` event every FLUSH_MS (per process).
 */
export const FLUSH_MS = 400;
const pending = new Map<number, { publicId: string; questionIds: Set<number> }>();
let timer: NodeJS.Timeout | undefined;

export function queueVoteUpdate(interview: { id: number; publicId: string }, questionId: number): void {
  const entry = pending.get(interview.id) ?? { publicId: interview.publicId, questionIds: new Set<number>() };
  entry.questionIds.add(questionId);
  pending.set(interview.id, entry);
  timer ??= setTimeout(() => void flushVoteUpdates().catch((e) => console.error('[interviews] vote flush failed', e)), FLUSH_MS);
}

/** Writes and broadcasts the pending vote counts now (the timer calls it; tests call it directly). */
export async function flushVoteUpdates(): Promise<number> {
  clearTimeout(timer);
  timer = undefined;
  const batch = [...pending.entries()];
  pending.clear();
  let events = 0;
  for (const [interviewId, { publicId, questionIds }] of batch) {
    const event = await db().transaction(async (tx) => {
      const rows = await tx.select({ id: questions.publicId, votes: questions.votes }).from(questions).where(inArray(questions.id, [...questionIds]));
      return appendEvent(tx, { id: interviewId, publicId }, 'votes.updated', { votes: Object.fromEntries(rows.map((r) => [r.id, r.votes])) });
    });
    broadcast([event]);
    events++;
  }
  return events;
}
