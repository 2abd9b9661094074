import type { Metadata } from 'next';
import { yearOf, type StatsParams } from '../year';
import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { db } from '@/lib/db';
import { getStatistics } from '@/lib/stats';
import { EmptyState } from '../../_components/EmptyState';
import { LetterTable } from '../LetterTable';
import { departmentLabel, monthLabelsOf } from '../stat-charts';
import { TopicTables } from './TopicTables';
import { topicStatistics } from '@/lib/topics/stats';
import '../stats.css';

export const dynamic = 'force-dynamic';

export async function generateMetadata({ searchParams }: { searchParams: Promise<StatsParams> }): Promise<Metadata> {
  const { year } = await yearOf(searchParams);
  return { title: (await getTranslations('stats'))('lettersTablesTitle', { year }) };
}

/**
 * 来信办理明细: the letter tables behind the charts of /stats — per month, kind, channel and department, with every
 * figure — on their own page, so /stats stays light (issue 15 item 6: ≤ 40 KB of HTML). Each table has an id the
 * charts' links point to.
 */
export default async function StatsLettersPage({ searchParams }: { searchParams: Promise<StatsParams> }) {
  const { parsed, year } = await yearOf(searchParams);
  const [t, tIntake, locale, stats, tTopics, byTopic] = await Promise.all([
    getTranslations('stats'), getTranslations('letterIntake'), getLocale(), getStatistics(db(), year), getTranslations('topicsUi.stats'), topicStatistics(db(), year),
  ]);
  const { letters } = stats;
  const monthLabels = monthLabelsOf(stats, t);
  const deptLabel = departmentLabel(t, locale === 'en');
  return (
    <>
      <p className="no-print"><Link href={`/stats?year=${year}`}>{t('backToStats')}</Link></p>
      <h1>{t('lettersTablesTitle', { year })}</h1>
      <p className="lead">{t('lettersTablesIntro')}</p>
      {!parsed.success ? <p className="notice" role="alert">{t('badYear')}</p> : null}
      {stats.empty ? (
        <EmptyState>{t('emptyYear', { year })}</EmptyState>
      ) : (
        <>
          <h2>{t('byMonth')}</h2>
          <LetterTable
            id="letters-month"
            t={t}
            caption={t('tableMonthCaption', { year })}
            head={t('month')}
            rows={letters.byMonth.map((m, i) => ({ key: String(m.month), label: monthLabels[i]!, f: m }))}
          />
          <h2>{t('byKind')}</h2>
          <LetterTable
            id="letters-kind"
            t={t}
            caption={t('tableKindCaption', { year })}
            head={t('kind')}
            rows={letters.byKind.map((k) => ({ key: k.kind, label: t(`kinds.${k.kind}`), f: k }))}
          />
          <h2>{tIntake('statsByChannel')}</h2>
          <LetterTable
            id="letters-channel"
            t={t}
            caption={tIntake('statsTableChannelCaption', { year })}
            head={tIntake('statsChannel')}
            rows={letters.byChannel.map((c) => ({ key: c.channel, label: tIntake(`channels.${c.channel}`), f: c }))}
          />
          <h2>{t('byDepartment')}</h2>
          {letters.byDepartment.length === 0 ? (
            <EmptyState>{t('emptySection')}</EmptyState>
          ) : (
            <LetterTable
              id="letters-department"
              t={t}
              caption={t('tableDeptCaption', { year })}
              head={t('department')}
              rows={letters.byDepartment.map((d) => ({ key: d.departmentId ?? 'none', label: deptLabel(d), f: d }))}
            />
          )}
          <TopicTables stats={byTopic} t={tTopics} en={locale === 'en'} />
        </>
      )}
    </>
  );
}
