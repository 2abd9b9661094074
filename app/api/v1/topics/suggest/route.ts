import { handle } from '@/lib/api/endpoint';
import * as topics from '@/lib/api/endpoints/topics';
import { json } from '@/lib/api/route';
import { db } from '@/lib/db';
import { suggestTopics } from '@/lib/topics';

export const dynamic = 'force-dynamic';

/** POST {title, body} → {items}: at most three topics for the draft (rate limited per address). */
export const POST = handle(topics.suggestTopics, async ({ body }) => json(await suggestTopics(db(), body)));
