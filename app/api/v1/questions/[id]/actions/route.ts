import { json, readJson, requestActor, route } from '@/lib/api/route';
import { actOnQuestion } from '@/lib/interviews/operations';
import { consume } from '@/lib/ratelimit';

type Context = { params: Promise<{ id: string }> };

/** POST {action: approve|reject|star|unstar|edit|merge|upvote|answering, …} → {id, status, votes}. */
export const POST = route(async (request, { params }: Context) => {
  const actor = await requestActor();
  const input = await readJson(request, 8 * 1024);
  // 同问 is the citizens' action here (the socket's question:vote); moderation and guests' actions are staff work.
  if ((input as { action?: unknown } | null)?.action === 'upvote') await consume('question.vote', actor);
  return json(await actOnQuestion(actor, (await params).id, input));
});
