import Link from 'next/link';
import { getTranslations } from 'next-intl/server';

/**
 * Previous / next links that keep the other query parameters; plain links, so they work without JavaScript.
 * With `numbers`, also the first and last page and the pages around the current one as numbered links
 * (1 … 4 5 [6] 7 8 … 20), the current one marked aria-current.
 */
export async function Pagination({ page, pageSize, total, basePath, query = {}, numbers = false }: {
  page: number;
  pageSize: number;
  total: number;
  basePath: string;
  query?: Record<string, string | undefined>;
  numbers?: boolean;
}) {
  const t = await getTranslations('pagination');
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1) return null;
  const href = (p: number) => {
    const params = new URLSearchParams(Object.entries({ ...query, page: String(p) }).filter(([, v]) => v) as [string, string][]);
    return `${basePath}?${params}`;
  };
  return (
    <nav aria-label={t('label')} className="pagination">
      {page > 1 ? <Link href={href(page - 1)} rel="prev">{t('previous')}</Link> : <span aria-disabled="true">{t('previous')}</span>}
      {numbers ? (
        <ol className="page-numbers">
          {pageWindow(page, pages).map((p, i) => (
            <li key={p ?? `gap-${i}`}>
              {p === null ? <span aria-hidden="true">…</span>
                : p === page ? <span aria-current="page" className="page-current">{p}</span>
                : <Link href={href(p)} aria-label={t('goToPage', { page: p })}>{p}</Link>}
            </li>
          ))}
        </ol>
      ) : null}
      <span>{t('page', { page: Math.min(page, pages), pages })}</span>
      {page < pages ? <Link href={href(page + 1)} rel="next">{t('next')}</Link> : <span aria-disabled="true">{t('next')}</span>}
    </nav>
  );
}

/** The page numbers to offer: the first, the last, two either side of the current one; null marks a gap. */
export function pageWindow(page: number, pages: number): Array<number | null> {
  const shown = new Set([1, pages]);
  for (let p = page - 2; p <= page + 2; p++) if (p >= 1 && p <= pages) shown.add(p);
  const sorted = [...shown].sort((a, b) => a - b);
  const out: Array<number | null> = [];
  for (const p of sorted) {
    const last = out.at(-1);
    if (typeof last === 'number' && p - last > 1) out.push(null);
    out.push(p);
  }
  return out;
}
