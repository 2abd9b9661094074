import { handle } from '@/lib/api/endpoint';
import * as stats from '@/lib/api/endpoints/stats';
import { json } from '@/lib/api/route';
import { db } from '@/lib/db';
import { beijingYearMonth, getDepartmentRates, ratesJson } from '@/lib/stats/rates';

export const dynamic = 'force-dynamic';

/** GET ?year=&month= → the 三率 per department and for the bureau (API.md "Accountability"). */
export const GET = handle(stats.readDepartmentRates, async ({ query }) =>
  json(ratesJson(await getDepartmentRates(db(), query.year ?? beijingYearMonth().year, query.month ?? null))));
