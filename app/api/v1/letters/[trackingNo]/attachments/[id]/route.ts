import { handle } from '@/lib/api/endpoint';
import * as letters from '@/lib/api/endpoints/letters';
import { attachmentResponse, readAttachment } from '@/lib/letters/attachments';

export const dynamic = 'force-dynamic';

/**
 * POST {code} → the file for whoever has the letter's query code (the lookup page's download buttons). As the lookup
 * itself, asked as a visitor whoever is signed in: the code alone decides, and a wrong one is 404 for everyone.
 */
export const POST = handle(letters.lookupLetterAttachment, async ({ actor, params, body }) =>
  attachmentResponse(await readAttachment({ user: null, ip: actor.ip }, params.trackingNo, params.id, { code: body.code, variant: body.variant })));
