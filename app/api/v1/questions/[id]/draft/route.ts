import { json, readJson, requestActor, route } from '@/lib/api/route';
import { saveDraft } from '@/lib/interviews/operations';

type Context = { params: Promise<{ id: string }> };

/** PUT (a guest) {body} → {savedAt}: autosave of the answer draft. */
export const PUT = route(async (request, { params }: Context) =>
  json(await saveDraft(await requestActor(), (await params).id, await readJson(request, 64 * 1024))));
