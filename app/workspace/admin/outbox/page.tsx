import type { Metadata } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';
import { requirePermission } from '@/lib/auth/session';
import { listOutbox } from '@/lib/notifications';
import { EmptyState } from '@/app/_components/EmptyState';
import { Pagination } from '@/app/_components/Pagination';
import { formatDateTime } from '@/app/letters/labels';
import { pageNumber } from '@/app/letters/pageNumber';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('outboxAdmin'))('title') };
}

export default async function OutboxPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePermission('workspace.admin', '/workspace/admin/outbox');
  const params = await searchParams;
  const to = typeof params.to === 'string' ? params.to.trim().slice(0, 254) : '';
  const [outbox, t, locale] = await Promise.all([
    listOutbox(actor, { page: pageNumber(params.page), ...(to ? { to } : {}) }), getTranslations('outboxAdmin'), getLocale(),
  ]);
  return (
    <>
      <h1>{t('title')}</h1>
      <p className="lead">{t('intro')}</p>
      <form method="get" className="filters" role="search" aria-label={t('filter')}>
        <label htmlFor="outbox-to">{t('to')}</label>{' '}
        <input id="outbox-to" name="to" type="email" defaultValue={to} maxLength={254} />{' '}
        <button type="submit">{t('submit')}</button>
      </form>
      {outbox.items.length === 0 ? <EmptyState>{to ? t('noneTo') : t('none')}</EmptyState> : (
        <div className="table-scroll">
          <table className="table-cards">
            <caption>{t('count', { total: outbox.total })}</caption>
            <thead>
              <tr><th scope="col">{t('colTime')}</th><th scope="col">{t('colTo')}</th><th scope="col">{t('colContent')}</th><th scope="col">{t('colStatus')}</th></tr>
            </thead>
            <tbody>
              {outbox.items.map((m) => (
                <tr key={m.id}>
                  <td data-label={t('colTime')}>{formatDateTime(m.createdAt, locale)}</td>
                  <td data-label={t('colTo')}><span data-user-content="">{m.to}</span></td>
                  {/* The e-mail as sent, in its recipient's language (lib/notifications/mail-texts.ts): content, like a letter's text. */}
                  <th scope="row" data-user-content=""><details><summary>{m.subject}</summary><p className="prewrap">{m.text}</p></details></th>
                  <td data-label={t('colStatus')}>{m.sentAt ? t('sent', { at: formatDateTime(m.sentAt, locale) }) : m.lastError ? t('failed', { attempts: m.attempts, error: m.lastError }) : t('waiting')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={outbox.page} pageSize={outbox.pageSize} total={outbox.total} basePath="/workspace/admin/outbox" query={{ to: to || undefined }} />
    </>
  );
}
