import { handle } from '@/lib/api/endpoint';
import * as interviews from '@/lib/api/endpoints/interviews';
import { json } from '@/lib/api/route';
import { actOnQuestion } from '@/lib/interviews/operations';
import { consume } from '@/lib/ratelimit';

/** POST {action: approve|reject|star|unstar|edit|merge|upvote|answering, …} → {id, status, votes}. */
export const POST = handle(interviews.actOnQuestion, async ({ actor, params, body }) => {
  // 同问 is the citizens' action here (the socket's question:vote); moderation and guests' actions are staff work.
  if ((body as { action?: unknown } | null)?.action === 'upvote') await consume('question.vote', actor);
  return json(await actOnQuestion(actor, params.id, body));
});
