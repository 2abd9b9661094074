import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { requirePermission } from '@/lib/auth/session';
import { moderationLog } from '@/lib/archive/curation';
import { MODERATION_ACTIONS, moderationLogQuery } from '@/lib/archive/validation';
import { EmptyState } from '@/app/_components/EmptyState';
import { Pagination } from '@/app/_components/Pagination';
import { formatDateTime } from '@/app/letters/labels';
import { ArchiveNav } from '../ArchiveNav';
import '../curation.css';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('archiveStaff.log'))('title') };
}

const DETAIL_KEYS = ['reason', 'resolution', 'indexNo', 'letter', 'interviewId', 'entry', 'fields', 'maskedTerms', 'closedReports', 'republished'] as const;

function describe(details: Record<string, unknown>): string {
  return DETAIL_KEYS.filter((k) => details[k] !== undefined && details[k] !== false)
    .map((k) => `${k}: ${Array.isArray(details[k]) ? (details[k] as unknown[]).join(', ') : String(details[k])}`)
    .join(' · ');
}

/** 操作记录: the append-only audit rows of the archive, filterable by action, entry and dates. */
export default async function ModerationLogPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePermission('workspace.moderator', '/workspace/moderator/archive/log');
  const t = await getTranslations('archiveStaff');
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const parsed = moderationLogQuery.safeParse(raw);
  const query = parsed.success ? parsed.data : moderationLogQuery.parse({});
  const log = await moderationLog(actor, query);
  const keep = { action: query.action, entry: query.entry, from: query.from, to: query.to };
  return (
    <>
      <h1>{t('log.title')}</h1>
      <p className="lead">{t('log.intro')}</p>
      <ArchiveNav current="log" />
      <form method="get" action="/workspace/moderator/archive/log" className="form log-filters" aria-label={t('log.filters')}>
        <div className="field">
          <label htmlFor="log-action">{t('log.action')}</label>
          <select id="log-action" name="action" defaultValue={query.action ?? ''}>
            <option value="">{t('log.actionAll')}</option>
            {MODERATION_ACTIONS.map((a) => <option key={a} value={a}>{t(`log.actions.${a.replace('archive.', '')}`)}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="log-entry">{t('log.entry')}</label>
          <input id="log-entry" name="entry" type="text" maxLength={64} defaultValue={query.entry ?? ''} />
        </div>
        <div className="field">
          <label htmlFor="log-from">{t('log.from')}</label>
          <input id="log-from" name="from" type="date" defaultValue={query.from ?? ''} />
        </div>
        <div className="field">
          <label htmlFor="log-to">{t('log.to')}</label>
          <input id="log-to" name="to" type="date" defaultValue={query.to ?? ''} />
        </div>
        <div><button type="submit">{t('log.filter')}</button></div>
      </form>
      {parsed.success ? null : <p className="notice" role="alert">{parsed.error.issues.map((i) => i.message).join('；')}</p>}
      <section aria-labelledby="log-heading">
        <h2 id="log-heading">{t('log.total', { total: log.total })}</h2>
        {log.items.length === 0 ? <EmptyState>{t('log.empty')}</EmptyState> : (
          <div className="table-scroll">
            <table className="table-cards">
              <caption className="sr-only">{t('log.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('log.at')}</th>
                  <th scope="col">{t('log.actor')}</th>
                  <th scope="col">{t('log.action')}</th>
                  <th scope="col">{t('log.target')}</th>
                  <th scope="col">{t('log.details')}</th>
                </tr>
              </thead>
              <tbody>
                {log.items.map((r) => {
                  const entryId = r.entityType === 'archive_entry' ? r.entityId : typeof r.details.entry === 'string' ? r.details.entry : null;
                  return (
                    <tr key={r.id} data-testid="log-row">
                      <td data-label={t('log.at')}>{formatDateTime(r.at)}</td>
                      <td data-label={t('log.actor')}>{r.actor}</td>
                      <th scope="row">{t(`log.actions.${r.action.replace('archive.', '') as 'create'}`)}</th>
                      <td data-label={t('log.target')}>{entryId ? <Link href={`/workspace/moderator/archive/log?entry=${entryId}`}>{entryId.slice(0, 8)}</Link> : r.entityId.slice(0, 8)}</td>
                      <td className="log-details" data-label={t('log.details')}>{describe(r.details)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
        <Pagination page={log.page} pageSize={log.pageSize} total={log.total} basePath="/workspace/moderator/archive/log" query={keep} />
      </section>
    </>
  );
}
