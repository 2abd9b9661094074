import { handle } from '@/lib/api/endpoint';
import * as consultations from '@/lib/api/endpoints/consultations';
import { json } from '@/lib/api/route';
import { actOnComment } from '@/lib/consultations/operations';

/** POST (moderator) {action: "approve"|"reject"|"dispose", disposition?, reason?} → {id, status, disposition}. */
export const POST = handle(consultations.actOnConsultationComment, async ({ actor, params, body }) => json(await actOnComment(actor, params.id, body)));
