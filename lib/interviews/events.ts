import { eq, sql } from 'drizzle-orm';
import type { Tx } from '../db';
import { realtime } from '../realtime/server';
import { interviewEvents, interviews, type QuestionStatus } from './schema';
import { STAFF_AUDIENCES, STAFF_READS, type StaffAudience } from './views';

/** Every type of public event in an interview's log (`interview:event`); lib/realtime/outbound.ts lists them. */
export const INTERVIEW_EVENT_TYPES = [
  'status.changed', 'interview.updated', 'question.approved', 'question.updated', 'question.removed', 'question.answering',
  'answer.published', 'answer.corrected', 'host.remark', 'votes.updated',
] as const;
export type InterviewEventType = (typeof INTERVIEW_EVENT_TYPES)[number];

export interface InterviewEvent {
  interviewId: string;
  seq: number;
  type: string;
  payload: Record<string, unknown>;
  at: string;
}

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
export async function appendEvent(tx: Tx, interview: { id: number; publicId: string }, type: InterviewEventType, payload: Record<string, unknown>, now = new Date()): Promise<InterviewEvent> {
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
  for (const event of events) io.to(interviewRoom(event.interviewId)).emit('interview:event', event);
}

/**
 * Every page that shows which interview is live (the home page's banner) listens here: anyone may join, signed in or
 * not (lib/interviews/socket.ts `interviews:subscribe`).
 */
export const PUBLIC_INTERVIEWS_ROOM = 'interviews:public';

/**
 * An interview became public, went live, ended or was published (`interviews:status`, to PUBLIC_INTERVIEWS_ROOM):
 * only what the public interview list shows of it anyway — never a draft, a guest's account, a question or a name.
 */
export interface PublicInterviewStatus {
  id: string;
  slug: string;
  title: string;
  status: 'announced' | 'live' | 'ended' | 'published';
  scheduledStart: string;
  scheduledEnd: string;
}

/** After commit: tell the public pages that an interview's public status changed (drafts are never announced). */
export function broadcastPublicStatus(status: PublicInterviewStatus): void {
  const io = realtime();
  if (!io) return;
  const { id, slug, title, scheduledStart, scheduledEnd } = status;
  io.to(PUBLIC_INTERVIEWS_ROOM).emit('interviews:status', { id, slug, title, status: status.status, scheduledStart, scheduledEnd });
}

/** A new question as the staff rooms hear of it (before STAFF_READS: moderators receive it whole). */
export interface SubmittedQuestion {
  id: string;
  body: string;
  asker: string;
  askerName: string;
  status: 'pending';
  askedAt: string;
  votes: number;
  starred: boolean;
}

/** Staff-only messages (`interview:staff`): not part of the public log. Question messages carry the status after. */
export type StaffMessage =
  | { type: 'question.submitted'; payload: { questions: SubmittedQuestion[] } }
  | { type: 'question.moderated'; payload: { id: string; status: QuestionStatus; starred?: boolean; body?: string; reason?: string; mergedInto?: string } }
  | { type: 'question.assigned'; payload: { id?: string; ids?: string[]; status: 'approved'; assignedTo: string; dueOn: string } }
  | { type: 'interview.updated'; payload: { changed: string[] } };
export const STAFF_MESSAGE_TYPES = ['question.submitted', 'question.moderated', 'question.assigned', 'interview.updated'] as const satisfies ReadonlyArray<StaffMessage['type']>;
export type StaffMessageType = (typeof STAFF_MESSAGE_TYPES)[number];

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
