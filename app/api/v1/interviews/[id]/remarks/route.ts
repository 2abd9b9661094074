import { handle } from '@/lib/api/endpoint';
import * as interviews from '@/lib/api/endpoints/interviews';
import { json } from '@/lib/api/route';
import { addRemark } from '@/lib/interviews/operations';

/** POST (moderator) {body} → 201 {seq}: a host remark in the transcript. */
export const POST = handle(interviews.addRemark, async ({ actor, params, body }) => json(await addRemark(actor, params.id, body), 201));
