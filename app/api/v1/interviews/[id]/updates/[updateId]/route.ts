import { handle } from '@/lib/api/endpoint';
import * as interviews from '@/lib/api/endpoints/interviews';
import { json } from '@/lib/api/route';
import { retractUpdate } from '@/lib/interviews/live-updates';

export const dynamic = 'force-dynamic';

/** DELETE (moderator) → 200 {seq}: the 图文直播 update retracted (撤回). */
export const DELETE = handle(interviews.retractUpdate, async ({ actor, params }) => json(await retractUpdate(actor, params.id, params.updateId)));
