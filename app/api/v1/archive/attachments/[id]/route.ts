import { handle } from '@/lib/api/endpoint';
import * as archive from '@/lib/api/endpoints/archive';
import { maskedImageResponse, readMaskedImage } from '@/lib/archive/attachments';

export const dynamic = 'force-dynamic';

/** GET → a masked image of a published entry (moderators: also before publication); 404 otherwise. */
export const GET = handle(archive.readArchiveImage, async ({ actor, params }) => maskedImageResponse(await readMaskedImage(actor, params.id)));
