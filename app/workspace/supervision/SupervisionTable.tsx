'use client';
/** One row of the board, its texts already in the reader's language (the page formats them on the server). */
export interface BoardRow {
  trackingNo: string;
  url: string | null;
  risk: string;
  title: string;
  kind: string;
  /** The department's name (user content), or null with `departmentNote` (待分办, 公开办) instead. */
  department: string | null;
  departmentNote: string;
  status: string;
  dueAt: string;
  remaining: string;
  /** The clock is paused (补正, 征求意见): `remaining` shows as a tag. */
  paused: boolean;
  age: string;
  riskLabel: string;
  riskClass: string | null;
  urged: string | null;
  supervision: { text: string; overdue: boolean } | null;
}

export type BoardColumn = 'trackingNo' | 'title' | 'department' | 'status' | 'dueAt' | 'remaining' | 'age' | 'risk' | 'flags';

/**
 * The 督办台's table. A client component for its weight, not for interactivity: a server-rendered table goes to the
 * browser twice, as HTML and as React's element tree in the page's RSC payload (50 rows: 32 KB of HTML and ~60 KB of
 * elements); as props it is the rows' texts once, and the server does not serialise the tree (issue 14, the board
 * page 8 at a time at 1,000,000 letters). Plain links: next/link would prefetch all 50 letters' pages in production.
 * Card rows on phones take each cell's name from data-label (globals.css).
 */
export function SupervisionTable({ caption, columns, rows }: { caption: string; columns: Record<BoardColumn, string>; rows: BoardRow[] }) {
  return (
    <div className="table-scroll">
      <table data-testid="supervision-table" className="table-cards">
        <caption>{caption}</caption>
        <thead>
          <tr>
            {(Object.keys(columns) as BoardColumn[]).map((c) => <th key={c} scope="col">{columns[c]}</th>)}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.trackingNo} data-risk={r.risk}>
              <th scope="row">{r.url ? <a href={r.url}>{r.trackingNo}</a> : r.trackingNo}</th>
              <td data-label={columns.title}><span data-user-content="">{r.title}</span><br /><small>{r.kind}</small></td>
              <td data-label={columns.department}>{r.department !== null ? <span data-user-content="">{r.department}</span> : r.departmentNote}</td>
              <td data-label={columns.status}>{r.status}</td>
              <td data-label={columns.dueAt}>{r.dueAt}</td>
              <td data-label={columns.remaining}>{r.paused ? <span className="tag">{r.remaining}</span> : r.remaining}</td>
              <td data-label={columns.age}>{r.age}</td>
              <td data-label={columns.risk}>{r.riskClass ? <span className={r.riskClass}>{r.riskLabel}</span> : r.riskLabel}</td>
              <td data-label={columns.flags}>
                {r.urged ? <span className="tag tag-warn">{r.urged}</span> : null}{' '}
                {r.supervision ? <span className={r.supervision.overdue ? 'tag tag-danger' : 'tag'}>{r.supervision.text}</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
