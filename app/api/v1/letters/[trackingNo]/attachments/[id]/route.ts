import { handle } from '@/lib/api/endpoint';
import * as letters from '@/lib/api/endpoints/letters';
import { attachmentResponse, readAttachment } from '@/lib/letters/attachments';

export const dynamic = 'force-dynamic';

/** GET → the file (or `?variant=thumbnail`) for the writer and the case's staff; 404 for anyone else. */
export const GET = handle(letters.readLetterAttachment, async ({ actor, params, query }) =>
  attachmentResponse(await readAttachment(actor, params.trackingNo, params.id, { variant: query.variant })));

/** POST {code} → the file for a visitor with the letter's query code (the lookup page's download buttons). */
export const POST = handle(letters.lookupLetterAttachment, async ({ actor, params, body }) =>
  attachmentResponse(await readAttachment(actor, params.trackingNo, params.id, { code: body.code, variant: body.variant })));
