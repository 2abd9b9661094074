import { asc, between, count, eq } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '../db';
import { AppError, notFound, parseInput } from '../errors';
import { recordAudit } from '../audit';
import { assertCan, type Actor } from '../auth/permissions';
import { recomputeOpenDueDates } from '../letters/deadlines';
import { recomputeApplicationDueDates } from '../disclosure/application-clock';
import { recomputeAssignmentDueDates } from '../interviews/assignment-clock';
import { listCalendarYears, type CalendarYearView } from './index';
import { lockWorkingDayRules } from './lock';
import { officialYear } from './official';
import { calendarDays, calendarYears } from './schema';

/**
 * Admins' edits of the working-day calendar (DESIGN.md §2, §4). Every edit recomputes the due dates of open
 * letters in the same transaction, so a new holiday or make-up workday counts at once.
 */

const WEEKDAYS = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];

/** 0 = Sunday … 6 = Saturday, for a valid "YYYY-MM-DD". */
export const weekdayOf = (day: string) => new Date(`${day}T00:00:00Z`).getUTCDay();

const isRealDate = (day: string) => {
  const d = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === day;
};

/** Unknown keys and non-objects get a Chinese message too (zod's defaults are English). */
const objectError = (issue: { code?: string; keys?: string[] }) =>
  issue.code === 'unrecognized_keys' ? `不支持的字段：${(issue.keys ?? []).join('、')}` : '提交的内容应为一个对象';

const dayField = z
  .string({ error: '请填写日期' })
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: '日期格式应为 YYYY-MM-DD' })
  .refine(isRealDate, { error: '不是有效的日期' });

export const calendarDayInput = z
  .strictObject(
    {
      day: dayField,
      kind: z.enum(['holiday', 'workday'], { error: '类型只能是节假日（holiday）或调休上班（workday）' }),
      name: z.string({ error: '请填写名称' }).trim().min(1, { error: '请填写名称' }).max(20, { error: '名称最多 20 个字' }),
    },
    { error: objectError },
  )
  .superRefine(({ day, kind }, ctx) => {
    const weekday = weekdayOf(day);
    const weekend = weekday === 0 || weekday === 6;
    // A holiday may fall on a weekend (official breaks span them, and the notice lists those days too);
    // a make-up workday on a weekday would change nothing and is certainly a mistake.
    if (kind === 'workday' && !weekend) {
      ctx.addIssue({ code: 'custom', path: ['kind'], message: `${day} 是${WEEKDAYS[weekday]}，本来就是工作日，不能设为调休上班` });
    }
  });

export const calendarDayRemoveInput = z.strictObject({ day: dayField }, { error: objectError });

export const calendarYearInput = z.strictObject(
  {
    year: z
      .number({ error: '年份须为 2000 至 2100 之间的整数' })
      .int({ error: '年份须为 2000 至 2100 之间的整数' })
      .min(2000, { error: '年份须为 2000 至 2100 之间的整数' })
      .max(2100, { error: '年份须为 2000 至 2100 之间的整数' }),
    status: z.enum(['announced', 'provisional'], { error: '状态只能是已公布（announced）或尚未公布（provisional）' }),
    source: z.string({ error: '请填写依据' }).trim().min(1, { error: '请填写依据' }).max(200, { error: '依据最多 200 个字' }),
  },
  { error: objectError },
);

const yearOf = (day: string) => Number(day.slice(0, 4));
const daysOfYear = (year: number) => between(calendarDays.day, `${year}-01-01`, `${year}-12-31`);

async function yearView(year: number): Promise<CalendarYearView> {
  const [row] = await db().select().from(calendarYears).where(eq(calendarYears.year, year));
  const days = await db().select().from(calendarDays).where(daysOfYear(year)).orderBy(asc(calendarDays.day));
  // A year row always exists for days written here; the fallback only covers rows entered by hand.
  return { year, status: row?.status ?? 'provisional', source: row?.source ?? '', days };
}

/** Every year of the calendar with its days (admin). */
export async function listCalendar(actor: Actor): Promise<CalendarYearView[]> {
  assertCan(actor, 'admin.calendar');
  return listCalendarYears(db());
}

/** Adds or replaces a holiday or a make-up workday (调休上班, weekends only). */
export async function setCalendarDay(actor: Actor, input: unknown): Promise<CalendarYearView> {
  assertCan(actor, 'admin.calendar');
  const { day, kind, name } = parseInput(calendarDayInput, input);
  const year = yearOf(day);
  await db().transaction(async (tx) => {
    await lockWorkingDayRules(tx);
    const [yearRow] = await tx.select({ year: calendarYears.year }).from(calendarYears).where(eq(calendarYears.year, year));
    if (!yearRow) {
      throw new AppError('invalid_input', '提交的内容有误，请检查标出的项目', { day: `工作日历中没有 ${year} 年，请先添加该年份` });
    }
    const [before] = await tx.select().from(calendarDays).where(eq(calendarDays.day, day));
    await tx.insert(calendarDays).values({ day, kind, name }).onConflictDoUpdate({ target: calendarDays.day, set: { kind, name } });
    await tx.update(calendarYears).set({ updatedAt: new Date() }).where(eq(calendarYears.year, year));
    const dueDatesChanged = await recomputeOpenDueDates(tx);
    const applicationDueDatesChanged = await recomputeApplicationDueDates(tx);
    const assignmentDueDatesChanged = await recomputeAssignmentDueDates(tx);
    await recordAudit(tx, actor, {
      action: 'calendar.day.set',
      entityType: 'calendar_day',
      entityId: day,
      details: { before: before ? { kind: before.kind, name: before.name } : null, after: { kind, name }, dueDatesChanged, applicationDueDatesChanged, assignmentDueDatesChanged },
    });
  });
  return yearView(year);
}

/** Removes a holiday or make-up workday; the day falls back to the Monday–Friday rule. */
export async function removeCalendarDay(actor: Actor, input: unknown): Promise<CalendarYearView> {
  assertCan(actor, 'admin.calendar');
  const { day } = parseInput(calendarDayRemoveInput, input);
  await db().transaction(async (tx) => {
    await lockWorkingDayRules(tx);
    const [removed] = await tx.delete(calendarDays).where(eq(calendarDays.day, day)).returning();
    if (!removed) throw notFound(`工作日历中没有 ${day}`);
    await tx.update(calendarYears).set({ updatedAt: new Date() }).where(eq(calendarYears.year, yearOf(day)));
    const dueDatesChanged = await recomputeOpenDueDates(tx);
    const applicationDueDatesChanged = await recomputeApplicationDueDates(tx);
    const assignmentDueDatesChanged = await recomputeAssignmentDueDates(tx);
    await recordAudit(tx, actor, {
      action: 'calendar.day.remove',
      entityType: 'calendar_day',
      entityId: day,
      details: { before: { kind: removed.kind, name: removed.name }, dueDatesChanged, applicationDueDatesChanged, assignmentDueDatesChanged },
    });
  });
  return yearView(yearOf(day));
}

/**
 * Sets a year's status (announced / provisional) and source, or adds a year. A new year without days gets the
 * official arrangement (officialYear): the State Council's notice where packaged, else the statutory holidays.
 */
export async function setCalendarYear(actor: Actor, input: unknown): Promise<CalendarYearView> {
  assertCan(actor, 'admin.calendar');
  const { year, status, source } = parseInput(calendarYearInput, input);
  await db().transaction(async (tx) => {
    await lockWorkingDayRules(tx);
    const [before] = await tx.select().from(calendarYears).where(eq(calendarYears.year, year));
    await tx
      .insert(calendarYears)
      .values({ year, status, source })
      .onConflictDoUpdate({ target: calendarYears.year, set: { status, source, updatedAt: new Date() } });
    let seededDays = 0;
    if (!before) {
      const [existing] = await tx.select({ n: count() }).from(calendarDays).where(daysOfYear(year));
      const official = officialYear(year).days;
      if (existing!.n === 0 && official.length) {
        seededDays = (await tx.insert(calendarDays).values(official).onConflictDoNothing().returning({ day: calendarDays.day })).length;
      }
    }
    const dueDatesChanged = await recomputeOpenDueDates(tx);
    const applicationDueDatesChanged = await recomputeApplicationDueDates(tx);
    const assignmentDueDatesChanged = await recomputeAssignmentDueDates(tx);
    await recordAudit(tx, actor, {
      action: before ? 'calendar.year.update' : 'calendar.year.create',
      entityType: 'calendar_year',
      entityId: year,
      details: { before: before ? { status: before.status, source: before.source } : null, after: { status, source }, seededDays, dueDatesChanged, applicationDueDatesChanged, assignmentDueDatesChanged },
    });
  });
  return yearView(year);
}
