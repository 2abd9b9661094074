import { sql } from 'drizzle-orm';
import { bigint, boolean, check, date, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { departments, users } from '../accounts/schema';
import { REJECT_REASONS } from './event-types';

/** DESIGN.md §5: draft → announced (questions collected in advance) → live → ended → published. */
export const INTERVIEW_STATUSES = ['draft', 'announced', 'live', 'ended', 'published'] as const;
export type InterviewStatus = (typeof INTERVIEW_STATUSES)[number];
export const interviewStatusEnum = pgEnum('interview_status', INTERVIEW_STATUSES);

export const interviews = pgTable('interviews', {
  id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  /** Opaque id used by the API and sockets. */
  publicId: text().notNull().unique(),
  /** Stable public address: /interviews/<slug>. */
  slug: text().notNull().unique(),
  title: text().notNull(),
  summary: text().notNull(),
  departmentId: bigint({ mode: 'number' }).references(() => departments.id),
  hostId: bigint({ mode: 'number' }).notNull().references(() => users.id),
  coverImageUrl: text(),
  scheduledStart: timestamp({ withTimezone: true }).notNull(),
  scheduledEnd: timestamp({ withTimezone: true }).notNull(),
  status: interviewStatusEnum().notNull().default('draft'),
  /**
   * The last event sequence number handed out. Appending an event increments it in the same transaction, so the
   * row lock makes seq gap-free and ordered per interview (a rolled-back transaction gives its number back).
   */
  lastSeq: integer().notNull().default(0),
  /**
   * When the last `votes.updated` was published, by whichever process (database clock): one 同问 flush per
   * interview per FLUSH_MS across all processes (lib/interviews/votes.ts).
   */
  votesFlushedAt: timestamp({ withTimezone: true }),
  /** The question being answered now (正在回答), shown highlighted to everyone. */
  answeringQuestionId: bigint({ mode: 'number' }),
  /** Questions a citizen may ask in this interview. */
  questionQuota: integer().notNull().default(5),
  startedAt: timestamp({ withTimezone: true }),
  endedAt: timestamp({ withTimezone: true }),
  publishedAt: timestamp({ withTimezone: true }),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  version: integer().notNull().default(1),
}, (t) => [
  index('interviews_status_start_idx').on(t.status, t.scheduledStart),
  check('interviews_schedule_order', sql`${t.scheduledEnd} > ${t.scheduledStart}`),
]);

/** Leader users who are guests, with the official title shown for this interview. */
export const interviewGuests = pgTable('interview_guests', {
  interviewId: bigint({ mode: 'number' }).notNull().references(() => interviews.id),
  userId: bigint({ mode: 'number' }).notNull().references(() => users.id),
  title: text().notNull(),
  sortOrder: integer().notNull().default(0),
}, (t) => [primaryKey({ columns: [t.interviewId, t.userId] })]);

export const QUESTION_STATUSES = ['pending', 'approved', 'rejected', 'answered', 'merged'] as const;
export type QuestionStatus = (typeof QUESTION_STATUSES)[number];
export const questionStatusEnum = pgEnum('question_status', QUESTION_STATUSES);
/** Why a question was not accepted (./event-types.ts#REJECT_REASONS): its asker is told. */
export const questionRejectReasonEnum = pgEnum('question_reject_reason', REJECT_REASONS);

export const questions = pgTable('questions', {
  id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  publicId: text().notNull().unique(),
  interviewId: bigint({ mode: 'number' }).notNull().references(() => interviews.id),
  askerId: bigint({ mode: 'number' }).notNull().references(() => users.id),
  /** What the public sees; a moderator's edit changes this and keeps `originalBody`. */
  body: text().notNull(),
  originalBody: text().notNull(),
  status: questionStatusEnum().notNull().default('pending'),
  /** Rejected: the reason code the asker sees (null for rejections recorded before codes: read as `other`). */
  rejectCode: questionRejectReasonEnum(),
  /** Rejected: the moderator's note, shown to the asker with the code (before codes, the whole free-text reason). */
  rejectReason: text(),
  starred: boolean().notNull().default(false),
  votes: integer().notNull().default(0),
  /** `votes` changed since the last `votes.updated` (set by the vote, cleared by the flush of any process). */
  votesPending: boolean().notNull().default(false),
  mergedIntoId: bigint({ mode: 'number' }).references((): AnyPgColumn => questions.id),
  /** Set by the asker's client; a resent question (lost acknowledgement) is recognised, not stored twice. */
  clientId: text(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  moderatedAt: timestamp({ withTimezone: true }),
  /**
   * After the interview ends, a moderator hands each approved but unanswered question to one guest, who answers
   * it within 5 working days (Beijing date `assignmentDueOn`).
   */
  assignedToId: bigint({ mode: 'number' }).references(() => users.id),
  assignedAt: timestamp({ withTimezone: true }),
  assignmentDueOn: date({ mode: 'string' }),
  version: integer().notNull().default(1),
}, (t) => [
  index('questions_assigned_idx').on(t.assignedToId, t.status),
  index('questions_interview_status_idx').on(t.interviewId, t.status, t.id),
  // The per-asker quota count reads only this asker's questions, however large the interview grows.
  index('questions_interview_asker_idx').on(t.interviewId, t.askerId),
  uniqueIndex('questions_asker_client_id').on(t.askerId, t.clientId),
  // The vote flush reads only the questions whose counts changed.
  index('questions_votes_pending_idx').on(t.interviewId).where(sql`${t.votesPending}`),
]);

/** 同问: one vote per user and question. */
export const questionVotes = pgTable('question_votes', {
  questionId: bigint({ mode: 'number' }).notNull().references(() => questions.id),
  userId: bigint({ mode: 'number' }).notNull().references(() => users.id),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.questionId, t.userId] })]);

export const answers = pgTable('answers', {
  id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  questionId: bigint({ mode: 'number' }).notNull().unique().references(() => questions.id),
  authorId: bigint({ mode: 'number' }).notNull().references(() => users.id),
  body: text().notNull(),
  /** The first published text; a correction changes `body` and keeps this. */
  originalBody: text().notNull(),
  publishedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  /** The last correction: when and by whom (the author, or a moderator). Every correction is in `answer_corrections`. */
  correctedAt: timestamp({ withTimezone: true }),
  correctedById: bigint({ mode: 'number' }).references(() => users.id),
});

/**
 * Correction history of a published answer (issue 12, item 7): one row per correction, with the text it replaced,
 * who made it and in which capacity. Only the answer's author or a moderator corrects; the first text stays in
 * `answers.original_body`.
 */
export const answerCorrections = pgTable('answer_corrections', {
  id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  answerId: bigint({ mode: 'number' }).notNull().references(() => answers.id),
  bodyBefore: text().notNull(),
  body: text().notNull(),
  correctedById: bigint({ mode: 'number' }).notNull().references(() => users.id),
  /** 'author' (the guest who published the answer) or 'moderator' (correcting on the platform's behalf). */
  capacity: text({ enum: ['author', 'moderator'] }).notNull(),
  /** Why — required when a moderator corrects someone else's words. */
  reason: text(),
  correctedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('answer_corrections_answer_idx').on(t.answerId, t.id)]);

/** The leader's autosaved draft per question. */
export const answerDrafts = pgTable('answer_drafts', {
  questionId: bigint({ mode: 'number' }).notNull().references(() => questions.id),
  authorId: bigint({ mode: 'number' }).notNull().references(() => users.id),
  body: text().notNull(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.questionId, t.authorId] })]);

/** Host remarks (主持人发言) in the transcript. */
export const interviewRemarks = pgTable('interview_remarks', {
  id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  interviewId: bigint({ mode: 'number' }).notNull().references(() => interviews.id),
  authorId: bigint({ mode: 'number' }).notNull().references(() => users.id),
  body: text().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('interview_remarks_interview_idx').on(t.interviewId, t.id)]);

/**
 * The public event log of an interview: what viewers receive, in seq order, gap-free. Written in the transaction
 * of the change; broadcast after commit; read for catch-up on join and reconnect.
 */
export const interviewEvents = pgTable('interview_events', {
  interviewId: bigint({ mode: 'number' }).notNull().references(() => interviews.id),
  seq: integer().notNull(),
  type: text().notNull(),
  payload: jsonb().$type<Record<string, unknown>>().notNull(),
  at: timestamp({ withTimezone: true }).notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.interviewId, t.seq] })]);

/**
 * Subscriptions (issue 16, item 6): a citizen asks to be told when an announced interview goes live and when its
 * transcript is published (lib/interviews/subscriptions.ts). One row per citizen and interview.
 */
export const interviewSubscriptions = pgTable('interview_subscriptions', {
  interviewId: bigint({ mode: 'number' }).notNull().references(() => interviews.id),
  userId: bigint({ mode: 'number' }).notNull().references(() => users.id),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.interviewId, t.userId] }),
  // "My subscriptions" and the account's own rows read by user.
  index('interview_subscriptions_user_idx').on(t.userId),
]);
