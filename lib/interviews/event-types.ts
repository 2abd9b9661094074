import type { QuestionStatus } from './schema';

/**
 * The interview's realtime vocabulary, shared by the server (lib/interviews/events.ts, lib/realtime/contract.ts) and
 * the pages: no database, no Socket.IO server, nothing but types and name lists (the one `import type` of ./schema is
 * erased). Keeping these out of events.ts is what lets lib/realtime name the events without importing a broadcaster.
 */

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

