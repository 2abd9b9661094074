import { json, readJson, requestActor, route } from '@/lib/api/route';
import { updateEntry } from '@/lib/archive/curation';

type Context = { params: Promise<{ id: string }> };

/** PATCH (moderator) {version, publicTitle?, publicBody?, publicAnswer?, category?, maskedTerms?} → the entry; 409 on a stale version. */
export const PATCH = route(async (request, { params }: Context) =>
  json(await updateEntry(await requestActor(), (await params).id, await readJson(request, 512 * 1024))));
