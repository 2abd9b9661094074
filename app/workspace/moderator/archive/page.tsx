import type { Metadata } from 'next';
import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { requirePermission } from '@/lib/auth/session';
import { curationQueue } from '@/lib/archive/curation';
import { listFlags } from '@/lib/archive/flags';
import { QUEUE_TABS, type QueueTab } from '@/lib/archive/validation';
import { EmptyState } from '@/app/_components/EmptyState';
import { Pagination } from '@/app/_components/Pagination';
import { formatDate } from '@/app/interviews/format';
import { pageNumber } from '@/app/letters/pageNumber';
import { ArchiveNav } from './ArchiveNav';
import { QueueSort, queueSort } from '../../QueueSort';
import { CreateEntryButton } from './CurationForms';
import './curation.css';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('archiveStaff'))('title') };
}

type SearchParams = Record<string, string | string[] | undefined>;

/** The curation queue: letters and interviews waiting for an entry, then drafts, published and unpublished entries. */
export default async function ArchiveQueuePage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const actor = await requirePermission('workspace.moderator', '/workspace/moderator/archive');
  const t = await getTranslations('archiveStaff');
  const pub = await getTranslations('archive');
  const locale = (await getLocale()) === 'en' ? 'en' : 'zh-CN';
  const params = await searchParams;
  const tabParam = typeof params.tab === 'string' ? params.tab : 'letters';
  const tab: QueueTab = (QUEUE_TABS as readonly string[]).includes(tabParam) ? (tabParam as QueueTab) : 'letters';
  const sort = queueSort(params.sort);
  const [queue, flags] = await Promise.all([curationQueue(actor, { tab, page: pageNumber(params.page), sort }), listFlags(actor, { status: 'open' })]);
  // The letters and interviews waiting for an entry can be read newest first; the entry tabs are newest first anyway.
  const candidatesTab = tab === 'letters' || tab === 'interviews';
  const date = (d: Date | null) => (d ? formatDate(d, locale) : '—');
  return (
    <>
      <h1>{t('title')}</h1>
      <p className="lead">{t('intro')}</p>
      <ArchiveNav current="queue" openFlags={flags.counts.open} />
      <nav aria-label={t('nav.queue')} className="queue-tabs">
        <ul>
          {QUEUE_TABS.map((k) => (
            <li key={k}>
              <Link href={`/workspace/moderator/archive?tab=${k}`} aria-current={k === tab ? 'page' : undefined} data-testid={`tab-${k}`}>
                {t('tabCount', { label: t(`tabs.${k}`), count: queue.counts[k] })}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <section aria-labelledby="queue-heading">
        <h2 id="queue-heading">{t(`tabs.${tab}`)}</h2>
        {candidatesTab ? <QueueSort sort={sort} basePath="/workspace/moderator/archive" query={{ tab }} dueLabel={t('sortOldest')} /> : null}
        {tab === 'letters' || tab === 'interviews' ? (
          queue.candidates.length === 0 ? <EmptyState>{t('emptyTab')}</EmptyState> : (
            <div className="table-scroll">
              <table className="table-cards">
                <caption className="sr-only">{t(`tabs.${tab}`)}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('colTitle')}</th>
                    <th scope="col">{t('colDepartment')}</th>
                    <th scope="col">{t('colDate')}</th>
                    <th scope="col">{t('colAction')}</th>
                  </tr>
                </thead>
                <tbody>
                  {queue.candidates.map((c) => (
                    <tr key={c.ref} data-testid="candidate-row">
                      <th scope="row">
                        {c.source === 'letter' ? <><span className="code">{c.ref}</span> </> : null}
                        <span data-user-content="">{c.title}</span>
                      </th>
                      <td data-label={t('colDepartment')}>{c.department ? <span data-user-content="">{c.department}</span> : '—'}</td>
                      <td data-label={t('colDate')}>{date(c.date)}</td>
                      <td data-label={t('colAction')}><CreateEntryButton source={c.source} refId={c.ref} title={c.title} /></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        ) : queue.entries.length === 0 ? <EmptyState>{t('emptyTab')}</EmptyState> : (
          <div className="table-scroll">
            <table className="table-cards">
              <caption className="sr-only">{t(`tabs.${tab}`)}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('colTitle')}</th>
                  <th scope="col">{t('colKind')}</th>
                  <th scope="col">{t('colDepartment')}</th>
                  <th scope="col">{t('colCategory')}</th>
                  <th scope="col">{t('colUpdated')}</th>
                  <th scope="col">{t('colFlags')}</th>
                </tr>
              </thead>
              <tbody>
                {queue.entries.map((e) => (
                  <tr key={e.id} data-testid="entry-row">
                    <th scope="row"><Link href={`/workspace/moderator/archive/${e.id}`} data-user-content="">{e.title}</Link></th>
                    <td data-label={t('colKind')}>{pub(`kinds.${e.kind}`)}</td>
                    <td data-label={t('colDepartment')}>{e.department ? <span data-user-content="">{e.department}</span> : '—'}</td>
                    <td data-label={t('colCategory')}>{e.category ? <span data-user-content="">{e.category}</span> : '—'}</td>
                    <td data-label={t('colUpdated')}>{date(e.updatedAt)}</td>
                    <td data-label={t('colFlags')}>{e.openFlags ? <span className="tag tag-danger">{e.openFlags}</span> : '0'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pagination page={queue.page} pageSize={queue.pageSize} total={queue.total} basePath="/workspace/moderator/archive" query={{ tab, sort: candidatesTab && sort === 'newest' ? sort : undefined }} />
      </section>
    </>
  );
}
