import type { Metadata } from 'next';
import { yearOf, type StatsParams } from '../year';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { db } from '@/lib/db';
import { getStatistics } from '@/lib/stats';
import { APPLICANT_TYPES } from '@/lib/disclosure/schema';
import { EmptyState } from '../../_components/EmptyState';
import { ScrollRegion } from '../../_components/ScrollRegion';
import { monthLabelsOf } from '../stat-charts';
import '../stats.css';

export const dynamic = 'force-dynamic';

export async function generateMetadata({ searchParams }: { searchParams: Promise<StatsParams> }): Promise<Metadata> {
  const { year } = await yearOf(searchParams);
  return { title: (await getTranslations('stats'))('detailsTitle', { year }) };
}

/**
 * 访谈与申请明细: the month-by-month tables of interviews and disclosure applications and the applicants by type,
 * behind the charts of /stats, on their own page so /stats stays under 40 KB of HTML (issue 15 item 6; the letter
 * tables are on /stats/letters). Each table has an id the charts' links point to.
 */
export default async function StatsDetailsPage({ searchParams }: { searchParams: Promise<StatsParams> }) {
  const { parsed, year } = await yearOf(searchParams);
  const [t, stats] = await Promise.all([getTranslations('stats'), getStatistics(db(), year)]);
  const { interviews, applications } = stats;
  const monthLabels = monthLabelsOf(stats, t);
  return (
    <>
      <p className="no-print"><Link href={`/stats?year=${year}`}>{t('backToStats')}</Link></p>
      <h1>{t('detailsTitle', { year })}</h1>
      <p className="lead">{t('detailsIntro')}</p>
      {!parsed.success ? <p className="notice" role="alert">{t('badYear')}</p> : null}
      {stats.empty ? (
        <EmptyState>{t('emptyYear', { year })}</EmptyState>
      ) : (
        <>
          <h2>{t('interviewsHeading')}</h2>
          <ScrollRegion label={t('tableInterviewsCaption', { year })}>
            <table id="interviews-month" className="table-cards">
              <caption>{t('tableInterviewsCaption', { year })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('month')}</th>
                  <th scope="col" className="num">{t('held')}</th>
                  <th scope="col" className="num">{t('questionsAnswered')}</th>
                </tr>
              </thead>
              <tbody>
                {interviews.byMonth.map((m, i) => (
                  <tr key={m.month}>
                    <th scope="row">{monthLabels[i]}</th>
                    <td className="num" data-label={t('held')}>{m.held}</td>
                    <td className="num" data-label={t('questionsAnswered')}>{m.questionsAnswered}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>

          <h2>{t('applicationsHeading')}</h2>
          <ScrollRegion label={t('tableAppMonthCaption', { year })}>
            <table id="applications-month" className="table-cards">
              <caption>{t('tableAppMonthCaption', { year })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('month')}</th>
                  <th scope="col" className="num">{t('appReceived')}</th>
                  <th scope="col" className="num">{t('appAnswered')}</th>
                </tr>
              </thead>
              <tbody>
                {applications.byMonth.map((m, i) => (
                  <tr key={m.month}>
                    <th scope="row">{monthLabels[i]}</th>
                    <td className="num" data-label={t('appReceived')}>{m.received}</td>
                    <td className="num" data-label={t('appAnswered')}>{m.answered}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
          <ScrollRegion label={t('tableApplicantCaption', { year })}>
            <table id="applications-applicant">
              <caption>{t('tableApplicantCaption', { year })}</caption>
              <thead>
                <tr><th scope="col">{t('applicantType')}</th><th scope="col" className="num">{t('appReceived')}</th></tr>
              </thead>
              <tbody>
                {APPLICANT_TYPES.map((a) => (
                  <tr key={a}><th scope="row">{t(`applicantTypes.${a}`)}</th><td className="num">{applications.byApplicantType[a]}</td></tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        </>
      )}
    </>
  );
}
