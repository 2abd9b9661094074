import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { departments } from '../accounts/schema';
import { rowsOf, type Db, type Tx } from '../db';
import { APPLICANT_TYPES, APPLICATION_OUTCOMES, type ApplicantType, type ApplicationOutcome } from '../disclosure/schema';
import { LETTER_CHANNELS, LETTER_KINDS, type LetterChannel, type LetterKind } from '../letters/schema';

/**
 * The public statistics (数据统计, issue 6 part 4): letters, interviews and 依申请公开 applications for one Beijing
 * calendar year. Every figure comes from a handful of GROUP BY queries (GROUPING SETS give the year, the months,
 * the kinds and the departments in one pass); nothing loops over rows in JavaScript.
 *
 * Definitions (shown on the page as well):
 * - received: letters submitted in the year; answered: letters whose (latest) answer was given in the year.
 * - on time: answered on or before the due date the clock had when the answer was given (recorded on the
 *   `answered` event; the letter row's `due_on` is the fallback, it is cleared when the clock stops).
 *   The on-time rate is over answered letters whose due date is known.
 * - working days to reply: official working days (calendar_days) after the Beijing date of submission up to and
 *   including the Beijing date of the answer — the same count as lib/calendar's workingDaysBetween.
 * - satisfaction: ratings given in the year; rate = (满意 + 基本满意) / rated.
 * Beijing dates are UTC + 8 hours (China has no daylight saving), so no time-zone database is needed in PGlite.
 */

export const MIN_YEAR = 2000;
export const MAX_YEAR = 2999;

const yearField = z.coerce
  .number({ message: '年份应为数字，例如 2026' })
  .int({ message: '年份应为整数，例如 2026' })
  .min(MIN_YEAR, { message: `年份不能早于 ${MIN_YEAR} 年` })
  .max(MAX_YEAR, { message: `年份不能晚于 ${MAX_YEAR} 年` });

/** ?year= (Beijing calendar year; default: this year). */
export const statsQuery = z.object({
  year: yearField.optional().meta({ description: '统计年度（北京时间自然年），默认本年 — calendar year, default this year' }),
});
export type StatsQuery = z.infer<typeof statsQuery>;

export const yearQuery = z.object({ year: yearField });

export interface LetterFigures {
  received: number;
  answered: number;
  /** Answered letters whose due date is known (the on-time rate's denominator). */
  timed: number;
  onTime: number;
  /** 0–1, null when nothing was timed. */
  onTimeRate: number | null;
  /** Mean official working days from submission to answer, one decimal; null when nothing was answered. */
  avgWorkingDays: number | null;
  rated: number;
  satisfied: number;
  basicallySatisfied: number;
  unsatisfied: number;
  /** (satisfied + basically satisfied) / rated, 0–1; null when nothing was rated. */
  satisfactionRate: number | null;
}

export interface DepartmentFigures extends LetterFigures {
  /** Public id; null for letters not yet routed to a department (未分办). */
  departmentId: string | null;
  name: string | null;
  nameEn: string | null;
}

export interface Statistics {
  year: number;
  letters: {
    total: LetterFigures;
    byMonth: Array<LetterFigures & { month: number }>;
    byKind: Array<LetterFigures & { kind: LetterKind }>;
    byDepartment: DepartmentFigures[];
    /** Every channel a letter came in by (web, phone, paper, …; issue 17), all of them, zeros included. */
    byChannel: Array<LetterFigures & { channel: LetterChannel }>;
  };
  interviews: {
    /** Interviews that went live in the year. */
    held: number;
    /** Questions asked in the year. */
    questionsAsked: number;
    /** Answers published in the year. */
    questionsAnswered: number;
    byMonth: Array<{ month: number; held: number; questionsAnswered: number }>;
  };
  applications: {
    received: number;
    answered: number;
    byOutcome: Record<ApplicationOutcome, number>;
    byApplicantType: Record<ApplicantType, number>;
    byMonth: Array<{ month: number; received: number; answered: number }>;
  };
  /** True when the year has no letters, interviews or applications at all. */
  empty: boolean;
}

// ---- SQL helpers ----

/** The Beijing calendar date of a timestamptz expression. */
export function beijingDate(column: SQL | unknown): SQL {
  return sql`((${column} at time zone 'UTC') + interval '8 hours')::date`;
}

function beijingMonth(column: SQL | unknown): SQL {
  return sql`extract(month from ((${column} at time zone 'UTC') + interval '8 hours'))::int`;
}

/** Year bounds as instants (Beijing midnight), so range filters compare raw timestamps. */
export function yearBounds(year: number): { start: Date; end: Date; first: string; last: string } {
  return {
    start: new Date(`${year}-01-01T00:00:00+08:00`),
    end: new Date(`${year + 1}-01-01T00:00:00+08:00`),
    first: `${year}-01-01`,
    last: `${year}-12-31`,
  };
}

/**
 * A CTE body numbering official working days: for each day from `from` to `to`, `n` = working days up to and
 * including it, so working days after A up to and including B = n(B) − n(A).
 */
export function workingDayIndex(from: SQL, to: SQL): SQL {
  return sql`
    select g.d::date as day,
           sum(case when c.kind = 'workday' then 1 when c.kind = 'holiday' then 0
                    when extract(isodow from g.d) < 6 then 1 else 0 end) over (order by g.d) as n
    from generate_series(${from}, ${to}, interval '1 day') as g(d)
    left join calendar_days c on c.day = g.d::date`;
}

const rate = (part: number, whole: number) => (whole > 0 ? part / whole : null);

function emptyFigures(): LetterFigures {
  return {
    received: 0, answered: 0, timed: 0, onTime: 0, onTimeRate: null, avgWorkingDays: null,
    rated: 0, satisfied: 0, basicallySatisfied: 0, unsatisfied: 0, satisfactionRate: null,
  };
}

function finish(f: LetterFigures): LetterFigures {
  return { ...f, onTimeRate: rate(f.onTime, f.timed), satisfactionRate: rate(f.satisfied + f.basicallySatisfied, f.rated) };
}

/** Grouping-set rows: g = 'all' | 'month' | 'kind' | 'dept', key = the group's value as text. */
type GroupRow = { g: string; key: string | null };

function groupKey(row: GroupRow): string {
  return `${row.g}:${row.key ?? ''}`;
}

const GROUP_COLUMNS = sql`
  case when grouping(month) = 0 then 'month' when grouping(kind) = 0 then 'kind'
       when grouping(department_id) = 0 then 'dept' when grouping(channel) = 0 then 'channel' else 'all' end as g,
  case when grouping(month) = 0 then month::text when grouping(kind) = 0 then kind::text
       when grouping(department_id) = 0 then department_id::text when grouping(channel) = 0 then channel::text end as key`;
const GROUPING_SETS = sql`group by grouping sets ((), (month), (kind), (department_id), (channel))`;

// ---- Letters ----

async function letterFigures(database: Db | Tx, year: number): Promise<Map<string, LetterFigures>> {
  const { start, end, last } = yearBounds(year);
  const received = sql`
    select ${beijingMonth(sql`submitted_at`)} as month, kind, department_id, channel
    from letters where submitted_at >= ${start.toISOString()}::timestamptz and submitted_at < ${end.toISOString()}::timestamptz`;
  const answered = sql`
    select ${beijingMonth(sql`l.answered_at`)} as month, l.kind, l.department_id, l.channel,
           ${beijingDate(sql`l.submitted_at`)} as from_day, ${beijingDate(sql`l.answered_at`)} as to_day,
           coalesce((select (e.data->>'dueOn')::date from letter_events e
                     where e.letter_id = l.id and e.type = 'answered' order by e.id desc limit 1), l.due_on) as due
    from letters l where l.answered_at >= ${start.toISOString()}::timestamptz and l.answered_at < ${end.toISOString()}::timestamptz`;
  const rated = sql`
    select ${beijingMonth(sql`rated_at`)} as month, kind, department_id, channel, rating
    from letters where rated_at >= ${start.toISOString()}::timestamptz and rated_at < ${end.toISOString()}::timestamptz
      and rating is not null`;

  const [r1, r2, r3] = await Promise.all([
    database.execute(sql`select ${GROUP_COLUMNS}, count(*)::int as received from (${received}) x ${GROUPING_SETS}`),
    database.execute(sql`
      with answered as (${answered}),
           cal as (${workingDayIndex(sql`(select min(from_day) from answered)`, sql`${last}::date`)})
      select ${GROUP_COLUMNS},
             count(*)::int as answered,
             (count(*) filter (where due is not null))::int as timed,
             (count(*) filter (where to_day <= due))::int as on_time,
             avg(ct.n - cf.n)::float8 as avg_days
      from answered a join cal cf on cf.day = a.from_day join cal ct on ct.day = a.to_day
      ${GROUPING_SETS}`),
    database.execute(sql`
      select ${GROUP_COLUMNS}, count(*)::int as rated,
             (count(*) filter (where rating = 'satisfied'))::int as satisfied,
             (count(*) filter (where rating = 'basically_satisfied'))::int as basically_satisfied,
             (count(*) filter (where rating = 'unsatisfied'))::int as unsatisfied
      from (${rated}) x ${GROUPING_SETS}`),
  ]);

  const figures = new Map<string, LetterFigures>();
  const at = (row: GroupRow) => {
    const k = groupKey(row);
    if (!figures.has(k)) figures.set(k, emptyFigures());
    return figures.get(k)!;
  };
  for (const row of rowsOf<GroupRow & { received: number }>(r1)) at(row).received = row.received;
  for (const row of rowsOf<GroupRow & { answered: number; timed: number; on_time: number; avg_days: number | null }>(r2)) {
    Object.assign(at(row), {
      answered: row.answered, timed: row.timed, onTime: row.on_time,
      avgWorkingDays: row.avg_days === null ? null : Math.round(Number(row.avg_days) * 10) / 10,
    });
  }
  for (const row of rowsOf<GroupRow & { rated: number; satisfied: number; basically_satisfied: number; unsatisfied: number }>(r3)) {
    Object.assign(at(row), { rated: row.rated, satisfied: row.satisfied, basicallySatisfied: row.basically_satisfied, unsatisfied: row.unsatisfied });
  }
  return figures;
}

// ---- Interviews and applications ----

async function interviewFigures(database: Db | Tx, year: number): Promise<Statistics['interviews']> {
  const { start, end } = yearBounds(year);
  const s = start.toISOString();
  const e = end.toISOString();
  const result = await database.execute(sql`
    select month, sum(held)::int as held, sum(answered)::int as answered, sum(asked)::int as asked from (
      select ${beijingMonth(sql`started_at`)} as month, 1 as held, 0 as answered, 0 as asked
        from interviews where started_at >= ${s}::timestamptz and started_at < ${e}::timestamptz
      union all
      select ${beijingMonth(sql`published_at`)}, 0, 1, 0
        from answers where published_at >= ${s}::timestamptz and published_at < ${e}::timestamptz
      union all
      select ${beijingMonth(sql`created_at`)}, 0, 0, 1
        from questions where created_at >= ${s}::timestamptz and created_at < ${e}::timestamptz
    ) x group by rollup (month)`);
  const rows = rowsOf<{ month: number | null; held: number; answered: number; asked: number }>(result);
  const total = rows.find((r) => r.month === null);
  return {
    held: total?.held ?? 0,
    questionsAsked: total?.asked ?? 0,
    questionsAnswered: total?.answered ?? 0,
    byMonth: months().map((month) => {
      const r = rows.find((x) => x.month === month);
      return { month, held: r?.held ?? 0, questionsAnswered: r?.answered ?? 0 };
    }),
  };
}

async function applicationFigures(database: Db | Tx, year: number): Promise<Statistics['applications']> {
  const { start, end, first, last } = yearBounds(year);
  const result = await database.execute(sql`
    select case when grouping(month) = 0 then 'month' when grouping(outcome) = 0 then 'outcome'
                when grouping(applicant_type) = 0 then 'type' else 'all' end as g,
           coalesce(month::text, outcome, applicant_type) as key,
           sum(received)::int as received, sum(answered)::int as answered
    from (
      select extract(month from received_on)::int as month, null::text as outcome, applicant_type::text as applicant_type, 1 as received, 0 as answered
        from disclosure_applications where received_on between ${first}::date and ${last}::date
      union all
      select ${beijingMonth(sql`answered_at`)}, outcome::text, null, 0, 1
        from disclosure_applications
        where answered_at >= ${start.toISOString()}::timestamptz and answered_at < ${end.toISOString()}::timestamptz and outcome is not null
    ) x group by grouping sets ((), (month), (outcome), (applicant_type))`);
  // In the outcome sets the received rows form a null group (and in the applicant-type sets the answered rows): ignored.
  const rows = rowsOf<GroupRow & { received: number; answered: number }>(result);
  const find = (g: string, key: string) => rows.find((r) => r.g === g && r.key === key);
  const total = rows.find((r) => r.g === 'all');
  const byOutcome = Object.fromEntries(APPLICATION_OUTCOMES.map((o) => [o, find('outcome', o)?.answered ?? 0])) as Record<ApplicationOutcome, number>;
  const byApplicantType = Object.fromEntries(APPLICANT_TYPES.map((t) => [t, find('type', t)?.received ?? 0])) as Record<ApplicantType, number>;
  const received = total?.received ?? 0;
  const answered = total?.answered ?? 0;
  return {
    received,
    answered,
    byOutcome,
    byApplicantType,
    byMonth: months().map((month) => {
      const r = find('month', String(month));
      return { month, received: r?.received ?? 0, answered: r?.answered ?? 0 };
    }),
  };
}

const months = () => Array.from({ length: 12 }, (_, i) => i + 1);

// ---- The whole page ----

export async function getStatistics(database: Db | Tx, year: number): Promise<Statistics> {
  const [letterMap, interviews, applications, depts] = await Promise.all([
    letterFigures(database, year),
    interviewFigures(database, year),
    applicationFigures(database, year),
    database.select({ id: departments.id, publicId: departments.publicId, name: departments.name, nameEn: departments.nameEn, sortOrder: departments.sortOrder }).from(departments),
  ]);
  const get = (key: string) => finish(letterMap.get(key) ?? emptyFigures());
  const deptKeys = [...letterMap.keys()].filter((k) => k.startsWith('dept:'));
  const byDepartment: DepartmentFigures[] = deptKeys
    .map((k) => {
      const id = k.slice('dept:'.length);
      const dept = id ? depts.find((d) => String(d.id) === id) : undefined;
      return { departmentId: dept?.publicId ?? null, name: dept?.name ?? null, nameEn: dept?.nameEn ?? null, sort: dept?.sortOrder ?? Number.MAX_SAFE_INTEGER, ...get(k) };
    })
    .sort((a, b) => a.sort - b.sort || (a.name ?? '').localeCompare(b.name ?? ''))
    .map(({ sort: _sort, ...rest }) => rest);
  const total = get('all:');
  return {
    year,
    letters: {
      total,
      byMonth: months().map((month) => ({ month, ...get(`month:${month}`) })),
      byKind: LETTER_KINDS.map((kind) => ({ kind, ...get(`kind:${kind}`) })),
      byDepartment,
      byChannel: LETTER_CHANNELS.map((channel) => ({ channel, ...get(`channel:${channel}`) })),
    },
    interviews,
    applications,
    empty: total.received + total.answered + total.rated + interviews.held + interviews.questionsAsked + interviews.questionsAnswered
      + applications.received + applications.answered === 0,
  };
}
