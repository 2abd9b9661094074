import { handle } from '@/lib/api/endpoint';
import * as stats from '@/lib/api/endpoints/stats';
import { json } from '@/lib/api/route';
import { db } from '@/lib/db';
import { beijingYearMonth, getChannelRates, getDepartmentRates, ratesJson } from '@/lib/stats/rates';

export const dynamic = 'force-dynamic';

/** GET ?year=&month= → the 三率 per department and for the bureau, and the bureau's per channel (API.md "Accountability"). */
export const GET = handle(stats.readDepartmentRates, async ({ query }) => {
  const year = query.year ?? beijingYearMonth().year;
  const month = query.month ?? null;
  const [report, channels] = await Promise.all([getDepartmentRates(db(), year, month), getChannelRates(db(), year, month)]);
  const pick = ({ channel, cases, acceptedOnTimeRate, answeredOnTimeRate, satisfactionRate, ratedRate, avgWorkingDays, urged, supervised }: (typeof channels)[number]) =>
    ({ channel, cases, acceptedOnTimeRate, answeredOnTimeRate, satisfactionRate, ratedRate, avgWorkingDays, urged, supervised });
  return json({ ...ratesJson(report), channels: channels.map(pick) });
});
