import { json, route } from '@/lib/api/route';
import { CLIENT_IP_HEADER } from '@/lib/api/client-ip';
import { consume } from '@/lib/ratelimit';
import { db } from '@/lib/db';
import { parseInput } from '@/lib/errors';
import { archiveListQuery, listArchive } from '@/lib/archive/public-queries';

export const dynamic = 'force-dynamic';

/** GET ?q=&kind=&departmentId=&category=&year=&sort=&page= → {items, total}: published entries only. */
export const GET = route(async (request) => {
  const query = parseInput(archiveListQuery, Object.fromEntries(new URL(request.url).searchParams));
  // Full-text search is the most expensive public read; plain listing is cheap and cached by the database.
  // Counted per address only (no session look-up: the search is the same for everyone).
  if (query.q) await consume('search', { user: null, ip: request.headers.get(CLIENT_IP_HEADER) });
  const { dbMs, ...result } = await listArchive(db(), query);
  // Database time inside listArchive, for npm run bench:web and browser dev tools.
  return json(result, 200, { 'server-timing': `db;dur=${dbMs}` });
});
