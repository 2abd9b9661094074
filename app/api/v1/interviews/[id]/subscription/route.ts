import { handle } from '@/lib/api/endpoint';
import * as interviews from '@/lib/api/endpoints/interviews';
import { json } from '@/lib/api/route';
import { subscribeToInterview, unsubscribeFromInterview } from '@/lib/interviews/subscriptions';

/** POST (citizen) → {interviewId, subscribed: true}: notices when it goes live and when its transcript is published. */
export const POST = handle(interviews.subscribeToInterview, async ({ actor, params }) => json(await subscribeToInterview(actor, params.id)));

/** DELETE (citizen) → {interviewId, subscribed: false}. */
export const DELETE = handle(interviews.unsubscribeFromInterview, async ({ actor, params }) => json(await unsubscribeFromInterview(actor, params.id)));
