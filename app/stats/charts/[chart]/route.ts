import { getLocale, getTranslations } from 'next-intl/server';
import { route } from '@/lib/api/route';
import { chinaYear } from '@/lib/calendar/workdays';
import { db } from '@/lib/db';
import { notFound, parseInput } from '@/lib/errors';
import { getStatistics, statsQuery, type Statistics } from '@/lib/stats';
import { chartSvg } from '../../chart-svg';
import { CHART_NAMES, statsCharts, type ChartName } from '../../stat-charts';

export const dynamic = 'force-dynamic';

/**
 * A page view asks for up to five charts at once: they share one reading of the year's figures for a few seconds
 * instead of five (the page itself shows the figures fresh; a chart may lag them by STATS_TTL_MS).
 */
const STATS_TTL_MS = 10_000;
const recent = new Map<number, { at: number; stats: Promise<Statistics> }>();
function statistics(year: number): Promise<Statistics> {
  const now = Date.now();
  const hit = recent.get(year);
  if (hit && now - hit.at < STATS_TTL_MS) return hit.stats;
  for (const [key, value] of recent) if (now - value.at >= STATS_TTL_MS) recent.delete(key);
  const stats = getStatistics(db(), year);
  stats.catch(() => recent.delete(year));
  recent.set(year, { at: now, stats });
  return stats;
}

/**
 * GET /stats/charts/{name}.svg?year=&lang= → one chart of the 数据统计 page as an SVG picture, in the reader's
 * language (the page adds `lang` so that switching language loads the other picture). Public, like the page.
 */
export const GET = route(async (request: Request, { params }: { params: Promise<{ chart: string }> }) => {
  const name = (await params).chart.replace(/\.svg$/, '') as ChartName;
  if (!CHART_NAMES.includes(name)) throw notFound();
  const query = parseInput(statsQuery, Object.fromEntries(new URL(request.url).searchParams));
  const year = query.year ?? chinaYear();
  const [stats, t, locale] = await Promise.all([statistics(year), getTranslations('stats'), getLocale()]);
  const spec = statsCharts(stats, year, t, locale === 'en')[name];
  if (!spec) throw notFound();
  return new Response(chartSvg(spec), {
    headers: {
      'content-type': 'image/svg+xml; charset=utf-8',
      'cache-control': 'private, max-age=60',
      'x-content-type-options': 'nosniff',
      // An SVG opened on its own runs nothing: no scripts, no outside resources.
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox",
    },
  });
});
