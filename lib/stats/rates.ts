import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { departments } from '../accounts/schema';
import { databaseScoped, rowsOf, type Db, type Tx } from '../db';
import { addWorkingDays, chinaDate, loadCalendarRules, workingDaysBetween, type CalendarRules } from '../calendar';
import { loadDeadlines } from '../letters/deadlines';
import { LETTER_CHANNELS, type DeadlineKey, type LetterChannel, type LetterKind } from '../letters/schema';
import { MAX_YEAR, MIN_YEAR } from '.';
import { letterRateFacts } from './schema';

/**
 * 三率 (issue 14 item 6): per department and for the bureau, per Beijing month or year, computed from the letter
 * event log (`letter_events`). Definitions — the same words are on /stats/departments and in docs/ACCOUNTABILITY.md:
 *
 * - **按期受理率** (acceptedOnTimeRate) = letters accepted in the period on or before their triage due date / letters
 *   accepted in the period whose triage due date is known. Counted at the Beijing date of the `accepted` event, for
 *   the department the letter was routed to.
 * - **按期办结率** (answeredOnTimeRate) = answers given in the period on or before the due date in force when the
 *   answer was given / answers given in the period whose due date is known. Each `answered` event is one answer (a
 *   重办 or reopened letter answered again counts again), counted for the department that gave it (the department
 *   at the time of the answer: a later transfer does not move it).
 * - **满意率** (satisfactionRate) = answers of the period rated 满意 or 基本满意 / answers of the period rated by the
 *   writer. A letter closed unrated (`closed_unrated`, 未评价) is neither satisfied nor rated. A rating belongs to
 *   the answer it rates (the latest `answered` before it), so it counts in that answer's period and department.
 * - **参评率** (ratedRate) = answers of the period rated by the writer / answers of the period.
 * - **平均办理工作日** (avgWorkingDays) = mean official working days (lib/calendar: holidays and 调休 make-up days)
 *   after the start of handling up to and including the Beijing date of the answer, one decimal; the start is the
 *   acceptance, or the 重办/reopening for a later answer.
 * - **催办** (urged) and **督办** (supervised): `urged` and `supervised` events in the period, for the department
 *   working the letter at that moment.
 * - **cases** (件数, the ranking's sample size) = answers given in the period.
 * Rates are fractions 0–1, or null when the denominator is 0.
 *
 * The due date in force before a transition: the event's `dueOnBefore` when it has one (events written by the case
 * engine); else, for an `answered` event, its `dueOn` (recorded since the statistics page); else it is replayed
 * from the letter's own history exactly as lib/letters/operations.ts runs the clock (triage limit from submission,
 * the kind's limit from acceptance or reopening, paused by 补正 with the unused days kept, extended by `extended`),
 * with the current limits and calendar — the same ones that open letters' due dates are recomputed with when an
 * admin changes them. "On or before": the Beijing date of the event ≤ the due date.
 *
 * Exact and fast: the facts of each letter are recomputed whenever it gets an event and summed per day and
 * department (lib/stats/schema.ts), so a year is a sum over a few thousand rows. refreshRates() folds in new events
 * before every read; a change of the calendar, the limits or the department names rebuilds everything.
 */

export const MIN_CASES_FOR_RANKING = 20;

const yearField = z.coerce
  .number({ message: '年份应为数字，例如 2026' })
  .int({ message: '年份应为整数，例如 2026' })
  .min(MIN_YEAR, { message: `年份不能早于 ${MIN_YEAR} 年` })
  .max(MAX_YEAR, { message: `年份不能晚于 ${MAX_YEAR} 年` });
const monthField = z.coerce
  .number({ message: '月份应为 1 至 12 的数字' })
  .int({ message: '月份应为 1 至 12 的整数' })
  .min(1, { message: '月份应为 1 至 12' })
  .max(12, { message: '月份应为 1 至 12' });

/** ?year=&month= (Beijing calendar; default this year, the whole year). */
export const ratesQuery = z.object({
  year: yearField.optional().meta({ description: '统计年度（北京时间），默认本年 — Beijing calendar year, default this year' }),
  month: monthField.optional().meta({ description: '月份 1–12；省略为全年 — month 1–12; omitted: the whole year' }),
});
export type RatesQuery = z.infer<typeof ratesQuery>;

/** 'YYYY-MM' of a 留言统计 page. */
export const monthKey = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: '月份格式应为 YYYY-MM，例如 2026-03' });

export interface RateCounts {
  accepted: number;
  acceptedTimed: number;
  acceptedOnTime: number;
  answered: number;
  answeredTimed: number;
  answeredOnTime: number;
  daysCounted: number;
  workingDays: number;
  rated: number;
  satisfied: number;
  urged: number;
  supervised: number;
}

export interface RateFigures {
  cases: number;
  acceptedOnTimeRate: number | null;
  answeredOnTimeRate: number | null;
  satisfactionRate: number | null;
  ratedRate: number | null;
  avgWorkingDays: number | null;
  urged: number;
  supervised: number;
  accepted: number;
  acceptedOnTime: number;
  answered: number;
  answeredOnTime: number;
  rated: number;
  satisfied: number;
}

export interface DepartmentRates extends RateFigures {
  /** The department's name (API.md: `department`). */
  department: string;
  departmentEn: string;
  departmentId: string;
}

export interface RatesReport {
  year: number;
  /** null: the whole year. */
  month: number | null;
  from: string;
  to: string;
  items: DepartmentRates[];
  bureau: RateFigures;
  /** True when there are at least two departments and each has ≥ MIN_CASES_FOR_RANKING cases in the period. */
  rankable: boolean;
  minCases: number;
  /** Departments by 按期办结率 and by 满意率, best first; empty unless rankable. */
  ranking: { byAnsweredOnTime: string[]; bySatisfaction: string[] };
}

const COUNT_KEYS: ReadonlyArray<keyof RateCounts> = [
  'accepted', 'acceptedTimed', 'acceptedOnTime', 'answered', 'answeredTimed', 'answeredOnTime', 'daysCounted', 'workingDays',
  'rated', 'satisfied', 'urged', 'supervised',
];
const COUNT_COLUMNS = ['accepted', 'accepted_timed', 'accepted_on_time', 'answered', 'answered_timed', 'answered_on_time', 'days_counted', 'working_days',
  'rated', 'satisfied', 'urged', 'supervised'];

export const zeroCounts = (): RateCounts => Object.fromEntries(COUNT_KEYS.map((k) => [k, 0])) as unknown as RateCounts;

const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null);

/** Counts → the published figures. */
export function figuresOf(c: RateCounts): RateFigures {
  return {
    cases: c.answered,
    acceptedOnTimeRate: ratio(c.acceptedOnTime, c.acceptedTimed),
    answeredOnTimeRate: ratio(c.answeredOnTime, c.answeredTimed),
    satisfactionRate: ratio(c.satisfied, c.rated),
    ratedRate: ratio(c.rated, c.answered),
    avgWorkingDays: c.daysCounted > 0 ? Math.round((c.workingDays / c.daysCounted) * 10) / 10 : null,
    urged: c.urged,
    supervised: c.supervised,
    accepted: c.accepted,
    acceptedOnTime: c.acceptedOnTime,
    answered: c.answered,
    answeredOnTime: c.answeredOnTime,
    rated: c.rated,
    satisfied: c.satisfied,
  };
}

// ---------------------------------------------------------------- facts of one letter

export interface FactEvent {
  id: number;
  type: string;
  at: Date;
  data: Record<string, unknown>;
}

export interface FactLetter {
  id: number;
  kind: LetterKind;
  /** The department working the letter now. */
  departmentId: number | null;
}

export interface Fact extends RateCounts {
  seq: number;
  day: string;
  departmentId: number;
}

export interface FactContext {
  rules: CalendarRules;
  limits: Record<DeadlineKey, number>;
  /** Department name → id, for the names `transferred` events carry. */
  departmentIdByName: ReadonlyMap<string, number>;
}

/** Beijing calendar date (UTC + 8, no daylight saving): the fast path of lib/calendar's chinaDate. */
export const beijingDay = (at: Date) => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

const SATISFIED = new Set(['satisfied', 'basically_satisfied']);
const isDay = (v: unknown): v is string => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v);

/**
 * What one letter contributes to the 三率, from its events in log order (ascending id). `answerDepartments` maps an
 * answer's instant (ms) to the department of the answer message written with it (lib/letters writes the message
 * and the event in one transaction with the same time): the department at the time of the answer, exactly.
 */
export function letterFacts(letter: FactLetter, events: readonly FactEvent[], ctx: FactContext, answerDepartments: ReadonlyMap<number, number> = new Map()): Fact[] {
  const { rules, limits } = ctx;
  // The department at an event: the letter's department now, walked back through the transfers after the event.
  // Before its first acceptance no department works the letter (a 催办 or 督办 then counts for the bureau only).
  const transfers = events.filter((e) => e.type === 'transferred');
  const firstAccepted = events.find((e) => e.type === 'accepted')?.id ?? -Infinity;
  const departmentAt = (eventId: number): number => {
    if (eventId < firstAccepted) return 0;
    let dept = letter.departmentId ?? 0;
    for (let i = transfers.length - 1; i >= 0 && transfers[i]!.id > eventId; i--) {
      const from = transfers[i]!.data.from;
      dept = typeof from === 'string' ? (ctx.departmentIdByName.get(from) ?? 0) : 0;
    }
    return dept;
  };

  const facts: Fact[] = [];
  const add = (e: FactEvent, departmentId: number, counts: Partial<RateCounts>): Fact => {
    const fact: Fact = { ...zeroCounts(), ...counts, seq: facts.length + 1, day: beijingDay(e.at), departmentId };
    facts.push(fact);
    return fact;
  };

  // The clock, replayed as lib/letters/operations.ts runs it.
  let clockStart: string | null = null;
  let remaining: number | null = null;
  let roundStart: string | null = null;
  let openAnswer: Fact | null = null;
  const replayedDue = () => (clockStart !== null && remaining !== null ? addWorkingDays(clockStart, Math.max(0, remaining), rules) : null);
  const dueBefore = (e: FactEvent, legacyKey?: string): string | null => {
    if ('dueOnBefore' in e.data) return isDay(e.data.dueOnBefore) ? e.data.dueOnBefore : null;
    if (legacyKey && isDay(e.data[legacyKey])) return e.data[legacyKey] as string;
    return replayedDue();
  };

  for (const e of events) {
    const day = beijingDay(e.at);
    switch (e.type) {
      case 'submitted':
      case 'unmerged': // a duplicate whose group's letter was refused awaits routing again (operations.ts)
        clockStart = day;
        remaining = limits.triage;
        break;
      case 'accepted': {
        const due = dueBefore(e);
        add(e, departmentAt(e.id), { accepted: 1, acceptedTimed: due ? 1 : 0, acceptedOnTime: due && day <= due ? 1 : 0 });
        clockStart = day;
        remaining = limits[letter.kind];
        roundStart = day;
        break;
      }
      case 'info_requested': {
        const used = clockStart ? workingDaysBetween(clockStart, day, rules) : 0;
        remaining = Math.max(0, (remaining ?? 0) - used);
        clockStart = null;
        break;
      }
      case 'info_provided':
        clockStart = day;
        remaining ??= roundStart ? limits[letter.kind] : limits.triage;
        break;
      case 'extended': {
        const more = Number(e.data.workingDays);
        remaining = (remaining ?? 0) + (Number.isInteger(more) ? more : 0);
        clockStart ??= day;
        break;
      }
      case 'answered': {
        const due = dueBefore(e, 'dueOn');
        const dept = answerDepartments.get(e.at.getTime()) ?? departmentAt(e.id);
        openAnswer = add(e, dept, {
          answered: 1,
          answeredTimed: due ? 1 : 0,
          answeredOnTime: due && day <= due ? 1 : 0,
          daysCounted: roundStart ? 1 : 0,
          workingDays: roundStart ? workingDaysBetween(roundStart, day, rules) : 0,
        });
        clockStart = null;
        remaining = null;
        break;
      }
      case 'rated':
        if (openAnswer && openAnswer.rated === 0) {
          openAnswer.rated = 1;
          openAnswer.satisfied = SATISFIED.has(String(e.data.rating)) ? 1 : 0;
        }
        break;
      case 'redo':
      case 'reopened':
        // A 重办 that carries the rating itself (no `rated` event before it) rates the answer it sends back.
        if (openAnswer && openAnswer.rated === 0 && typeof e.data.rating === 'string') {
          openAnswer.rated = 1;
          openAnswer.satisfied = SATISFIED.has(e.data.rating) ? 1 : 0;
        }
        openAnswer = null;
        clockStart = day;
        remaining = limits[letter.kind];
        roundStart = day;
        break;
      case 'closed_unrated':
        openAnswer = null;
        break;
      case 'urged':
        add(e, departmentAt(e.id), { urged: 1 });
        break;
      case 'supervised':
        add(e, departmentAt(e.id), { supervised: 1 });
        break;
      case 'not_accepted':
      case 'merged':
        clockStart = null;
        break;
      default:
        break;
    }
  }
  return facts;
}

// ---------------------------------------------------------------- keeping the rollup current

const LOCK_KEY = 7_314_201; // pg_advisory_xact_lock key of the rates rollup
const SAFE_LAG = "interval '10 minutes'";
const BATCH = 2000;

const fingerprintSql = sql`md5(
  coalesce((select string_agg(day::text || kind::text, ',' order by day) from calendar_days), '') || '|' ||
  coalesce((select string_agg(key || '=' || working_days, ',' order by key) from letter_deadlines), '') || '|' ||
  coalesce((select string_agg(id || '=' || name, ',' order by id) from departments), ''))`;

interface StateRow { safe: number | null; wcount: number | null; wmax: number | null; fingerprint: string | null; c: number; m: number; fp: string }

async function readState(database: Db | Tx): Promise<StateRow> {
  const state = rowsOf<Omit<StateRow, 'c' | 'm'>>(await database.execute(sql`
    select s.safe_event_id::float8 as safe, s.window_count::float8 as wcount, s.window_max::float8 as wmax, s.fingerprint,
           ${fingerprintSql} as fp
    from (select 1) one left join rate_state s on s.id = 1`))[0]!;
  const safe = state.safe === null ? null : Number(state.safe);
  // The safe mark goes in as a value, not a sub-select: the planner then sees a primary-key range of the last few
  // minutes' events. Behind a sub-select it estimated a third of the log and ran a parallel aggregate (58.8 ms per
  // read at 1,000,000 letters instead of 0.65 ms; docs/BENCHMARKS.md).
  const window = rowsOf<{ c: number; m: number }>(await database.execute(sql`
    select count(*)::float8 as c, coalesce(max(id), 0)::float8 as m from letter_events where id > ${safe ?? 0}::bigint`))[0]!;
  return { ...state, safe, c: Number(window.c), m: Number(window.m) };
}

const upToDate = (s: StateRow) => s.safe !== null && s.fingerprint === s.fp && Number(s.wcount) === s.c && Number(s.wmax) === s.m;

/**
 * Folds new events into the rollup. Cheap when nothing changed (one query over the events above the safe mark).
 * Otherwise, under a transaction-scoped advisory lock (several app processes): every letter with an event above
 * the safe mark has its facts recomputed, and the day sums are moved by the difference in the same transaction.
 * The safe mark only passes events older than 10 minutes, so an event whose transaction commits after a later one
 * (identity ids are taken at insert, not at commit) is still above the mark when it becomes visible.
 * Returns the number of letters recomputed.
 */
export async function refreshRates(database: Db): Promise<number> {
  if (upToDate(await readState(database))) return 0;
  return database.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${LOCK_KEY})`);
    const state = await readState(tx);
    if (upToDate(state)) return 0;
    let safe = state.safe ?? 0;
    if (state.safe === null || state.fingerprint !== state.fp) {
      await tx.execute(sql`delete from letter_rate_facts`);
      await tx.execute(sql`delete from rate_daily`);
      safe = 0;
    }
    const [rules, limits, depts] = await Promise.all([
      loadCalendarRules(tx), loadDeadlines(tx), tx.select({ id: departments.id, name: departments.name }).from(departments),
    ]);
    const ctx: FactContext = { rules, limits, departmentIdByName: new Map(depts.map((d) => [d.name, d.id])) };
    const dirty = rowsOf<{ id: number }>(await tx.execute(sql`select distinct letter_id::float8 as id from letter_events where id > ${safe} order by 1`)).map((r) => Number(r.id));
    for (let i = 0; i < dirty.length; i += BATCH) await recompute(tx, dirty.slice(i, i + BATCH), ctx);
    await tx.execute(sql`
      with w as (select id, at from letter_events where id > ${safe}),
           next as (select greatest(${safe}::bigint, coalesce((select max(id) from w where at < now() - ${sql.raw(SAFE_LAG)}), 0)) as safe)
      insert into rate_state (id, safe_event_id, window_count, window_max, fingerprint)
      select 1, next.safe,
             (select count(*) from letter_events where id > next.safe),
             (select coalesce(max(id), 0) from letter_events where id > next.safe),
             ${state.fp}
      from next
      on conflict (id) do update set safe_event_id = excluded.safe_event_id, window_count = excluded.window_count,
        window_max = excluded.window_max, fingerprint = excluded.fingerprint`);
    return dirty.length;
  });
}

const idArray = (ids: number[]) => sql`${`{${ids.join(',')}}`}::bigint[]`;

/** Moves the day sums by ± the facts of these letters. */
async function shiftDaily(tx: Tx, ids: number[], sign: 1 | -1): Promise<void> {
  const cols = sql.raw(COUNT_COLUMNS.join(', '));
  const sums = sql.raw(COUNT_COLUMNS.map((c) => `${sign} * sum(${c})::int`).join(', '));
  const sets = sql.raw(COUNT_COLUMNS.map((c) => `${c} = rate_daily.${c} + excluded.${c}`).join(', '));
  await tx.execute(sql`
    insert into rate_daily (day, department_id, ${cols})
    select day, department_id, ${sums} from letter_rate_facts where letter_id = any(${idArray(ids)}) group by day, department_id
    on conflict (day, department_id) do update set ${sets}`);
}

async function recompute(tx: Tx, ids: number[], ctx: FactContext): Promise<void> {
  const [letterRows, eventRows, answerRows] = await Promise.all([
    tx.execute(sql`select id::float8 as id, kind, department_id::float8 as department_id from letters where id = any(${idArray(ids)})`),
    tx.execute(sql`select id::float8 as id, letter_id::float8 as letter_id, type, at, data from letter_events where letter_id = any(${idArray(ids)}) order by letter_id, id`),
    tx.execute(sql`select letter_id::float8 as letter_id, department_id::float8 as department_id, created_at from letter_messages
      where letter_id = any(${idArray(ids)}) and kind = 'answer' and department_id is not null`),
  ]);
  const eventsOf = new Map<number, FactEvent[]>();
  for (const r of rowsOf<{ id: number; letter_id: number; type: string; at: Date | string; data: Record<string, unknown> | string }>(eventRows)) {
    const list = eventsOf.get(Number(r.letter_id)) ?? [];
    list.push({ id: Number(r.id), type: r.type, at: new Date(r.at), data: typeof r.data === 'string' ? JSON.parse(r.data) : (r.data ?? {}) });
    eventsOf.set(Number(r.letter_id), list);
  }
  const answersOf = new Map<number, Map<number, number>>();
  for (const r of rowsOf<{ letter_id: number; department_id: number; created_at: Date | string }>(answerRows)) {
    const map = answersOf.get(Number(r.letter_id)) ?? new Map<number, number>();
    map.set(new Date(r.created_at).getTime(), Number(r.department_id));
    answersOf.set(Number(r.letter_id), map);
  }
  const rows: Array<typeof letterRateFacts.$inferInsert> = [];
  for (const l of rowsOf<{ id: number; kind: LetterKind; department_id: number | null }>(letterRows)) {
    const letter: FactLetter = { id: Number(l.id), kind: l.kind, departmentId: l.department_id === null ? null : Number(l.department_id) };
    for (const f of letterFacts(letter, eventsOf.get(letter.id) ?? [], ctx, answersOf.get(letter.id))) rows.push({ letterId: letter.id, ...f });
  }
  await shiftDaily(tx, ids, -1);
  await tx.execute(sql`delete from letter_rate_facts where letter_id = any(${idArray(ids)})`);
  for (let i = 0; i < rows.length; i += 2000) await tx.insert(letterRateFacts).values(rows.slice(i, i + 2000));
  await shiftDaily(tx, ids, 1);
}

// ---------------------------------------------------------------- reading

/** Beijing calendar bounds of a month or a year. */
export function periodBounds(year: number, month: number | null): { from: string; to: string } {
  if (month === null) return { from: `${year}-01-01`, to: `${year}-12-31` };
  const mm = String(month).padStart(2, '0');
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return { from: `${year}-${mm}-01`, to: `${year}-${mm}-${String(last).padStart(2, '0')}` };
}

/** Summed counts per department id (0: unknown department) over a period, from the rollup as it stands. */
export async function countsByDepartment(database: Db | Tx, from: string, to: string): Promise<Map<number, RateCounts>> {
  const sums = sql.raw(COUNT_COLUMNS.map((c) => `sum(${c})::int as ${c}`).join(', '));
  const result = await database.execute(sql`
    select department_id::float8 as department_id, ${sums} from rate_daily
    where day between ${from}::date and ${to}::date group by department_id`);
  const map = new Map<number, RateCounts>();
  for (const row of rowsOf<Record<string, number>>(result)) {
    const counts = zeroCounts();
    COUNT_KEYS.forEach((k, i) => (counts[k] = Number(row[COUNT_COLUMNS[i]!] ?? 0)));
    map.set(Number(row.department_id), counts);
  }
  return map;
}

const hasAny = (c: RateCounts) => COUNT_KEYS.some((k) => c[k] !== 0);

function addCounts(a: RateCounts, b: RateCounts): RateCounts {
  const sum = zeroCounts();
  for (const k of COUNT_KEYS) sum[k] = a[k] + b[k];
  return sum;
}

/** The 三率 of a Beijing month (or the whole year when month is null), per department and for the bureau. */
/**
 * The rollup's state after folding in new events, as a key: every fold rewrites the `rate_state` row (the safe mark,
 * the count and highest id of the events above it, the fingerprint), so period sums read under one key stay exact
 * until the key changes — in any process, since the key is read from the database on every call.
 */
async function foldedStateKey(database: Db): Promise<string> {
  let state = await readState(database);
  if (!upToDate(state)) {
    await refreshRates(database);
    state = await readState(database);
  }
  return `${state.safe}|${state.wcount}|${state.wmax}|${state.fingerprint}`;
}

// Period sums per database and period, with the state key they were read under. Bounded: one entry per period.
const periodCounts = new WeakMap<Db, Map<string, { key: string; counts: Map<number, RateCounts> }>>();

/** countsByDepartment for a period, read once per rollup state (the 三率 page, API and CSV read it on every request). */
async function cachedCounts(database: Db, from: string, to: string): Promise<Map<number, RateCounts>> {
  const key = await foldedStateKey(database);
  let byPeriod = periodCounts.get(database);
  if (!byPeriod) periodCounts.set(database, (byPeriod = new Map()));
  const hit = byPeriod.get(`${from}/${to}`);
  if (hit?.key === key) return hit.counts;
  const counts = await countsByDepartment(database, from, to);
  byPeriod.set(`${from}/${to}`, { key, counts });
  return counts;
}

export async function getDepartmentRates(database: Db, year: number, month: number | null): Promise<RatesReport> {
  const { from, to } = periodBounds(year, month);
  const [counts, depts] = await Promise.all([
    cachedCounts(database, from, to),
    database.select({ id: departments.id, publicId: departments.publicId, name: departments.name, nameEn: departments.nameEn, sortOrder: departments.sortOrder }).from(departments),
  ]);
  let bureau = zeroCounts();
  for (const c of counts.values()) bureau = addCounts(bureau, c);
  const items: DepartmentRates[] = depts
    .filter((d) => counts.has(d.id) && hasAny(counts.get(d.id)!))
    .sort((a, b) => a.sortOrder - b.sortOrder || a.name.localeCompare(b.name))
    .map((d) => ({ department: d.name, departmentEn: d.nameEn, departmentId: d.publicId, ...figuresOf(counts.get(d.id)!) }));
  const rankable = items.length >= 2 && items.every((i) => i.cases >= MIN_CASES_FOR_RANKING);
  const order = (key: 'answeredOnTimeRate' | 'satisfactionRate') =>
    rankable ? [...items].sort((a, b) => (b[key] ?? -1) - (a[key] ?? -1) || b.cases - a.cases).map((i) => i.departmentId) : [];
  return {
    year, month, from, to, items, bureau: figuresOf(bureau), rankable, minCases: MIN_CASES_FOR_RANKING,
    ranking: { byAnsweredOnTime: order('answeredOnTimeRate'), bySatisfaction: order('satisfactionRate') },
  };
}

/** The API's shape (API.md "Accountability"). */
export function ratesJson(report: RatesReport) {
  const pick = (f: RateFigures) => ({
    cases: f.cases, acceptedOnTimeRate: f.acceptedOnTimeRate, answeredOnTimeRate: f.answeredOnTimeRate, satisfactionRate: f.satisfactionRate,
    ratedRate: f.ratedRate, avgWorkingDays: f.avgWorkingDays, urged: f.urged, supervised: f.supervised,
  });
  return {
    year: report.year,
    month: report.month,
    items: report.items.map((i) => ({ department: i.department, departmentId: i.departmentId, ...pick(i) })),
    bureau: pick(report.bureau),
    rankable: report.rankable,
    minCases: report.minCases,
    ranking: report.ranking,
  };
}

/** Current Beijing year and month. */
export function beijingYearMonth(now: Date = new Date()): { year: number; month: number } {
  const day = chinaDate(now);
  return { year: Number(day.slice(0, 4)), month: Number(day.slice(5, 7)) };
}

/** The home page's headline figures: this Beijing year's bureau 三率, read at most once a minute per process. */
const HEADLINE_TTL_MS = 60_000;
const headlines = databaseScoped(() => ({ headline: undefined as { at: number; year: number; figures: RateFigures } | undefined }));

/** The bureau's 三率 of the current Beijing year (cached a minute: the read costs tens of ms at a million letters). */
export async function headlineRates(database: Db, now: Date = new Date()): Promise<{ year: number; figures: RateFigures }> {
  const { year } = beijingYearMonth(now);
  const slot = headlines();
  let headline = slot.headline;
  if (!headline || headline.year !== year || now.getTime() - headline.at >= HEADLINE_TTL_MS) {
    const report = await getDepartmentRates(database, year, null);
    headline = slot.headline = { at: now.getTime(), year, figures: report.bureau };
  }
  return { year: headline.year, figures: headline.figures };
}

// ---------------------------------------------------------------- by channel (issue 17)

export interface ChannelRates extends RateFigures {
  channel: LetterChannel;
}

const channelCounts = new WeakMap<Db, Map<string, { key: string; rows: ChannelRates[] }>>();

/**
 * The bureau's 三率 of a period per channel the letters came by (web, phone, paper, …; all six, zeros included),
 * from the same per-letter facts the department figures are summed from (`letter_rate_facts`, a letter's channel
 * never changes): the channels add up to the bureau's counts exactly. The rollup itself is unchanged; read once per
 * rollup state like the department sums.
 */
export async function getChannelRates(database: Db, year: number, month: number | null): Promise<ChannelRates[]> {
  const { from, to } = periodBounds(year, month);
  const key = await foldedStateKey(database);
  let byPeriod = channelCounts.get(database);
  if (!byPeriod) channelCounts.set(database, (byPeriod = new Map()));
  const hit = byPeriod.get(`${from}/${to}`);
  if (hit?.key === key) return hit.rows;
  const sums = sql.raw(COUNT_COLUMNS.map((c) => `sum(f.${c})::int as ${c}`).join(', '));
  const result = await database.execute(sql`
    select l.channel::text as channel, ${sums} from letter_rate_facts f join letters l on l.id = f.letter_id
    where f.day between ${from}::date and ${to}::date group by l.channel`);
  const found = new Map<string, RateCounts>();
  for (const row of rowsOf<Record<string, number | string>>(result)) {
    const counts = zeroCounts();
    COUNT_KEYS.forEach((k, i) => (counts[k] = Number(row[COUNT_COLUMNS[i]!] ?? 0)));
    found.set(String(row.channel), counts);
  }
  const rows = LETTER_CHANNELS.map((channel) => ({ channel, ...figuresOf(found.get(channel) ?? zeroCounts()) }));
  byPeriod.set(`${from}/${to}`, { key, rows });
  return rows;
}
