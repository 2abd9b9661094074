import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { requirePermission } from '@/lib/auth/session';
import { db } from '@/lib/db';
import { lateProactiveItems, listStaffCatalogue, staffCatalogueQuery } from '@/lib/disclosure/manage';
import { CATALOGUE_ITEM_STATUSES } from '@/lib/disclosure/schema';
import { EmptyState } from '@/app/_components/EmptyState';
import { Pagination } from '@/app/_components/Pagination';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('disclosureStaff'))('heading') };
}

type Params = Record<string, string | string[] | undefined>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** 公开目录 management: items kept by hand, the items published late or overdue, and the editable pages. */
export default async function ModeratorDisclosurePage({ searchParams }: { searchParams: Promise<Params> }) {
  const actor = await requirePermission('disclosure.publish', '/workspace/moderator/disclosure');
  const t = await getTranslations('disclosureStaff');
  const params = await searchParams;
  const parsed = staffCatalogueQuery.safeParse({ status: first(params.status) || undefined, page: first(params.page) || undefined });
  const query = parsed.success ? parsed.data : staffCatalogueQuery.parse({});
  const [list, late] = await Promise.all([listStaffCatalogue(actor, query), lateProactiveItems(db())]);
  return (
    <>
      <h1>{t('heading')}</h1>
      <p className="lead">{t('intro')}</p>
      <p>
        <Link className="button" href="/workspace/moderator/disclosure/new">{t('newItem')}</Link>{' '}
        <Link className="button button-secondary" href="/workspace/moderator/disclosure/pages">{t('editPages')}</Link>
      </p>

      <section aria-labelledby="late-items">
        <h2 id="late-items">{t('lateHeading')}</h2>
        <p className="hint">{t('lateHint')}</p>
        {late.length === 0 ? (
          <EmptyState>{t('lateEmpty')}</EmptyState>
        ) : (
          <div className="table-scroll">
            <table data-testid="late-items" className="table-cards">
              <thead>
                <tr>
                  <th scope="col">{t('colIndexNo')}</th><th scope="col">{t('colTitle')}</th><th scope="col">{t('colGeneratedOn')}</th>
                  <th scope="col">{t('colDueOn')}</th><th scope="col">{t('colPublishedOn')}</th>
                </tr>
              </thead>
              <tbody>
                {late.map((item) => (
                  <tr key={item.id}>
                    <td className="code" data-label={t('colIndexNo')}>{item.indexNo}</td>
                    <th scope="row">
                      {item.sourceUrl ? <Link href={item.sourceUrl} data-user-content="">{item.title}</Link> : <Link href={`/workspace/moderator/disclosure/items/${item.id}`} data-user-content="">{item.title}</Link>}
                    </th>
                    <td data-label={t('colGeneratedOn')}>{item.generatedOn}</td>
                    <td data-label={t('colDueOn')}>{item.dueOn}</td>
                    <td data-label={t('colPublishedOn')}>{item.publishedOn ?? <span className="tag tag-warn">{t('notPublished')}</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="catalogue-items">
        <h2 id="catalogue-items">{t('itemsHeading')}</h2>
        <form method="get" className="inline-form" aria-label={t('filter')}>
          <label htmlFor="status-filter">{t('status')}</label>
          <select id="status-filter" name="status" defaultValue={query.status ?? ''}>
            <option value="">{t('allStatuses')}</option>
            {CATALOGUE_ITEM_STATUSES.map((s) => <option key={s} value={s}>{t(`statuses.${s}`)}</option>)}
          </select>
          <button type="submit">{t('filterSubmit')}</button>
        </form>
        {list.items.length === 0 ? (
          <EmptyState>{t('empty')}</EmptyState>
        ) : (
          <div className="table-scroll">
            <table data-testid="staff-catalogue" className="table-cards">
              <thead>
                <tr>
                  <th scope="col">{t('colIndexNo')}</th><th scope="col">{t('colTitle')}</th><th scope="col">{t('category')}</th>
                  <th scope="col">{t('attribute')}</th><th scope="col">{t('status')}</th><th scope="col">{t('colGeneratedOn')}</th>
                </tr>
              </thead>
              <tbody>
                {list.items.map((item) => (
                  <tr key={item.id}>
                    <td className="code" data-label={t('colIndexNo')}>{item.indexNo}</td>
                    <th scope="row">
                      {item.interpretation ? <><span className="tag">{t('interpretationBadge')}</span>{' '}</> : null}
                      <Link href={`/workspace/moderator/disclosure/items/${item.id}`} data-user-content="">{item.title}</Link>
                    </th>
                    <td data-label={t('category')}><span data-user-content="">{item.categoryName}</span></td>
                    <td data-label={t('attribute')}>{t(`attributes.${item.attribute}`)}</td>
                    <td data-label={t('status')}>{t(`statuses.${item.status}`)}</td>
                    <td data-label={t('colGeneratedOn')}>{item.generatedOn}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pagination page={list.page} pageSize={list.pageSize} total={list.total} basePath="/workspace/moderator/disclosure" query={{ status: query.status }} />
      </section>
    </>
  );
}
