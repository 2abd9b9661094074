import { asc } from 'drizzle-orm';
import type { Db, Tx } from '../db';
import { calendarDays, calendarYears } from './schema';
import type { CalendarRules } from './workdays';

export * from './workdays';

/** The calendar as rules for the working-day functions; read per operation so admin edits count at once. */
export async function loadCalendarRules(db: Db | Tx): Promise<CalendarRules> {
  const rows = await db.select({ day: calendarDays.day, kind: calendarDays.kind }).from(calendarDays);
  return {
    holidays: new Set(rows.filter((r) => r.kind === 'holiday').map((r) => r.day)),
    workdays: new Set(rows.filter((r) => r.kind === 'workday').map((r) => r.day)),
  };
}

export interface CalendarYearView {
  year: number;
  status: 'announced' | 'provisional';
  source: string;
  days: Array<{ day: string; kind: 'holiday' | 'workday'; name: string }>;
}

export async function listCalendarYears(db: Db | Tx): Promise<CalendarYearView[]> {
  const [years, days] = await Promise.all([
    db.select().from(calendarYears).orderBy(asc(calendarYears.year)),
    db.select().from(calendarDays).orderBy(asc(calendarDays.day)),
  ]);
  return years.map((y) => ({
    year: y.year,
    status: y.status,
    source: y.source,
    days: days.filter((d) => d.day.startsWith(`${y.year}-`)),
  }));
}
