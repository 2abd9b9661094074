import { listUsers } from '@/lib/accounts/admin';
import { json, requestActor, route } from '@/lib/api/route';

export const dynamic = 'force-dynamic';

/** GET ?page=&role=&q= → {items, total, page, pageSize} (admin). */
export const GET = route(async (request) => {
  const query = Object.fromEntries(new URL(request.url).searchParams);
  return json(await listUsers(await requestActor(), query));
});
