import { handle } from '@/lib/api/endpoint';
import * as disclosure from '@/lib/api/endpoints/disclosure';
import { json } from '@/lib/api/route';
import { claimApplication } from '@/lib/disclosure/intake';

export const dynamic = 'force-dynamic';

/** POST {trackingNo, queryCode} (a signed-in citizen) → 200 {trackingNo}: a staff-entered application becomes theirs. */
export const POST = handle(disclosure.claimApplication, async ({ actor, body }) => json(await claimApplication(actor, body)));
