import { getTranslations } from 'next-intl/server';
import { route } from '@/lib/api/route';
import { db } from '@/lib/db';
import { parseInput } from '@/lib/errors';
import { beijingYearMonth, getChannelRates, getDepartmentRates, ratesJson, ratesQuery } from '@/lib/stats/rates';
import { ratesCsv } from '@/lib/stats/csv';

export const dynamic = 'force-dynamic';

/** GET /stats/departments/export.csv?year=&month= → the 三率 table as CSV (UTF-8 with BOM, for Excel); bad input → 422. */
export const GET = route(async (request) => {
  const params = Object.fromEntries([...new URL(request.url).searchParams].filter(([, v]) => v.trim() !== ''));
  const query = parseInput(ratesQuery, params);
  const year = query.year ?? beijingYearMonth().year;
  const month = query.month ?? null;
  const [report, channels, t] = await Promise.all([getDepartmentRates(db(), year, month), getChannelRates(db(), year, month), getTranslations('rates')]);
  const tr = (key: string, values?: Record<string, string | number>) => t(key as never, values as never);
  const period = month === null ? tr('periodYear', { year }) : tr('periodMonth', { year, month });
  const name = `minsheng-rates-${year}${month === null ? '' : `-${String(month).padStart(2, '0')}`}.csv`;
  return new Response(ratesCsv(ratesJson(report), period, tr, channels), {
    headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}"`, 'cache-control': 'no-store' },
  });
});
