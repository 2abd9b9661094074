import { json, readJson, requestActor, route } from '@/lib/api/route';
import { actOnInterview } from '@/lib/interviews/operations';

type Context = { params: Promise<{ id: string }> };

/** POST (moderator) {action: "announce"|"go_live"|"end"|"publish"} → {status, seq}. */
export const POST = route(async (request, { params }: Context) =>
  json(await actOnInterview(await requestActor(), (await params).id, await readJson(request, 4 * 1024))));
