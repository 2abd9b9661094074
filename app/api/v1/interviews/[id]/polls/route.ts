import { handle } from '@/lib/api/endpoint';
import * as polls from '@/lib/api/endpoints/polls';
import { json } from '@/lib/api/route';
import { openPoll } from '@/lib/interviews/polls';

/** POST (moderator) {question, options, multiple?, hideResultsUntilClosed?} → 201 {id, seq}: a live poll. */
export const POST = handle(polls.openPoll, async ({ actor, params, body }) => json(await openPoll(actor, params.id, body), 201));
