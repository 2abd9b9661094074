import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { requirePermission } from '@/lib/auth/session';
import { listBulletins, type BulletinItem } from '@/lib/accountability/bulletins';
import { EmptyState } from '@/app/_components/EmptyState';
import { Pagination } from '@/app/_components/Pagination';
import { pageNumber } from '@/app/letters/pageNumber';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('bulletins'))('title') };
}

const COLUMNS = [
  ['received', 'colReceived'],
  ['answered', 'colAnswered'],
  ['answeredOnTime', 'colOnTime'],
  ['answeredLate', 'colLate'],
  ['open', 'colOpen'],
  ['overdue', 'colOverdue'],
  ['urged', 'colUrged'],
  ['systemUrged', 'colSystemUrged'],
  ['supervised', 'colSupervised'],
  ['closedUnrated', 'colClosedUnrated'],
] as const;

/** The monthly internal 通报 (lib/accountability/bulletins.ts): moderators and admins all departments, leaders their own. */
export default async function BulletinsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePermission('accountability.bulletins', '/workspace/bulletins');
  const t = await getTranslations('bulletins');
  const params = await searchParams;
  const month = typeof params.month === 'string' && /^\d{4}-(0[1-9]|1[0-2])$/.test(params.month) ? params.month : undefined;
  const list = await listBulletins(actor, { page: pageNumber(params.page), ...(month ? { month } : {}) });
  const byMonth = new Map<string, BulletinItem[]>();
  for (const item of list.items) byMonth.set(item.month, [...(byMonth.get(item.month) ?? []), item]);
  return (
    <>
      <h1>{t('title')}</h1>
      <p className="lead">{t('intro')}</p>
      {list.months.length ? (
        <form method="get" className="filters" role="search" aria-label={t('filter')}>
          <label htmlFor="bulletin-month">{t('month')}</label>{' '}
          <select id="bulletin-month" name="month" defaultValue={month ?? ''}>
            <option value="">{t('allMonths')}</option>
            {list.months.map((m) => <option key={m} value={m}>{m}</option>)}
          </select>{' '}
          <button type="submit">{t('filter')}</button>
        </form>
      ) : null}
      {list.items.length === 0 ? <EmptyState>{t('empty')}</EmptyState> : [...byMonth].map(([m, items]) => (
        <section key={m} aria-labelledby={`bulletin-${m}`}>
          <h2 id={`bulletin-${m}`}>{m}</h2>
          <div className="table-scroll">
            <table className="table-cards">
              <caption>{t('caption', { month: m })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('colDepartment')}</th>
                  {COLUMNS.map(([, label]) => <th scope="col" key={label}>{t(label)}</th>)}
                </tr>
              </thead>
              <tbody>
                {items.map((item) => (
                  <tr key={item.department}>
                    <th scope="row">{item.department}</th>
                    {COLUMNS.map(([key, label]) => <td key={key} data-label={t(label)}>{item.figures[key]}</td>)}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {items[0]?.figures.asOf ? <p>{t('asOf', { date: items[0].figures.asOf })}</p> : null}
        </section>
      ))}
      <Pagination page={list.page} pageSize={list.pageSize} total={list.total} basePath="/workspace/bulletins" query={{ month }} />
    </>
  );
}
