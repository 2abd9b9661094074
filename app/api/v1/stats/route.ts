import { handle } from '@/lib/api/endpoint';
import * as disclosure from '@/lib/api/endpoints/disclosure';
import { json } from '@/lib/api/route';
import { db } from '@/lib/db';
import { getStatistics } from '@/lib/stats';
import { chinaYear } from '@/lib/calendar/workdays';

export const dynamic = 'force-dynamic';

/** GET ?year= → letters, interviews and applications figures of a Beijing calendar year (the /stats page's data). */
export const GET = handle(disclosure.readStatistics, async ({ query }) => json(await getStatistics(db(), query.year ?? chinaYear())));
