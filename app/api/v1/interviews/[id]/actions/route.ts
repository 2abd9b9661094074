import { handle } from '@/lib/api/endpoint';
import * as interviews from '@/lib/api/endpoints/interviews';
import { json } from '@/lib/api/route';
import { actOnInterview } from '@/lib/interviews/operations';

/** POST (moderator) {action: "announce"|"go_live"|"end"|"publish"} → {status, seq}. */
export const POST = handle(interviews.actOnInterview, async ({ actor, params, body }) => json(await actOnInterview(actor, params.id, body)));
