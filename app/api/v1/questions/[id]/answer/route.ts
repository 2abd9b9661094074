import { json, readJson, requestActor, route } from '@/lib/api/route';
import { correctAnswer, publishAnswer } from '@/lib/interviews/operations';

type Context = { params: Promise<{ id: string }> };

/** POST (a guest of the interview) {body} → 201 {questionId, seq}. */
export const POST = route(async (request, { params }: Context) =>
  json(await publishAnswer(await requestActor(), (await params).id, await readJson(request, 32 * 1024)), 201));

/** PUT (a guest) {body} → {questionId, seq}: a correction everyone receives; the first text is kept. */
export const PUT = route(async (request, { params }: Context) =>
  json(await correctAnswer(await requestActor(), (await params).id, await readJson(request, 32 * 1024))));
