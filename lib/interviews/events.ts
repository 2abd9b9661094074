import { eq, sql } from 'drizzle-orm';
import type { Tx } from '../db';
import { realtime } from '../realtime/server';
import { interviewEvents, interviews } from './schema';

export interface InterviewEvent {
  interviewId: string;
  seq: number;
  type: string;
  payload: Record<string, unknown>;
  at: string;
}

export const interviewRoom = (interviewPublicId: string) => `interview:${interviewPublicId}`;
/** Moderators and the interview's guests: pending questions travel only here. */
export const staffRoom = (interviewPublicId: string) => `interview:${interviewPublicId}:staff`;

/**
 * Appends one public event inside the caller's transaction. Incrementing `interviews.last_seq` takes the row lock,
 * so events of one interview get consecutive numbers in commit order and a rollback leaves no gap.
 */
export async function appendEvent(tx: Tx, interview: { id: number; publicId: string }, type: string, payload: Record<string, unknown>, now = new Date()): Promise<InterviewEvent> {
  const [row] = await tx
    .update(interviews)
    .set({ lastSeq: sql`${interviews.lastSeq} + 1` })
    .where(eq(interviews.id, interview.id))
    .returning({ seq: interviews.lastSeq });
  const seq = row!.seq;
  await tx.insert(interviewEvents).values({ interviewId: interview.id, seq, type, payload, at: now });
  return { interviewId: interview.publicId, seq, type, payload, at: now.toISOString() };
}

/** After commit: one emit per event to the interview's room (Socket.IO encodes each packet once for all). */
export function broadcast(events: InterviewEvent[]): void {
  const io = realtime();
  if (!io) return;
  for (const event of events) io.to(interviewRoom(event.interviewId)).emit('interview:event' as never, event as never);
}

/** After commit: a staff-only message (pending questions, moderation) — not part of the public log. */
export function broadcastToStaff(interviewPublicId: string, type: string, payload: Record<string, unknown>): void {
  realtime()?.to(staffRoom(interviewPublicId)).emit('interview:staff' as never, { interviewId: interviewPublicId, type, payload } as never);
}
