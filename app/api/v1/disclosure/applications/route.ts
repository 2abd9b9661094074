import { handle } from '@/lib/api/endpoint';
import * as disclosure from '@/lib/api/endpoints/disclosure';
import { json } from '@/lib/api/route';
import { listApplications, submitApplication } from '@/lib/disclosure/applications';

export const dynamic = 'force-dynamic';

/** GET ?scope=mine|queue&status=&page= → {items, total, page, pageSize, counts}; queue: overdue first. */
export const GET = handle(disclosure.listApplications, async ({ actor, query }) => json(await listApplications(actor, query)));

/** POST {applicantType, applicantName, …, description, purpose?, form} → 201 {trackingNo, status, receivedOn, dueOn}; Idempotency-Key honoured. */
export const POST = handle(disclosure.submitApplication, async ({ request, actor, body }) =>
  json(await submitApplication(actor, body, { idempotencyKey: request.headers.get('idempotency-key') }), 201));
