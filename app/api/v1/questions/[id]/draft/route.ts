import { handle } from '@/lib/api/endpoint';
import * as interviews from '@/lib/api/endpoints/interviews';
import { json } from '@/lib/api/route';
import { saveDraft } from '@/lib/interviews/operations';

/** PUT (a guest) {body} → {savedAt}: autosave of the answer draft. */
export const PUT = handle(interviews.saveDraft, async ({ actor, params, body }) => json(await saveDraft(actor, params.id, body)));
