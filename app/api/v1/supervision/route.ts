import { handle } from '@/lib/api/endpoint';
import * as supervision from '@/lib/api/endpoints/supervision';
import { json } from '@/lib/api/route';
import { listSupervision } from '@/lib/accountability/supervision';

export const dynamic = 'force-dynamic';

/** GET ?departmentId=&kind=&risk=&page= → {items, total, page, pageSize}: the supervision board (督办台). */
export const GET = handle(supervision.listSupervision, async ({ actor, query }) => {
  const { items, total, page, pageSize } = await listSupervision(actor, query);
  return json({ items, total, page, pageSize });
});
