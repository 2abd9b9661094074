import { handle } from '@/lib/api/endpoint';
import * as interviews from '@/lib/api/endpoints/interviews';
import { json } from '@/lib/api/route';
import { askQuestion } from '@/lib/interviews/operations';
import { staffQuestions } from '@/lib/interviews/queries';

export const dynamic = 'force-dynamic';

/** GET (moderators and guests) → {interviewId, items}: every question with originals, for the console and desk. */
export const GET = handle(interviews.listStaffQuestions, async ({ actor, params }) => json(await staffQuestions(actor, params.id)));

/** POST (citizen) {body, clientId?} → 201 {id, status: "pending", remaining}; the same allowance as the socket's question:ask. */
export const POST = handle(interviews.askQuestion, async ({ actor, params, body }) => json(await askQuestion(actor, params.id, body), 201));
