import { bigint, date, index, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';

/**
 * The 三率 rollup (issue 14 item 6, lib/stats/rates.ts). Derived data only — every row can be rebuilt from
 * `letter_events` (plus the calendar, the limits and the department names, whose fingerprint is kept in
 * `rate_state`): dropping all three tables' rows and calling refreshRates() gives the same figures.
 *
 * - `letter_rate_facts`: what one letter contributes, one row per counted event (an acceptance, an answer with its
 *   rating, a 催办, a 督办), at the Beijing day and department it is counted under. Recomputed for a whole letter
 *   whenever the letter gets a new event.
 * - `rate_daily`: the facts summed per Beijing day and department, kept equal to the sum of the facts by deltas in
 *   the same transaction; a month or a year is a sum over at most 366 × departments rows.
 * - `rate_state`: how far the event log has been folded in (see refreshRates).
 */
const counters = () => ({
  /** `accepted` events. */
  accepted: integer().notNull().default(0),
  /** …of which the triage due date is known, and of which accepted on or before it. */
  acceptedTimed: integer().notNull().default(0),
  acceptedOnTime: integer().notNull().default(0),
  /** `answered` events (a 重办's answer counts again). */
  answered: integer().notNull().default(0),
  answeredTimed: integer().notNull().default(0),
  answeredOnTime: integer().notNull().default(0),
  /** Answers whose start of handling is known, and the sum of their working days. */
  daysCounted: integer().notNull().default(0),
  workingDays: integer().notNull().default(0),
  /** Answers rated by the writer (not closed_unrated), and of which 满意 or 基本满意. */
  rated: integer().notNull().default(0),
  satisfied: integer().notNull().default(0),
  urged: integer().notNull().default(0),
  supervised: integer().notNull().default(0),
});

export const letterRateFacts = pgTable('letter_rate_facts', {
  letterId: bigint({ mode: 'number' }).notNull(),
  seq: integer().notNull(),
  day: date({ mode: 'string' }).notNull(),
  /** 0 when the department is unknown (counted for the bureau only). */
  departmentId: bigint({ mode: 'number' }).notNull(),
  ...counters(),
}, (t) => [primaryKey({ columns: [t.letterId, t.seq] })]);

export const rateDaily = pgTable('rate_daily', {
  day: date({ mode: 'string' }).notNull(),
  departmentId: bigint({ mode: 'number' }).notNull(),
  ...counters(),
}, (t) => [primaryKey({ columns: [t.day, t.departmentId] }), index('rate_daily_department_idx').on(t.departmentId, t.day)]);

export const rateState = pgTable('rate_state', {
  id: integer().primaryKey(),
  /** Every event with id ≤ safeEventId has been folded in and no committed event can still appear below it. */
  safeEventId: bigint({ mode: 'number' }).notNull().default(0),
  /** count(*) and max(id) of the events above safeEventId when last folded in: unchanged → nothing to do. */
  windowCount: bigint({ mode: 'number' }).notNull().default(0),
  windowMax: bigint({ mode: 'number' }).notNull().default(0),
  /** md5 of the calendar, the limits and the department names the facts were computed with. */
  fingerprint: text().notNull().default(''),
});
