import { handle } from '@/lib/api/endpoint';
import * as archive from '@/lib/api/endpoints/archive';
import { json } from '@/lib/api/route';
import { createEntry } from '@/lib/archive/curation';

/** POST (moderator) {letter: trackingNo} | {interviewId} → 201 the draft entry, personal data already masked. */
export const POST = handle(archive.createEntry, async ({ actor, body }) => json(await createEntry(actor, body), 201));
