import type { Metadata } from 'next';
import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { db } from '@/lib/db';
import { archiveListQuery, listArchive, type ArchiveListQuery } from '@/lib/archive/public-queries';
import { archiveFilterOptions } from '@/lib/archive/listings';
import { loadDeadlines } from '@/lib/letters/deadlines';
import { LETTER_KINDS, RATINGS } from '@/lib/letters/schema';
import { EmptyState } from '../_components/EmptyState';
import { openGraph } from '../_components/open-graph';
import { Pagination } from '../_components/Pagination';
import { formatDate } from '../interviews/format';
import { Highlighted } from '../archive/Highlighted';
import '../archive/archive.css';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('letters');
  return { title: t('title'), description: t('intro'), ...(await openGraph(t('title'), t('intro'))) };
}

type SearchParams = Record<string, string | string[] | undefined>;
/** The board's filters, as the address bar carries them (the archive's names: one query, one API). */
const FILTERS = ['q', 'letterKind', 'departmentId', 'year', 'rating', 'sort'] as const;

/**
 * 政民互动: the public board of answered letters. What it shows is exactly the answer archive's published letter
 * entries (lib/archive/public-queries.ts#listArchive with kind=letter): the masked public texts a moderator published,
 * never a letter's own text or its writer; with the kind, department, dates, working days taken and the writer's
 * rating (archive_entries.rating). A plain GET form, so filters and pages work without JavaScript. The time limits
 * per kind are the admins' settings (lib/letters/deadline-settings.ts), not constants.
 */
export default async function LettersPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const t = await getTranslations('letters');
  const locale = await getLocale();
  const en = locale === 'en';
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const parsed = archiveListQuery.safeParse(raw);
  const query: ArchiveListQuery = parsed.success ? parsed.data : archiveListQuery.parse({});
  const [result, options, limits] = await Promise.all([
    listArchive(db(), {
      kind: 'letter', q: query.q, letterKind: query.letterKind, departmentId: query.departmentId, year: query.year,
      rating: query.rating, sort: query.sort, page: query.page, pageSize: query.pageSize,
    }),
    archiveFilterOptions(db()),
    loadDeadlines(db()),
  ]);
  const filtered = FILTERS.some((f) => query[f] !== undefined);
  const keep: Record<string, string | undefined> = Object.fromEntries(FILTERS.map((f) => [f, query[f] === undefined ? undefined : String(query[f])]));
  const date = (d: Date | null) => (d ? formatDate(d, en ? 'en' : 'zh-CN') : '—');
  return (
    <>
      <h1>{t('title')}</h1>
      <p className="lead">{t('intro')}</p>
      <p>
        <Link className="button" href="/letters/new">{t('write')}</Link>{' '}
        <Link className="button button-secondary" href="/letters/lookup">{t('lookup')}</Link>
      </p>
      <section aria-labelledby="letter-kinds">
        <h2 id="letter-kinds">{t('kinds')}</h2>
        <ul className="cards">
          {LETTER_KINDS.map((kind) => (
            <li key={kind} className="card">
              <h3>{t(kind)}</h3>
              <p data-testid={`limit-${kind}`}>{t('days', { count: limits[kind] })}</p>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="letter-public" className="board">
        <h2 id="letter-public">{t('public')}</h2>
        <p>{t('boardIntro')}</p>
        <p><Link href="/actions">{(await getTranslations('actions'))('fromLetters')}</Link></p>
        <div role="search" className="archive-search" aria-label={t('boardSearch')}>
          <form method="get" action="/letters" className="form archive-filters">
            <div className="field archive-q">
              <label htmlFor="board-q">{t('boardQ')}</label>
              <input id="board-q" name="q" type="search" defaultValue={query.q ?? ''} maxLength={64} aria-describedby="board-q-hint" />
              <span className="hint" id="board-q-hint">{t.rich('boardQHint', { zh: (c) => <span lang="zh-CN">{c}</span> })}</span>
            </div>
            <div className="field">
              <label htmlFor="board-kind">{t('boardKind')}</label>
              <select id="board-kind" name="letterKind" defaultValue={query.letterKind ?? ''}>
                <option value="">{t('boardAll')}</option>
                {LETTER_KINDS.map((k) => <option key={k} value={k}>{t(k)}</option>)}
              </select>
            </div>
            <div className="field">
              <label htmlFor="board-department">{t('boardDepartment')}</label>
              <select id="board-department" name="departmentId" defaultValue={query.departmentId ?? ''}>
                <option value="">{t('boardAllDepartments')}</option>
                {options.departments.map((d) => <option key={d.id} value={d.id}>{(en && d.nameEn) || d.name}</option>)}
              </select>
            </div>
            <div className="field">
              <label htmlFor="board-year">{t('boardYear')}</label>
              <select id="board-year" name="year" defaultValue={query.year ? String(query.year) : ''}>
                <option value="">{t('boardAllYears')}</option>
                {options.years.map((y) => <option key={y} value={String(y)}>{y}</option>)}
              </select>
            </div>
            <div className="field">
              <label htmlFor="board-rating">{t('boardRating')}</label>
              <select id="board-rating" name="rating" defaultValue={query.rating ?? ''}>
                <option value="">{t('boardAll')}</option>
                {RATINGS.map((r) => <option key={r} value={r}>{t(`ratings.${r}`)}</option>)}
              </select>
            </div>
            <div className="field">
              <label htmlFor="board-sort">{t('boardSort')}</label>
              <select id="board-sort" name="sort" defaultValue={query.sort ?? (query.q ? 'relevance' : 'newest')}>
                <option value="relevance">{t('sorts.relevance')}</option>
                <option value="newest">{t('sorts.newest')}</option>
                <option value="oldest">{t('sorts.oldest')}</option>
              </select>
            </div>
            <div className="archive-buttons">
              <button type="submit">{t('boardSubmit')}</button>
              {filtered ? <Link href="/letters">{t('boardReset')}</Link> : null}
            </div>
          </form>
        </div>
        {parsed.success ? null : (
          <p className="notice" role="alert">{t('boardInvalid', { message: parsed.error.issues.map((i) => i.message).join('；') })}</p>
        )}
        <p className="board-count" data-testid="board-total">
          {t(result.approximate ? 'boardResultsApprox' : 'boardResults', { total: result.total })}
        </p>
        {result.items.length === 0 ? (
          <EmptyState>{filtered ? t('boardEmpty') : t('boardEmptyAll')}</EmptyState>
        ) : (
          <ol className="archive-list">
            {result.items.map((item) => (
              <li key={item.id} className="archive-item" data-testid="board-item">
                <h3><a href={item.url} data-user-content="">{item.title}</a></h3>
                <p className="archive-meta">
                  {item.letterKind ? <span className="tag">{t(item.letterKind)}</span> : null}
                  {item.department ? <span data-user-content="">{item.department.name}</span> : null}
                  <span>{t('boardReceived', { date: date(item.submittedAt) })}</span>
                  <span>{t('boardAnswered', { date: date(item.answeredAt) })}</span>
                  {item.workingDays !== null ? <span>{t('boardWorkingDays', { days: item.workingDays })}</span> : null}
                  <span className={item.rating === 'unsatisfied' ? 'tag tag-warn' : item.rating ? 'tag tag-ok' : 'tag'} data-testid="board-rating">
                    {item.rating ? t('boardRated', { rating: t(`ratings.${item.rating}`) }) : t('boardUnrated')}
                  </span>
                </p>
                <p className="archive-snippet" data-user-content=""><Highlighted parts={item.snippet} /></p>
              </li>
            ))}
          </ol>
        )}
        <Pagination page={result.page} pageSize={result.pageSize} total={result.total} basePath="/letters" query={keep} numbers />
      </section>
    </>
  );
}
