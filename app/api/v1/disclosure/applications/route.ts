import { handle } from '@/lib/api/endpoint';
import * as disclosure from '@/lib/api/endpoints/disclosure';
import { json } from '@/lib/api/route';
import { listApplications, submitApplication } from '@/lib/disclosure/applications';
import { enterApplication } from '@/lib/disclosure/intake';
import { requestWantsEnglish } from '@/lib/errors/english';

export const dynamic = 'force-dynamic';

/** GET ?scope=mine|queue&status=&page=&sort=due|newest → {items, total, page, pageSize, counts}; queue: overdue first, or newest. */
export const GET = handle(disclosure.listApplications, async ({ actor, query }) => json(await listApplications(actor, query)));

/**
 * POST {applicantType, applicantName, …, description, purpose?, form}: a citizen → 201 {trackingNo, status, receivedOn,
 * dueOn}; staff with channel, receivedOn and contactEmail? (lib/disclosure/intake.ts) → 201 {trackingNo, queryCode,
 * status, channel, receivedOn, dueOn}. Both honour Idempotency-Key.
 */
export const POST = handle(disclosure.submitApplication, async ({ request, actor, body }) => {
  const idempotencyKey = request.headers.get('idempotency-key');
  return actor.user && actor.user.role !== 'citizen'
    ? json(await enterApplication(actor, body, { idempotencyKey }), 201)
    // The applicant's language is the page's (the language cookie).
    : json(await submitApplication(actor, body, { idempotencyKey, locale: requestWantsEnglish(request) ? 'en' : 'zh-CN' }), 201);
});
