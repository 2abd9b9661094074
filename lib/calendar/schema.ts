import { date, integer, pgEnum, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const calendarDayKindEnum = pgEnum('calendar_day_kind', ['holiday', 'workday']);
export const calendarYearStatusEnum = pgEnum('calendar_year_status', ['announced', 'provisional']);

/**
 * One row per year the calendar covers. "provisional" means the State Council has not announced the year's
 * arrangement yet: only the statutory holiday days are known, make-up workdays are not.
 */
export const calendarYears = pgTable('calendar_years', {
  year: integer().primaryKey(),
  status: calendarYearStatusEnum().notNull(),
  source: text().notNull(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/** Exceptions to the Monday–Friday week: holidays on weekdays and make-up workdays (调休) on weekends. */
export const calendarDays = pgTable('calendar_days', {
  day: date({ mode: 'string' }).primaryKey(),
  kind: calendarDayKindEnum().notNull(),
  name: text().notNull(),
});
