import { BEIJING_FIXED_FROM, BEIJING_FIXED_UNTIL, BEIJING_OFFSET_MS } from './date-format';

/**
 * Working-day arithmetic on calendar dates ("YYYY-MM-DD") in China Standard Time.
 * A day is a working day when it is a make-up workday, or a Monday–Friday that is not a holiday.
 */
export interface CalendarRules {
  holidays: ReadonlySet<string>;
  workdays: ReadonlySet<string>;
}

const CHINA_DATE = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/**
 * The calendar date in Beijing at an instant: in 1992–9999 from the shifted instant's ISO string (a fifth of Intl's
 * work, on paths that date every row), otherwise — and for an invalid date, which throws — through Intl as before.
 */
export function chinaDate(instant: Date): string {
  const ms = instant.getTime();
  if (ms >= BEIJING_FIXED_FROM && ms < BEIJING_FIXED_UNTIL) return new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
  return CHINA_DATE.format(instant);
}

/**
 * The calendar year in Beijing at an instant (default: now). Every "this year" of the platform is this one: from
 * 31 December 16:00 UTC it is already the next year in Beijing, whatever the server's own time zone.
 */
export function chinaYear(instant: Date = new Date()): number {
  return Number(chinaDate(instant).slice(0, 4));
}

function shift(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Whole days since 1970-01-01 of a YYYY-MM-DD date. */
function dayNumber(day: string): number {
  return Math.round(Date.parse(`${day}T00:00:00Z`) / 86_400_000);
}

/** Monday to Friday, by day number (1970-01-01 was a Thursday). */
function isWeekday(n: number): boolean {
  const weekday = (((n + 4) % 7) + 7) % 7;
  return weekday >= 1 && weekday <= 5;
}

export function isWorkingDay(day: string, rules: CalendarRules): boolean {
  if (rules.workdays.has(day)) return true;
  if (rules.holidays.has(day)) return false;
  return isWeekday(dayNumber(day));
}

/**
 * The date n working days after `start`; the start day itself never counts (a letter accepted on Friday with a
 * limit of 1 is due on the next working day). n = 0 returns the start day.
 */
export function addWorkingDays(start: string, n: number, rules: CalendarRules): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days must be a whole number ≥ 0, got ${n}`);
  let day = start;
  let left = n;
  while (left > 0) {
    day = shift(day, 1);
    if (isWorkingDay(day, rules)) left--;
  }
  return day;
}

/** Working days after `from` up to and including `to` (0 when `to` is not after `from`). */
export function workingDaysBetween(from: string, to: string, rules: CalendarRules): number {
  let count = 0;
  for (let day = shift(from, 1); day <= to; day = shift(day, 1)) {
    if (isWorkingDay(day, rules)) count++;
  }
  return count;
}

/**
 * workingDaysBetween for many pairs within [first, last]: one pass over the days, then each pair is a subtraction
 * (a page of old cases would otherwise walk hundreds of days per case). Pairs outside the range fall back.
 */
export function workingDayCounter(first: string, last: string, rules: CalendarRules): (from: string, to: string) => number {
  // By day number: integer arithmetic, without a Date per day (Next's server wraps Date, and the supervision board's
  // page of three-year-old cases walks ~1,100 days).
  const base = dayNumber(first);
  const size = Math.max(0, dayNumber(last) - base) + 1;
  const workdays = new Set([...rules.workdays].map(dayNumber));
  const holidays = new Set([...rules.holidays].map(dayNumber));
  const cumulative = new Int32Array(size);
  for (let i = 1; i < size; i++) {
    const n = base + i;
    const working = workdays.has(n) || (!holidays.has(n) && isWeekday(n));
    cumulative[i] = cumulative[i - 1]! + (working ? 1 : 0);
  }
  return (from, to) => {
    const a = dayNumber(from) - base;
    const b = dayNumber(to) - base;
    if (a < 0 || b < 0 || a >= size || b >= size) return workingDaysBetween(from, to, rules);
    return b > a ? cumulative[b]! - cumulative[a]! : 0;
  };
}
