import { json, readJson, requestActor, route } from '@/lib/api/route';
import { assignLeftoverQuestions } from '@/lib/interviews/operations';

type Context = { params: Promise<{ id: string }> };

/** POST (moderator, after the end) {guestId, includeAssigned?} → {assigned, guestId, dueOn}: leftover questions to one guest. */
export const POST = route(async (request, { params }: Context) =>
  json(await assignLeftoverQuestions(await requestActor(), (await params).id, await readJson(request, 4 * 1024))));
