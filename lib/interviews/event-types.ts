import type { QuestionStatus } from './schema';

/**
 * The interview's realtime vocabulary, shared by the server (lib/interviews/events.ts, lib/realtime/contract.ts) and
 * the pages: no database, no Socket.IO server, nothing but types and name lists (the one `import type` of ./schema is
 * erased). Keeping these out of events.ts is what lets lib/realtime name the events without importing a broadcaster.
 */

/** Shapes everyone may see: what events carry and what pages render. */
export interface PublicAnswer {
  body: string;
  author: string;
  authorTitle: string;
  publishedAt: string;
  corrected: boolean;
  /** The last correction: when, who (null for corrections recorded before the corrector was kept), and whether a moderator made it. */
  correction: { at: string; by: string | null; byModerator: boolean } | null;
}

export interface PublicQuestion {
  id: string;
  body: string;
  /** Masked: 张*明 */
  asker: string;
  votes: number;
  starred: boolean;
  status: 'approved' | 'answered';
  askedAt: string;
  answer: PublicAnswer | null;
}

/** A host remark (主持人发言) in the transcript. */
export interface Remark {
  id: number;
  body: string;
  author: string;
  at: string;
}

/** Every type of public event in an interview's log (`interview:event`); lib/realtime/outbound.ts lists them. */
export const INTERVIEW_EVENT_TYPES = [
  'status.changed', 'interview.updated', 'question.approved', 'question.updated', 'question.removed', 'question.answering',
  'answer.published', 'answer.corrected', 'host.remark', 'votes.updated',
  // 图文直播 (lib/interviews/live-updates.ts): `{update: LiveUpdate}`, `{updateId}`.
  'update.posted', 'update.retracted',
  'poll.updated',
] as const;
export type InterviewEventType = (typeof INTERVIEW_EVENT_TYPES)[number];

/**
 * A live poll as viewers see it (lib/interviews/polls.ts#publicPoll): `counts` and `voters` are null while the
 * moderator hides the results until the poll closes; the moderators' own view always has them.
 */
export interface PublicPoll {
  id: string;
  question: string;
  options: string[];
  multiple: boolean;
  hideResults: boolean;
  status: 'open' | 'closed';
  counts: number[] | null;
  voters: number | null;
  openedAt: string;
  closedAt: string | null;
}

/**
 * The payload of each event type: `InterviewEvent` is a union discriminated by `type`, so an emitter cannot send a
 * payload of another type's shape. Receivers still check payloads at run time (reducer.ts): they come off the wire.
 */
export interface InterviewEventPayloads {
  'status.changed': { status: string; moderation?: ModerationSummary };
  'interview.updated': { interview: Record<string, unknown> };
  'question.approved': { question: PublicQuestion };
  'question.updated': { question: PublicQuestion };
  /** Rejected or merged (同问: `mergedInto` names the question it joined). */
  'question.removed': { questionId: string; mergedInto?: string };
  /** `by`: the guest answering it. */
  'question.answering': { questionId: string | null; by?: string };
  'answer.published': { question: PublicQuestion };
  'answer.corrected': { question: PublicQuestion };
  'host.remark': { remark: Remark };
  'votes.updated': { votes: Record<string, number> };
  /** A poll was opened, its counts changed (coalesced: at most every 500 ms per poll) or it was closed. */
  'poll.updated': { poll: PublicPoll };
  /** 图文直播: a moderator's text or photo update (lib/interviews/live-updates.ts); null once retracted (the log is scrubbed). */
  'update.posted': { update: LiveUpdate | null };
  /** …taken back: gone from the room, the transcript and the log's earlier event. */
  'update.retracted': { updateId: string };
}

export type InterviewEvent = {
  [T in InterviewEventType]: { interviewId: string; seq: number; type: T; payload: InterviewEventPayloads[T]; at: string };
}[InterviewEventType];

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
  | { type: 'question.moderated'; payload: { id: string; status: QuestionStatus; starred?: boolean; body?: string; reason?: RejectReason; note?: string; mergedInto?: string } }
  | { type: 'question.assigned'; payload: { id?: string; ids?: string[]; status: 'approved'; assignedTo: string; dueOn: string } }
  | { type: 'interview.updated'; payload: { changed: string[] } }
  /** A poll's counts, to the moderators only (hidden from viewers until it closes when the moderator chose so). */
  | { type: 'poll.results'; payload: { poll: PublicPoll } };
export const STAFF_MESSAGE_TYPES = ['question.submitted', 'question.moderated', 'question.assigned', 'interview.updated', 'poll.results'] as const satisfies ReadonlyArray<StaffMessage['type']>;
export type StaffMessageType = (typeof STAFF_MESSAGE_TYPES)[number];

/**
 * Why a question was not accepted (issue 16, item 7 "transparent moderation"): a fixed list, stored on the question
 * (`questions.reject_code`) and shown to its asker — Pigeonhole does not tell an asker a question was dismissed; we do.
 */
export const REJECT_REASONS = ['duplicate', 'off_topic', 'personal_data', 'abusive', 'use_letters', 'other'] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

export const isRejectReason = (value: unknown): value is RejectReason => typeof value === 'string' && (REJECT_REASONS as readonly string[]).includes(value);

/** A question as its asker sees it on the interview page (GET state `viewer.mine`, socket `question:mine`). */
export interface OwnQuestion {
  id: string;
  body: string;
  status: 'pending' | 'approved' | 'answered' | 'merged' | 'rejected';
  askedAt: string;
  /** Rejected: the reason code, and the moderator's note if one was written. */
  reason: RejectReason | null;
  note: string | null;
}

/** What the asker's own connections hear when a moderator decides on one of their questions (`question:mine`). */
export interface OwnQuestionUpdate {
  interviewId: string;
  questionId: string;
  status: 'approved' | 'merged' | 'rejected';
  reason: RejectReason | null;
  note: string | null;
}

/** How the questions of an interview fared, counted from the database once it is over (ended or published). */
export interface ModerationSummary {
  received: number;
  /** Accepted for the public list: approved or answered now. */
  approved: number;
  answered: number;
  /** 同问: merged into another question of the interview. */
  merged: number;
  rejected: number;
  /** Never decided on. */
  pending: number;
}

/** 图文直播: one of the moderator's text and photo updates in the live stream (lib/interviews/live-updates.ts). */
export interface LiveUpdate {
  id: string;
  body: string;
  author: string;
  at: string;
  /** The re-encoded photo (public URLs), with its required alt text. */
  image: { url: string; smallUrl: string; alt: string; caption: string | null; width: number; height: number } | null;
}
