import { json, readJson, requestActor, route } from '@/lib/api/route';
import { createEntry } from '@/lib/archive/curation';

/** POST (moderator) {letter: trackingNo} | {interviewId} → 201 the draft entry, personal data already masked. */
export const POST = route(async (request) => json(await createEntry(await requestActor(), await readJson(request, 4 * 1024)), 201));
