import { json, readJson, requestActor, route } from '@/lib/api/route';
import { submitLetter } from '@/lib/letters/operations';
import { consume } from '@/lib/ratelimit';
import { listLetters } from '@/lib/letters/queries';

export const dynamic = 'force-dynamic';

/** GET ?scope=mine|queue&page=&status= → {items, total, page, pageSize, counts}. */
export const GET = route(async (request) => {
  const query = Object.fromEntries(new URL(request.url).searchParams);
  return json(await listLetters(await requestActor(), query));
});

/** POST {kind, departmentId?, title, body, consentToPublish} → 201 {trackingNo, queryCode, status}; Idempotency-Key honoured. */
export const POST = route(async (request) => {
  const actor = await requestActor();
  await consume('letter.submit', actor);
  const letter = await submitLetter(actor, await readJson(request, 32 * 1024), {
    idempotencyKey: request.headers.get('idempotency-key'),
  });
  return json(letter, 201);
});
