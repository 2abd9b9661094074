import type { Metadata } from 'next';
import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { chinaYear } from '@/lib/calendar/workdays';
import { db } from '@/lib/db';
import { getStatistics, statsQuery, type LetterFigures } from '@/lib/stats';
import { APPLICANT_TYPES, APPLICATION_OUTCOMES } from '@/lib/disclosure/schema';
import { EmptyState } from '../_components/EmptyState';
import { BarChart, ColumnChart, COLORS } from './Charts';
import { formatRate } from './format';
import { PrintButton } from './PrintButton';
import './stats.css';
import { ScrollRegion } from '../_components/ScrollRegion';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('stats'))('title') };
}

type Params = Record<string, string | string[] | undefined>;
type T = Awaited<ReturnType<typeof getTranslations<'stats'>>>;

/** The figure columns of a letters table, in order: their headings, and the labels of their cells as cards (phones). */
const LETTER_COLUMNS = ['received', 'answered', 'onTime', 'onTimeRate', 'avgWorkingDays', 'rated', 'satisfactionRate'] as const;

function LetterTable({ caption, head, rows, t }: { caption: string; head: string; rows: Array<{ key: string; label: string; f: LetterFigures }>; t: T }) {
  const none = t('none');
  const value = (f: LetterFigures, c: (typeof LETTER_COLUMNS)[number]) =>
    c === 'onTimeRate' || c === 'satisfactionRate' ? formatRate(f[c], none) : c === 'avgWorkingDays' ? (f.avgWorkingDays ?? none) : f[c];
  return (
    <ScrollRegion label={caption}>
      <table className="table-cards">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{head}</th>
            {LETTER_COLUMNS.map((c) => <th key={c} scope="col" className="num">{t(c)}</th>)}
          </tr>
        </thead>
        <tbody>
          {rows.map(({ key, label, f }) => (
            <tr key={key}>
              <th scope="row">{label}</th>
              {LETTER_COLUMNS.map((c) => <td key={c} className="num" data-label={t(c)}>{value(f, c)}</td>)}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

/** 数据统计: a year's figures on letters, interviews and disclosure applications, as charts with tables behind them. */
export default async function StatsPage({ searchParams }: { searchParams: Promise<Params> }) {
  const t = await getTranslations('stats');
  const tIntake = await getTranslations('letterIntake');
  const en = (await getLocale()) === 'en';
  const raw = (await searchParams).year;
  const value = Array.isArray(raw) ? raw[0] : raw;
  const parsed = statsQuery.safeParse(value ? { year: value } : {});
  const thisYear = chinaYear();
  const year = (parsed.success ? parsed.data.year : undefined) ?? thisYear;
  const stats = await getStatistics(db(), year);
  const { letters, interviews, applications } = stats;
  const none = t('none');
  const monthLabels = letters.byMonth.map((m) => t('monthLabel', { month: m.month }));
  const deptLabel = (d: { name: string | null; nameEn: string | null }) => (en ? d.nameEn : d.name) ?? t('unassigned');

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
            <h3>{t('byMonth')}</h3>
            <ColumnChart
              id="chart-letters-month"
              title={t('chartMonthTitle', { year })}
              desc={t('chartMonthDesc', { received: letters.total.received, answered: letters.total.answered })}
              categories={monthLabels}
              series={[
                { label: t('received'), values: letters.byMonth.map((m) => m.received), color: COLORS.first },
                { label: t('answered'), values: letters.byMonth.map((m) => m.answered), color: COLORS.second },
              ]}
            />
            <LetterTable
              t={t}
              caption={t('tableMonthCaption', { year })}
              head={t('month')}
              rows={letters.byMonth.map((m, i) => ({ key: String(m.month), label: monthLabels[i]!, f: m }))}
            />

            <h3>{t('byKind')}</h3>
            <BarChart
              id="chart-letters-kind"
              title={t('chartKindTitle', { year })}
              desc={t('chartKindDesc')}
              categories={letters.byKind.map((k) => t(`kinds.${k.kind}`))}
              series={[
                { label: t('received'), values: letters.byKind.map((k) => k.received), color: COLORS.first },
                { label: t('answered'), values: letters.byKind.map((k) => k.answered), color: COLORS.second },
              ]}
            />
            <LetterTable
              t={t}
              caption={t('tableKindCaption', { year })}
              head={t('kind')}
              rows={letters.byKind.map((k) => ({ key: k.kind, label: t(`kinds.${k.kind}`), f: k }))}
            />

            <h3>{tIntake('statsByChannel')}</h3>
            <LetterTable
              t={t}
              caption={tIntake('statsTableChannelCaption', { year })}
              head={tIntake('statsChannel')}
              rows={letters.byChannel.map((c) => ({ key: c.channel, label: tIntake(`channels.${c.channel}`), f: c }))}
            />

            <h3>{t('byDepartment')}</h3>
            {letters.byDepartment.length === 0 ? (
              <EmptyState>{t('emptySection')}</EmptyState>
            ) : (
              <>
                <BarChart
                  id="chart-letters-department"
                  title={t('chartDeptTitle', { year })}
                  desc={t('chartDeptDesc')}
                  categories={letters.byDepartment.map(deptLabel)}
                  series={[
                    { label: t('received'), values: letters.byDepartment.map((d) => d.received), color: COLORS.first },
                    { label: t('answered'), values: letters.byDepartment.map((d) => d.answered), color: COLORS.second },
                  ]}
                />
                <LetterTable
                  t={t}
                  caption={t('tableDeptCaption', { year })}
                  head={t('department')}
                  rows={letters.byDepartment.map((d) => ({ key: d.departmentId ?? 'none', label: deptLabel(d), f: d }))}
                />
              </>
            )}
          </section>

          <section aria-labelledby="stats-interviews">
            <h2 id="stats-interviews">{t('interviewsHeading')}</h2>
            <dl className="stats-figures">
              <div><dt>{t('held')}</dt><dd>{interviews.held}</dd></div>
              <div><dt>{t('questionsAsked')}</dt><dd>{interviews.questionsAsked}</dd></div>
              <div><dt>{t('questionsAnswered')}</dt><dd>{interviews.questionsAnswered}</dd></div>
            </dl>
            <ColumnChart
              id="chart-interviews-month"
              title={t('chartInterviewsTitle', { year })}
              desc={t('chartInterviewsDesc', { held: interviews.held, answered: interviews.questionsAnswered })}
              categories={monthLabels}
              series={[
                { label: t('held'), values: interviews.byMonth.map((m) => m.held), color: COLORS.first },
                { label: t('questionsAnswered'), values: interviews.byMonth.map((m) => m.questionsAnswered), color: COLORS.second },
              ]}
            />
            <ScrollRegion label={t('tableInterviewsCaption', { year })}>
              <table>
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
                      <td className="num">{m.held}</td>
                      <td className="num">{m.questionsAnswered}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
          </section>

          <section aria-labelledby="stats-applications">
            <h2 id="stats-applications">{t('applicationsHeading')}</h2>
            <dl className="stats-figures">
              <div><dt>{t('appReceived')}</dt><dd>{applications.received}</dd></div>
              <div><dt>{t('appAnswered')}</dt><dd>{applications.answered}</dd></div>
            </dl>
            <BarChart
              id="chart-applications-outcome"
              title={t('chartOutcomeTitle', { year })}
              desc={t('chartOutcomeDesc', { answered: applications.answered })}
              categories={APPLICATION_OUTCOMES.map((o) => t(`outcomes.${o}`))}
              series={[{ label: t('appAnswered'), values: APPLICATION_OUTCOMES.map((o) => applications.byOutcome[o]), color: COLORS.second }]}
            />
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
            <ScrollRegion label={t('tableApplicantCaption', { year })}>
              <table>
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
            <ScrollRegion label={t('tableAppMonthCaption', { year })}>
              <table>
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
                    <tr key={m.month}><th scope="row">{monthLabels[i]}</th><td className="num">{m.received}</td><td className="num">{m.answered}</td></tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
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
