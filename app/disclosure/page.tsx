import type { Metadata } from 'next';
import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { db } from '@/lib/db';
import { categoryTree, type CategoryNode } from '@/lib/disclosure/categories';
import { catalogueListQuery, listPublicCatalogueItems } from '@/lib/disclosure/catalogue';
import { EmptyState } from '../_components/EmptyState';
import { requestOrganisation } from '../_components/request-organisation';
import { Pagination } from '../_components/Pagination';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('disclosure'))('title') };
}

type Params = Record<string, string | string[] | undefined>;

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function CategoryNav({ nodes, en, current, query }: { nodes: CategoryNode[]; en: boolean; current?: string; query: { year?: string; q?: string; kind?: string } }) {
  const href = (code: string) => `/disclosure?${new URLSearchParams(Object.entries({ ...query, category: code }).filter(([, v]) => v) as [string, string][])}#disclosure-items`;
  return (
    <ul>
      {nodes.map((n) => (
        <li key={n.code}>
          <span className="code">{n.code}</span>
          <Link href={href(n.code)} aria-current={current === n.code ? 'page' : undefined}>{en ? n.nameEn : n.name}</Link>
          {n.children.length ? <CategoryNav nodes={n.children} en={en} current={current} query={query} /> : null}
        </li>
      ))}
    </ul>
  );
}

/** 政府信息公开专栏: the guide, the catalogue tree, and the published 主动公开 items, filterable by category and year. */
export default async function DisclosurePage({ searchParams }: { searchParams: Promise<Params> }) {
  const t = await getTranslations('disclosure');
  const en = (await getLocale()) === 'en';
  const params = await searchParams;
  const raw = { category: first(params.category), year: first(params.year), q: first(params.q), kind: first(params.kind), page: first(params.page) };
  const parsed = catalogueListQuery.safeParse(Object.fromEntries(Object.entries(raw).filter(([, v]) => v)));
  // A malformed filter in the address shows the whole first page and says so, rather than an error page.
  const query = parsed.success ? parsed.data : catalogueListQuery.parse({});
  const [org, tree, list] = await Promise.all([requestOrganisation(), categoryTree(db()), listPublicCatalogueItems(db(), query)]);
  const filters = { year: query.year ? String(query.year) : undefined, q: query.q, kind: query.kind };
  return (
    <>
      <h1>{t('title')}</h1>
      <p className="lead">{t('intro')}</p>
      <section aria-labelledby="disclosure-guide">
        <h2 id="disclosure-guide">{t('guide')}</h2>
        {org ? (
          <p>
            {t('office')}{en ? ': ' : '：'}<span data-user-content="">{[org.disclosureOffice, org.address, org.phone, org.officeHours].join(en ? '; ' : '；')}</span>
          </p>
        ) : null}
        <p>
          <Link href="/disclosure/guide">{t('guideLink')}</Link>{' · '}
          <Link href="/disclosure/rules">{t('rulesLink')}</Link>
        </p>
        <h3>{t('timeLimits')}</h3>
        <ul>
          <li>{t('proactiveLimit')}</li>
          <li>{t('applicationLimit')}</li>
        </ul>
        <p><Link className="button" href="/disclosure/apply">{(await getTranslations('applications'))('applyCta')}</Link></p>
      </section>
      <div className="disclosure-columns">
        <nav aria-labelledby="disclosure-catalogue" className="tree">
          <h2 id="disclosure-catalogue">{t('catalogue')}</h2>
          <p><Link href="/disclosure#disclosure-items" aria-current={!query.category ? 'page' : undefined}>{t('allCategories')}</Link></p>
          <CategoryNav nodes={tree} en={en} current={query.category} query={filters} />
        </nav>
        <section aria-labelledby="disclosure-items" id="disclosure-items-section">
          <h2 id="disclosure-items">{t('items')}</h2>
          {!parsed.success ? <p className="notice" role="alert">{t('badFilter')}</p> : null}
          <form method="get" action="/disclosure" className="inline-form" role="search" aria-label={t('filter')}>
            {query.category ? <input type="hidden" name="category" value={query.category} /> : null}
            <label htmlFor="disclosure-q">{t('keyword')}</label>
            <input id="disclosure-q" type="search" name="q" defaultValue={query.q ?? ''} maxLength={50} className="input-w14" />
            <label htmlFor="disclosure-year">{t('year')}</label>
            <input id="disclosure-year" type="number" name="year" min={2000} max={2999} defaultValue={query.year ?? ''} className="input-w7" />
            <label htmlFor="disclosure-kind">{t('kindLabel')}</label>
            <select id="disclosure-kind" name="kind" defaultValue={query.kind ?? ''}>
              <option value="">{t('kindAll')}</option>
              <option value="interpretation">{t('kindInterpretation')}</option>
            </select>
            <button type="submit">{t('filterSubmit')}</button>
          </form>
          <p role="status">{t('itemCount', { total: list.total })}</p>
          {list.items.length === 0 ? (
            <EmptyState>{t('emptyItems')}</EmptyState>
          ) : (
            <div className="table-scroll">
              <table data-testid="disclosure-items" className="table-cards">
                <thead>
                  <tr>
                    <th scope="col">{t('colIndexNo')}</th>
                    <th scope="col">{t('colTitle')}</th>
                    <th scope="col">{t('colCategory')}</th>
                    <th scope="col">{t('colPublisher')}</th>
                    <th scope="col">{t('colCreatedOn')}</th>
                    <th scope="col">{t('colPublishedOn')}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.items.map((item) => (
                    <tr key={item.id}>
                      <td className="code" data-label={t('colIndexNo')}>{item.indexNo}</td>
                      <th scope="row">
                        {item.interpretation ? <><span className="tag" data-testid="interpretation-badge">{t('interpretationBadge')}</span>{' '}</> : null}
                        <Link href={item.url} data-user-content="">{item.title}</Link>
                      </th>
                      <td data-label={t('colCategory')}>{en ? item.category.nameEn : item.category.name}</td>
                      <td data-label={t('colPublisher')}><span data-user-content="">{item.publisher}</span></td>
                      <td data-label={t('colCreatedOn')}>{item.createdOn}</td>
                      <td data-label={t('colPublishedOn')}>{item.publishedOn}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <Pagination page={list.page} pageSize={list.pageSize} total={list.total} basePath="/disclosure"
            query={{ category: query.category, ...filters }} />
          <p><a href="/feeds/disclosure.xml">{t('feed')}</a></p>
        </section>
      </div>
    </>
  );
}
