import { eq, sql } from 'drizzle-orm';
import type { Tx } from '../db';
import { pagesChanged } from '../platform/page-changes';
import { realtime, userRoom } from '../realtime/io';
import type { OwnQuestionUpdate } from './event-types';
import { interviewEvents, interviews } from './schema';
import { STAFF_AUDIENCES, STAFF_READS, type StaffAudience } from './views';
import type { InterviewEvent, InterviewEventPayloads, InterviewEventType, PublicInterviewStatus, StaffMessage } from './event-types';

// The event and message types live in ./event-types (no database, no server: the pages and lib/realtime/contract.ts
// import them); re-exported here for the server modules that always took them from this file.
export {
  INTERVIEW_EVENT_TYPES, STAFF_MESSAGE_TYPES,
  type InterviewEvent, type InterviewEventPayloads, type InterviewEventType, type PublicPoll, type PublicInterviewStatus, type StaffMessage, type StaffMessageType, type SubmittedQuestion,
} from './event-types';

export const interviewRoom = (interviewPublicId: string) => `interview:${interviewPublicId}`;
/**
 * The staff rooms of an interview, one per party (views.ts#STAFF_READS): `interview:<id>:moderators` hears pending
 * questions with the askers' names; `interview:<id>:guests` only what the guests may read.
 */
export const staffRoom = (interviewPublicId: string, audience: StaffAudience) =>
  `interview:${interviewPublicId}:${audience === 'moderator' ? 'moderators' : 'guests'}`;
/** Whether a room is an interview's public room (the one viewers are counted in). */
export const isInterviewRoom = (room: string) => room.startsWith('interview:') && room.indexOf(':', 'interview:'.length) === -1;

/**
 * Appends one public event inside the caller's transaction. Incrementing `interviews.last_seq` takes the row lock,
 * so events of one interview get consecutive numbers in commit order and a rollback leaves no gap.
 */
export async function appendEvent<T extends InterviewEventType>(
  tx: Tx, interview: { id: number; publicId: string }, type: T, payload: InterviewEventPayloads[T], now = new Date(),
): Promise<InterviewEvent> {
  const [row] = await tx
    .update(interviews)
    .set({ lastSeq: sql`${interviews.lastSeq} + 1` })
    .where(eq(interviews.id, interview.id))
    .returning({ seq: interviews.lastSeq });
  const seq = row!.seq;
  await tx.insert(interviewEvents).values({ interviewId: interview.id, seq, type, payload: payload as unknown as Record<string, unknown>, at: now });
  return { interviewId: interview.publicId, seq, type, payload, at: now.toISOString() } as InterviewEvent;
}

/**
 * After commit: one emit per event to the interview's room (Socket.IO encodes each packet once for all). What viewers
 * now see the interview's cached pages show too: they are dropped (the coalesced 同问 and poll counts reach pages
 * only this way: lib/realtime/handlers.ts).
 */
export function broadcast(events: InterviewEvent[]): void {
  if (events.length > 0) pagesChanged('local', ['interview']);
  const io = realtime();
  if (!io) return;
  for (const event of events) io.to(interviewRoom(event.interviewId)).emit('interview:event', event);
}

/**
 * Every page that shows which interview is live (the home page's banner) listens here: anyone may join, signed in or
 * not (lib/interviews/socket.ts `interviews:subscribe`).
 */
export const PUBLIC_INTERVIEWS_ROOM = 'interviews:public';

/** After commit: tell the public pages that an interview's public status changed (drafts are never announced). */
export function broadcastPublicStatus(status: PublicInterviewStatus): void {
  const io = realtime();
  if (!io) return;
  const { id, slug, title, scheduledStart, scheduledEnd } = status;
  io.to(PUBLIC_INTERVIEWS_ROOM).emit('interviews:status', { id, slug, title, status: status.status, scheduledStart, scheduledEnd });
}

/**
 * What one staff party receives of a staff message: only questions it may read, with the asker's name as it may
 * read it (STAFF_READS, the rule staffQuestions applies); null when it receives nothing.
 */
export function staffPayloadFor(audience: StaffAudience, message: StaffMessage): Record<string, unknown> | null {
  const reads = STAFF_READS[audience];
  switch (message.type) {
    case 'question.submitted': {
      const questions = message.payload.questions
        .filter((q) => reads.statuses.has(q.status))
        .map((q) => ({ ...q, askerName: reads.askerName(q.askerName) }));
      return questions.length ? { questions } : null;
    }
    case 'question.moderated':
    case 'question.assigned':
      return reads.statuses.has(message.payload.status) ? message.payload : null;
    case 'interview.updated':
      return message.payload;
    case 'poll.results':
      return audience === 'moderator' ? message.payload : null;
  }
}

/** After commit: a staff message to each staff room, as much of it as that room's party may read. */
export function broadcastToStaff(interviewPublicId: string, message: StaffMessage): void {
  const io = realtime();
  if (!io) return;
  for (const audience of STAFF_AUDIENCES) {
    const payload = staffPayloadFor(audience, message);
    if (payload) io.to(staffRoom(interviewPublicId, audience)).emit('interview:staff', { interviewId: interviewPublicId, type: message.type, payload });
  }
}

/**
 * After commit: a moderator decided on a question (approved, merged, rejected with its reason): its asker's own
 * connections hear it (`question:mine`, to `user:<publicId>`), never the interview's room — a rejected question and
 * its reason are the asker's and the moderators' alone.
 */
export function tellAsker(askerPublicId: string, update: OwnQuestionUpdate): void {
  const io = realtime();
  if (!io) return;
  io.to(userRoom(askerPublicId)).emit('question:mine', update);
}
