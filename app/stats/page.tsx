import type { Metadata } from 'next';
import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { chinaYear } from '@/lib/calendar/workdays';
import { db } from '@/lib/db';
import { getStatistics, statsQuery } from '@/lib/stats';
import { APPLICATION_OUTCOMES } from '@/lib/disclosure/schema';
import { EmptyState } from '../_components/EmptyState';
import { CHART_WIDTH, chartHeight, type ChartSpec } from './chart-svg';
import { formatRate } from './format';
import { statsCharts, type ChartName } from './stat-charts';
import { PrintButton } from './PrintButton';
import './stats.css';
import { ScrollRegion } from '../_components/ScrollRegion';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('stats'))('title') };
}

type Params = Record<string, string | string[] | undefined>;
/**
 * A chart of the page as a picture (/stats/charts/{name}.svg, drawn by chart-svg.ts): named by its title, described by
 * the caption under it, which links to the chart's data as a table when that is on another page. Drawn inline, the
 * charts were in the page twice (HTML and React's flight data); as pictures they cost the page a few hundred bytes.
 */
function Chart({ name, spec, year, locale, tableHref, tableLink }: { name: ChartName; spec: ChartSpec; year: number; locale: string; tableHref?: string; tableLink: string }) {
  const id = `chart-${name}`;
  return (
    <figure className="chart-figure">
      <ScrollRegion label={spec.title} className="chart-scroll">
        <img className="chart" src={`/stats/charts/${name}.svg?year=${year}&lang=${locale}`} width={CHART_WIDTH} height={chartHeight(spec)}
          alt={spec.title} aria-describedby={`${id}-desc`} data-testid={id} decoding="async" />
      </ScrollRegion>
      <figcaption id={`${id}-desc`} className="hint">
        {spec.desc}
        {tableHref ? <> <Link href={tableHref}>{tableLink}</Link></> : null}
      </figcaption>
    </figure>
  );
}

/** 数据统计: a year's figures on letters, interviews and disclosure applications, as charts with tables behind them. */
export default async function StatsPage({ searchParams }: { searchParams: Promise<Params> }) {
  const t = await getTranslations('stats');
  const tTopics = await getTranslations('topicsUi.stats');
  const locale = await getLocale();
  const raw = (await searchParams).year;
  const value = Array.isArray(raw) ? raw[0] : raw;
  const parsed = statsQuery.safeParse(value ? { year: value } : {});
  const thisYear = chinaYear();
  const year = (parsed.success ? parsed.data.year : undefined) ?? thisYear;
  const stats = await getStatistics(db(), year);
  const { letters, interviews, applications } = stats;
  const none = t('none');
  const charts = statsCharts(stats, year, t, locale === 'en');
  // The charts' data tables: letters on /stats/letters, interviews and applications per month on /stats/details.
  const tablesHref = (table: string) => `/stats/${table.startsWith('letters-') ? 'letters' : 'details'}?year=${year}#${table}`;
  const chart = (name: ChartName, table?: string) => {
    const spec = charts[name];
    return spec ? <Chart name={name} spec={spec} year={year} locale={locale} tableHref={table ? tablesHref(table) : undefined} tableLink={t('chartTableLink', { title: spec.title })} /> : null;
  };

  return (
    <>
      <h1>{t('title')}</h1>
      <p className="lead">{t('intro')}</p>
      <div className="stats-toolbar">
        <form method="get" action="/stats" className="inline-form">
          <label htmlFor="stats-year">{t('yearLabel')}</label>
          <input id="stats-year" type="number" name="year" min={2000} max={2999} defaultValue={year} required />
          <button type="submit">{t('show')}</button>
        </form>
        <Link href={`/stats?year=${year - 1}`}>{t('prevYear', { year: year - 1 })}</Link>
        {year < thisYear ? <Link href={`/stats?year=${year + 1}`}>{t('nextYear', { year: year + 1 })}</Link> : null}
        <a href={`/stats/export.csv?year=${year}`} download>{t('download')}</a>
        <PrintButton label={t('print')} />
        <Link href="/disclosure/annual-report">{t('annualReport')}</Link>
        <Link href="/stats/departments">{t('departmentsLink')}</Link>
        <Link href="/stats/messages">{t('messagesLink')}</Link>
      </div>
      {!parsed.success ? <p className="notice" role="alert">{t('badYear')}</p> : null}
      <h2 id="stats-year-heading">{t('yearHeading', { year })}</h2>

      {stats.empty ? (
        <EmptyState>{t('emptyYear', { year })}</EmptyState>
      ) : (
        <>
          <section aria-labelledby="stats-summary">
            <h2 id="stats-summary">{t('summary')}</h2>
            <dl className="stats-figures" data-testid="stats-summary">
              <div><dt>{t('received')}</dt><dd>{letters.total.received}</dd></div>
              <div><dt>{t('answered')}</dt><dd>{letters.total.answered}</dd></div>
              <div><dt>{t('onTimeRate')}</dt><dd>{formatRate(letters.total.onTimeRate, none)}</dd></div>
              <div><dt>{t('avgWorkingDays')}</dt><dd>{letters.total.avgWorkingDays === null ? none : t('days', { value: letters.total.avgWorkingDays })}</dd></div>
              <div><dt>{t('satisfactionRate')}</dt><dd>{formatRate(letters.total.satisfactionRate, none)}</dd></div>
              <div><dt>{t('held')}</dt><dd>{interviews.held}</dd></div>
              <div><dt>{t('questionsAnswered')}</dt><dd>{interviews.questionsAnswered}</dd></div>
              <div><dt>{t('appReceived')}</dt><dd>{applications.received}</dd></div>
              <div><dt>{t('appAnswered')}</dt><dd>{applications.answered}</dd></div>
            </dl>
          </section>

          <section aria-labelledby="stats-letters">
            <h2 id="stats-letters">{t('lettersHeading')}</h2>
            <p><Link href={`/stats/letters?year=${year}`}>{t('lettersTablesLink')}</Link> · <Link href={`/stats/letters?year=${year}#letters-topic`}>{tTopics('link')}</Link></p>
            <h3>{t('byMonth')}</h3>
            {chart('letters-month', 'letters-month')}
            <h3>{t('byKind')}</h3>
            {chart('letters-kind', 'letters-kind')}
            <h3>{t('byDepartment')}</h3>
            {letters.byDepartment.length === 0 ? <EmptyState>{t('emptySection')}</EmptyState> : chart('letters-department', 'letters-department')}
          </section>

          <section aria-labelledby="stats-interviews">
            <h2 id="stats-interviews">{t('interviewsHeading')}</h2>
            <dl className="stats-figures">
              <div><dt>{t('held')}</dt><dd>{interviews.held}</dd></div>
              <div><dt>{t('questionsAsked')}</dt><dd>{interviews.questionsAsked}</dd></div>
              <div><dt>{t('questionsAnswered')}</dt><dd>{interviews.questionsAnswered}</dd></div>
            </dl>
            {chart('interviews-month', 'interviews-month')}
          </section>

          <section aria-labelledby="stats-applications">
            <h2 id="stats-applications">{t('applicationsHeading')}</h2>
            <dl className="stats-figures">
              <div><dt>{t('appReceived')}</dt><dd>{applications.received}</dd></div>
              <div><dt>{t('appAnswered')}</dt><dd>{applications.answered}</dd></div>
            </dl>
            {chart('applications-outcome')}
            <ScrollRegion label={t('tableOutcomeCaption', { year })}>
              <table>
                <caption>{t('tableOutcomeCaption', { year })}</caption>
                <thead>
                  <tr><th scope="col">{t('outcome')}</th><th scope="col" className="num">{t('count')}</th></tr>
                </thead>
                <tbody>
                  {APPLICATION_OUTCOMES.map((o) => (
                    <tr key={o}><th scope="row">{t(`outcomes.${o}`)}</th><td className="num">{applications.byOutcome[o]}</td></tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
            <p><Link href={`/stats/details?year=${year}`}>{t('detailsLink')}</Link></p>
          </section>
        </>
      )}

      <section aria-labelledby="stats-definitions" className="stats-definitions">
        <h2 id="stats-definitions">{t('definitions')}</h2>
        <ul>
          <li>{t('defReceived')}</li>
          <li>{t('defOnTime')}</li>
          <li>{t('defDays')}</li>
          <li>{t('defSatisfaction')}</li>
        </ul>
      </section>
    </>
  );
}
