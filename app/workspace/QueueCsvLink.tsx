/**
 * The queue as CSV under the page's own filters and order (GET …/export.csv: the same rows the queue shows this
 * reader, every page). A plain download link; `query` holds the page's parameters (empty ones left out).
 */
export function QueueCsvLink({ href, query, label }: { href: string; query: Record<string, string | undefined>; label: string }) {
  const search = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => Boolean(e[1]))).toString();
  return <p><a href={search ? `${href}?${search}` : href} download data-testid="queue-csv">{label}</a></p>;
}
