import { getTranslations } from 'next-intl/server';
import { handle } from '@/lib/api/endpoint';
import * as supervision from '@/lib/api/endpoints/supervision';
import { listSupervisionForExport } from '@/lib/accountability/supervision';
import { supervisionCsv } from '@/lib/accountability/supervision-csv';
import { chinaDate } from '@/lib/calendar';
import { csvResponse } from '@/lib/stats/csv';

export const dynamic = 'force-dynamic';

/** GET ?departmentId=&kind=&risk= → the board as CSV (UTF-8 with BOM), same filters and order as the page. */
export const GET = handle(supervision.exportSupervision, async ({ actor, query }) => {
  const now = new Date();
  const [{ items }, t] = await Promise.all([listSupervisionForExport(actor, query, now), getTranslations('supervision')]);
  const body = supervisionCsv(items, (key, values) => t(key as never, values as never));
  return csvResponse(body, `minsheng-supervision-${chinaDate(now)}.csv`);
});
