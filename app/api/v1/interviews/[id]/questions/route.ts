import { json, readJson, requestActor, route } from '@/lib/api/route';
import { askQuestion } from '@/lib/interviews/operations';
import { staffQuestions } from '@/lib/interviews/queries';
import { consume } from '@/lib/ratelimit';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

/** GET (moderators and guests) → {interviewId, items}: every question with originals, for the console and desk. */
export const GET = route(async (_request, { params }: Context) => json(await staffQuestions(await requestActor(), (await params).id)));

/** POST (citizen) {body, clientId?} → 201 {id, status: "pending", remaining}. */
export const POST = route(async (request, { params }: Context) => {
  const actor = await requestActor();
  await consume('question.ask', actor); // the same allowance as the socket's question:ask
  return json(await askQuestion(actor, (await params).id, await readJson(request, 8 * 1024)), 201);
});
