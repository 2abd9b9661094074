import { json, route } from '@/lib/api/route';
import { db } from '@/lib/db';
import { parseInput } from '@/lib/errors';
import { currentYear, getStatistics, statsQuery } from '@/lib/stats';

export const dynamic = 'force-dynamic';

/** GET ?year= → letters, interviews and applications figures of a Beijing calendar year (the /stats page's data). */
export const GET = route(async (request) => {
  const query = parseInput(statsQuery, Object.fromEntries(new URL(request.url).searchParams));
  return json(await getStatistics(db(), query.year ?? currentYear()));
});
