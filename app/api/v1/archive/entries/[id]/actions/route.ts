import { handle } from '@/lib/api/endpoint';
import * as archive from '@/lib/api/endpoints/archive';
import { json } from '@/lib/api/route';
import { actOnEntry } from '@/lib/archive/curation';

/** POST (moderator) {action: "publish"|"unpublish", reason?, version?} → the entry. */
export const POST = handle(archive.actOnEntry, async ({ actor, params, body }) => json(await actOnEntry(actor, params.id, body)));
