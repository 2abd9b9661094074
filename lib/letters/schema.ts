import { sql } from 'drizzle-orm';
import { bigint, boolean, check, date, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { departments, users } from '../accounts/schema';
import { bytea } from '../db/columns';
import { districts, topics } from '../topics/schema';

export const LETTER_KINDS = ['inquiry', 'complaint', 'suggestion'] as const;
export type LetterKind = (typeof LETTER_KINDS)[number];
export const letterKindEnum = pgEnum('letter_kind', LETTER_KINDS);

/**
 * DESIGN.md §4. `transferred`, `extended` and `reopened` are events, not states: a transferred letter stays
 * accepted in its new department; a reopened one goes back to accepted with `reopened = true`. `merged` is a
 * duplicate a moderator joined to another letter (`mergedIntoId`): its writer sees that letter's answer.
 */
export const LETTER_STATUSES = ['submitted', 'accepted', 'needs_info', 'answered', 'closed', 'not_accepted', 'merged'] as const;
export type LetterStatus = (typeof LETTER_STATUSES)[number];
export const letterStatusEnum = pgEnum('letter_status', LETTER_STATUSES);

export const RATINGS = ['satisfied', 'basically_satisfied', 'unsatisfied'] as const;
export type Rating = (typeof RATINGS)[number];
export const ratingEnum = pgEnum('letter_rating', RATINGS);

/**
 * How a letter reached the bureau (issue 17, 来信渠道): the website, or entered by staff for a person who phoned,
 * wrote on paper, came in person, sent an e-mail or was transferred from the city's 12345 hotline.
 */
export const LETTER_CHANNELS = ['web', 'phone', 'paper', 'in_person', 'email', 'hotline_12345'] as const;
export type LetterChannel = (typeof LETTER_CHANNELS)[number];
export const STAFF_CHANNELS = ['phone', 'paper', 'in_person', 'email', 'hotline_12345'] as const;
export const letterChannelEnum = pgEnum('letter_channel', LETTER_CHANNELS);

export const letters = pgTable('letters', {
  id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  /** YYYYMMDD (Beijing date of submission) + 4-digit daily sequence. */
  trackingNo: text().notNull().unique(),
  /** 6 digits; lets a visitor look the letter up together with the tracking number. */
  queryCode: text().notNull(),
  kind: letterKindEnum().notNull(),
  status: letterStatusEnum().notNull().default('submitted'),
  writerId: bigint({ mode: 'number' }).notNull().references(() => users.id),
  /** The department the writer chose; null for "不确定". */
  requestedDepartmentId: bigint({ mode: 'number' }).references(() => departments.id),
  /** The department working the letter, set on acceptance and transfer. */
  departmentId: bigint({ mode: 'number' }).references(() => departments.id),
  /**
   * The department's name as it was, kept when the department is renamed after this letter was finished (history):
   * null while the current name applies. Views show coalesce(departmentName, departments.name).
   */
  departmentName: text(),
  title: text().notNull(),
  body: text().notNull(),
  consentToPublish: boolean().notNull(),
  submittedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  acceptedAt: timestamp({ withTimezone: true }),
  answeredAt: timestamp({ withTimezone: true }),
  closedAt: timestamp({ withTimezone: true }),
  /**
   * The deadline clock: `clockStart` is the Beijing date it (re)started, `remainingDays` the working days left
   * from there. dueOn = addWorkingDays(clockStart, remainingDays); kept stored for sorting, and recomputed for
   * open letters when the calendar or a limit changes. While the clock is stopped (needs_info) dueOn is null.
   */
  clockStart: date({ mode: 'string' }),
  remainingDays: integer(),
  dueOn: date({ mode: 'string' }),
  extensionDays: integer().notNull().default(0),
  reopened: boolean().notNull().default(false),
  rating: ratingEnum(),
  ratingComment: text(),
  ratedAt: timestamp({ withTimezone: true }),
  /** Optimistic concurrency: every change bumps it; a change made against an older version is refused (409). */
  version: integer().notNull().default(1),
  idempotencyKey: text(),
  mergedIntoId: bigint({ mode: 'number' }).references((): AnyPgColumn => letters.id),
  /** Where the letter came in (LETTER_CHANNELS); every channel shares the same clock and counts in the statistics. */
  channel: letterChannelEnum().notNull().default('web'),
  /**
   * Staff-entered letters (lib/letters/intake.ts): the Beijing date the bureau received it (the clock starts there),
   * the staff member who entered it, and the person it was entered for. Until the person claims it into a citizen
   * account (`claimedAt`), `writerId` is the staff member who entered it — who never plays the writer's part, since
   * only a citizen does (transitions.ts#rolesFor) — and notices go to `onBehalfEmail`.
   */
  receivedOn: date({ mode: 'string' }),
  enteredById: bigint({ mode: 'number' }).references(() => users.id),
  onBehalfName: text(),
  onBehalfPhone: text(),
  onBehalfEmail: text(),
  claimedAt: timestamp({ withTimezone: true }),
  /**
   * The writer's language (lib/i18n/config LOCALES): the page's at web intake, the staff intake form's choice for a
   * letter entered for someone. E-mails to a writer without an account (onBehalfEmail) are written in it.
   */
  locale: text().notNull().default('zh-CN'),
  /**
   * 诉求分类 (lib/topics): the topic the writer picked (suggested from the text) and staff may correct (the letter
   * action `set_topic`), the district and the place it concerns (free text, masked like the body where the letter is).
   */
  topicId: bigint({ mode: 'number' }).references(() => topics.id),
  districtId: bigint({ mode: 'number' }).references(() => districts.id),
  place: text(),
}, (t) => [
  uniqueIndex('letters_writer_idempotency').on(t.writerId, t.idempotencyKey),
  index('letters_writer_idx').on(t.writerId, t.submittedAt),
  index('letters_queue_idx').on(t.departmentId, t.status, t.dueOn),
  index('letters_status_idx').on(t.status, t.submittedAt),
  // The statistics and the annual report count letters answered and rated in a year.
  index('letters_answered_idx').on(t.answeredAt),
  index('letters_rated_idx').on(t.ratedAt),
  index('letters_submitted_idx').on(t.submittedAt),
  // The supervision board (督办台, lib/accountability/supervision.ts): open letters by due date, submission and
  // tracking number, bureau-wide and per department, so a page of the most urgent is an index walk.
  index('letters_open_due_idx').on(t.dueOn, t.submittedAt, t.trackingNo).where(sql`${t.status} in ('submitted', 'accepted', 'needs_info')`),
  index('letters_open_department_due_idx').on(t.departmentId, t.dueOn, t.submittedAt, t.trackingNo).where(sql`${t.status} in ('submitted', 'accepted', 'needs_info')`),
  index('letters_channel_idx').on(t.channel, t.submittedAt),
  index('letters_topic_idx').on(t.topicId),
  // The weekly hotspots (lib/hotspots): letters of a few weeks counted by topic and district from the index alone.
  index('letters_hotspot_idx').on(t.submittedAt, t.topicId, t.districtId),
  // Duplicates for staff (lib/letters/duplicates.ts, issue 17 item 5): letters of the same topic or district, newest
  // first, and letters whose titles share two terms — CJK bigrams and Latin/digit words (letter_title_terms, an
  // immutable SQL function created by migration letter_title_terms) — through GIN.
  index('letters_topic_recent_idx').on(t.topicId, t.submittedAt),
  index('letters_district_recent_idx').on(t.districtId, t.submittedAt),
  // fastupdate off: letters arrive at a human pace, and a pending list would be read whole by every search.
  index('letters_title_terms_idx').using('gin', sql`letter_title_terms(${t.title})`).with({ fastupdate: false }),
  check('letters_extension_range', sql`${t.extensionDays} between 0 and 30`),
]);

/** Replies and messages on a letter: the answer, a request for information and the writer's answer to it. */
export const LETTER_MESSAGE_KINDS = ['answer', 'info_request', 'info_provided'] as const;
export const letterMessageKindEnum = pgEnum('letter_message_kind', LETTER_MESSAGE_KINDS);

export const letterMessages = pgTable('letter_messages', {
  id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  letterId: bigint({ mode: 'number' }).notNull().references(() => letters.id),
  kind: letterMessageKindEnum().notNull(),
  authorId: bigint({ mode: 'number' }).notNull().references(() => users.id),
  departmentId: bigint({ mode: 'number' }).references(() => departments.id),
  /** The department's name when the message was written, kept on a later rename (null: the current name). */
  departmentName: text(),
  body: text().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('letter_messages_letter_idx').on(t.letterId, t.id)]);

/**
 * Photos and PDFs attached to a letter (`messageId` null) or to one of its follow-ups (a reply, a request for
 * information, the writer's answer to it): at most 5 each, 10 MB each (lib/letters/attachments.ts). Stored in the
 * database like disclosure_files. Images are re-encoded (no EXIF, no GPS) with a thumbnail; the file name is masked
 * as public text is. Private to the writer and the staff of the case: never part of an archive entry.
 */
export const ATTACHMENT_KINDS = ['image', 'pdf'] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];
export const letterAttachments = pgTable('letter_attachments', {
  id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  publicId: text().notNull().unique(),
  letterId: bigint({ mode: 'number' }).notNull().references(() => letters.id),
  messageId: bigint({ mode: 'number' }).references(() => letterMessages.id),
  kind: text().notNull().$type<AttachmentKind>(),
  mimeType: text().notNull(),
  sizeBytes: integer().notNull(),
  sha256: text().notNull(),
  data: bytea().notNull(),
  /** A JPEG of at most 320 px (images only). */
  thumbnail: bytea(),
  width: integer(),
  height: integer(),
  /** As uploaded, cleaned and masked (names, telephone numbers, ID numbers… replaced as in published text). */
  fileName: text().notNull(),
  uploadedById: bigint({ mode: 'number' }).notNull().references(() => users.id),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('letter_attachments_letter_idx').on(t.letterId, t.id),
  check('letter_attachments_kind', sql`${t.kind} in ('image', 'pdf')`),
]);

/**
 * The letter's timeline (Alaveteli's event log): every transition, who, when, with data. `public` events are the
 * citizen-safe timeline shown to the writer and to visitors with the query code.
 */
export const letterEvents = pgTable('letter_events', {
  id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  letterId: bigint({ mode: 'number' }).notNull().references(() => letters.id),
  type: text().notNull(),
  actorId: bigint({ mode: 'number' }).references(() => users.id),
  actorRole: text().notNull(),
  at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  public: boolean().notNull().default(true),
  data: jsonb().$type<Record<string, unknown>>().notNull().default({}),
}, (t) => [index('letter_events_letter_idx').on(t.letterId, t.id)]);

/** Daily counters behind tracking numbers. */
export const letterCounters = pgTable('letter_counters', {
  day: text().primaryKey(),
  last: integer().notNull(),
});

/** Working-day limits, admin-configurable: per kind, and `triage` for moderators' first decision. */
export const DEADLINE_KEYS = ['inquiry', 'suggestion', 'complaint', 'triage'] as const;
export type DeadlineKey = (typeof DEADLINE_KEYS)[number];
export const letterDeadlines = pgTable('letter_deadlines', {
  key: text().primaryKey().$type<DeadlineKey>(),
  workingDays: integer().notNull(),
}, (t) => [check('letter_deadlines_range', sql`${t.workingDays} between 1 and 60`)]);

/** Reply templates per department, for the reply editor. */
export const replyTemplates = pgTable('reply_templates', {
  id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  departmentId: bigint({ mode: 'number' }).references(() => departments.id),
  title: text().notNull(),
  body: text().notNull(),
});

/** One overdue digest per department per Beijing day, whichever app process gets there first. */
export const overdueDigests = pgTable('overdue_digests', {
  day: text().notNull(),
  departmentId: bigint({ mode: 'number' }).notNull().references(() => departments.id),
  letters: integer().notNull(),
  sentAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('overdue_digests_day_department').on(t.day, t.departmentId)]);
