import { json, readJson, requestActor, route } from '@/lib/api/route';
import { actOnEntry } from '@/lib/archive/curation';

type Context = { params: Promise<{ id: string }> };

/** POST (moderator) {action: "publish"|"unpublish", reason?, version?} → the entry. */
export const POST = route(async (request, { params }: Context) =>
  json(await actOnEntry(await requestActor(), (await params).id, await readJson(request, 4 * 1024))));
