import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { db } from '@/lib/db';
import { monthKey } from '@/lib/stats/rates';
import { getMessageStatistics } from '@/lib/stats/messages';
import { RatesView } from '../../departments/RatesView';
import '../../stats.css';
import { dateTimeFormat } from '@/lib/calendar/date-format';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ month: string }> };

const parts = (month: string) => ({ year: Number(month.slice(0, 4)), month: Number(month.slice(5, 7)) });

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { month } = await params;
  const t = await getTranslations('rates');
  return { title: monthKey.safeParse(month).success ? t('messagesMonthTitle', parts(month)) : t('messagesTitle') };
}

/** One published month of 留言统计, as it was published (YYYY-MM; anything else or an unpublished month → 404). */
export default async function MessageStatisticsMonthPage({ params }: Props) {
  const { month } = await params;
  if (!monthKey.safeParse(month).success) notFound();
  const row = await getMessageStatistics(db(), month);
  if (!row) notFound();
  const t = await getTranslations('rates');
  const fmt = dateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'medium', timeStyle: 'short' });
  const period = t('periodMonth', parts(month));
  return (
    <>
      <h1>{t('messagesMonthTitle', parts(month))}</h1>
      <p className="report-meta"><span>{t('publishedAt', { at: fmt.format(row.publishedAt) })}</span><span>{t('received')}：{row.figures.received}</span></p>
      <p><Link href="/stats/messages">{t('backToMessages')}</Link></p>
      <RatesView report={row.figures.rates} period={period} t={t} idPrefix="messages" />
    </>
  );
}
