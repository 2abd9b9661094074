import { handle } from '@/lib/api/endpoint';
import * as archive from '@/lib/api/endpoints/archive';
import { json } from '@/lib/api/route';
import { consume } from '@/lib/ratelimit';
import { db } from '@/lib/db';
import { listArchive } from '@/lib/archive/public-queries';

export const dynamic = 'force-dynamic';

/** GET ?q=&kind=&departmentId=&category=&year=&sort=&page= → {items, total}: published entries only. */
export const GET = handle(archive.listArchive, async ({ actor, query }) => {
  // Full-text search is the most expensive public read; plain listing is cheap and cached by the database.
  // Counted per address only (a public endpoint reads no session: the search is the same for everyone).
  if (query.q) await consume('search', actor);
  const { dbMs, ...result } = await listArchive(db(), query);
  // Database time inside listArchive, for npm run bench:web and browser dev tools.
  return json(result, 200, { 'server-timing': `db;dur=${dbMs}` });
});
