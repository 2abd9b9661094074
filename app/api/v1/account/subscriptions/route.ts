import { handle } from '@/lib/api/endpoint';
import * as accounts from '@/lib/api/endpoints/accounts';
import { json } from '@/lib/api/route';
import { db } from '@/lib/db';
import { mySubscriptions } from '@/lib/notifications/subscriptions';

/** GET → {items}: the citizen's interview and consultation subscriptions (我的订阅). */
export const GET = handle(accounts.listSubscriptions, async ({ actor }) => json({ items: await mySubscriptions(db(), actor) }));
