import { json, readJson, requestActor, route } from '@/lib/api/route';
import { actOnQuestion } from '@/lib/interviews/operations';

type Context = { params: Promise<{ id: string }> };

/** POST {action: approve|reject|star|unstar|edit|merge|upvote|answering, …} → {id, status, votes}. */
export const POST = route(async (request, { params }: Context) =>
  json(await actOnQuestion(await requestActor(), (await params).id, await readJson(request, 8 * 1024))));
