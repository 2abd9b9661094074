import { handle } from '@/lib/api/endpoint';
import * as letters from '@/lib/api/endpoints/letters';
import { json } from '@/lib/api/route';
import { getLetter } from '@/lib/letters/queries';

export const dynamic = 'force-dynamic';

/**
 * POST {trackingNo, code} → the citizen-safe view of the letter for anyone with its query code (as the lookup page
 * shows it, whoever is signed in). The code travels in the body so that it stays out of URLs: browser history, server
 * and proxy logs, Referer headers. Open to anyone, so limited (the declaration): tracking numbers cannot be
 * enumerated at speed (wrong codes also in lib/ratelimit/lookup).
 */
export const POST = handle(letters.lookupLetter, async ({ actor, body }) =>
  json(await getLetter({ user: null, ip: actor.ip }, body.trackingNo, { code: body.code })));
