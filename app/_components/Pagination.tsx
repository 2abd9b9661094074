import Link from 'next/link';
import { getTranslations } from 'next-intl/server';

/** Previous / next links that keep the other query parameters; plain links, so they work without JavaScript. */
export async function Pagination({ page, pageSize, total, basePath, query = {} }: {
  page: number;
  pageSize: number;
  total: number;
  basePath: string;
  query?: Record<string, string | undefined>;
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
      <span>{t('page', { page, pages })}</span>
      {page < pages ? <Link href={href(page + 1)} rel="next">{t('next')}</Link> : <span aria-disabled="true">{t('next')}</span>}
    </nav>
  );
}
