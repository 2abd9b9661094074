import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { db } from '@/lib/db';
import { getChannelRates, getDepartmentRates, ratesJson } from '@/lib/stats/rates';
import { periodFromParams } from '@/lib/stats/period';
import { PrintButton } from '../PrintButton';
import { ChannelRatesView, RatesView } from './RatesView';
import '../stats.css';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('rates'))('title') };
}

/** 三率 (issue 14): per department and for the bureau, for a Beijing month or year, with chart, tables, CSV. */
export default async function DepartmentRatesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const t = await getTranslations('rates');
  const { year, month, error } = periodFromParams(await searchParams);
  const [rates, channels] = await Promise.all([getDepartmentRates(db(), year, month), getChannelRates(db(), year, month)]);
  const report = ratesJson(rates);
  const period = month === null ? t('periodYear', { year }) : t('periodMonth', { year, month });
  const query = `year=${year}${month === null ? '' : `&month=${month}`}`;
  return (
    <>
      <h1>{t('title')}</h1>
      <p className="lead">{t.rich('intro', { zh: (c) => <span lang="zh-CN">{c}</span> })}</p>
      <div className="stats-toolbar">
        <form method="get" action="/stats/departments" className="inline-form" aria-label={t('periodLabel')}>
          <label htmlFor="rates-year">{t('yearLabel')}</label>
          <input id="rates-year" type="number" name="year" min={2000} max={2999} defaultValue={year} required />
          <label htmlFor="rates-month">{t('monthLabel')}</label>
          <select id="rates-month" name="month" defaultValue={month === null ? '' : String(month)}>
            <option value="">{t('wholeYear')}</option>
            {Array.from({ length: 12 }, (_, i) => i + 1).map((m) => <option key={m} value={m}>{t('monthOption', { month: m })}</option>)}
          </select>
          <button type="submit">{t('show')}</button>
        </form>
        <a href={`/stats/departments/export.csv?${query}`} download>{t('download')}</a>
        <PrintButton label={(await getTranslations('stats'))('print')} />
        <Link href="/stats/messages">{t('messagesLink')}</Link>
        <Link href="/stats">{t('back')}</Link>
      </div>
      {error ? <p className="notice" role="alert">{t('badInput', { message: error })}</p> : null}
      <h2 id="rates-period">{t('heading', { period })}</h2>
      <RatesView report={report} period={period} t={t} />
      <ChannelRatesView channels={channels} period={period} t={t} />
    </>
  );
}
