import { sql } from 'drizzle-orm';
import { bigint, check, customType, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { departments, users } from '../accounts/schema';
import { catalogueCategories, catalogueItems } from '../disclosure/schema';
import { interviews } from '../interviews/schema';
import { letterAttachments, letters, letterKindEnum, ratingEnum } from '../letters/schema';
import { bytea } from '../db/columns';

/**
 * Chinese has no spaces, so PostgreSQL's parsers see a whole sentence as one word. The archive indexes overlapping
 * character bigrams instead (lib/archive/search.ts), stored as a `simple` tsvector: the same on PGlite and PostgreSQL,
 * no extension needed, and a two-character word is one GIN lookup.
 */
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

export const ARCHIVE_KINDS = ['letter', 'interview'] as const;
export type ArchiveKind = (typeof ARCHIVE_KINDS)[number];
export const archiveKindEnum = pgEnum('archive_kind', ARCHIVE_KINDS);

/** draft: a moderator is curating it; published: public; unpublished: taken down with a reason (can return). */
export const ARCHIVE_STATUSES = ['draft', 'published', 'unpublished'] as const;
export type ArchiveStatus = (typeof ARCHIVE_STATUSES)[number];
export const archiveStatusEnum = pgEnum('archive_status', ARCHIVE_STATUSES);

/**
 * The public answer archive (答复公开 / 访谈实录). Only masked text lives here; the originals stay in letters and
 * interviews. A published entry is also a disclosure catalogue item.
 */
export const archiveEntries = pgTable('archive_entries', {
  id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  /** Stable public address: /archive/<publicId>. */
  publicId: text().notNull().unique(),
  kind: archiveKindEnum().notNull(),
  letterId: bigint({ mode: 'number' }).references(() => letters.id),
  interviewId: bigint({ mode: 'number' }).references(() => interviews.id),
  letterKind: letterKindEnum(),
  status: archiveStatusEnum().notNull().default('draft'),
  departmentId: bigint({ mode: 'number' }).references(() => departments.id),
  categoryId: bigint({ mode: 'number' }).references(() => catalogueCategories.id),
  catalogueItemId: bigint({ mode: 'number' }).references(() => catalogueItems.id),
  /** Public (masked) texts. For an interview: its summary as `question`, the transcript as `answer`. */
  title: text().notNull(),
  question: text().notNull(),
  answer: text().notNull(),
  /**
   * A digest of the source's answer text (a letter's answers, an interview's transcript) when the public answer was
   * last taken from it (lib/archive/curation.ts#sourceDigest): a correction or a later answer changes the source,
   * and the editor says so. Null for entries made before it was kept.
   */
  sourceDigest: text(),
  /** Names and other strings a moderator marked for masking, re-applied when the text is masked again. */
  maskedTerms: jsonb().$type<string[]>().notNull().default([]),
  submittedAt: timestamp({ withTimezone: true }).notNull(),
  answeredAt: timestamp({ withTimezone: true }),
  /** Working days from submission to answer on the official calendar. */
  workingDays: integer(),
  year: integer().notNull(),
  /**
   * The writer's rating of the answer (letters only), kept equal to letters.rating by the letter's rate / reopen /
   * 重办 transitions (lib/letters/operations.ts) so the 政民互动 board can show and filter it from this table alone.
   * Only the rating: the rating comment is the writer's own text and never public.
   */
  rating: ratingEnum(),
  searchVector: tsvector().notNull(),
  publishedAt: timestamp({ withTimezone: true }),
  unpublishedAt: timestamp({ withTimezone: true }),
  unpublishReason: text(),
  curatedById: bigint({ mode: 'number' }).references(() => users.id),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  version: integer().notNull().default(1),
}, (t) => [
  uniqueIndex('archive_entries_letter_idx').on(t.letterId),
  uniqueIndex('archive_entries_interview_idx').on(t.interviewId),
  index('archive_entries_public_idx').on(t.status, t.publishedAt, t.id),
  index('archive_entries_filter_idx').on(t.status, t.kind, t.departmentId, t.year),
  // Year filters and the list's year choices (min/max) read this instead of the whole table.
  index('archive_entries_year_idx').on(t.status, t.year, t.publishedAt, t.id),
  // A department's entries newest first, with and without a year: list and search walks (lib/archive/public-queries.ts)
  // read only that department's rows instead of skipping the other departments' (87 % of the archive for the median one).
  index('archive_entries_department_idx').on(t.status, t.departmentId, t.publishedAt, t.id),
  index('archive_entries_department_year_idx').on(t.status, t.departmentId, t.year, t.publishedAt, t.id),
  // The 政民互动 board (app/letters/page.tsx): letters of one kind, or with one rating, newest first.
  index('archive_entries_letter_kind_idx').on(t.status, t.letterKind, t.publishedAt, t.id),
  index('archive_entries_rating_idx').on(t.status, t.rating, t.publishedAt, t.id),
  index('archive_entries_search_idx').using('gin', t.searchVector),
  check('archive_entries_source', sql`(${t.kind} = 'letter') = (${t.letterId} is not null) and (${t.kind} = 'interview') = (${t.interviewId} is not null)`),
]);

export const FLAG_STATUSES = ['open', 'dismissed', 'actioned'] as const;
export type FlagStatus = (typeof FLAG_STATUSES)[number];
export const flagStatusEnum = pgEnum('archive_flag_status', FLAG_STATUSES);

/** A signed-in user's report of a published entry (e.g. personal data left unmasked). */
export const archiveFlags = pgTable('archive_flags', {
  id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  publicId: text().notNull().unique(),
  entryId: bigint({ mode: 'number' }).notNull().references(() => archiveEntries.id),
  reporterId: bigint({ mode: 'number' }).notNull().references(() => users.id),
  reason: text().notNull(),
  status: flagStatusEnum().notNull().default('open'),
  handledById: bigint({ mode: 'number' }).references(() => users.id),
  handledAt: timestamp({ withTimezone: true }),
  resolution: text(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('archive_flags_status_idx').on(t.status, t.createdAt),
  // One open report per user and entry; a second click is recognised, not stored twice.
  uniqueIndex('archive_flags_open_once').on(t.entryId, t.reporterId).where(sql`${t.status} = 'open'`),
]);

/** A rectangle of an image as fractions of its width and height (0–1), top-left origin. */
export interface MaskRegion { x: number; y: number; w: number; h: number }

/**
 * A letter's image attachment included in the letter's archive entry (issue 17 item 2): never the original — a new
 * copy rendered by a moderator with the marked regions filled solid, re-encoded without metadata. Served publicly
 * only while the entry is published (lib/archive/attachments.ts); the original stays in letter_attachments.
 */
export const archiveAttachments = pgTable('archive_attachments', {
  id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  publicId: text().notNull().unique(),
  entryId: bigint({ mode: 'number' }).notNull().references(() => archiveEntries.id),
  /** The letter attachment it was made from (one masked copy per attachment and entry; masking again replaces it). */
  sourceId: bigint({ mode: 'number' }).notNull().references(() => letterAttachments.id),
  /** The source's file name, masked again with the entry's marked terms. */
  fileName: text().notNull(),
  mimeType: text().notNull(),
  sizeBytes: integer().notNull(),
  sha256: text().notNull(),
  data: bytea().notNull(),
  width: integer().notNull(),
  height: integer().notNull(),
  regions: jsonb().$type<MaskRegion[]>().notNull(),
  createdById: bigint({ mode: 'number' }).notNull().references(() => users.id),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('archive_attachments_source_idx').on(t.entryId, t.sourceId),
]);
