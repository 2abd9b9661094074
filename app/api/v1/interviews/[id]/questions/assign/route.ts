import { handle } from '@/lib/api/endpoint';
import * as interviews from '@/lib/api/endpoints/interviews';
import { json } from '@/lib/api/route';
import { assignLeftoverQuestions } from '@/lib/interviews/operations';

/** POST (moderator, after the end) {guestId, includeAssigned?} → {assigned, guestId, dueOn}: leftover questions to one guest. */
export const POST = handle(interviews.assignLeftoverQuestions, async ({ actor, params, body }) => json(await assignLeftoverQuestions(actor, params.id, body)));
