import type { LetterFigures, Statistics } from '.';
import { APPLICANT_TYPES, APPLICATION_OUTCOMES } from '../disclosure/schema';

/**
 * CSV of the statistics page (RFC 4180): CRLF line ends, fields with a comma, quote or line break quoted with the
 * quotes doubled, and a UTF-8 byte-order mark so Excel on Chinese Windows reads it as UTF-8 rather than GBK.
 * Text that a spreadsheet would run as a formula (=, +, -, @, tab, CR at the start: OWASP "CSV injection") gets a
 * leading apostrophe; numbers are written as numbers.
 */

export const CSV_BOM = '\uFEFF';

export type Cell = string | number | null | undefined;

export function csvField(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let text = value;
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(rows: Cell[][]): string {
  return CSV_BOM + rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** A CSV file as a download (the exports' one response: UTF-8, attachment, never cached — the rows are per reader). */
export function csvResponse(body: string, fileName: string): Response {
  return new Response(body, {
    headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${fileName}"`, 'cache-control': 'no-store' },
  });
}

/** A translator of the `stats` message namespace (next-intl's `t`), so the file speaks the reader's language. */
export type StatsT = (key: string, values?: Record<string, string | number>) => string;

const percent = (value: number | null) => (value === null ? null : Math.round(value * 1000) / 10);

function letterCells(f: LetterFigures): Cell[] {
  return [f.received, f.answered, f.onTime, f.timed, percent(f.onTimeRate), f.avgWorkingDays, f.rated, f.satisfied, f.basicallySatisfied, f.unsatisfied, percent(f.satisfactionRate)];
}

/** The page's tables as one CSV file: letters (year, months, kinds, departments), interviews, applications. */
/** `channelT` (the letterIntake messages) adds the per-channel rows (issue 17: web, phone, paper, …). */
/** `extra`: more rows appended after the letters' (the letters by topic and district, lib/topics/stats.ts). */
export function statisticsCsv(stats: Statistics, t: StatsT, en = false, channelT?: StatsT, extra: Cell[][] = []): string {
  const rows: Cell[][] = [];
  rows.push([t('csv.title', { year: stats.year })]);
  rows.push([]);
  rows.push([t('lettersHeading')]);
  rows.push([
    t('csv.group'), t('csv.item'), t('received'), t('answered'), t('onTime'), t('csv.timed'), t('csv.onTimeRatePct'),
    t('csv.avgWorkingDays'), t('rated'), t('satisfied'), t('basicallySatisfied'), t('unsatisfied'), t('csv.satisfactionRatePct'),
  ]);
  rows.push([t('csv.year'), String(stats.year), ...letterCells(stats.letters.total)]);
  for (const m of stats.letters.byMonth) rows.push([t('month'), t('monthLabel', { month: m.month }), ...letterCells(m)]);
  for (const k of stats.letters.byKind) rows.push([t('kind'), t(`kinds.${k.kind}`), ...letterCells(k)]);
  if (channelT) for (const c of stats.letters.byChannel) rows.push([channelT('statsChannel'), channelT(`channels.${c.channel}`), ...letterCells(c)]);
  for (const d of stats.letters.byDepartment) {
    rows.push([t('department'), (en ? d.nameEn : d.name) ?? t('unassigned'), ...letterCells(d)]);
  }
  rows.push(...extra);
  rows.push([]);
  rows.push([t('interviewsHeading')]);
  rows.push([t('csv.group'), t('csv.item'), t('held'), t('questionsAnswered'), t('questionsAsked')]);
  rows.push([t('csv.year'), String(stats.year), stats.interviews.held, stats.interviews.questionsAnswered, stats.interviews.questionsAsked]);
  for (const m of stats.interviews.byMonth) rows.push([t('month'), t('monthLabel', { month: m.month }), m.held, m.questionsAnswered, null]);
  rows.push([]);
  rows.push([t('applicationsHeading')]);
  rows.push([t('csv.group'), t('csv.item'), t('appReceived'), t('appAnswered')]);
  rows.push([t('csv.year'), String(stats.year), stats.applications.received, stats.applications.answered]);
  for (const m of stats.applications.byMonth) rows.push([t('month'), t('monthLabel', { month: m.month }), m.received, m.answered]);
  for (const o of APPLICATION_OUTCOMES) rows.push([t('outcome'), t(`outcomes.${o}`), null, stats.applications.byOutcome[o]]);
  for (const a of APPLICANT_TYPES) rows.push([t('applicantType'), t(`applicantTypes.${a}`), stats.applications.byApplicantType[a], null]);
  return toCsv(rows);
}

/** A translator of the `rates` message namespace. */
export type RatesT = StatsT;

interface RatesTable {
  items: Array<{ department: string; cases: number; acceptedOnTimeRate: number | null; answeredOnTimeRate: number | null; satisfactionRate: number | null; ratedRate: number | null; avgWorkingDays: number | null; urged: number; supervised: number }>;
  bureau: RatesTable['items'][number] extends infer R ? Omit<R, 'department'> : never;
}

/** The 三率 page's table as CSV: one row per department, then the bureau; rates in percent with one decimal. */
export function ratesCsv(report: RatesTable, period: string, t: RatesT, channels: Array<RatesTable['bureau'] & { channel: string }> = []): string {
  const pct = (key: string) => t('csvPct', { label: t(key) });
  const rows: Cell[][] = [[t('csvTitle', { period })], [
    t('department'), t('cases'), pct('acceptedOnTimeRate'), pct('answeredOnTimeRate'), pct('satisfactionRate'), pct('ratedRate'),
    t('avgWorkingDays'), t('urged'), t('supervised'),
  ]];
  const cells = (f: RatesTable['bureau']): Cell[] => [f.cases, percent(f.acceptedOnTimeRate), percent(f.answeredOnTimeRate), percent(f.satisfactionRate), percent(f.ratedRate), f.avgWorkingDays, f.urged, f.supervised];
  for (const item of report.items) rows.push([item.department, ...cells(item)]);
  rows.push([t('bureau'), ...cells(report.bureau)]);
  // Issue 17: the bureau's figures per channel the letters came by (they add up to the bureau row).
  if (channels.length) {
    rows.push([t('channelCaption', { period })]);
    for (const c of channels) rows.push([t(`channels.${c.channel}`), ...cells(c)]);
  }
  return toCsv(rows);
}
