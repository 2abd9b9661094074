import { handle } from '@/lib/api/endpoint';
import * as polls from '@/lib/api/endpoints/polls';
import { json } from '@/lib/api/route';
import { closePoll } from '@/lib/interviews/polls';

/** POST (moderator) {action: "close"} → {id, status, seq}. */
export const POST = handle(polls.actOnPoll, async ({ actor, params, body }) => json(await closePoll(actor, params.id, body)));
