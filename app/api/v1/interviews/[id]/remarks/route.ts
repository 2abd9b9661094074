import { json, readJson, requestActor, route } from '@/lib/api/route';
import { addRemark } from '@/lib/interviews/operations';

type Context = { params: Promise<{ id: string }> };

/** POST (moderator) {body} → 201 {seq}: a host remark in the transcript. */
export const POST = route(async (request, { params }: Context) =>
  json(await addRemark(await requestActor(), (await params).id, await readJson(request, 8 * 1024)), 201));
