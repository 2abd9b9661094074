import { handle } from '@/lib/api/endpoint';
import * as archive from '@/lib/api/endpoints/archive';
import { json } from '@/lib/api/route';
import { db } from '@/lib/db';
import { similarAnswers } from '@/lib/archive/similar';

export const dynamic = 'force-dynamic';

/** POST {title, body} → {items}: published answers and catalogue items like the draft (rate limited per address). */
export const POST = handle(archive.similarAnswers, async ({ body }) => {
  const { dbMs, items } = await similarAnswers(db(), body);
  // Database time, for npm run bench:web and browser dev tools.
  return json({ items }, 200, { 'server-timing': `db;dur=${dbMs}` });
});
