import { getTranslations } from 'next-intl/server';
import { handle } from '@/lib/api/endpoint';
import * as letters from '@/lib/api/endpoints/letters';
import { letterQueueCsv } from '@/lib/cases/queue-csv';
import { chinaDate } from '@/lib/calendar';
import { listLetterQueueForExport } from '@/lib/letters/queries';
import { csvResponse } from '@/lib/stats/csv';

export const dynamic = 'force-dynamic';

/** GET ?status=&channel=&sort= → the caller's letters queue as CSV (UTF-8 with BOM): the queue page's rows, every page. */
export const GET = handle(letters.exportLetterQueue, async ({ actor, query }) => {
  const now = new Date();
  const [{ items }, t] = await Promise.all([listLetterQueueForExport(actor, query, now), getTranslations()]);
  return csvResponse(letterQueueCsv(items, (key, values) => t(key as never, values as never)), `minsheng-letters-queue-${chinaDate(now)}.csv`);
});
