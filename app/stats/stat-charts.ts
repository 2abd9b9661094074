import type { getTranslations } from 'next-intl/server';
import { APPLICATION_OUTCOMES } from '@/lib/disclosure/schema';
import type { Statistics } from '@/lib/stats';
import { COLORS, type ChartSpec } from './chart-svg';

/**
 * The charts of the 数据统计 page, from a year's figures: the page names and sizes them (its <img> elements) and
 * /stats/charts/{name}.svg draws them, so both say the same title and description.
 */
export const CHART_NAMES = ['letters-month', 'letters-kind', 'letters-department', 'interviews-month', 'applications-outcome'] as const;
export type ChartName = (typeof CHART_NAMES)[number];

type T = Awaited<ReturnType<typeof getTranslations<'stats'>>>;

/** The year's month labels (1月 … 12月 / Jan … Dec). */
export const monthLabelsOf = (stats: Statistics, t: T) => stats.letters.byMonth.map((m) => t('monthLabel', { month: m.month }));

/** A department's name in the reader's language. */
export const departmentLabel = (t: T, en: boolean) => (d: { name: string | null; nameEn: string | null }) => (en ? d.nameEn : d.name) ?? t('unassigned');

/** The charts of a year; the departments chart only when some letter had a department. */
export function statsCharts(stats: Statistics, year: number, t: T, en: boolean): Partial<Record<ChartName, ChartSpec>> {
  const { letters, interviews, applications } = stats;
  const monthLabels = monthLabelsOf(stats, t);
  const deptLabel = departmentLabel(t, en);
  return {
    'letters-month': {
      kind: 'column',
      title: t('chartMonthTitle', { year }),
      desc: t('chartMonthDesc', { received: letters.total.received, answered: letters.total.answered }),
      categories: monthLabels,
      series: [
        { label: t('received'), values: letters.byMonth.map((m) => m.received), color: COLORS.first },
        { label: t('answered'), values: letters.byMonth.map((m) => m.answered), color: COLORS.second },
      ],
    },
    'letters-kind': {
      kind: 'bar',
      title: t('chartKindTitle', { year }),
      desc: t('chartKindDesc'),
      categories: letters.byKind.map((k) => t(`kinds.${k.kind}`)),
      series: [
        { label: t('received'), values: letters.byKind.map((k) => k.received), color: COLORS.first },
        { label: t('answered'), values: letters.byKind.map((k) => k.answered), color: COLORS.second },
      ],
    },
    ...(letters.byDepartment.length > 0 && {
      'letters-department': {
        kind: 'bar',
        title: t('chartDeptTitle', { year }),
        desc: t('chartDeptDesc'),
        categories: letters.byDepartment.map(deptLabel),
        series: [
          { label: t('received'), values: letters.byDepartment.map((d) => d.received), color: COLORS.first },
          { label: t('answered'), values: letters.byDepartment.map((d) => d.answered), color: COLORS.second },
        ],
      },
    }),
    'interviews-month': {
      kind: 'column',
      title: t('chartInterviewsTitle', { year }),
      desc: t('chartInterviewsDesc', { held: interviews.held, answered: interviews.questionsAnswered }),
      categories: monthLabels,
      series: [
        { label: t('held'), values: interviews.byMonth.map((m) => m.held), color: COLORS.first },
        { label: t('questionsAnswered'), values: interviews.byMonth.map((m) => m.questionsAnswered), color: COLORS.second },
      ],
    },
    'applications-outcome': {
      kind: 'bar',
      title: t('chartOutcomeTitle', { year }),
      desc: t('chartOutcomeDesc', { answered: applications.answered }),
      categories: APPLICATION_OUTCOMES.map((o) => t(`outcomes.${o}`)),
      series: [{ label: t('appAnswered'), values: APPLICATION_OUTCOMES.map((o) => applications.byOutcome[o]), color: COLORS.second }],
    },
  };
}
