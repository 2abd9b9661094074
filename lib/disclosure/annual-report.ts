import { isDeepStrictEqual } from 'node:util';
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { organisation } from '../accounts/schema';
import { recordAudit } from '../audit';
import { can, assertCan, type Actor, type ActorUser } from '../auth/permissions';
import { chinaDate, chinaYear } from '../calendar/workdays';
import { db as defaultDb, rowsOf, type Db, type Tx } from '../db';
import { AppError, conflict, notFound, parseInput } from '../errors';
import { getStatistics, workingDayIndex, yearBounds, yearQuery, type LetterFigures, type Statistics } from '../stats';
import { annualReportPdfFileName, buildAnnualReportPdf } from './annual-report-pdf';
import { upsertArchiveCatalogueItem } from './catalogue';
import { fileUrl, storeUploadedFile, type StoredFile } from './files';
import { APPLICATION_TEMPLATE_ROWS, PROACTIVE_2021_CELLS, type Proactive2021Cell } from './annual-template';
import { reviewsTable, type ReviewsTable } from './reviews';
import { LETTER_CHANNELS, type LetterChannel } from '../letters/schema';
import { annualReportFigures, annualReports, APPLICANT_TYPES, APPLICATION_OUTCOMES, CODED_OUTCOMES, REASON_CODES_BY_OUTCOME, catalogueCategories, catalogueItems, disclosureFiles, type ApplicantType, type ApplicationOutcome } from './schema';

/**
 * 政府信息公开工作年度报告 (issue 6 part 5), after the national template of the General Office of the State Council:
 * the tables are generated from the data every time the report is read (only the text sections are stored), so a
 * published report always agrees with the catalogue and the applications. The applications table is checked per
 * applicant-type column: 本年新收 + 上年结转 = 办理结果总计 + 结转下年度; a column that does not balance is reported
 * (and the report cannot be published until the data is put right), never adjusted.
 *
 * Definitions:
 * - 主动公开 per category: 主动公开 items first published in the year (`published_at`, withdrawn ones included — they
 *   were public that year), of which published more than 20 working days after their 生成日期; items registered as
 *   依申请公开 / 不予公开 with a 生成日期 in the year; 主动公开 items public at year end.
 * - Applications, per applicant type: new = received in the year; carried in = received before the year and not
 *   closed before it began; handled = closed in the year, by outcome (an application the applicant withdrew counts
 *   as 其他处理); carried forward = received by year end and not closed by then. Closed = answered (answered_at), or
 *   withdrawn (the time of its `withdrawn` event, else its submission).
 * - The platform's own letters and interviews follow as an extra section (lib/stats).
 */

export const PROACTIVE_LIMIT_WORKING_DAYS = 20;

/** The 统计信息 category of the catalogue: the report is statistical information the bureau publishes. */
export const ANNUAL_REPORT_CATEGORY_CODE = '11';

export const SECTION_KEYS = ['overview', 'proactive', 'applications', 'problems', 'other'] as const;
export type SectionKey = (typeof SECTION_KEYS)[number];
export const SECTION_MAX_CHARS = 5000;

const sectionText = z
  .string({ message: '应为文字' })
  .max(SECTION_MAX_CHARS * 4, { message: `不超过 ${SECTION_MAX_CHARS} 字` })
  .transform((s) => s.replace(/\r\n?/g, '\n').trim())
  .refine((s) => [...s].length <= SECTION_MAX_CHARS, { message: `不超过 ${SECTION_MAX_CHARS} 字` });

const year = yearQuery.shape.year;
const version = z.coerce.number({ message: '版本号应为数字' }).int({ message: '版本号应为整数' }).min(0, { message: '版本号无效' });

export const annualReportQuery = yearQuery;

export const annualReportEditInput = z.object({
  year,
  /** The version the editor started from (0: the report has never been saved). */
  version,
  sections: z.object(Object.fromEntries(SECTION_KEYS.map((k) => [k, sectionText.optional()])) as Record<SectionKey, z.ZodOptional<typeof sectionText>>),
});

export const annualReportPublishInput = z.object({ year, version });
/** 更新数据: the published report's figures frozen again from the data as it is now. */
export const annualReportRefreshInput = z.object({ year, version });

// ---- Tables ----

export interface ProactiveRow {
  code: string;
  name: string;
  nameEn: string;
  /** 0 for a top-level category, 1 for a child. */
  depth: number;
  published: number;
  late: number;
  onRequest: number;
  exempt: number;
  current: number;
}
type ProactiveCounts = Omit<ProactiveRow, 'code' | 'name' | 'nameEn' | 'depth'>;

export type ApplicationColumn = ApplicantType | 'total';
export const APPLICATION_COLUMNS: readonly ApplicationColumn[] = [...APPLICANT_TYPES, 'total'];
export type ApplicationRowKey = 'new' | 'carriedIn' | ApplicationOutcome | 'handled' | 'carriedForward';
export const APPLICATION_ROWS: readonly ApplicationRowKey[] = ['new', 'carriedIn', ...APPLICATION_OUTCOMES, 'handled', 'carriedForward'];

export interface BalanceMismatch {
  column: ApplicationColumn;
  new: number;
  carriedIn: number;
  handled: number;
  carriedForward: number;
  /** (new + carried in) − (handled + carried forward) */
  difference: number;
}

/** A row of section 三 as the template prints it; `values` is null for the heading 三、本年度办理结果. */
export interface ApplicationTemplateRow {
  code: string;
  label: string;
  depth: number;
  values: Record<ApplicationColumn, number> | null;
}

/** A parent row that is not the sum of its sub-rows (e.g. a reply recorded before reason codes existed). */
export interface RowMismatch {
  row: string;
  label: string;
  column: ApplicationColumn;
  value: number;
  sumOfParts: number;
}

export interface AnnualReportTables {
  year: number;
  proactive: { rows: ProactiveRow[]; total: ProactiveCounts };
  applications: {
    cells: Record<ApplicationRowKey, Record<ApplicationColumn, number>>;
    /** Section 三 in the template's order and words (annual-template.ts). */
    rows: ApplicationTemplateRow[];
    check: { ok: boolean; mismatches: BalanceMismatch[]; rowMismatches: RowMismatch[] };
  };
  /** Section 四: 行政复议 and 行政诉讼 (reviews.ts). */
  reviews: ReviewsTable;
  /** Section 二 of the 2021 template, each cell with its source. */
  proactive2021: Proactive2021Row[];
  /** Section 六: 信息处理费 notified and collected. */
  fees: FeeFigures;
  platform: { letters: LetterFigures; interviews: Omit<Statistics['interviews'], 'byMonth'>; applicationsReceived: number };
}

async function proactiveTable(database: Db | Tx, year: number): Promise<AnnualReportTables['proactive']> {
  const { start, end, first, last } = yearBounds(year);
  const s = start.toISOString();
  const e = end.toISOString();
  const publishedOn = sql`((ci.published_at at time zone 'UTC') + interval '8 hours')::date`;
  const inYear = sql`ci.attribute = 'proactive' and ci.published_at >= ${s}::timestamptz and ci.published_at < ${e}::timestamptz`;
  const [categories, counts] = await Promise.all([
    database
      .select({ id: catalogueCategories.id, code: catalogueCategories.code, name: catalogueCategories.name, nameEn: catalogueCategories.nameEn, parentId: catalogueCategories.parentId, sortOrder: catalogueCategories.sortOrder })
      .from(catalogueCategories),
    database.execute(sql`
      with cal as (${workingDayIndex(sql`(select least(min(ci.generated_on), ${first}::date) from catalogue_items ci where ${inYear})`, sql`${last}::date`)})
      select ci.category_id::text as category_id,
             (count(*) filter (where ${inYear}))::int as published,
             (count(*) filter (where ${inYear} and cp.n - cg.n > ${PROACTIVE_LIMIT_WORKING_DAYS}))::int as late,
             (count(*) filter (where ci.attribute = 'on_request' and ci.generated_on between ${first}::date and ${last}::date))::int as on_request,
             (count(*) filter (where ci.attribute = 'exempt' and ci.generated_on between ${first}::date and ${last}::date))::int as exempt,
             (count(*) filter (where ci.attribute = 'proactive' and ci.status <> 'draft' and ci.published_at < ${e}::timestamptz
                               and (ci.withdrawn_at is null or ci.withdrawn_at >= ${e}::timestamptz)))::int as current
      from catalogue_items ci
      left join cal cg on cg.day = ci.generated_on
      left join cal cp on cp.day = ${publishedOn}
      group by ci.category_id`),
  ]);
  const byCategory = new Map(rowsOf<{ category_id: string; published: number; late: number; on_request: number; exempt: number; current: number }>(counts).map((r) => [r.category_id, r]));
  const ordered = [...categories].sort((a, b) => a.sortOrder - b.sortOrder || a.code.localeCompare(b.code));
  const rows: ProactiveRow[] = [];
  const push = (c: (typeof categories)[number], depth: number) => {
    const r = byCategory.get(String(c.id));
    rows.push({ code: c.code, name: c.name, nameEn: c.nameEn, depth, published: r?.published ?? 0, late: r?.late ?? 0, onRequest: r?.on_request ?? 0, exempt: r?.exempt ?? 0, current: r?.current ?? 0 });
    for (const child of ordered.filter((x) => x.parentId === c.id)) push(child, depth + 1);
  };
  for (const root of ordered.filter((c) => c.parentId === null)) push(root, 0);
  const total: ProactiveCounts = { published: 0, late: 0, onRequest: 0, exempt: 0, current: 0 };
  for (const r of rows) for (const k of Object.keys(total) as Array<keyof ProactiveCounts>) total[k] += r[k];
  return { rows, total };
}

async function applicationsTable(database: Db | Tx, year: number): Promise<AnnualReportTables['applications']> {
  const { start, end, first, last } = yearBounds(year);
  const s = start.toISOString();
  const e = end.toISOString();
  const closedInYear = sql`closed_at >= ${s}::timestamptz and closed_at < ${e}::timestamptz`;
  const result = await database.execute(sql`
    with apps as (
      select a.applicant_type::text as applicant_type, a.received_on,
             case when a.answered_at is not null then a.answered_at
                  when a.status = 'withdrawn' then coalesce(
                    (select max(ev.at) from disclosure_application_events ev where ev.application_id = a.id and ev.type = 'withdrawn'),
                    a.submitted_at)
             end as closed_at,
             case when a.outcome is not null then a.outcome::text when a.status = 'withdrawn' and a.answered_at is null then 'other' end as result,
             case when a.outcome is not null then a.reason_code::text when a.status = 'withdrawn' and a.answered_at is null then 'other' end as reason
      from disclosure_applications a
      where a.received_on <= ${last}::date
    )
    select applicant_type, 'row' as kind, null::text as result, null::text as reason,
           (count(*) filter (where received_on >= ${first}::date))::int as new,
           (count(*) filter (where received_on < ${first}::date and (closed_at is null or closed_at >= ${s}::timestamptz)))::int as carried_in,
           (count(*) filter (where closed_at is null or closed_at >= ${e}::timestamptz))::int as carried_forward,
           0 as n
    from apps group by applicant_type
    union all
    select applicant_type, 'result', result, reason, 0, 0, 0, count(*)::int
    from apps where ${closedInYear} and result is not null group by applicant_type, result, reason`);
  const rows = rowsOf<{ applicant_type: ApplicantType; kind: string; result: ApplicationOutcome | null; reason: string | null; new: number; carried_in: number; carried_forward: number; n: number }>(result);
  const cells = Object.fromEntries(APPLICATION_ROWS.map((r) => [r, Object.fromEntries(APPLICATION_COLUMNS.map((c) => [c, 0]))])) as AnnualReportTables['applications']['cells'];
  // The template's rows by code; a coded outcome's parent row counts every reply of that outcome, its sub-rows by code.
  const byCode = new Map(APPLICATION_TEMPLATE_ROWS.map((r) => [r.code, Object.fromEntries(APPLICATION_COLUMNS.map((c) => [c, 0])) as Record<ApplicationColumn, number>]));
  for (const row of rows) {
    const col = row.applicant_type;
    if (row.kind === 'row') {
      cells.new[col] = row.new;
      cells.carriedIn[col] = row.carried_in;
      cells.carriedForward[col] = row.carried_forward;
    } else if (row.result) {
      cells[row.result][col] += row.n;
      if (row.reason) {
        const sub = byCode.get(`${row.result}.${row.reason}`);
        if (sub) sub[col] += row.n;
      }
    }
  }
  for (const col of APPLICANT_TYPES) cells.handled[col] = APPLICATION_OUTCOMES.reduce((sum, o) => sum + cells[o][col], 0);
  for (const r of APPLICATION_ROWS) cells[r].total = APPLICANT_TYPES.reduce((sum, c) => sum + cells[r][c], 0);
  const cellKey: Record<string, ApplicationRowKey> = { new: 'new', carried_in: 'carriedIn', handled: 'handled', carried_forward: 'carriedForward' };
  for (const o of APPLICATION_OUTCOMES) cellKey[o] = o;
  for (const [code, values] of byCode) {
    const key = cellKey[code];
    if (key) Object.assign(values, cells[key]);
    else values.total = APPLICANT_TYPES.reduce((sum, c) => sum + values[c], 0);
  }
  const templateRows: ApplicationTemplateRow[] = APPLICATION_TEMPLATE_ROWS.map((r) => ({
    code: r.code, label: r.label, depth: r.depth, values: r.heading ? null : byCode.get(r.code)!,
  }));
  const mismatches: BalanceMismatch[] = APPLICATION_COLUMNS.map((column) => ({
    column,
    new: cells.new[column],
    carriedIn: cells.carriedIn[column],
    handled: cells.handled[column],
    carriedForward: cells.carriedForward[column],
    difference: cells.new[column] + cells.carriedIn[column] - cells.handled[column] - cells.carriedForward[column],
  })).filter((m) => m.difference !== 0);
  // Every parent row equals the sum of its sub-rows (a reply recorded without a reason code breaks this), and 总计
  // the sum of (一)…(六).
  const rowMismatches: RowMismatch[] = [];
  for (const outcome of CODED_OUTCOMES) {
    const parent = byCode.get(outcome)!;
    const subs = REASON_CODES_BY_OUTCOME[outcome].map((code) => byCode.get(`${outcome}.${code}`)!);
    for (const column of APPLICATION_COLUMNS) {
      const sum = subs.reduce((acc, v) => acc + v[column], 0);
      if (sum !== parent[column]) rowMismatches.push({ row: outcome, label: APPLICATION_TEMPLATE_ROWS.find((r) => r.code === outcome)!.label, column, value: parent[column], sumOfParts: sum });
    }
  }
  for (const column of APPLICATION_COLUMNS) {
    const sum = APPLICATION_OUTCOMES.reduce((acc, o) => acc + byCode.get(o)![column], 0);
    if (sum !== byCode.get('handled')![column]) rowMismatches.push({ row: 'handled', label: APPLICATION_TEMPLATE_ROWS.find((r) => r.code === 'handled')!.label, column, value: byCode.get('handled')![column], sumOfParts: sum });
  }
  return { cells, rows: templateRows, check: { ok: mismatches.length === 0 && rowMismatches.length === 0, mismatches, rowMismatches } };
}

// ---- The 31 January deadline (条例第五十条) ----

export interface AnnualReportReminder {
  /** The report year the reminder is about. */
  year: number;
  /** Beijing date by which it must be published: 31 January of the next year. */
  deadline: string;
  /** Days from today to the deadline (0 on the day, negative once it has passed unpublished). */
  daysLeft: number;
}

/**
 * Which report is due next and in how many days: up to 31 January the previous year's; after it, still the
 * previous year's while it is unpublished (overdue), else this year's (due next 31 January).
 */
export async function annualReportReminder(database: Db | Tx = defaultDb(), now = new Date()): Promise<AnnualReportReminder> {
  const today = chinaDate(now);
  const thisYear = chinaYear(now);
  let y = thisYear - 1;
  if (today > `${thisYear}-01-31`) {
    const [row] = await database.select({ status: annualReports.status }).from(annualReports).where(eq(annualReports.year, y));
    if (row?.status === 'published') y = thisYear;
  }
  const deadline = `${y + 1}-01-31`;
  const daysLeft = Math.round((Date.parse(`${deadline}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
  return { year: y, deadline, daysLeft };
}

// ---- Section 二 of the 2021 template (主动公开政府信息情况) ----

/**
 * The catalogue categories whose items are the template's 规章 and 行政规范性文件 (lib/disclosure/categories.ts):
 * 本年制发 = items first published in the year, 本年废止 = items withdrawn in the year, 现行有效 = items public at
 * year end (a category includes its children). The other cells are decisions and money the catalogue does not
 * hold: a moderator enters them for the year (annual_report_figures).
 */
export const PROACTIVE_2021_CATEGORY: Partial<Record<string, string>> = { rules: '03', normative: '04' };

export type CellSource = 'catalogue' | 'entered' | 'missing';
export interface Proactive2021Row {
  cell: Proactive2021Cell;
  row: string;
  column: string;
  /** A count, or 万元 (up to four decimals) for 行政事业性收费; null when nobody entered it. */
  value: string | null;
  source: CellSource;
}

async function proactive2021Table(database: Db | Tx, year: number): Promise<Proactive2021Row[]> {
  const { start, end } = yearBounds(year);
  const s = start.toISOString();
  const e = end.toISOString();
  const codes = Object.values(PROACTIVE_2021_CATEGORY) as string[];
  const [derived, entered] = await Promise.all([
    database.execute(sql`
      select coalesce(p.code, c.code) as code,
             (count(*) filter (where ci.published_at >= ${s}::timestamptz and ci.published_at < ${e}::timestamptz))::int as made,
             (count(*) filter (where ci.withdrawn_at >= ${s}::timestamptz and ci.withdrawn_at < ${e}::timestamptz))::int as repealed,
             (count(*) filter (where ci.published_at < ${e}::timestamptz and (ci.withdrawn_at is null or ci.withdrawn_at >= ${e}::timestamptz)))::int as current
      from catalogue_items ci
      join catalogue_categories c on c.id = ci.category_id
      left join catalogue_categories p on p.id = c.parent_id
      where ci.attribute = 'proactive' and ci.status <> 'draft' and coalesce(p.code, c.code) in (${sql.join(codes.map((c) => sql`${c}`), sql`, `)})
      group by 1`),
    database.select({ cell: annualReportFigures.cell, value: annualReportFigures.value }).from(annualReportFigures).where(eq(annualReportFigures.year, year)),
  ]);
  const byCode = new Map(rowsOf<{ code: string; made: number; repealed: number; current: number }>(derived).map((r) => [r.code, r]));
  const typed = new Map(entered.map((f) => [f.cell, f.value]));
  return PROACTIVE_2021_CELLS.map(({ cell, row, column }) => {
    const [group, measure] = cell.split('.') as [string, string];
    const code = PROACTIVE_2021_CATEGORY[group];
    if (code) {
      const counts = byCode.get(code) as Record<string, number> | undefined;
      return { cell, row, column, value: String(counts?.[measure] ?? 0), source: 'catalogue' as const };
    }
    const value = typed.get(cell);
    return { cell, row, column, value: value === undefined ? null : normaliseFigure(value), source: value === undefined ? ('missing' as const) : ('entered' as const) };
  });
}

/** "12.5000" → "12.5", "3.0000" → "3". */
const normaliseFigure = (v: string) => (v.includes('.') ? v.replace(/0+$/, '').replace(/\.$/, '') : v);

/** The cells a moderator enters (those not derived from the catalogue). */
export const ENTERED_PROACTIVE_CELLS = PROACTIVE_2021_CELLS.filter((c) => !PROACTIVE_2021_CATEGORY[c.cell.split('.')[0]!]).map((c) => c.cell);

const figureValue = z
  .union([z.string(), z.number()], { error: '应为数字' })
  .transform((v) => String(v).trim())
  .refine((v) => v === '' || /^\d{1,10}(\.\d{1,4})?$/.test(v), { error: '应为不小于 0 的数字（最多 4 位小数）' })
  .nullish()
  .transform((v) => (v ? v : null));

export const proactiveFiguresInput = z.object({
  year,
  figures: z.object(Object.fromEntries(ENTERED_PROACTIVE_CELLS.map((c) => [c, figureValue])) as Record<string, typeof figureValue>).partial(),
}).superRefine((v, ctx) => {
  for (const [cell, value] of Object.entries(v.figures)) {
    if (value && !cell.startsWith('fees.') && value.includes('.')) ctx.addIssue({ code: 'custom', path: ['figures', cell], message: '件数应为整数' });
  }
});

/** A moderator enters the cells of section 二 the catalogue cannot derive; an empty value removes the entry. */
export async function saveProactiveFigures(actor: Actor, input: unknown, now = new Date()): Promise<{ year: number; cells: string[] }> {
  assertCan(actor, 'disclosure.annualReport');
  const req = parseInput(proactiveFiguresInput, input);
  assertReportableYear(req.year, now);
  return defaultDb().transaction(async (tx) => {
    const changed: string[] = [];
    for (const [cell, value] of Object.entries(req.figures)) {
      if (value === undefined) continue;
      if (value === null) {
        const gone = await tx.delete(annualReportFigures).where(sql`${annualReportFigures.year} = ${req.year} and ${annualReportFigures.cell} = ${cell}`).returning({ cell: annualReportFigures.cell });
        if (gone.length) changed.push(cell);
      } else {
        await tx.insert(annualReportFigures).values({ year: req.year, cell, value, updatedById: actor.user.id, updatedAt: now })
          .onConflictDoUpdate({ target: [annualReportFigures.year, annualReportFigures.cell], set: { value, updatedById: actor.user.id, updatedAt: now } });
        changed.push(cell);
      }
    }
    await recordAudit(tx, actor, { action: 'annual_report.figures', entityType: 'annual_report', entityId: req.year, details: { figures: req.figures } });
    return { year: req.year, cells: changed };
  });
}

// ---- Section 六: 信息处理费 ----

export interface FeeFigures {
  /** Applications whose fee notice was sent in the year, and the amount notified (yuan, two decimals). */
  noticed: number;
  noticedYuan: string;
  /** Fees paid in the year, and the amount collected. */
  paid: number;
  paidYuan: string;
}

async function feesTable(database: Db | Tx, year: number): Promise<FeeFigures> {
  const { first, last } = yearBounds(year);
  const [row] = rowsOf<{ noticed: number; noticed_fen: number; paid: number; paid_fen: number }>(await database.execute(sql`
    select (count(*) filter (where fee_notified_on between ${first}::date and ${last}::date))::int as noticed,
           coalesce(sum(fee_amount_fen) filter (where fee_notified_on between ${first}::date and ${last}::date), 0)::int as noticed_fen,
           (count(*) filter (where fee_paid_on between ${first}::date and ${last}::date))::int as paid,
           coalesce(sum(fee_amount_fen) filter (where fee_paid_on between ${first}::date and ${last}::date), 0)::int as paid_fen
    from disclosure_applications where fee_amount_fen is not null`));
  return { noticed: row!.noticed, noticedYuan: (row!.noticed_fen / 100).toFixed(2), paid: row!.paid, paidYuan: (row!.paid_fen / 100).toFixed(2) };
}

/** The report's tables for a year, from the data as it is now. */
export async function annualReportTables(database: Db | Tx, year: number): Promise<AnnualReportTables> {
  const [proactive, proactive2021, applications, reviews, fees, stats] = await Promise.all([
    proactiveTable(database, year),
    proactive2021Table(database, year),
    applicationsTable(database, year),
    reviewsTable(database, year),
    feesTable(database, year),
    getStatistics(database, year),
  ]);
  const { byMonth: _months, ...interviews } = stats.interviews;
  return { year, proactive, proactive2021, applications, reviews, fees, platform: { letters: stats.letters.total, interviews, applicationsReceived: stats.applications.received } };
}

/** Applications of a year per channel they came by (issue 17): received in the year, and answered in it. */
export interface ApplicationChannelRow {
  channel: LetterChannel;
  received: number;
  answered: number;
}

/**
 * The staff report page's per-channel table (not a template table: section 三 counts the applications of every
 * channel together, by the day received). Received counts by `received_on`, as section 三's 新收 column does, so the
 * rows add up to its total; answered by the Beijing year of `answered_at`. All six channels, zeros included.
 */
export async function applicationsByChannel(database: Db | Tx, year: number): Promise<ApplicationChannelRow[]> {
  const { start, end, first, last } = yearBounds(year);
  const rows = rowsOf<{ channel: string; received: number; answered: number }>(await database.execute(sql`
    select channel::text as channel,
           (count(*) filter (where received_on between ${first}::date and ${last}::date))::int as received,
           (count(*) filter (where answered_at >= ${start.toISOString()}::timestamptz and answered_at < ${end.toISOString()}::timestamptz))::int as answered
    from disclosure_applications
    where received_on between ${first}::date and ${last}::date
       or (answered_at >= ${start.toISOString()}::timestamptz and answered_at < ${end.toISOString()}::timestamptz)
    group by channel`));
  const byChannel = new Map(rows.map((r) => [r.channel, r]));
  return LETTER_CHANNELS.map((channel) => ({ channel, received: Number(byChannel.get(channel)?.received ?? 0), answered: Number(byChannel.get(channel)?.answered ?? 0) }));
}

// ---- The report ----

export type AnnualReportStatus = 'new' | 'draft' | 'published';

export interface AnnualReportView {
  year: number;
  /** `new`: never saved (version 0). */
  status: AnnualReportStatus;
  version: number;
  title: string;
  organisation: { name: string; nameEn: string };
  sections: Record<SectionKey, string>;
  updatedAt: Date | null;
  publishedAt: Date | null;
  catalogueItem: { indexNo: string; url: string } | null;
  /** The PDF attached to the catalogue item when the report was published (replaced when it is corrected). */
  pdf: { id: string; fileName: string; sizeBytes: number; url: string } | null;
  tables: AnnualReportTables;
}

export function reportUrl(year: number): string {
  return `/disclosure/annual-report/${year}`;
}

function titleOf(orgName: string, year: number): string {
  return `${orgName}${year}年政府信息公开工作年度报告`;
}

async function orgNames(database: Db | Tx): Promise<{ name: string; nameEn: string }> {
  const [org] = await database.select({ name: organisation.name, nameEn: organisation.nameEn }).from(organisation).where(eq(organisation.id, 1));
  return org ?? { name: '民声', nameEn: 'Minsheng' };
}

function sectionsOf(stored: Record<string, string> | undefined): Record<SectionKey, string> {
  return Object.fromEntries(SECTION_KEYS.map((k) => [k, stored?.[k] ?? ''])) as Record<SectionKey, string>;
}

/**
 * The report of a year: public once published; moderators and admins also see drafts and years never saved (to
 * start one). Anyone else gets 404 for an unpublished year, as for one that does not exist.
 */
export async function getAnnualReport(actor: Actor, input: unknown, database: Db | Tx = defaultDb()): Promise<AnnualReportView> {
  const { year: y } = parseInput(annualReportQuery, input);
  const view = await loadAnnualReport(database, y);
  if (!can(actor, 'disclosure.annualReport') && view?.status !== 'published') throw notFound(`${y}年度报告尚未发布`);
  if (!view) throw notFound('不能查看今后年度的报告');
  return view;
}

/** A published report's frozen figures (null for a draft, or one published before they were kept). */
function publishedTables(report: { status: string; tables: unknown } | undefined): AnnualReportTables | null {
  return report?.status === 'published' && report.tables ? report.tables as AnnualReportTables : null;
}

/** The figures as stored in jsonb (what `tables` holds after a round trip): no undefined, no class instances. */
const asStored = (tables: AnnualReportTables): AnnualReportTables => JSON.parse(JSON.stringify(tables)) as AnnualReportTables;

/**
 * For the staff page of a published report: the figures as the data is now, and whether they differ from the
 * published ones (a 行政复议 case recorded late, a reason coded after publication). Null for a draft (its figures
 * are always the current ones) and for a report published before figures were frozen.
 */
export async function currentFiguresOfPublished(actor: Actor, year: number, database: Db | Tx = defaultDb()): Promise<{ tables: AnnualReportTables; differs: boolean } | null> {
  assertCan(actor, 'disclosure.annualReport');
  const [row] = await database.select({ status: annualReports.status, tables: annualReports.tables }).from(annualReports).where(eq(annualReports.year, year));
  const published = publishedTables(row);
  if (!published) return null;
  const tables = asStored(await annualReportTables(database, year));
  return { tables, differs: !isDeepStrictEqual(tables, published) };
}

/** The report of a year as it is now, whoever asks (null: a future year never saved). */
async function loadAnnualReport(database: Db | Tx, y: number): Promise<AnnualReportView | null> {
  const [row] = await database
    .select({ report: annualReports, indexNo: catalogueItems.indexNo, pdfId: disclosureFiles.publicId, pdfName: disclosureFiles.fileName, pdfSize: disclosureFiles.sizeBytes })
    .from(annualReports)
    .leftJoin(catalogueItems, eq(catalogueItems.id, annualReports.catalogueItemId))
    .leftJoin(disclosureFiles, eq(disclosureFiles.id, catalogueItems.attachmentFileId))
    .where(eq(annualReports.year, y));
  if (!row && y > chinaYear()) return null;
  const [org, tables] = await Promise.all([orgNames(database), publishedTables(row?.report) ?? annualReportTables(database, y)]);
  return {
    year: y,
    status: row ? row.report.status : 'new',
    version: row?.report.version ?? 0,
    title: titleOf(org.name, y),
    organisation: org,
    sections: sectionsOf(row?.report.sections),
    updatedAt: row?.report.updatedAt ?? null,
    publishedAt: row?.report.publishedAt ?? null,
    catalogueItem: row?.indexNo ? { indexNo: row.indexNo, url: reportUrl(y) } : null,
    pdf: row?.pdfId ? { id: row.pdfId, fileName: row.pdfName!, sizeBytes: row.pdfSize!, url: fileUrl(row.pdfId) } : null,
    tables,
  };
}

/**
 * Generates the report's PDF from the data as the transaction sees it and attaches it to the report's catalogue
 * item, replacing (and deleting) the PDF attached before — in the caller's transaction, so the publication or
 * correction and its file commit together.
 */
async function attachReportPdf(tx: Tx, actor: Actor & { user: ActorUser }, year: number, now: Date): Promise<StoredFile> {
  const view = (await loadAnnualReport(tx, year))!;
  const [item] = await tx
    .select({ id: catalogueItems.id, attachmentFileId: catalogueItems.attachmentFileId })
    .from(catalogueItems)
    .innerJoin(annualReports, eq(annualReports.catalogueItemId, catalogueItems.id))
    .where(eq(annualReports.year, year));
  if (!item) throw notFound('年度报告没有对应的公开目录条目');
  const bytes = await buildAnnualReportPdf(view, now);
  const file = await storeUploadedFile(tx, { fileName: annualReportPdfFileName(view), mimeType: 'application/pdf', bytes }, actor.user.id);
  await tx.update(catalogueItems).set({ attachmentFileId: file.id }).where(eq(catalogueItems.id, item.id));
  if (item.attachmentFileId !== null) await tx.delete(disclosureFiles).where(eq(disclosureFiles.id, item.attachmentFileId));
  return file;
}

export interface AnnualReportListItem {
  year: number;
  status: 'draft' | 'published';
  version: number;
  publishedAt: Date | null;
  updatedAt: Date;
}

/** Published reports, newest year first (the public list). */
export async function listPublishedAnnualReports(database: Db | Tx = defaultDb()): Promise<AnnualReportListItem[]> {
  return database
    .select({ year: annualReports.year, status: annualReports.status, version: annualReports.version, publishedAt: annualReports.publishedAt, updatedAt: annualReports.updatedAt })
    .from(annualReports)
    .where(eq(annualReports.status, 'published'))
    .orderBy(sql`${annualReports.year} desc`);
}

/** Every saved report (drafts too), for the moderators' list. */
export async function listAnnualReportsForStaff(actor: Actor, database: Db | Tx = defaultDb()): Promise<AnnualReportListItem[]> {
  assertCan(actor, 'disclosure.annualReport');
  return database
    .select({ year: annualReports.year, status: annualReports.status, version: annualReports.version, publishedAt: annualReports.publishedAt, updatedAt: annualReports.updatedAt })
    .from(annualReports)
    .orderBy(sql`${annualReports.year} desc`);
}

function assertReportableYear(y: number, now: Date) {
  if (y > chinaYear(now)) {
    throw new AppError('invalid_input', '提交的内容有误，请检查标出的项目', { year: '不能为今后的年度编制报告' });
  }
}

const STALE = '年度报告已被他人修改，请刷新后重试';

/**
 * Saves the text sections (those sent; the others keep their text). `version` must be the one the editor started
 * from (0 for a report never saved): otherwise 409, so two moderators never overwrite each other unseen.
 */
export async function saveAnnualReport(actor: Actor, input: unknown, now = new Date()): Promise<{ year: number; version: number; status: 'draft' | 'published' }> {
  assertCan(actor, 'disclosure.annualReport');
  const edit = parseInput(annualReportEditInput, input);
  assertReportableYear(edit.year, now);
  const sent = Object.fromEntries(Object.entries(edit.sections).filter(([, v]) => v !== undefined)) as Partial<Record<SectionKey, string>>;
  return defaultDb().transaction(async (tx) => {
    const [row] = await tx.select().from(annualReports).where(eq(annualReports.year, edit.year)).for('update');
    if ((row?.version ?? 0) !== edit.version) throw conflict(STALE);
    const before = sectionsOf(row?.sections);
    const sections = { ...before, ...sent };
    const changed = SECTION_KEYS.filter((k) => sections[k] !== before[k]);
    let saved: { version: number; status: 'draft' | 'published' } | undefined;
    if (!row) {
      [saved] = await tx
        .insert(annualReports)
        .values({ year: edit.year, sections, status: 'draft', updatedAt: now, updatedById: actor.user.id, version: 1 })
        .onConflictDoNothing()
        .returning({ version: annualReports.version, status: annualReports.status });
    } else {
      [saved] = await tx
        .update(annualReports)
        .set({ sections, updatedAt: now, updatedById: actor.user.id, version: sql`${annualReports.version} + 1` })
        .where(sql`${annualReports.year} = ${edit.year} and ${annualReports.version} = ${edit.version}`)
        .returning({ version: annualReports.version, status: annualReports.status });
    }
    if (!saved) throw conflict(STALE);
    // A correction of a published report replaces its PDF in the same transaction.
    const pdf = saved.status === 'published' && changed.length ? await attachReportPdf(tx, actor, edit.year, now) : null;
    await recordAudit(tx, actor, {
      action: 'annual_report.edit',
      entityType: 'annual_report',
      entityId: edit.year,
      details: { fields: changed, version: saved.version, status: saved.status, ...(pdf ? { pdf: { publicId: pdf.publicId, sha256: pdf.sha256, sizeBytes: pdf.sizeBytes } } : {}) },
    });
    return { year: edit.year, ...saved };
  });
}

function summaryOf(overview: string, year: number): string {
  const flat = overview.replace(/\s+/g, ' ').trim();
  if (!flat) return `${year}年度政府信息公开工作情况：主动公开、依申请公开的办理与结转、政民互动和在线访谈，以及存在的问题和改进措施。`;
  const chars = [...flat];
  return chars.length <= 200 ? flat : `${chars.slice(0, 200).join('')}…`;
}

/**
 * Publishes the report: it becomes public at /disclosure/annual-report/<year> and a 主动公开 catalogue item in
 * 统计信息 (code 11), with an index number. Refused (409) when the applications table does not balance, when the
 * version is stale, or when it is published already.
 */
export async function publishAnnualReport(actor: Actor, input: unknown, now = new Date()): Promise<{ year: number; version: number; indexNo: string; pdfUrl: string }> {
  assertCan(actor, 'disclosure.annualReport');
  const req = parseInput(annualReportPublishInput, input);
  assertReportableYear(req.year, now);
  return defaultDb().transaction(async (tx) => {
    const [row] = await tx.select().from(annualReports).where(eq(annualReports.year, req.year)).for('update');
    if (!row) throw new AppError('conflict', '请先保存报告正文，再发布');
    if (row.version !== req.version) throw conflict(STALE);
    if (row.status === 'published') throw new AppError('conflict', '该年度报告已经发布');
    const applications = await applicationsTable(tx, req.year);
    if (applications.check.mismatches.length) {
      const columns = applications.check.mismatches.map((m) => m.column).join('、');
      throw new AppError('conflict', `申请情况表合计不平衡（${columns}），请先核对数据再发布`);
    }
    if (applications.check.rowMismatches.length) {
      const labels = [...new Set(applications.check.rowMismatches.map((m) => m.label))].join('、');
      throw new AppError('conflict', `申请情况表分项之和与合计不符（${labels}），请为这些答复补录理由类别后再发布`);
    }
    const [category] = await tx.select({ id: catalogueCategories.id }).from(catalogueCategories).where(eq(catalogueCategories.code, ANNUAL_REPORT_CATEGORY_CODE));
    if (!category) throw notFound('公开目录中没有“统计信息”分类');
    const org = await orgNames(tx);
    const item = await upsertArchiveCatalogueItem(tx, {
      sourceUrl: reportUrl(req.year),
      categoryId: category.id,
      title: titleOf(org.name, req.year),
      summary: summaryOf(row.sections.overview ?? '', req.year),
      generatedOn: chinaDate(now),
      publisher: org.name,
      actorId: actor.user.id,
    });
    const [saved] = await tx
      .update(annualReports)
      .set({
        status: 'published', publishedAt: now, catalogueItemId: item.id, updatedAt: now, updatedById: actor.user.id, version: sql`${annualReports.version} + 1`,
        tables: asStored(await annualReportTables(tx, req.year)),
      })
      .where(eq(annualReports.year, req.year))
      .returning({ version: annualReports.version });
    const pdf = await attachReportPdf(tx, actor, req.year, now);
    await recordAudit(tx, actor, {
      action: 'annual_report.publish',
      entityType: 'annual_report',
      entityId: req.year,
      details: { indexNo: item.indexNo, version: saved!.version, pdf: { publicId: pdf.publicId, sha256: pdf.sha256, sizeBytes: pdf.sizeBytes } },
    });
    return { year: req.year, version: saved!.version, indexNo: item.indexNo, pdfUrl: fileUrl(pdf.publicId) };
  });
}

/**
 * 更新数据: a published report's figures frozen again from the data as it is now (after a 行政复议 case recorded
 * late, a reason coded after publication), and its PDF made again from them — the page and the PDF stay one report.
 * The text is untouched. `version` as for the other edits (409 when stale); a draft has nothing to refresh (409).
 */
export async function refreshAnnualReportFigures(actor: Actor, input: unknown, now = new Date()): Promise<{ year: number; version: number; changed: boolean }> {
  assertCan(actor, 'disclosure.annualReport');
  const req = parseInput(annualReportRefreshInput, input);
  return defaultDb().transaction(async (tx) => {
    const [row] = await tx.select().from(annualReports).where(eq(annualReports.year, req.year)).for('update');
    if (!row || row.status !== 'published') throw new AppError('conflict', '报告尚未发布：草稿的数据始终是最新的');
    if (row.version !== req.version) throw conflict(STALE);
    const tables = asStored(await annualReportTables(tx, req.year));
    const changed = !isDeepStrictEqual(tables, publishedTables(row));
    const [saved] = await tx
      .update(annualReports)
      .set({ tables, updatedAt: now, updatedById: actor.user.id, version: sql`${annualReports.version} + 1` })
      .where(eq(annualReports.year, req.year))
      .returning({ version: annualReports.version });
    const pdf = await attachReportPdf(tx, actor, req.year, now);
    await recordAudit(tx, actor, {
      action: 'annual_report.refresh_figures',
      entityType: 'annual_report',
      entityId: req.year,
      details: { changed, version: saved!.version, pdf: { publicId: pdf.publicId, sha256: pdf.sha256, sizeBytes: pdf.sizeBytes } },
    });
    return { year: req.year, version: saved!.version, changed };
  });
}
