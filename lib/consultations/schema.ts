import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { departments, users } from '../accounts/schema';
import { catalogueItems, disclosureFiles } from '../disclosure/schema';

/**
 * 意见征集 (issue 16 item 2): a moderator drafts a consultation, opens it, closes it, gives every comment a
 * disposition and publishes the feedback report (反馈) as a catalogue item of the disclosure column.
 */
export const CONSULTATION_STATUSES = ['draft', 'open', 'closed', 'feedback_published'] as const;
export type ConsultationStatus = (typeof CONSULTATION_STATUSES)[number];
export const consultationStatusEnum = pgEnum('consultation_status', CONSULTATION_STATUSES);

export interface ConsultationSection {
  heading: string;
  body: string;
}

export const consultations = pgTable('consultations', {
  id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  publicId: text().notNull().unique(),
  /** Stable public address: /consultations/<slug>. */
  slug: text().notNull().unique(),
  title: text().notNull(),
  summary: text().notNull(),
  /** The draft text, in sections; comments may name a section by its index. */
  sections: jsonb().$type<ConsultationSection[]>().notNull(),
  /** The responsible department (承办部门). */
  departmentId: bigint({ mode: 'number' }).notNull().references(() => departments.id),
  opensAt: timestamp({ withTimezone: true }).notNull(),
  closesAt: timestamp({ withTimezone: true }).notNull(),
  /** Why the period is shorter than 30 days (required then; the public page shows it). */
  shortPeriodReason: text(),
  /** true: comments wait for a moderator before they appear; false: published at once. */
  moderateComments: boolean().notNull().default(true),
  /** Comments one citizen may leave on this consultation. */
  commentQuota: integer().notNull().default(5),
  status: consultationStatusEnum().notNull().default('draft'),
  openedAt: timestamp({ withTimezone: true }),
  closedAt: timestamp({ withTimezone: true }),
  /** Why it closed before `closesAt` (a moderator's early close). */
  earlyCloseReason: text(),
  feedbackPublishedAt: timestamp({ withTimezone: true }),
  /** The feedback report's catalogue item (反馈, in the disclosure column). */
  feedbackItemId: bigint({ mode: 'number' }).references(() => catalogueItems.id),
  /** The document the consultation led to (issue 16 item 3): a catalogue item. */
  resultItemId: bigint({ mode: 'number' }).references(() => catalogueItems.id),
  createdById: bigint({ mode: 'number' }).notNull().references(() => users.id),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  version: integer().notNull().default(1),
}, (t) => [
  index('consultations_status_idx').on(t.status, t.closesAt),
  check('consultations_period_order', sql`${t.closesAt} > ${t.opensAt}`),
]);

/** PDF attachments of a consultation (the draft, an explanation): checked PDFs stored with the disclosure files. */
export const consultationAttachments = pgTable('consultation_attachments', {
  consultationId: bigint({ mode: 'number' }).notNull().references(() => consultations.id),
  fileId: bigint({ mode: 'number' }).notNull().references(() => disclosureFiles.id),
  sortOrder: integer().notNull().default(0),
}, (t) => [primaryKey({ columns: [t.consultationId, t.fileId] })]);

export const COMMENT_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type CommentStatus = (typeof COMMENT_STATUSES)[number];
export const consultationCommentStatusEnum = pgEnum('consultation_comment_status', COMMENT_STATUSES);

/**
 * Why a comment is not published: a fixed code the commenter is told (labels in the messages, consultations.rejectReason),
 * with an optional note.
 */
export const COMMENT_REJECT_REASONS = ['off_topic', 'personal_data', 'abusive', 'advertising', 'duplicate', 'use_letters', 'other'] as const;
export type CommentRejectReason = (typeof COMMENT_REJECT_REASONS)[number];
export const consultationCommentRejectReasonEnum = pgEnum('consultation_comment_reject_reason', COMMENT_REJECT_REASONS);

export const DISPOSITIONS = ['adopted', 'partly_adopted', 'not_adopted'] as const;
export type Disposition = (typeof DISPOSITIONS)[number];
export const consultationDispositionEnum = pgEnum('consultation_disposition', DISPOSITIONS);

export const consultationComments = pgTable('consultation_comments', {
  id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  publicId: text().notNull().unique(),
  consultationId: bigint({ mode: 'number' }).notNull().references(() => consultations.id),
  authorId: bigint({ mode: 'number' }).notNull().references(() => users.id),
  /** The section commented on; null: the whole draft. */
  sectionIndex: integer(),
  /** What the public sees: masked like letters (lib/archive/masking). */
  body: text().notNull(),
  /** What the citizen wrote; staff only. */
  originalBody: text().notNull(),
  status: consultationCommentStatusEnum().notNull().default('pending'),
  /** Why it was not published (a code of COMMENT_REJECT_REASONS; set with status rejected). */
  rejectCode: consultationCommentRejectReasonEnum(),
  /** The moderator's optional note with the code, told to the commenter. */
  rejectReason: text(),
  /** The submitting form's id: a retried submission with the same clientId returns the first comment. */
  clientId: text(),
  moderatedAt: timestamp({ withTimezone: true }),
  moderatedById: bigint({ mode: 'number' }).references(() => users.id),
  disposition: consultationDispositionEnum(),
  /** Required for 不予采纳; shown in the feedback report. */
  dispositionReason: text(),
  disposedAt: timestamp({ withTimezone: true }),
  disposedById: bigint({ mode: 'number' }).references(() => users.id),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('consultation_comments_consultation_idx').on(t.consultationId, t.status, t.sectionIndex),
  index('consultation_comments_author_idx').on(t.authorId, t.consultationId),
  uniqueIndex('consultation_comments_author_client_id').on(t.authorId, t.clientId),
]);

/** 订阅提醒 (issue 16 item 6): told when the consultation closes and when its feedback is published. */
export const consultationSubscriptions = pgTable('consultation_subscriptions', {
  consultationId: bigint({ mode: 'number' }).notNull().references(() => consultations.id),
  userId: bigint({ mode: 'number' }).notNull().references(() => users.id),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.consultationId, t.userId] }),
  index('consultation_subscriptions_user_idx').on(t.userId),
]);
