import { getTranslations } from 'next-intl/server';
import { handle } from '@/lib/api/endpoint';
import * as disclosure from '@/lib/api/endpoints/disclosure';
import { applicationQueueCsv } from '@/lib/cases/queue-csv';
import { chinaDate } from '@/lib/calendar';
import { listApplicationQueueForExport } from '@/lib/disclosure/applications';
import { csvResponse } from '@/lib/stats/csv';

export const dynamic = 'force-dynamic';

/** GET ?status=&sort= → the disclosure office's queue as CSV (UTF-8 with BOM): the queue page's rows, every page. */
export const GET = handle(disclosure.exportApplicationQueue, async ({ actor, query }) => {
  const now = new Date();
  const [{ items }, t] = await Promise.all([listApplicationQueueForExport(actor, query, now), getTranslations()]);
  return csvResponse(applicationQueueCsv(items, (key, values) => t(key as never, values as never)), `minsheng-applications-queue-${chinaDate(now)}.csv`);
});
