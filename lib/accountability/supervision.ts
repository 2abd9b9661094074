import { and, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { db as defaultDb, rowsOf, type Db, type Tx } from '../db';
import { departments } from '../accounts/schema';
import { assertCan, can, type Actor } from '../auth/permissions';
import { forbidden, parseInput } from '../errors';
import { addWorkingDays, chinaDate, loadCalendarRules, workingDayCounter, workingDaysBetween, type CalendarRules } from '../calendar';
import { CASE_KINDS, caseSupervisions, caseUrges, type CaseKind } from './schema';
import { loadAccountabilitySettings } from './settings';
import { openLetterCountSql } from './open-counts';
import { LETTER_OPEN_STATUSES } from '../letters/transitions';
import { APPLICATION_OPEN_STATUSES } from '../disclosure/application-transitions';

/** Status constants as SQL literals (they are code, never input). */
const sqlLiterals = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

/**
 * The supervision board (督办台, issue 14 item 2): every open letter and application of the bureau, across
 * departments, by remaining working days, with its age in working days and its inspection risk.
 *
 * Who sees what (receive-side authorisation, the same rule for the page, the API, the CSV and the socket room):
 * - moderators and admins (`supervision.read` + acting as moderator): every open case;
 * - leaders (`supervision.read`): the letters of their own department (a filter on another department is 403) and
 *   the bureau's applications, read-only: applications belong to no department and are worked by the disclosure
 *   office alone (`disclosure.handle`: moderators, admins), so a leader's rows carry no link (`url` null) — a leader
 *   cannot open the office's application page.
 * Applications show what the disclosure office's queue already shows: tracking number, status, dates, and the start
 * of the request as the title (the applicant's name is not repeated here). Every reader of the board sees them
 * unless filtered to a department; the link to the office's page only with `disclosure.handle`.
 */


/** Highest first: an item has one risk, the most serious that applies. */
export const SUPERVISION_RISKS = ['due_soon', 'overdue', 'days60', 'days90'] as const;
export const SUPERVISION_SORTS = ['due', 'newest'] as const;
export type SupervisionSort = (typeof SUPERVISION_SORTS)[number];
export type SupervisionRisk = (typeof SUPERVISION_RISKS)[number];
/** Calendar days since submission: ≥ 60 is a warning, ≥ 90 an inspection failure (超过 3 个月未回复). */
export const AGE_WARNING_DAYS = 60;
export const AGE_FAILURE_DAYS = 90;
export const SUPERVISION_PAGE_SIZE = 50;
/** The CSV holds at most this many rows (the most urgent first); the page says so when there are more. */
export const SUPERVISION_CSV_MAX = 10_000;

const blankToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);
export const supervisionQuery = z.object({
  departmentId: z.preprocess(blankToUndefined, z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, '部门编号格式不正确').optional()),
  kind: z.preprocess(blankToUndefined, z.enum(CASE_KINDS, { message: 'kind 只能是 letter 或 application' }).optional()),
  risk: z.preprocess(blankToUndefined, z.enum(SUPERVISION_RISKS, { message: 'risk 只能是 due_soon、overdue、days60 或 days90' }).optional()),
  /** `due` (default): most urgent first; `newest`: latest arrivals first, to find a case that just came in. */
  sort: z.preprocess(blankToUndefined, z.enum(SUPERVISION_SORTS, { message: 'sort 只能是 due 或 newest' }).default('due')),
  page: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(100_000).default(1)),
});
export type SupervisionQuery = z.infer<typeof supervisionQuery>;

export interface SupervisionItem {
  kind: CaseKind;
  trackingNo: string;
  title: string;
  /** The department working it; null for a letter awaiting triage and for applications (the disclosure office). */
  department: { id: string; name: string } | null;
  status: string;
  /** The due date (Beijing, YYYY-MM-DD); null while the clock is paused (补充材料, 补正, 征求意见). */
  dueAt: string | null;
  /** Working days from today to the due date; negative when overdue; null while paused. */
  remainingWorkingDays: number | null;
  paused: boolean;
  /** Working days since submission. */
  ageWorkingDays: number;
  /** Calendar days since submission (what the ≥ 60 / ≥ 90 risks count). */
  ageDays: number;
  risk: SupervisionRisk | null;
  /** Any 催办 by the writer or applicant. */
  urged: boolean;
  /** An unresolved 督办. */
  supervised: boolean;
  supervision: { targetDate: string; overdue: boolean } | null;
  submittedOn: string;
  /** The page to open it on; null where the reader may not open one (applications for a leader). */
  url: string | null;
}

export interface SupervisionList {
  items: SupervisionItem[];
  total: number;
  page: number;
  pageSize: number;
  /** What the reader sees (for the page's wording). */
  scope: { allDepartments: boolean; applications: boolean; departmentId: string | null };
}

function shiftDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
/** The instant Beijing's `day` begins (UTC+8, no daylight saving). */
const beijingMidnight = (day: string) => new Date(`${day}T00:00:00+08:00`);

export interface RiskInput {
  dueOn: string | null;
  submittedOn: string;
}
export interface RiskFigures {
  remainingWorkingDays: number | null;
  ageWorkingDays: number;
  ageDays: number;
  risk: SupervisionRisk | null;
}

/**
 * One case's clock figures on `today` (Beijing): remaining working days to the due date (today's due date is 0; a
 * passed one is negative, at least −1 even over a weekend), age in working days and calendar days, and the risk —
 * days90 / days60 by calendar age first, then overdue (due date passed), then due_soon (within `dueSoon` working
 * days). A paused clock (no due date) is never overdue or due soon; its age still counts.
 */
export function classifyRisk(
  c: RiskInput, today: string, rules: CalendarRules, dueSoon: number,
  between: (from: string, to: string) => number = (from, to) => workingDaysBetween(from, to, rules),
): RiskFigures {
  const ageDays = Math.max(0, daysBetween(c.submittedOn, today));
  const ageWorkingDays = between(c.submittedOn, today);
  let remainingWorkingDays: number | null = null;
  if (c.dueOn) remainingWorkingDays = c.dueOn >= today ? between(today, c.dueOn) : -Math.max(1, between(c.dueOn, today));
  let risk: SupervisionRisk | null = null;
  if (ageDays >= AGE_FAILURE_DAYS) risk = 'days90';
  else if (ageDays >= AGE_WARNING_DAYS) risk = 'days60';
  else if (c.dueOn && c.dueOn < today) risk = 'overdue';
  else if (c.dueOn && remainingWorkingDays !== null && remainingWorkingDays <= dueSoon) risk = 'due_soon';
  return { remainingWorkingDays, ageWorkingDays, ageDays, risk };
}

interface Bounds {
  today: string;
  /** Due dates before this are within the due-soon window (the (dueSoon+1)th working day after today). */
  soonEnd: string;
  /** Submitted before this instant (letters) / received on or before this date (applications): ≥ 60 or ≥ 90 days. */
  age60: { at: Date; day: string };
  age90: { at: Date; day: string };
}

function boundsFor(now: Date, rules: CalendarRules, dueSoon: number): Bounds {
  const today = chinaDate(now);
  const d60 = shiftDays(today, -AGE_WARNING_DAYS);
  const d90 = shiftDays(today, -AGE_FAILURE_DAYS);
  return {
    today,
    soonEnd: addWorkingDays(today, dueSoon + 1, rules),
    age60: { at: beijingMidnight(shiftDays(d60, 1)), day: d60 },
    age90: { at: beijingMidnight(shiftDays(d90, 1)), day: d90 },
  };
}

/** The SQL condition of one risk on a side of the union (the same order of precedence as classifyRisk). */
function riskCondition(risk: SupervisionRisk, side: 'letter' | 'application', b: Bounds): SQL {
  const aged = (bound: { at: Date; day: string }) =>
    side === 'letter' ? sql`submitted_at < ${bound.at.toISOString()}::timestamptz` : sql`received_on <= ${bound.day}::date`;
  const young = (bound: { at: Date; day: string }) =>
    side === 'letter' ? sql`submitted_at >= ${bound.at.toISOString()}::timestamptz` : sql`received_on > ${bound.day}::date`;
  switch (risk) {
    case 'days90': return aged(b.age90);
    case 'days60': return sql`${aged(b.age60)} and ${young(b.age90)}`;
    case 'overdue': return sql`${young(b.age60)} and due_on < ${b.today}::date`;
    case 'due_soon': return sql`${young(b.age60)} and due_on >= ${b.today}::date and due_on < ${b.soonEnd}::date`;
  }
}

interface Scope {
  letters: boolean;
  applications: boolean;
  /** Whether an application's row links to the office's page (disclosure.handle). */
  applicationLinks: boolean;
  /** Internal department id the letters are limited to. */
  departmentId: number | null;
  departmentPublicId: string | null;
  allDepartments: boolean;
}

/** Who may read what on the board (see the module comment); throws 401/403. */
async function scopeFor(actor: Actor, query: SupervisionQuery, database: Db | Tx): Promise<Scope> {
  assertCan(actor, 'supervision.read');
  const user = actor.user;
  const everything = user.role === 'moderator' || user.role === 'admin';
  let departmentId: number | null = null;
  let departmentPublicId: string | null = null;
  if (!everything) {
    if (query.departmentId && query.departmentId !== user.departmentPublicId) throw forbidden('只能查看本部门的办件');
    departmentId = user.departmentId;
    departmentPublicId = user.departmentPublicId;
  } else if (query.departmentId) {
    const [row] = await database.select({ id: departments.id }).from(departments).where(eq(departments.publicId, query.departmentId));
    departmentId = row?.id ?? -1; // an unknown department: nothing matches
    departmentPublicId = query.departmentId;
  }
  return {
    letters: query.kind !== 'application' && (everything || departmentId !== null),
    // Applications belong to no department: for every reader of the board (a leader's board is the own department's
    // letters and the bureau's applications), never under a department filter.
    applications: query.kind !== 'letter' && !query.departmentId,
    applicationLinks: can(actor, 'disclosure.handle'),
    departmentId,
    departmentPublicId,
    allDepartments: everything,
  };
}

const CASE_ORDER: Record<SupervisionSort, SQL> = {
  due: sql`due_on asc nulls last, submitted_at asc, tracking_no asc`,
  newest: sql`submitted_at desc, tracking_no desc`,
};

/**
 * The open cases as one union of letters and applications. With `limit`, each side is ordered and cut to `limit`
 * rows first, so each walks its own index (letters_open_due_idx, letters_open_department_due_idx; newest first:
 * letters_submitted_idx) instead of sorting every open case; the union is then ordered again and paged.
 */
function casesSql(scope: Scope, risk: SupervisionRisk | undefined, b: Bounds, sort: SupervisionSort, limit?: number): SQL | null {
  const side = (select: SQL) => (limit === undefined ? select : sql`(${select} order by ${CASE_ORDER[sort]} limit ${limit})`);
  const parts: SQL[] = [];
  if (scope.letters) {
    // Literals, not parameters: the planner matches them to the partial indexes' predicate (letters/schema.ts).
    const where: SQL[] = [sql`status in (${sqlLiterals(LETTER_OPEN_STATUSES)})`];
    if (scope.departmentId !== null) where.push(sql`department_id = ${scope.departmentId}`);
    if (risk) where.push(riskCondition(risk, 'letter', b));
    parts.push(side(sql`select 'letter'::text as kind, id, tracking_no, title, department_id, status::text as status, due_on, submitted_at,
      null::date as received_on from letters where ${sql.join(where, sql` and `)}`));
  }
  if (scope.applications) {
    const where: SQL[] = [sql`status in (${sqlLiterals(APPLICATION_OPEN_STATUSES)})`];
    if (risk) where.push(riskCondition(risk, 'application', b));
    parts.push(side(sql`select 'application'::text as kind, id, tracking_no, left(description, 60) as title, null::bigint as department_id,
      status::text as status, due_on, submitted_at, received_on from disclosure_applications where ${sql.join(where, sql` and `)}`));
  }
  if (parts.length === 0) return null;
  return sql.join(parts, sql` union all `);
}

interface CaseRow {
  kind: CaseKind;
  id: string | number;
  tracking_no: string;
  title: string;
  department_id: string | number | null;
  status: string;
  due_on: string | null;
  submitted_at: string | Date;
  received_on: string | null;
}

/**
 * The board's rows, by default most urgent first — by due date (= remaining working days), paused clocks last, then
 * the oldest submission — or newest first; the tracking number (unique across letters and applications) breaks ties
 * so pages never overlap.
 */
async function fetchCases(database: Db | Tx, cases: SQL, sort: SupervisionSort, limit: number, offset: number): Promise<CaseRow[]> {
  const result = await database.execute(sql`select c.kind, c.id, c.tracking_no, c.title, c.department_id, c.status, c.due_on::text as due_on,
      c.submitted_at, c.received_on::text as received_on from (${cases}) c
    order by ${CASE_ORDER[sort]} limit ${limit} offset ${offset}`);
  return rowsOf<CaseRow>(result);
}

/**
 * How many cases the filters match. Without a risk filter the letters' share is the count the database keeps
 * (open-counts.ts: counting the open letters themselves cost ~10 ms of PostgreSQL CPU per read at 1,000,000
 * letters), the applications (a few hundred a year) are counted; a risk depends on today's date, so with one every
 * case is counted (fewer rows, on the partial indexes).
 */
async function countCases(database: Db | Tx, cases: SQL, scope: Scope, risk: SupervisionRisk | undefined, b: Bounds): Promise<number> {
  let count: SQL;
  if (risk) count = sql`(select count(*) from (${cases}) c)`;
  else {
    const applications = scope.applications ? casesSql({ ...scope, letters: false }, undefined, b, 'due') : null;
    count = sql.join([
      scope.letters ? openLetterCountSql(scope.departmentId ?? undefined) : sql`0`,
      applications ? sql`(select count(*) from (${applications}) a)` : sql`0`,
    ], sql` + `);
  }
  const result = await database.execute(sql`select (${count})::int as n`);
  return Number(rowsOf<{ n: number | string }>(result)[0]?.n ?? 0);
}

async function decorate(database: Db | Tx, rows: CaseRow[], b: Bounds, rules: CalendarRules, dueSoon: number, scope: Scope): Promise<SupervisionItem[]> {
  if (rows.length === 0) return [];
  const ids = (kind: CaseKind) => rows.filter((r) => r.kind === kind).map((r) => Number(r.id));
  const key = (kind: string, id: number) => `${kind}:${id}`;
  const caseFilter = <T extends typeof caseUrges | typeof caseSupervisions>(t: T) => {
    const parts: SQL[] = [];
    for (const kind of CASE_KINDS) {
      const list = ids(kind);
      if (list.length) parts.push(and(eq(t.caseKind, kind), inArray(t.caseId, list))!);
    }
    return parts.length === 1 ? parts[0]! : sql`(${sql.join(parts, sql` or `)})`;
  };
  const deptIds = [...new Set(rows.map((r) => r.department_id).filter((d): d is string | number => d !== null).map(Number))];
  const [urges, supervisions, depts] = await Promise.all([
    database.selectDistinct({ kind: caseUrges.caseKind, id: caseUrges.caseId }).from(caseUrges).where(caseFilter(caseUrges)),
    database.select({ kind: caseSupervisions.caseKind, id: caseSupervisions.caseId, targetDate: caseSupervisions.targetDate })
      .from(caseSupervisions).where(and(caseFilter(caseSupervisions), isNull(caseSupervisions.resolvedAt))),
    deptIds.length ? database.select({ id: departments.id, publicId: departments.publicId, name: departments.name }).from(departments).where(inArray(departments.id, deptIds)) : Promise.resolve([]),
  ]);
  const urged = new Set(urges.map((u) => key(u.kind, u.id)));
  const supervisedBy = new Map<string, string>();
  // Several open 督办 on one case: the earliest target date is the one that binds.
  for (const s of supervisions) {
    const k = key(s.kind, s.id);
    const prev = supervisedBy.get(k);
    if (!prev || s.targetDate < prev) supervisedBy.set(k, s.targetDate);
  }
  const deptBy = new Map(depts.map((d) => [d.id, { id: d.publicId, name: d.name }]));
  const submittedOnOf = (r: CaseRow) => (r.kind === 'application' && r.received_on ? r.received_on : chinaDate(new Date(r.submitted_at)));
  const days = rows.flatMap((r) => [submittedOnOf(r), ...(r.due_on ? [r.due_on] : [])]).concat(b.today).sort();
  const between = workingDayCounter(days[0]!, days.at(-1)!, rules);
  return rows.map((r) => {
    const id = Number(r.id);
    const submittedOn = submittedOnOf(r);
    const figures = classifyRisk({ dueOn: r.due_on, submittedOn }, b.today, rules, dueSoon, between);
    const target = supervisedBy.get(key(r.kind, id)) ?? null;
    return {
      kind: r.kind,
      trackingNo: r.tracking_no,
      title: r.title,
      department: r.department_id === null ? null : deptBy.get(Number(r.department_id)) ?? null,
      status: r.status,
      dueAt: r.due_on,
      remainingWorkingDays: figures.remainingWorkingDays,
      paused: r.due_on === null,
      ageWorkingDays: figures.ageWorkingDays,
      ageDays: figures.ageDays,
      risk: figures.risk,
      urged: urged.has(key(r.kind, id)),
      supervised: target !== null,
      supervision: target === null ? null : { targetDate: target, overdue: target < b.today },
      submittedOn,
      url: r.kind === 'letter' ? `/letters/${r.tracking_no}` : scope.applicationLinks ? `/workspace/moderator/applications/${r.tracking_no}` : null,
    };
  });
}

/** The board for this reader: one page of open cases and the total under the filters. */
export async function listSupervision(actor: Actor, input: unknown, now = new Date(), database: Db | Tx = defaultDb()): Promise<SupervisionList> {
  const query = parseInput(supervisionQuery, input);
  const scope = await scopeFor(actor, query, database);
  const [rules, settings] = await Promise.all([loadCalendarRules(database), loadAccountabilitySettings(database)]);
  const b = boundsFor(now, rules, settings.dueSoon);
  const offset = (query.page - 1) * SUPERVISION_PAGE_SIZE;
  const cases = casesSql(scope, query.risk, b, query.sort);
  const firstCases = casesSql(scope, query.risk, b, query.sort, offset + SUPERVISION_PAGE_SIZE);
  const view = { allDepartments: scope.allDepartments, applications: scope.applications, departmentId: scope.departmentPublicId };
  if (!cases || !firstCases) return { items: [], total: 0, page: query.page, pageSize: SUPERVISION_PAGE_SIZE, scope: view };
  const [rows, total] = await Promise.all([
    fetchCases(database, firstCases, query.sort, SUPERVISION_PAGE_SIZE, offset),
    countCases(database, cases, scope, query.risk, b),
  ]);
  return { items: await decorate(database, rows, b, rules, settings.dueSoon, scope), total, page: query.page, pageSize: SUPERVISION_PAGE_SIZE, scope: view };
}

/** Every row under the filters (at most SUPERVISION_CSV_MAX, most urgent first), for the CSV. */
export async function listSupervisionForExport(actor: Actor, input: unknown, now = new Date(), database: Db | Tx = defaultDb()): Promise<{ items: SupervisionItem[]; total: number }> {
  const query = parseInput(supervisionQuery, input);
  const scope = await scopeFor(actor, query, database);
  const [rules, settings] = await Promise.all([loadCalendarRules(database), loadAccountabilitySettings(database)]);
  const b = boundsFor(now, rules, settings.dueSoon);
  const cases = casesSql(scope, query.risk, b, query.sort);
  const firstCases = casesSql(scope, query.risk, b, query.sort, SUPERVISION_CSV_MAX);
  if (!cases || !firstCases) return { items: [], total: 0 };
  const [rows, total] = await Promise.all([fetchCases(database, firstCases, query.sort, SUPERVISION_CSV_MAX, 0), countCases(database, cases, scope, query.risk, b)]);
  return { items: await decorate(database, rows, b, rules, settings.dueSoon, scope), total };
}
