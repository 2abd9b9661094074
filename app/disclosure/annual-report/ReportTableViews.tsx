'use client';

/**
 * The annual report's statutory tables as client components taking their texts and figures as plain props
 * (ReportTables.tsx translates and fills them on the server). Nothing here is interactive: a server component's
 * table reaches the browser twice, as HTML and as React's element tree in the RSC payload (every cell an element —
 * two thirds of the report page's 88 KB); as props the figures travel once, as arrays of numbers (issue 15 item 6).
 */

/** Section 二 (proactive disclosure by catalogue category): [name, indented, 本年主动公开, 超期, 依申请, 不予公开, 年末现行]. */
export type ProactiveViewRow = [name: string, indented: boolean, ...counts: number[]];

export function ProactiveTableView({ caption, columns, rows, total }: { caption: string; columns: string[]; rows: ProactiveViewRow[]; total: [label: string, ...counts: number[]] }) {
  const [totalLabel, ...totals] = total;
  return (
    <div className="table-scroll">
      <table className="report-table table-cards report-proactive" data-testid="report-proactive">
        <caption>{caption}</caption>
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
            <th scope="row">{totalLabel}</th>
            {totals.map((n, j) => <td key={j}>{n}</td>)}
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

/** A row of section 三: its code, words and depth; `values` in the column order of the header (null: a heading row). */
export interface ApplicationsViewRow {
  code: string;
  label: string;
  depth: number;
  values: number[] | null;
}

export interface ApplicationsViewHeader {
  applicant: string;
  person: string;
  organisation: string;
  /** 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他 */
  organisations: string[];
  total: string;
}

/** Section 三 as the national template prints it: applicant types as columns under a two-level header. */
export function ApplicationsTableView({ caption, header, rows }: { caption: string; header: ApplicationsViewHeader; rows: ApplicationsViewRow[] }) {
  const columnCount = header.organisations.length + 2;
  return (
    <div className="table-scroll">
      <table className="report-table table-cards report-applications" data-testid="report-applications">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <td rowSpan={3} colSpan={1} />
            <th scope="colgroup" colSpan={columnCount}>{header.applicant}</th>
          </tr>
          <tr>
            <th scope="col" rowSpan={2}>{header.person}</th>
            <th scope="colgroup" colSpan={header.organisations.length}>{header.organisation}</th>
            <th scope="col" rowSpan={2}>{header.total}</th>
          </tr>
          <tr>
            {header.organisations.map((o) => <th key={o} scope="col">{o}</th>)}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => r.values ? (
            <tr key={r.code} data-row={r.code}>
              <th scope="row" className={r.depth === 2 ? 'indent-2' : r.depth === 1 ? 'indent' : undefined}>{r.label}</th>
              {r.values.map((n, j) => <td key={j}>{n}</td>)}
            </tr>
          ) : (
            <tr key={r.code} data-row={r.code}><th scope="rowgroup" colSpan={columnCount + 1}>{r.label}</th></tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A figure of section 四 with its key (reconsideration.upheld …) and its full header for the phone's card. */
export interface ReviewsViewCell {
  key: string;
  label: string;
  value: number;
}

/** Section 四: 行政复议 | 行政诉讼 (未经复议直接起诉 | 复议后起诉), five outcomes each. */
export function ReviewsTableView({ caption, reconsideration, litigation, litigationKinds, outcomes, cells }: {
  caption: string;
  reconsideration: string;
  litigation: string;
  litigationKinds: string[];
  outcomes: string[];
  cells: ReviewsViewCell[];
}) {
  const groups = litigationKinds.length + 1;
  return (
    <div className="table-scroll">
      <table className="report-table table-cards report-reviews" data-testid="report-reviews">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="colgroup" colSpan={outcomes.length} rowSpan={2}>{reconsideration}</th>
            <th scope="colgroup" colSpan={outcomes.length * litigationKinds.length}>{litigation}</th>
          </tr>
          <tr>
            {litigationKinds.map((k) => <th key={k} scope="colgroup" colSpan={outcomes.length}>{k}</th>)}
          </tr>
          <tr>
            {Array.from({ length: groups }, (_, g) => outcomes.map((o) => <th key={`${g}-${o}`} scope="col">{o}</th>))}
          </tr>
        </thead>
        <tbody>
          <tr>
            {cells.map((c) => <td key={c.key} data-cell={c.key} data-label={c.label}>{c.value}</td>)}
          </tr>
        </tbody>
      </table>
    </div>
  );
}

/** A cell of section 二 (2021 template): its figure ('—' when not entered), where it comes from, and its column's name. */
export interface Proactive2021ViewCell {
  value: string;
  source: string;
  sourceLabel: string;
  label: string;
}

export interface Proactive2021ViewTexts {
  caption: string;
  info: string;
  made: string;
  repealed: string;
  current: string;
  decisions: string;
  feeAmount: string;
  rows: Record<'rules' | 'normative' | 'licensing' | 'penalty' | 'enforcement' | 'fees', string>;
  note: string;
}

/** Section 二 as the 2021 template prints it (its header rows repeated inside the body), each cell with its source. */
export function Proactive2021TableView({ texts, cells }: { texts: Proactive2021ViewTexts; cells: Record<string, Proactive2021ViewCell> }) {
  const td = (key: string, colSpan?: number) => {
    const c = cells[key]!;
    return (
      <td colSpan={colSpan} data-cell={key} data-source={c.source} data-label={c.label}>
        {c.value}
        <br /><small className="hint">{c.sourceLabel}</small>
      </td>
    );
  };
  const rowHead = (key: keyof Proactive2021ViewTexts['rows']) => <th scope="row">{texts.rows[key]}</th>;
  const head = (second: string) => <tr className="report-subhead"><th scope="col">{texts.info}</th><th scope="col" colSpan={3}>{second}</th></tr>;
  return (
    <div className="table-scroll">
      <table className="report-table table-cards" data-testid="report-proactive-2021">
        <caption>{texts.caption}</caption>
        <tbody>
          <tr className="report-subhead"><th scope="col">{texts.info}</th><th scope="col">{texts.made}</th><th scope="col">{texts.repealed}</th><th scope="col">{texts.current}</th></tr>
          <tr>{rowHead('rules')}{td('rules.made')}{td('rules.repealed')}{td('rules.current')}</tr>
          <tr>{rowHead('normative')}{td('normative.made')}{td('normative.repealed')}{td('normative.current')}</tr>
          {head(texts.decisions)}
          <tr>{rowHead('licensing')}{td('licensing.decisions', 3)}</tr>
          {head(texts.decisions)}
          <tr>{rowHead('penalty')}{td('penalty.decisions', 3)}</tr>
          <tr>{rowHead('enforcement')}{td('enforcement.decisions', 3)}</tr>
          {head(texts.feeAmount)}
          <tr>{rowHead('fees')}{td('fees.amount', 3)}</tr>
        </tbody>
      </table>
      <p className="hint">{texts.note}</p>
    </div>
  );
}

/** Section 七 (the platform's own figures): [item, value] rows. */
export function PlatformTableView({ caption, item, value, rows }: { caption: string; item: string; value: string; rows: Array<[string, string | number]> }) {
  return (
    <div className="table-scroll">
      <table className="report-table table-cards" data-testid="report-platform">
        <caption>{caption}</caption>
        <thead><tr><th scope="col">{item}</th><th scope="col">{value}</th></tr></thead>
        <tbody>
          {rows.map(([label, v]) => <tr key={label}><th scope="row">{label}</th><td data-label={value}>{v}</td></tr>)}
        </tbody>
      </table>
    </div>
  );
}
