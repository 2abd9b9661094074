import { handle } from '@/lib/api/endpoint';
import * as topics from '@/lib/api/endpoints/topics';
import { json } from '@/lib/api/route';
import { db } from '@/lib/db';
import { publicTopicTree } from '@/lib/topics';

export const dynamic = 'force-dynamic';

/** GET → {items, districts}: the active topic tree and the districts (lib/topics). */
export const GET = handle(topics.listTopics, async () => json(await publicTopicTree(db())));
