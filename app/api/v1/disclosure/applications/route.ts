import { json, readJson, requestActor, route } from '@/lib/api/route';
import { listApplications, submitApplication } from '@/lib/disclosure/applications';
import { consume } from '@/lib/ratelimit';

export const dynamic = 'force-dynamic';

/** GET ?scope=mine|queue&status=&page= → {items, total, page, pageSize, counts}; queue: overdue first. */
export const GET = route(async (request) => {
  const query = Object.fromEntries(new URL(request.url).searchParams);
  return json(await listApplications(await requestActor(), query));
});

/** POST {applicantType, applicantName, …, description, purpose?, form} → 201 {trackingNo, status, receivedOn, dueOn}; Idempotency-Key honoured. */
export const POST = route(async (request) => {
  const actor = await requestActor();
  await consume('application.submit', actor);
  const submitted = await submitApplication(actor, await readJson(request, 32 * 1024), {
    idempotencyKey: request.headers.get('idempotency-key'),
  });
  return json(submitted, 201);
});
