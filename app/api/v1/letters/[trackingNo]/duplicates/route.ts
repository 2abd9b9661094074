import { handle } from '@/lib/api/endpoint';
import * as letters from '@/lib/api/endpoints/letters';
import { json } from '@/lib/api/route';
import { duplicateCandidates } from '@/lib/letters/duplicates';

export const dynamic = 'force-dynamic';

/** GET → {trackingNo, canMerge, items}: the letter's possible duplicates (moderators and admins; lib/letters/duplicates.ts). */
export const GET = handle(letters.letterDuplicates, async ({ actor, params }) => {
  const { dbMs, ...result } = await duplicateCandidates(actor, params.trackingNo);
  return json(result, 200, { 'Server-Timing': `db;dur=${dbMs}` });
});
