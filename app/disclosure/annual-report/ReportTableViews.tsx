'use client';

import { APPLICATION_ROWS, applicationRowLabel, reportTableLabels, type ReportTableLabels } from '@/lib/disclosure/annual-labels';

/**
 * The annual report's statutory tables as client components. Nothing here is interactive: a server component's
 * table reaches the browser twice, as HTML and as React's element tree in the RSC payload (every cell an element —
 * two thirds of the report page's 88 KB); as props the figures travel once, as arrays of numbers (issue 15 item 6).
 * The template's fixed texts (captions, headers, row words) are not props either: they are this code's own, from
 * lib/disclosure/annual-labels.ts in the page's locale, so the props carry the figures, their codes and the locale.
 * ReportTables.tsx fills them on the server.
 */

/** Section 二 (proactive disclosure by catalogue category): [name, indented, 本年主动公开, 超期, 依申请, 不予公开, 年末现行]. */
export type ProactiveViewRow = [name: string, indented: boolean, ...counts: number[]];

export function ProactiveTableView({ locale, rows, total }: { locale: string; rows: ProactiveViewRow[]; total: number[] }) {
  const l = reportTableLabels(locale);
  const columns = [l.colCategory, l.colPublished, l.colLate, l.colOnRequest, l.colExempt, l.colCurrent];
  return (
    <div className="table-scroll">
      <table className="report-table table-cards report-proactive" data-testid="report-proactive">
        <caption>{l.proactiveCaption}</caption>
        <thead>
          <tr>{columns.map((c) => <th key={c} scope="col">{c}</th>)}</tr>
        </thead>
        <tbody>
          {rows.map(([name, indented, ...counts], i) => (
            <tr key={i}>
              <th scope="row" className={indented ? 'indent' : undefined}>{name}</th>
              {counts.map((n, j) => <td key={j}>{n}</td>)}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{l.totalRow}</th>
            {total.map((n, j) => <td key={j}>{n}</td>)}
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

/** The applicant columns of section 三 under 法人或其他组织, in the template's order. */
const ORGANISATIONS = ['company', 'research', 'nonprofit', 'legal', 'other'] as const;

/**
 * Section 三 as the national template prints it: applicant types as columns under a two-level header. `values` are
 * the rows' figures in the template's row order (APPLICATION_ROWS) and column order (自然人, the five
 * organisations, 总计); a heading row (三、本年度办理结果) has none. Row codes and words are this code's own.
 */
export function ApplicationsTableView({ locale, values }: { locale: string; values: number[][] }) {
  const l = reportTableLabels(locale);
  const columnCount = ORGANISATIONS.length + 2;
  return (
    <div className="table-scroll">
      <table className="report-table table-cards report-applications" data-testid="report-applications">
        <caption>{l.applicationsCaption}</caption>
        <thead>
          <tr>
            <td rowSpan={3} />
            <th scope="colgroup" colSpan={columnCount}>{l.colApplicant}</th>
          </tr>
          <tr>
            <th scope="col" rowSpan={2}>{l.columns.person}</th>
            <th scope="colgroup" colSpan={ORGANISATIONS.length}>{l.colOrganisation}</th>
            <th scope="col" rowSpan={2}>{l.columns.total}</th>
          </tr>
          <tr>
            {ORGANISATIONS.map((o) => <th key={o} scope="col">{l.columns[o]}</th>)}
          </tr>
        </thead>
        <tbody>
          {APPLICATION_ROWS.map(({ code, depth, number }, i) => {
            const label = applicationRowLabel(l, code, number);
            const figures = values[i] ?? [];
            return figures.length ? (
              <tr key={code}>
                <th scope="row" className={depth === 2 ? 'indent-2' : depth === 1 ? 'indent' : undefined}>{label}</th>
                {figures.map((n, j) => <td key={j}>{n}</td>)}
              </tr>
            ) : (
              <tr key={code}><th scope="rowgroup" colSpan={columnCount + 1}>{label}</th></tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/**
 * Section 四: 行政复议 | 行政诉讼 (未经复议直接起诉 | 复议后起诉), five outcomes each. `kinds` and `outcomes` are the
 * codes of the groups and columns in their order (reconsideration first; upheld … total); `values` the figures,
 * group by group.
 */
export function ReviewsTableView({ locale, kinds, outcomes, values }: {
  locale: string;
  kinds: Array<keyof ReportTableLabels['reviewKind']>;
  outcomes: Array<keyof ReportTableLabels['reviewOutcome']>;
  values: number[];
}) {
  const l = reportTableLabels(locale);
  const litigationKinds = kinds.slice(1);
  return (
    <div className="table-scroll">
      <table className="report-table table-cards report-reviews" data-testid="report-reviews">
        <caption>{l.reviewsCaption}</caption>
        <thead>
          <tr>
            <th scope="colgroup" colSpan={outcomes.length} rowSpan={2}>{l.reviewsReconsideration}</th>
            <th scope="colgroup" colSpan={outcomes.length * litigationKinds.length}>{l.reviewsLitigation}</th>
          </tr>
          <tr>
            {litigationKinds.map((k) => <th key={k} scope="colgroup" colSpan={outcomes.length}>{l.reviewKind[k]}</th>)}
          </tr>
          <tr>
            {kinds.map((k) => outcomes.map((o) => <th key={`${k}-${o}`} scope="col">{l.reviewOutcome[o]}</th>))}
          </tr>
        </thead>
        <tbody>
          <tr>
            {/* On phones (cards) each figure is led by its full header (行政诉讼 · 未经复议直接起诉 · 结果维持), from stats.css. */}
            {kinds.flatMap((k, g) => outcomes.map((o, i) => (
              <td key={`${k}.${o}`}>{values[g * outcomes.length + i]}</td>
            )))}
          </tr>
        </tbody>
      </table>
    </div>
  );
}

/** A cell of section 二 (2021 template): its figure ('—' when not entered) and where it comes from. */
export type Proactive2021ViewCell = [value: string, source: keyof ReportTableLabels['source']];

type P2021Row = keyof ReportTableLabels['p2021Rows'];

/**
 * Section 二 as the 2021 template prints it (its header rows repeated inside the body), each cell with its source. On
 * phones (cards) each figure is led by its column's name, from stats.css.
 */
export function Proactive2021TableView({ locale, cells }: { locale: string; cells: Record<string, Proactive2021ViewCell> }) {
  const l = reportTableLabels(locale);
  const td = (key: string, colSpan?: number) => {
    const [value, source] = cells[key]!;
    return (
      <td colSpan={colSpan}>
        {value}
        <br /><small className="hint">{l.source[source]}</small>
      </td>
    );
  };
  const rowHead = (key: P2021Row) => <th scope="row">{l.p2021Rows[key]}</th>;
  const head = (second: string) => <tr className="report-subhead"><th scope="col">{l.colInfo}</th><th scope="col" colSpan={3}>{second}</th></tr>;
  return (
    <div className="table-scroll">
      <table className="report-table table-cards report-p2021" data-testid="report-proactive-2021">
        <caption>{l.proactive2021Caption}</caption>
        <tbody>
          <tr className="report-subhead"><th scope="col">{l.colInfo}</th><th scope="col">{l.colMade}</th><th scope="col">{l.colRepealed}</th><th scope="col">{l.colCurrent2021}</th></tr>
          <tr>{rowHead('rules')}{td('rules.made')}{td('rules.repealed')}{td('rules.current')}</tr>
          <tr>{rowHead('normative')}{td('normative.made')}{td('normative.repealed')}{td('normative.current')}</tr>
          {head(l.colDecisions)}
          <tr>{rowHead('licensing')}{td('licensing.decisions', 3)}</tr>
          {head(l.colDecisions)}
          <tr>{rowHead('penalty')}{td('penalty.decisions', 3)}</tr>
          <tr>{rowHead('enforcement')}{td('enforcement.decisions', 3)}</tr>
          {head(l.colFeeAmount)}
          <tr>{rowHead('fees')}{td('fees.amount', 3)}</tr>
        </tbody>
      </table>
      <p className="hint">{l.sourceNote}</p>
    </div>
  );
}

/** Section 七 (the platform's own figures): [item, value] rows, the item by its key (lettersReceived …); cards labelled from stats.css. */
export function PlatformTableView({ locale, rows }: { locale: string; rows: Array<[keyof ReportTableLabels['platformRows'], string | number]> }) {
  const l = reportTableLabels(locale);
  return (
    <div className="table-scroll">
      <table className="report-table table-cards report-platform" data-testid="report-platform">
        <caption>{l.platformCaption}</caption>
        <thead><tr><th scope="col">{l.colItem}</th><th scope="col">{l.colValue}</th></tr></thead>
        <tbody>
          {rows.map(([key, v]) => <tr key={key}><th scope="row">{l.platformRows[key]}</th><td>{v}</td></tr>)}
        </tbody>
      </table>
    </div>
  );
}
