import { handle } from '@/lib/api/endpoint';
import * as interviews from '@/lib/api/endpoints/interviews';
import { readUpdateImage, updateImageResponse } from '@/lib/interviews/live-updates';

export const dynamic = 'force-dynamic';

/** GET → a posted 图文直播 update's photo (`?variant=small`), public, revalidated on every use (a retracted one: 404 at once), never sniffed. */
export const GET = handle(interviews.readUpdateImage, async ({ request, params, query }) =>
  updateImageResponse(await readUpdateImage(params.id, params.updateId, query.variant), request));
