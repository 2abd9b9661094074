import { handle } from '@/lib/api/endpoint';
import * as letters from '@/lib/api/endpoints/letters';
import { json } from '@/lib/api/route';
import { claimLetter } from '@/lib/letters/intake';

export const dynamic = 'force-dynamic';

/** POST {trackingNo, queryCode} (a signed-in citizen) → 200 {trackingNo}: a staff-entered letter becomes theirs. */
export const POST = handle(letters.claimLetter, async ({ actor, body }) => json(await claimLetter(actor, body)));
