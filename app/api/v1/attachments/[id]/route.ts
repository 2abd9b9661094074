import { handle } from '@/lib/api/endpoint';
import * as letters from '@/lib/api/endpoints/letters';
import { attachmentResponse, readAttachment } from '@/lib/letters/attachments';

export const dynamic = 'force-dynamic';

/** GET → a letter attachment (or `?variant=thumbnail`) for its letter's writer and staff; 404 for anyone else. */
export const GET = handle(letters.readLetterAttachment, async ({ actor, params, query }) =>
  attachmentResponse(await readAttachment(actor, null, params.id, { variant: query.variant })));
