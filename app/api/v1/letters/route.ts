import { handle } from '@/lib/api/endpoint';
import * as letters from '@/lib/api/endpoints/letters';
import { json } from '@/lib/api/route';
import { submitLetter } from '@/lib/letters/operations';
import { listLetters } from '@/lib/letters/queries';

export const dynamic = 'force-dynamic';

/** GET ?scope=mine|queue&page=&status= → {items, total, page, pageSize, counts}. */
export const GET = handle(letters.listLetters, async ({ actor, query }) => json(await listLetters(actor, query)));

/** POST {kind, departmentId?, title, body, consentToPublish} → 201 {trackingNo, queryCode, status}; Idempotency-Key honoured. */
export const POST = handle(letters.submitLetter, async ({ request, actor, body }) =>
  json(await submitLetter(actor, body, { idempotencyKey: request.headers.get('idempotency-key') }), 201));
