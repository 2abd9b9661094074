import { handle } from '@/lib/api/endpoint';
import * as interviews from '@/lib/api/endpoints/interviews';
import { json } from '@/lib/api/route';
import { correctAnswer, publishAnswer } from '@/lib/interviews/operations';

/** POST (a guest of the interview) {body} → 201 {questionId, seq}. */
export const POST = handle(interviews.publishAnswer, async ({ actor, params, body }) => json(await publishAnswer(actor, params.id, body), 201));

/** PUT (the answer's guest, or a moderator with a reason) {body, reason?} → {questionId, seq}: a correction everyone receives; the first text is kept. */
export const PUT = handle(interviews.correctAnswer, async ({ actor, params, body }) => json(await correctAnswer(actor, params.id, body)));
