import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { officialYear, statutoryHolidays } from '@/lib/calendar/official';
import { calendarDays, calendarYears } from '@/lib/calendar/schema';
import { addWorkingDays, chinaDate, isWorkingDay, workingDaysBetween, type CalendarRules } from '@/lib/calendar/workdays';
import { listCalendarYears, loadCalendarRules } from '@/lib/calendar';
import { seedReferenceData } from '@/lib/seed/reference';

function rulesOf(...years: number[]): CalendarRules {
  const days = years.flatMap((y) => officialYear(y).days);
  return {
    holidays: new Set(days.filter((d) => d.kind === 'holiday').map((d) => d.day)),
    workdays: new Set(days.filter((d) => d.kind === 'workday').map((d) => d.day)),
  };
}

const rules2026 = rulesOf(2026);
const noExceptions: CalendarRules = { holidays: new Set(), workdays: new Set() };

describe('officialYear', () => {
  it('2026 is announced, with its six make-up workdays (调休上班)', () => {
    const year = officialYear(2026);
    expect(year.status).toBe('announced');
    expect(year.source).toContain('国务院办公厅');
    const workdays = year.days.filter((d) => d.kind === 'workday').map((d) => d.day);
    expect(workdays).toEqual(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
    for (const d of year.days.filter((d) => d.kind === 'workday')) expect(d.name).toMatch(/调休上班$/);
  });

  it('2026 Spring Festival holiday runs from 2026-02-15 to 2026-02-23', () => {
    const holidays = new Set(officialYear(2026).days.filter((d) => d.kind === 'holiday').map((d) => d.day));
    for (let day = 15; day <= 23; day++) expect(holidays.has(`2026-02-${day}`), `2026-02-${day}`).toBe(true);
    expect(holidays.has('2026-02-14')).toBe(false);
    expect(holidays.has('2026-02-24')).toBe(false);
    expect(officialYear(2026).days.find((d) => d.day === '2026-02-17')?.name).toBe('春节');
  });

  it('the 13 statutory holiday days of 2027, whatever its announcement will add', () => {
    const days = statutoryHolidays(2027);
    expect(days).toHaveLength(13);
    expect(days.every((d) => d.kind === 'holiday')).toBe(true);
    expect(new Set(days.map((d) => d.day)).size).toBe(13);
    const byDay = new Map(days.map((d) => [d.day, d.name]));
    expect(byDay.get('2027-01-01')).toBe('元旦');
    // 除夕 (2027-02-05) to 初三 (2027-02-08)
    for (const day of ['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08']) expect(byDay.get(day), day).toBe('春节');
    expect(byDay.has('2027-02-04')).toBe(false);
    expect(byDay.has('2027-02-09')).toBe(false);
    expect(byDay.get('2027-06-09')).toBe('端午节');
    expect(byDay.get('2027-09-15')).toBe('中秋节');
    expect(byDay.get('2027-05-01')).toBe('劳动节');
    expect(byDay.get('2027-05-02')).toBe('劳动节');
    for (const day of ['2027-10-01', '2027-10-02', '2027-10-03']) expect(byDay.get(day), day).toBe('国庆节');
    expect([...byDay].filter(([, name]) => name === '清明节')).toHaveLength(1);
  });

  it('a year not announced yet is provisional: its statutory holidays only, no make-up workdays', () => {
    // 2099, not "next year": which years are announced depends on the packaged data, not on the clock.
    const year = officialYear(2099);
    expect(year.status).toBe('provisional');
    expect(year.source).toBe('《全国年节及纪念日放假办法》法定节日（2099 年放假安排尚未公布，调休待补录）');
    expect(year.days).toHaveLength(13);
    expect(year.days.every((d) => d.kind === 'holiday')).toBe(true);
    const byDay = new Map(year.days.map((d) => [d.day, d.name]));
    for (const [day, name] of [['2099-01-01', '元旦'], ['2099-05-01', '劳动节'], ['2099-05-02', '劳动节'], ['2099-10-01', '国庆节'], ['2099-10-02', '国庆节'], ['2099-10-03', '国庆节']]) {
      expect(byDay.get(day!), day).toBe(name);
    }
    expect([...byDay.values()].filter((name) => name === '春节')).toHaveLength(4);
  });
});

describe('isWorkingDay with the 2026 calendar', () => {
  it.each([
    ['2026-02-13', true, 'Friday'],
    ['2026-02-14', true, 'Saturday, make-up workday'],
    ['2026-02-15', false, 'Sunday, holiday'],
    ['2026-02-16', false, 'Monday, holiday'],
    ['2026-02-23', false, 'Monday, last holiday'],
    ['2026-02-24', true, 'Tuesday after the holiday'],
    ['2026-02-28', true, 'Saturday, make-up workday'],
    ['2026-03-01', false, 'ordinary Sunday'],
    ['2026-03-07', false, 'ordinary Saturday'],
    ['2026-01-04', true, 'Sunday, make-up workday'],
    ['2026-10-07', false, 'Wednesday, National Day holiday'],
  ])('%s → %s (%s)', (day, expected) => {
    expect(isWorkingDay(day, rules2026)).toBe(expected);
  });
});

describe('addWorkingDays', () => {
  // From Friday 2026-02-13: 02-14 (Sat) is a make-up workday, 02-15..02-23 are holidays, 02-28 (Sat) works.
  it.each([
    [0, '2026-02-13'],
    [1, '2026-02-14'],
    [2, '2026-02-24'],
    [3, '2026-02-25'],
    [4, '2026-02-26'],
    [5, '2026-02-27'],
    [6, '2026-02-28'],
    [7, '2026-03-02'],
    [10, '2026-03-05'],
  ])('2026-02-13 + %i working days = %s', (n, expected) => {
    expect(addWorkingDays('2026-02-13', n, rules2026)).toBe(expected);
  });

  it.each([
    ['2026-09-30', 1, '2026-10-08', 'over National Day'],
    ['2026-09-30', 3, '2026-10-10', 'onto the Saturday make-up workday'],
    ['2026-09-30', 4, '2026-10-12', 'over the Sunday after it'],
    ['2026-09-28', 15, '2026-10-23', 'a 15-working-day reply limit'],
    ['2026-02-17', 1, '2026-02-24', 'starting on a holiday'],
    ['2026-03-07', 1, '2026-03-09', 'starting on a Saturday'],
    ['2026-04-30', 1, '2026-05-06', 'over Labour Day'],
    ['2026-05-08', 1, '2026-05-09', 'onto the Labour Day make-up Saturday'],
  ])('%s + %i = %s (%s)', (start, n, expected) => {
    expect(addWorkingDays(start, n, rules2026)).toBe(expected);
  });

  it('crosses into the new year over 元旦 onto the Sunday make-up workday', () => {
    expect(addWorkingDays('2025-12-31', 1, rulesOf(2025, 2026))).toBe('2026-01-04');
  });

  it('skips weekends when no exceptions are known', () => {
    expect(addWorkingDays('2026-02-13', 1, noExceptions)).toBe('2026-02-16');
    expect(addWorkingDays('2026-02-13', 5, noExceptions)).toBe('2026-02-20');
    expect(addWorkingDays('2026-02-14', 1, noExceptions)).toBe('2026-02-16');
    expect(addWorkingDays('2026-02-15', 0, noExceptions)).toBe('2026-02-15');
  });

  it('returns the start day for 0 even when it is a holiday or weekend', () => {
    for (const day of ['2026-02-13', '2026-02-15', '2026-02-21', '2026-03-01']) {
      expect(addWorkingDays(day, 0, rules2026)).toBe(day);
    }
  });

  it.each([-1, 1.5, Number.NaN])('refuses %s working days', (n) => {
    expect(() => addWorkingDays('2026-02-13', n, rules2026)).toThrow(RangeError);
  });
});

describe('workingDaysBetween', () => {
  it.each([
    ['2026-02-13', '2026-02-28', 6],
    ['2026-02-13', '2026-02-23', 1],
    ['2026-02-14', '2026-02-24', 1],
    ['2026-09-30', '2026-10-12', 4],
    ['2026-02-13', '2026-02-13', 0],
    ['2026-02-28', '2026-02-13', 0],
  ])('%s → %s: %i', (from, to, expected) => {
    expect(workingDaysBetween(from, to, rules2026)).toBe(expected);
  });

  it('is the inverse of addWorkingDays', () => {
    for (const start of ['2026-01-01', '2026-02-13', '2026-04-30', '2026-09-25', '2026-12-24']) {
      for (const n of [1, 2, 5, 10, 15, 20, 60]) {
        expect(workingDaysBetween(start, addWorkingDays(start, n, rules2026), rules2026), `${start} + ${n}`).toBe(n);
      }
    }
  });
});

describe('chinaDate', () => {
  it.each([
    ['2026-02-13T15:59:59.999Z', '2026-02-13'],
    ['2026-02-13T16:00:00.000Z', '2026-02-14'],
    ['2026-02-13T23:30:00.000Z', '2026-02-14'],
    ['2026-02-14T00:00:00.000Z', '2026-02-14'],
    ['2026-12-31T16:30:00.000Z', '2027-01-01'],
    ['2026-11-26T20:00:00+08:00', '2026-11-26'],
  ])('%s is %s in Beijing', (instant, expected) => {
    expect(chinaDate(new Date(instant))).toBe(expected);
  });
});

describe('calendar seeded in the database', () => {
  it('loadCalendarRules returns exactly the official 2026 arrangement', async () => {
    // test/setup/database.ts seeds every file's database as of 2026-06-01, whatever the machine's clock says.
    const rules = await loadCalendarRules(db());
    const in2026 = (set: ReadonlySet<string>) => [...set].filter((d) => d.startsWith('2026-')).sort();
    expect(in2026(rules.workdays)).toEqual(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
    expect(in2026(rules.holidays)).toEqual([
      '2026-01-01', '2026-01-02', '2026-01-03',
      '2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-21', '2026-02-22', '2026-02-23',
      '2026-04-04', '2026-04-05', '2026-04-06',
      '2026-05-01', '2026-05-02', '2026-05-03', '2026-05-04', '2026-05-05',
      '2026-06-19', '2026-06-20', '2026-06-21',
      '2026-09-25', '2026-09-26', '2026-09-27',
      '2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07',
    ]);
    expect(addWorkingDays('2026-02-13', 7, rules)).toBe('2026-03-02');
  });

  // The Beijing year, not the UTC or the process's year: from 31 December 16:00 UTC it is the next year in Beijing.
  it.each([
    ['2026-06-01T00:00:00+08:00', [2026, 2027]],
    ['2026-12-31T15:59:59Z', [2026, 2027]],
    ['2026-12-31T16:00:00Z', [2027, 2028]],
    ['2026-12-31T20:00:00Z', [2027, 2028]],
    ['2027-01-06T10:00:00+08:00', [2027, 2028]],
  ])('seeded at %s: the calendar of the Beijing year and the next, %j', async (now, expected) => {
    await db().delete(calendarDays);
    await db().delete(calendarYears);
    await seedReferenceData(db(), new Date(now));
    const years = await listCalendarYears(db());
    expect(years.map((y) => y.year)).toEqual(expected);
    // What the packaged data (chinese-days, pinned by package-lock.json) knows: 2026 announced, 2027 and 2028 not yet.
    const summary = Object.fromEntries(years.map((y) => [y.year, [y.status, y.days.filter((d) => d.kind === 'holiday').length, y.days.filter((d) => d.kind === 'workday').length]]));
    const known: Record<number, [string, number, number]> = { 2026: ['announced', 33, 6], 2027: ['provisional', 13, 0], 2028: ['provisional', 12, 0] };
    expect(summary).toEqual(Object.fromEntries(expected.map((y) => [y, known[y]])));
  });

  afterAll(async () => {
    // Leave the file's database as the setup made it.
    await db().delete(calendarDays);
    await db().delete(calendarYears);
    await seedReferenceData(db(), new Date('2026-06-01T00:00:00+08:00'));
  });
});

describe('one Beijing year for the whole code base', () => {
  it('no code takes the year from a Date in UTC or the process\'s zone: chinaYear() / chinaDate() instead', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? (e.name === 'node_modules' || e.name.startsWith('.') ? [] : files(join(dir, e.name))) : /\.(ts|tsx)$/.test(e.name) ? [join(dir, e.name)] : []);
    const offenders = [...files('lib'), ...files('app'), ...files('scripts'), 'server.ts']
      .filter((file) => /\.get(UTC)?FullYear\(/.test(readFileSync(file, 'utf8')));
    expect(offenders).toEqual([]);
  });
});

