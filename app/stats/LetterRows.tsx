'use client';

/** A row of a letters table: its key, its heading (month, kind, channel or department) and its figures as shown. */
export type LetterRow = [key: string, label: string, ...cells: Array<string | number>];

/**
 * The body of a letters table (app/stats/LetterTable.tsx). A client component only so that the page's RSC payload
 * carries the figures as compact rows (`["3月", 12, 10, …]`) instead of a React element per cell: the server still
 * renders the full HTML, and the payload no longer repeats it cell by cell (/stats/letters ≤ 40 KB, issue 15 item 6).
 */
export function LetterRows({ rows }: { rows: LetterRow[] }) {
  return (
    <tbody>
      {rows.map(([key, label, ...cells]) => (
        <tr key={key}>
          <th scope="row">{label}</th>
          {cells.map((c, i) => <td key={i}>{c}</td>)}
        </tr>
      ))}
    </tbody>
  );
}
