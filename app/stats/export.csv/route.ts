import { getLocale, getTranslations } from 'next-intl/server';
import { route } from '@/lib/api/route';
import { db } from '@/lib/db';
import { parseInput } from '@/lib/errors';
import { getStatistics, statsQuery } from '@/lib/stats';
import { statisticsCsv } from '@/lib/stats/csv';
import { chinaYear } from '@/lib/calendar/workdays';
import { topicCsvRows, topicStatistics } from '@/lib/topics/stats';

export const dynamic = 'force-dynamic';

/** GET /stats/export.csv?year= → the statistics page's tables as CSV (UTF-8 with BOM, for Excel), in the reader's language. */
export const GET = route(async (request) => {
  const query = parseInput(statsQuery, Object.fromEntries(new URL(request.url).searchParams));
  const year = query.year ?? chinaYear();
  const [stats, t, tIntake, locale, byTopic, tTopics] = await Promise.all([
    getStatistics(db(), year), getTranslations('stats'), getTranslations('letterIntake'), getLocale(), topicStatistics(db(), year), getTranslations('topicsUi.stats'),
  ]);
  // The letters by topic and district (lib/topics/stats.ts) follow the letters' rows.
  const topicRows = topicCsvRows(byTopic, (key, values) => tTopics(key as never, values as never), locale === 'en');
  const body = statisticsCsv(stats, (key, values) => t(key as never, values as never), locale === 'en', (key, values) => tIntake(key as never, values as never), topicRows);
  return new Response(body, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="minsheng-stats-${year}.csv"`,
      'cache-control': 'no-store',
    },
  });
});
