import { handle } from '@/lib/api/endpoint';
import * as archive from '@/lib/api/endpoints/archive';
import { json } from '@/lib/api/route';
import { includeAttachment } from '@/lib/archive/attachments';

/** POST (moderator) {attachmentId, regions} → the masked copy now in the entry. */
export const POST = handle(archive.includeArchiveAttachment, async ({ actor, params, body }) => json(await includeAttachment(actor, params.id, body), 201));
