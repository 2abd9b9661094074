/**
 * A box that may scroll sideways (a wide table, a chart drawn at its own size) and that the keyboard can reach: a
 * named region with tabIndex 0, so arrow keys scroll it (axe: scrollable-region-focusable). The label is the
 * table's caption or the chart's title. A table with a link in every row needs none (its links are keyboard stops),
 * and a label that repeats a form field's words would make getByLabel ambiguous there.
 */
export function ScrollRegion({ label, className = 'table-scroll', children }: { label: string; className?: string; children: React.ReactNode }) {
  return (
    <div className={className} role="region" tabIndex={0} aria-label={label}>
      {children}
    </div>
  );
}
