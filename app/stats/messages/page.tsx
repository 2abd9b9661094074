import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { db } from '@/lib/db';
import { listMessageStatistics } from '@/lib/stats/messages';
import { EmptyState } from '../../_components/EmptyState';
import { ScrollRegion } from '../../_components/ScrollRegion';
import '../stats.css';
import { dateTimeFormat } from '@/lib/calendar/date-format';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('rates'))('messagesTitle') };
}

const label = (month: string) => ({ year: Number(month.slice(0, 4)), month: Number(month.slice(5, 7)) });

/** 留言统计: the monthly statistics published automatically after each month (lib/stats/messages.ts). */
export default async function MessageStatisticsPage() {
  const t = await getTranslations('rates');
  const rows = await listMessageStatistics(db());
  const fmt = dateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'medium', timeStyle: 'short' });
  return (
    <>
      <h1>{t('messagesTitle')}</h1>
      <p className="lead">{t('messagesIntro')}</p>
      <p><Link href="/stats/departments">{t('title')}</Link> · <Link href="/stats">{t('back')}</Link></p>
      {rows.length === 0 ? (
        <EmptyState>{t('messagesEmpty')}</EmptyState>
      ) : (
        <ScrollRegion label={t('messagesCaption')}>
          <table data-testid="messages-list" className="table-cards">
            <caption>{t('messagesCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('messagesMonth')}</th>
                <th scope="col" className="num">{t('messagesReceived')}</th>
                <th scope="col" className="num">{t('messagesAnswered')}</th>
                <th scope="col">{t('messagesPublished')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.month}>
                  <th scope="row"><Link href={`/stats/messages/${r.month}`}>{t('messagesMonthLabel', label(r.month))}</Link></th>
                  <td className="num" data-label={t('messagesReceived')}>{r.received}</td>
                  <td className="num" data-label={t('messagesAnswered')}>{r.answered}</td>
                  <td data-label={t('messagesPublished')}>{fmt.format(r.publishedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </>
  );
}
