import { assertCan } from '@/lib/auth/permissions';
import { json, requestActor } from '@/lib/api/route';
import { consume } from '@/lib/ratelimit';
import { open311Route, readOpen311Fields } from '@/lib/api/open311';
import { assertOpen311Format, createOpen311Request, listOpen311Requests } from '@/lib/letters/open311';

export const dynamic = 'force-dynamic';

/** GET ?service_request_id=&service_code=&status=&start_date=&end_date=&page= → the public requests (X-Total-Count). */
export const GET = open311Route(async (request) => {
  const query = Object.fromEntries(new URL(request.url).searchParams);
  assertOpen311Format(query.format);
  const { items, total } = await listOpen311Requests(query);
  return json(items, 200, { 'x-total-count': String(total) });
});

/** POST service_code, description, title?, consent_to_publish? (form or JSON; signed-in citizen) → 201 [{service_request_id, service_notice}]. */
export const POST = open311Route(async (request) => {
  assertOpen311Format(new URL(request.url).searchParams.get('format'));
  const actor = await requestActor();
  assertCan(actor, 'letters.create');
  await consume('letter.submit', actor); // the same allowance as POST /api/v1/letters: it is the same letter
  const created = await createOpen311Request(actor, await readOpen311Fields(request, 32 * 1024), {
    idempotencyKey: request.headers.get('idempotency-key'),
  });
  return json([created], 201);
});
