import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { requirePermission } from '@/lib/auth/session';
import { LiveRefresh } from '@/app/_components/LiveRefresh';
import { listApplications } from '@/lib/disclosure/applications';
import { applicationListQuery } from '@/lib/disclosure/application-validation';
import { APPLICATION_STATUSES } from '@/lib/disclosure/schema';
import { Pagination } from '@/app/_components/Pagination';
import { ApplicationTable } from '@/app/disclosure/applications/_components/ApplicationDetails';
import { QueueSort } from '../../QueueSort';
import { QueueCsvLink } from '../../QueueCsvLink';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('applications'))('queueTitle') };
}

type Params = Record<string, string | string[] | undefined>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** The disclosure office's queue of applications: overdue first (or newest first), due-soon badges, counts over the whole queue. */
export default async function ApplicationQueuePage({ searchParams }: { searchParams: Promise<Params> }) {
  const actor = await requirePermission('disclosure.handle', '/workspace/moderator/applications');
  const t = await getTranslations('applications');
  const tc = await getTranslations('queueCsv');
  const params = await searchParams;
  const raw = Object.fromEntries(Object.entries({ status: first(params.status), page: first(params.page), sort: first(params.sort) }).filter(([, v]) => v));
  const parsed = applicationListQuery.safeParse({ ...raw, scope: 'queue' });
  const query = parsed.success ? parsed.data : { scope: 'queue' as const, page: 1, sort: 'due' as const, status: undefined };
  const list = await listApplications(actor, query);
  const countKeys = ['overdue', 'due_soon', 'needs_correction', 'consulting', 'correction_expired'] as const;
  return (
    <>
      <p><Link href="/workspace/moderator">{t('backToWorkspace')}</Link></p>
      <h1>{t('queueTitle')}</h1>
      <LiveRefresh subscribe={{ applicationsQueue: true }} />
      <p className="lead">{t('queueIntro')}</p>
      {!parsed.success ? <p className="notice" role="alert">{t('badFilter')}</p> : null}
      <ul className="counts" aria-label={t('countsLabel')}>
        <li><strong data-testid="count-open">{list.counts.open}</strong> {t('counts.open')}</li>
        {countKeys.map((k) => (
          <li key={k} className={list.counts[k] && k !== 'needs_correction' && k !== 'consulting' ? 'count-alert' : undefined}>
            <strong data-testid={`count-${k}`}>{list.counts[k]}</strong> {t(`counts.${k}`)}
          </li>
        ))}
      </ul>
      <form method="get" className="inline-form" role="search" aria-label={t('filterLabel')}>
        <label htmlFor="queue-status">{t('statusLabel')}</label>
        <select id="queue-status" name="status" defaultValue={query.status ?? ''}>
          <option value="">{t('openOnly')}</option>
          {APPLICATION_STATUSES.map((s) => <option key={s} value={s}>{t(`status.${s}`)}</option>)}
        </select>
        {query.sort === 'newest' ? <input type="hidden" name="sort" value="newest" /> : null}
        <button type="submit">{t('filterSubmit')}</button>
      </form>
      <QueueSort sort={query.sort} basePath="/workspace/moderator/applications" query={{ status: query.status }} />
      <QueueCsvLink href="/api/v1/disclosure/applications/export.csv" query={{ status: query.status, sort: query.sort === 'newest' ? 'newest' : undefined }} label={tc('export')} />
      <ApplicationTable items={list.items} staff caption={t(query.sort === 'newest' ? 'queueCaptionNewest' : 'queueCaption', { total: list.total })} empty={t('queueEmpty')} />
      <Pagination page={list.page} pageSize={list.pageSize} total={list.total} basePath="/workspace/moderator/applications" query={{ status: query.status, sort: query.sort === 'newest' ? 'newest' : undefined }} />
    </>
  );
}
