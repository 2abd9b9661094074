import { handle } from '@/lib/api/endpoint';
import * as disclosure from '@/lib/api/endpoints/disclosure';
import { json } from '@/lib/api/route';
import { recordReview } from '@/lib/disclosure/reviews';

export const dynamic = 'force-dynamic';

/** POST {kind, applicationTrackingNo?, filedOn, outcome, note?} → 201 with the recorded case (moderators, admins). */
export const POST = handle(disclosure.recordReview, async ({ actor, body }) => json(await recordReview(actor, body), 201));
