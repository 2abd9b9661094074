import { json, requestActor, route } from '@/lib/api/route';
import { assignedQuestions } from '@/lib/interviews/queries';

export const dynamic = 'force-dynamic';

/** GET (leader) ?status=open|answered&page= → {items, total, page, pageSize, counts, today}: my assigned leftover questions. */
export const GET = route(async (request) => {
  const params = new URL(request.url).searchParams;
  return json(await assignedQuestions(await requestActor(), Object.fromEntries(params)));
});
