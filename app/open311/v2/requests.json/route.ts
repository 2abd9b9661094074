import { handle } from '@/lib/api/endpoint';
import * as open311 from '@/lib/api/endpoints/open311';
import { json } from '@/lib/api/route';
import { assertOpen311Format, createOpen311Request, listOpen311Requests } from '@/lib/letters/open311';

export const dynamic = 'force-dynamic';

/** GET ?service_request_id=&service_code=&status=&topic_id=&start_date=&end_date=&page= → the public requests (X-Total-Count). */
export const GET = handle(open311.listRequests, async ({ query }) => {
  assertOpen311Format(query.format);
  const { items, total } = await listOpen311Requests(query);
  return json(items, 200, { 'x-total-count': String(total) });
});

/**
 * POST service_code, description, title?, consent_to_publish? (form or JSON; signed-in citizen) → 201
 * [{service_request_id, service_notice}]; the same permission and allowance as POST /api/v1/letters: it is the same letter.
 */
export const POST = handle(open311.createRequest, async ({ request, actor, query, body }) => {
  assertOpen311Format(query.format);
  const created = await createOpen311Request(actor, body as Record<string, unknown>, { idempotencyKey: request.headers.get('idempotency-key') });
  return json([created], 201);
});
