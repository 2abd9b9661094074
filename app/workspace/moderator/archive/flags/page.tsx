import type { Metadata } from 'next';
import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { requirePermission } from '@/lib/auth/session';
import { listFlags } from '@/lib/archive/flags';
import { FLAG_STATUSES, type FlagStatus } from '@/lib/archive/schema';
import { EmptyState } from '@/app/_components/EmptyState';
import { Pagination } from '@/app/_components/Pagination';
import { formatDate } from '@/app/interviews/format';
import { pageNumber } from '@/app/letters/pageNumber';
import { ArchiveNav } from '../ArchiveNav';
import { FlagActionForm } from '../CurationForms';
import '../curation.css';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('archiveStaff.flags'))('title') };
}

/** Reports of published entries: open ones with dismiss / unpublish, handled ones with who decided what. */
export default async function FlagsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePermission('workspace.moderator', '/workspace/moderator/archive/flags');
  const t = await getTranslations('archiveStaff');
  const locale = (await getLocale()) === 'en' ? 'en' : 'zh-CN';
  const params = await searchParams;
  const status: FlagStatus = (FLAG_STATUSES as readonly string[]).includes(String(params.status)) ? (params.status as FlagStatus) : 'open';
  const flags = await listFlags(actor, { status, page: pageNumber(params.page) });
  return (
    <>
      <h1>{t('flags.title')}</h1>
      <p className="lead">{t('flags.intro')}</p>
      <ArchiveNav current="flags" openFlags={flags.counts.open} />
      <nav aria-label={t('flags.title')} className="queue-tabs">
        <ul>
          {FLAG_STATUSES.map((s) => (
            <li key={s}>
              <Link href={`/workspace/moderator/archive/flags?status=${s}`} aria-current={s === status ? 'page' : undefined}>
                {t('tabCount', { label: t(`flags.tabs.${s}`), count: flags.counts[s] })}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <section aria-labelledby="flags-heading">
        <h2 id="flags-heading">{t(`flags.tabs.${status}`)}</h2>
        {flags.items.length === 0 ? <EmptyState>{t('flags.empty')}</EmptyState> : (
          <ul className="messages">
            {flags.items.map((f) => (
              <li key={f.id} className="flag-item" data-testid="flag-item">
                <p>
                  <strong>{t('flags.entry')}：</strong>
                  <Link href={`/workspace/moderator/archive/${f.entryId}`}>{f.entryTitle}</Link>（{t(`status.${f.entryStatus as 'draft'}`)}）
                </p>
                <p className="message-meta">{t('flags.reporter')}：{f.reporter} · {t('flags.at')}：{formatDate(f.createdAt, locale)}</p>
                <p><strong>{t('flags.reason')}：</strong><span className="prewrap">{f.reason}</span></p>
                {f.status === 'open' ? (
                  <FlagActionForm flagId={f.id} title={f.entryTitle} />
                ) : (
                  <p className="hint">{t('flags.handled', { name: f.handledBy ?? '—', date: f.handledAt ? formatDate(f.handledAt, locale) : '—', resolution: f.resolution ?? '' })}</p>
                )}
              </li>
            ))}
          </ul>
        )}
        <Pagination page={flags.page} pageSize={flags.pageSize} total={flags.total} basePath="/workspace/moderator/archive/flags" query={{ status }} />
      </section>
    </>
  );
}
