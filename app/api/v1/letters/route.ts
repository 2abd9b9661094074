import { handle } from '@/lib/api/endpoint';
import * as letters from '@/lib/api/endpoints/letters';
import { json } from '@/lib/api/route';
import { submitLetter } from '@/lib/letters/operations';
import { enterLetter } from '@/lib/letters/intake';
import { listLetters } from '@/lib/letters/queries';
import { requestWantsEnglish } from '@/lib/errors/english';

export const dynamic = 'force-dynamic';

/** GET ?scope=mine|queue&page=&status=&channel= → {items, total, page, pageSize, counts}. */
export const GET = handle(letters.listLetters, async ({ actor, query }) => json(await listLetters(actor, query)));

/**
 * POST: a citizen's {kind, departmentId?, title, body, consentToPublish} → 201 {trackingNo, queryCode, status}
 * (Idempotency-Key honoured); staff enter a letter received by another channel (lib/letters/intake.ts) → 201
 * {trackingNo, queryCode, status, channel, receivedOn, dueOn}. Anyone else: 403 from the operation. Both paths honour
 * Idempotency-Key: a retried request returns the first letter.
 */
export const POST = handle(letters.submitLetter, async ({ request, actor, body }) => {
  const idempotencyKey = request.headers.get('idempotency-key');
  return actor.user && actor.user.role !== 'citizen'
    ? json(await enterLetter(actor, body, { idempotencyKey }), 201)
    // The writer's language is the page's (the language cookie): their letter's e-mails, should it lose its account.
    : json(await submitLetter(actor, body, { idempotencyKey, locale: requestWantsEnglish(request) ? 'en' : 'zh-CN' }), 201);
});
