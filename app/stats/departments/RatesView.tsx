import type { getTranslations } from 'next-intl/server';
import type { ratesJson } from '@/lib/stats/rates';
import { EmptyState } from '../../_components/EmptyState';
import { BarChart, COLORS } from '../Charts';
import { formatRate } from '../format';
import { ScrollRegion } from '../../_components/ScrollRegion';

type T = Awaited<ReturnType<typeof getTranslations<'rates'>>>;
type Report = ReturnType<typeof ratesJson>;
type Figures = Report['bureau'];

const pct = (value: number | null) => (value === null ? 0 : Math.round(value * 1000) / 10);

/** The figure columns after the first, in order: their headings, and the labels of their cells as cards (phones). */
const COLUMNS = ['cases', 'acceptedOnTimeRate', 'answeredOnTimeRate', 'satisfactionRate', 'ratedRate', 'avgWorkingDays', 'urged', 'supervised'] as const;

function Cells({ f, none, t }: { f: Figures; none: string; t: T }) {
  const value = (c: (typeof COLUMNS)[number]) =>
    c === 'cases' || c === 'urged' || c === 'supervised' ? f[c] : c === 'avgWorkingDays' ? (f.avgWorkingDays ?? none) : formatRate(f[c], none);
  return (
    <>
      {COLUMNS.map((c) => <td key={c} className="num" data-label={t(c)}>{value(c)}</td>)}
    </>
  );
}

function Head({ t, first }: { t: T; first: string }) {
  return (
    <thead>
      <tr>
        <th scope="col">{first}</th>
        {COLUMNS.map((c) => <th key={c} scope="col" className="num">{t(c)}</th>)}
      </tr>
    </thead>
  );
}

/** The 三率 of one period: bureau figures, a chart with its table, the ranking or why there is none, definitions. */
export function RatesView({ report, period, t, idPrefix = 'rates' }: { report: Report; period: string; t: T; idPrefix?: string }) {
  const none = t('none');
  const b = report.bureau;
  const empty = report.items.length === 0 && b.cases === 0 && b.urged === 0 && b.supervised === 0 && b.acceptedOnTimeRate === null;
  const byId = new Map(report.items.map((i) => [i.departmentId, i]));
  return (
    <>
      <section aria-labelledby={`${idPrefix}-bureau`}>
        <h2 id={`${idPrefix}-bureau`}>{t('bureau')}</h2>
        <dl className="stats-figures" data-testid="rates-bureau">
          <div><dt>{t('acceptedOnTimeRate')}</dt><dd>{formatRate(b.acceptedOnTimeRate, none)}</dd></div>
          <div><dt>{t('answeredOnTimeRate')}</dt><dd>{formatRate(b.answeredOnTimeRate, none)}</dd></div>
          <div><dt>{t('satisfactionRate')}</dt><dd>{formatRate(b.satisfactionRate, none)}</dd></div>
          <div><dt>{t('ratedRate')}</dt><dd>{formatRate(b.ratedRate, none)}</dd></div>
          <div><dt>{t('avgWorkingDays')}</dt><dd>{b.avgWorkingDays ?? none}</dd></div>
          <div><dt>{t('cases')}</dt><dd>{b.cases}</dd></div>
          <div><dt>{t('urged')}</dt><dd>{b.urged}</dd></div>
          <div><dt>{t('supervised')}</dt><dd>{b.supervised}</dd></div>
        </dl>
      </section>

      <section aria-labelledby={`${idPrefix}-departments`}>
        <h2 id={`${idPrefix}-departments`}>{t('department')}</h2>
        {empty || report.items.length === 0 ? (
          <EmptyState>{t('empty', { period })}</EmptyState>
        ) : (
          <>
            <BarChart
              id={`${idPrefix}-chart`}
              title={t('chartTitle', { period })}
              desc={t('chartDesc')}
              categories={report.items.map((i) => i.department)}
              series={[
                { label: t('answeredOnTimeRate'), values: report.items.map((i) => pct(i.answeredOnTimeRate)), color: COLORS.first },
                { label: t('satisfactionRate'), values: report.items.map((i) => pct(i.satisfactionRate)), color: COLORS.second },
              ]}
            />
            <ScrollRegion label={t('tableCaption', { period })}>
              <table data-testid="rates-table" className="table-cards">
                <caption>{t('tableCaption', { period })}</caption>
                <Head t={t} first={t('department')} />
                <tbody>
                  {report.items.map((i) => (
                    <tr key={i.departmentId}><th scope="row">{i.department}</th><Cells f={i} none={none} t={t} /></tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr><th scope="row">{t('bureau')}</th><Cells f={b} none={none} t={t} /></tr>
                </tfoot>
              </table>
            </ScrollRegion>
          </>
        )}
      </section>

      <section aria-labelledby={`${idPrefix}-ranking`}>
        <h2 id={`${idPrefix}-ranking`}>{t('ranking')}</h2>
        {report.rankable ? (
          <ScrollRegion label={t('rankCaption', { period, min: report.minCases })}>
            <table data-testid="rates-ranking" className="table-cards">
              <caption>{t('rankCaption', { period, min: report.minCases })}</caption>
              <thead>
                <tr>
                  <th scope="col" className="num">{t('rank')}</th>
                  <th scope="col">{t('rankingOnTime')}</th>
                  <th scope="col" className="num">{t('answeredOnTimeRate')}</th>
                  <th scope="col">{t('rankingSatisfaction')}</th>
                  <th scope="col" className="num">{t('satisfactionRate')}</th>
                </tr>
              </thead>
              <tbody>
                {report.ranking.byAnsweredOnTime.map((id, n) => {
                  const a = byId.get(id);
                  const s = byId.get(report.ranking.bySatisfaction[n]!);
                  return (
                    <tr key={id}>
                      <th scope="row" className="num" data-label={t('rank')}>{n + 1}</th>
                      <td data-label={t('rankingOnTime')}>{a?.department}</td>
                      <td className="num" data-label={t('answeredOnTimeRate')}>{formatRate(a?.answeredOnTimeRate ?? null, none)}</td>
                      <td data-label={t('rankingSatisfaction')}>{s?.department}</td>
                      <td className="num" data-label={t('satisfactionRate')}>{formatRate(s?.satisfactionRate ?? null, none)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </ScrollRegion>
        ) : (
          <p className="notice" data-testid="rates-not-rankable">{t('notRankable', { min: report.minCases })}</p>
        )}
      </section>

      <section aria-labelledby={`${idPrefix}-definitions`} className="stats-definitions">
        <h2 id={`${idPrefix}-definitions`}>{t('definitions')}</h2>
        <ul>
          <li>{t('defAccepted')}</li>
          <li>{t('defAnswered')}</li>
          <li>{t('defSatisfaction')}</li>
          <li>{t('defRated')}</li>
          <li>{t('defDays')}</li>
          <li>{t('defCounts')}</li>
        </ul>
      </section>
    </>
  );
}

/** The bureau's figures per channel the letters came by (issue 17): they add up to the bureau row above. */
export function ChannelRatesView({ channels, period, t, idPrefix = 'rates' }: { channels: Array<Figures & { channel: string }>; period: string; t: T; idPrefix?: string }) {
  const none = t('none');
  return (
    <section aria-labelledby={`${idPrefix}-channels`}>
      <h2 id={`${idPrefix}-channels`}>{t('byChannel')}</h2>
      <ScrollRegion label={t('channelCaption', { period })}>
        <table data-testid="rates-channels" className="table-cards">
          <caption>{t('channelCaption', { period })}</caption>
          <Head t={t} first={t('channel')} />
          <tbody>
            {channels.map((c) => (
              <tr key={c.channel}><th scope="row">{t(`channels.${c.channel}` as 'channels.web')}</th><Cells f={c} none={none} t={t} /></tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </section>
  );
}
