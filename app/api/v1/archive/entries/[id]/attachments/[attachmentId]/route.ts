import { handle } from '@/lib/api/endpoint';
import * as archive from '@/lib/api/endpoints/archive';
import { json } from '@/lib/api/route';
import { removeAttachment } from '@/lib/archive/attachments';

/** DELETE (moderator) → the masked copy leaves the entry. */
export const DELETE = handle(archive.removeArchiveAttachment, async ({ actor, params }) => {
  await removeAttachment(actor, params.id, params.attachmentId);
  return json({ removed: true });
});
