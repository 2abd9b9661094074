import { handle } from '@/lib/api/endpoint';
import * as archive from '@/lib/api/endpoints/archive';
import { json } from '@/lib/api/route';
import { updateEntry } from '@/lib/archive/curation';

/** PATCH (moderator) {version, publicTitle?, publicBody?, publicAnswer?, category?, maskedTerms?} → the entry; 409 on a stale version. */
export const PATCH = handle(archive.updateEntry, async ({ actor, params, body }) => json(await updateEntry(actor, params.id, body)));
