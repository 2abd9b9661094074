import { sql } from 'drizzle-orm';
import { bigint, check, date, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { departments, users } from '../accounts/schema';

/**
 * The accountability loop (issue 14): 催办, 督办, 回访, the escalation ladder and the monthly 留言统计, for letters
 * and applications alike. A case is (kind, id): a row of `letters` or of `disclosure_applications`.
 */
export const CASE_KINDS = ['letter', 'application'] as const;
export type CaseKind = (typeof CASE_KINDS)[number];
export const caseKindEnum = pgEnum('case_kind', CASE_KINDS);

/** A writer's or applicant's 催办 after the due date passed (at most once every 3 working days). */
export const caseUrges = pgTable('case_urges', {
  id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  caseKind: caseKindEnum().notNull(),
  caseId: bigint({ mode: 'number' }).notNull(),
  userId: bigint({ mode: 'number' }).notNull().references(() => users.id),
  /** Beijing date of the urge: the 3-working-day spacing is counted from it. */
  urgedOn: date({ mode: 'string' }).notNull(),
  at: timestamp({ withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('case_urges_case_idx').on(t.caseKind, t.caseId, t.at)]);

/** A moderator's or admin's 督办: a note and a target date, with its own deadline and overdue state. */
export const caseSupervisions = pgTable('case_supervisions', {
  id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  caseKind: caseKindEnum().notNull(),
  caseId: bigint({ mode: 'number' }).notNull(),
  note: text().notNull(),
  /** Beijing date by which the department must answer; after it the supervision is overdue. */
  targetDate: date({ mode: 'string' }).notNull(),
  createdBy: bigint({ mode: 'number' }).notNull().references(() => users.id),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  /** Set when the case is answered (or otherwise leaves the open states). */
  resolvedAt: timestamp({ withTimezone: true }),
}, (t) => [index('case_supervisions_case_idx').on(t.caseKind, t.caseId), index('case_supervisions_open_idx').on(t.resolvedAt, t.targetDate)]);

/** A 回访 made by phone (or in person), recorded by a moderator with its result. */
export const CALLBACK_RESULTS = ['satisfied', 'basically_satisfied', 'unsatisfied', 'unreachable'] as const;
export type CallbackResult = (typeof CALLBACK_RESULTS)[number];
export const caseCallbacks = pgTable('case_callbacks', {
  id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  caseKind: caseKindEnum().notNull(),
  caseId: bigint({ mode: 'number' }).notNull(),
  result: text().notNull().$type<CallbackResult>(),
  note: text().notNull().default(''),
  createdBy: bigint({ mode: 'number' }).notNull().references(() => users.id),
  at: timestamp({ withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('case_callbacks_case_idx').on(t.caseKind, t.caseId)]);

/**
 * Each automatic ladder step fires exactly once per case and round (a 重办 starts round 2): the unique key is the
 * claim, so several app processes never send one step twice.
 */
export const caseLadderSteps = pgTable('case_ladder_steps', {
  caseKind: caseKindEnum().notNull(),
  caseId: bigint({ mode: 'number' }).notNull(),
  step: text().notNull(),
  round: integer().notNull().default(1),
  firedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.caseKind, t.caseId, t.step, t.round] })]);

/** Admin settings of the loop, in working days; defaults in lib/accountability/settings.ts. */
export const accountabilitySettings = pgTable('accountability_settings', {
  key: text().primaryKey(),
  workingDays: integer().notNull(),
}, (t) => [check('accountability_settings_range', sql`${t.workingDays} between 1 and 60`)]);

/** The monthly internal 通报: one per department and month, whichever process gets there first. */
export const departmentBulletins = pgTable('department_bulletins', {
  month: text().notNull(),
  departmentId: bigint({ mode: 'number' }).notNull().references(() => departments.id),
  figures: jsonb().$type<Record<string, unknown>>().notNull(),
  sentAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('department_bulletins_month_department').on(t.month, t.departmentId)]);

/** The public monthly 留言统计 (one per month 'YYYY-MM'), published automatically after the month ends. */
export const messageStatistics = pgTable('message_statistics', {
  month: text().primaryKey(),
  figures: jsonb().$type<Record<string, unknown>>().notNull(),
  publishedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/**
 * The supervision board's count of open letters (状态 submitted / accepted / needs_info) per department (null: awaiting
 * triage), kept exact by the database itself: a trigger on `letters` (migration 0040) adds +1 / −1 rows whenever a
 * letter enters or leaves the open states or changes department, in the writing transaction, so the sum of `delta`
 * is always the count — without counting the open letters on every board read (66,023 of them at 1,000,000 letters:
 * ~10 ms of PostgreSQL CPU per page). Appending rows, not updating one per department, so concurrent writers never
 * wait on each other; compactOpenLetterCounts (lib/accountability/open-counts.ts) folds them into one row per
 * department every minute.
 */
export const openLetterCountDeltas = pgTable('open_letter_count_deltas', {
  departmentId: bigint({ mode: 'number' }),
  delta: integer().notNull(),
}, (t) => [index('open_letter_count_deltas_department_idx').on(t.departmentId)]);
