import type { Metadata } from 'next';
import { openGraph } from '@/app/_components/open-graph';
import Link from 'next/link';
import { headers } from 'next/headers';
import { getLocale, getTranslations } from 'next-intl/server';
import { db } from '@/lib/db';
import { ARCHIVE_SORTS, archiveListQuery, listArchive, type ArchiveListQuery, type ArchiveListResult } from '@/lib/archive/public-queries';
import { archiveFilterOptions } from '@/lib/archive/listings';
import { categoryTree } from '@/lib/disclosure/categories';
import { EmptyState } from '@/app/_components/EmptyState';
import { RateLimited } from '@/app/_components/RateLimited';
import { CLIENT_IP_HEADER } from '@/lib/api/client-ip';
import { limitRender } from '@/lib/ratelimit';
import { Pagination } from '@/app/_components/Pagination';
import { formatDate } from '@/app/interviews/format';
import { CategoryOptions } from './CategoryOptions';
import { Highlighted } from './Highlighted';
import './archive.css';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('archive');
  return {
    title: t('title'),
    description: t('intro'),
    alternates: { types: { 'application/rss+xml': '/feeds/archive.xml' } },
    ...(await openGraph(t('title'), t('intro'))),
  };
}

type SearchParams = Record<string, string | string[] | undefined>;
const FILTERS = ['q', 'kind', 'departmentId', 'categoryCode', 'year', 'sort'] as const;

/**
 * 答复公开 / 访谈实录: published entries only, read on every request (no cache), so an unpublished entry is gone
 * from the list and the search at once. The form is a plain GET form: filters live in the URL and work without JS.
 * A search (q) counts against the address's search limit as GET /api/v1/archive?q= does, in the same budget; it
 * is not kept by the page cache (lib/platform/page-cache.ts), so every search is counted.
 */
export default async function ArchivePage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const t = await getTranslations('archive');
  const en = (await getLocale()) === 'en';
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const parsed = archiveListQuery.safeParse(raw);
  const query: ArchiveListQuery = parsed.success ? parsed.data : archiveListQuery.parse({});
  if (query.q) {
    // As the API's visitor: no session read, counted per address (the search is the same for everyone).
    const retryAfter = await limitRender('search', { user: null, ip: (await headers()).get(CLIENT_IP_HEADER) });
    if (retryAfter) return <RateLimited retryAfter={retryAfter} back={{ href: '/archive', label: t('title') }} />;
  }
  const [result, options, tree]: [ArchiveListResult, Awaited<ReturnType<typeof archiveFilterOptions>>, Awaited<ReturnType<typeof categoryTree>>] = await Promise.all([
    listArchive(db(), query),
    archiveFilterOptions(db()),
    categoryTree(db()),
  ]);
  const filtered = FILTERS.some((f) => query[f] !== undefined);
  const keep: Record<string, string | undefined> = Object.fromEntries(FILTERS.map((f) => [f, query[f] === undefined ? undefined : String(query[f])]));
  const sortDefault = query.q ? 'relevance' : 'newest';
  return (
    <>
      <h1>{t('title')}</h1>
      <p className="lead">{t('intro')}</p>
      <div role="search" className="archive-search" aria-label={t('searchLabel')}>
        <form method="get" action="/archive" className="form archive-filters">
          <div className="field archive-q">
            <label htmlFor="archive-q">{t('q')}</label>
            <input id="archive-q" name="q" type="search" defaultValue={query.q ?? ''} maxLength={64} aria-describedby="archive-q-hint" />
            <span className="hint" id="archive-q-hint">{t.rich('qHint', { zh: (c) => <span lang="zh-CN">{c}</span> })}</span>
          </div>
          <div className="field">
            <label htmlFor="archive-kind">{t('kind')}</label>
            <select id="archive-kind" name="kind" defaultValue={query.kind ?? ''}>
              <option value="">{t('kindAll')}</option>
              <option value="letter">{t('kinds.letter')}</option>
              <option value="interview">{t('kinds.interview')}</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="archive-department">{t('department')}</label>
            <select id="archive-department" name="departmentId" defaultValue={query.departmentId ? String(query.departmentId) : ''}>
              <option value="">{t('departmentAll')}</option>
              {options.departments.map((d) => <option key={d.id} value={String(d.id)}>{(en && d.nameEn) || d.name}</option>)}
            </select>
          </div>
          <div className="field">
            <label htmlFor="archive-category">{t('category')}</label>
            <select id="archive-category" name="categoryCode" defaultValue={query.categoryCode ?? ''}>
              <option value="">{t('categoryAll')}</option>
              <CategoryOptions nodes={tree} en={en} />
            </select>
          </div>
          <div className="field">
            <label htmlFor="archive-year">{t('year')}</label>
            <select id="archive-year" name="year" defaultValue={query.year ? String(query.year) : ''}>
              <option value="">{t('yearAll')}</option>
              {options.years.map((y) => <option key={y} value={String(y)}>{y}</option>)}
            </select>
          </div>
          <div className="field">
            <label htmlFor="archive-sort">{t('sort')}</label>
            <select id="archive-sort" name="sort" defaultValue={query.sort ?? sortDefault}>
              {ARCHIVE_SORTS.map((s) => <option key={s} value={s}>{t(`sorts.${s}`)}</option>)}
            </select>
          </div>
          <div className="archive-buttons">
            <button type="submit">{t('search')}</button>
            {filtered ? <Link href="/archive">{t('reset')}</Link> : null}
          </div>
        </form>
      </div>
      {parsed.success ? null : (
        <p className="notice" role="alert">{t('invalidQuery', { message: parsed.error.issues.map((i) => i.message).join('；') })}</p>
      )}
      <section aria-labelledby="archive-results" className="archive-results">
        <h2 id="archive-results">
          {t('resultsHeading')} <span className="archive-count" data-testid="archive-total">{t(result.approximate ? 'resultsApprox' : 'results', { total: result.total })}</span>
        </h2>
        {result.items.length === 0 ? (
          <EmptyState>{filtered ? t('empty') : t('emptyAll')}</EmptyState>
        ) : (
          <ol className="archive-list">
            {result.items.map((item) => (
              <li key={item.id} className="archive-item" data-testid="archive-item">
                <h3>
                  {/* A plain link: twenty next/link elements per page cost render time and, in the browser, twenty
                      prefetch requests for pages a visitor mostly does not open. */}
                  <a href={item.url} data-user-content="">{item.title}</a>
                </h3>
                <p className="archive-meta">
                  <span className={item.kind === 'interview' ? 'tag tag-ok' : 'tag'}>{t(`kinds.${item.kind}`)}</span>
                  {item.letterKind ? <span className="tag">{t(`letterKinds.${item.letterKind}`)}</span> : null}
                  {item.department ? <span data-user-content="">{item.department.name}</span> : null}
                  {item.category ? <span data-user-content="">{item.category.name}</span> : null}
                  <span>{t('published', { date: formatDate(item.publishedAt, en ? 'en' : 'zh-CN') })}</span>
                  {item.workingDays !== null ? <span>{t('workingDays', { days: item.workingDays })}</span> : null}
                </p>
                <p className="archive-snippet" data-user-content=""><Highlighted parts={item.snippet} /></p>
              </li>
            ))}
          </ol>
        )}
        <Pagination page={result.page} pageSize={result.pageSize} total={result.total} basePath="/archive" query={keep} />
      </section>
      <p><a href="/feeds/archive.xml" type="application/rss+xml">{t('feed')}</a></p>
    </>
  );
}
