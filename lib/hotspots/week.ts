import { z } from 'zod';
import { chinaDate } from '../calendar/workdays';

/**
 * ISO weeks (YYYY-Www, Monday to Sunday) on the Beijing calendar, as the hotspots count them. A week's letters are
 * those submitted from its Monday 00:00 to the next Monday 00:00, Beijing time.
 */

export const ISO_WEEK = /^(\d{4})-W(\d{2})$/;

const DAY = 86_400_000;
const utcDay = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
const isoOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The Monday (YYYY-MM-DD) of ISO week 1 of `year`: the week with the year's first Thursday (the one holding 4 January). */
function weekOneMonday(year: number): number {
  const jan4 = Date.UTC(year, 0, 4);
  const dow = (new Date(jan4).getUTCDay() + 6) % 7; // Monday 0
  return jan4 - dow * DAY;
}

/** How many ISO weeks `year` has (52 or 53). */
export function weeksInYear(year: number): number {
  return Math.round((weekOneMonday(year + 1) - weekOneMonday(year)) / (7 * DAY));
}

/** The ISO week of a calendar date (YYYY-MM-DD). */
export function weekOfDate(day: string): string {
  const ms = utcDay(day);
  const dow = (new Date(ms).getUTCDay() + 6) % 7;
  const thursday = ms + (3 - dow) * DAY;
  // `day` is already a Beijing calendar date held at UTC midnight: the Thursday's year is its date's first four digits.
  const year = Number(new Date(thursday).toISOString().slice(0, 4));
  const week = Math.floor((thursday - weekOneMonday(year)) / (7 * DAY)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The Beijing week now. */
export function currentWeek(now: Date = new Date()): string {
  return weekOfDate(chinaDate(now));
}

/** The Monday of an ISO week, YYYY-MM-DD; null for a malformed or non-existent week (2025-W53). */
export function mondayOf(week: string): string | null {
  const m = ISO_WEEK.exec(week);
  if (!m) return null;
  const year = Number(m[1]);
  const n = Number(m[2]);
  if (year < 2000 || year > 2100 || n < 1 || n > weeksInYear(year)) return null;
  return isoOf(weekOneMonday(year) + (n - 1) * 7 * DAY);
}

/** The week `offset` weeks after (negative: before) `week`. */
export function shiftWeek(week: string, offset: number): string {
  return weekOfDate(isoOf(utcDay(mondayOf(week)!) + offset * 7 * DAY));
}

/** The Sunday ending the week. */
export function sundayOf(week: string): string {
  return isoOf(utcDay(mondayOf(week)!) + 6 * DAY);
}

/** `week=YYYY-Www`, a real ISO week. */
export const isoWeek = z.string().trim().regex(ISO_WEEK, '周次格式应为 YYYY-Www，例如 2026-W05')
  .refine((w) => mondayOf(w) !== null, '没有这一周');
