import { handle } from '@/lib/api/endpoint';
import * as consultations from '@/lib/api/endpoints/consultations';
import { json } from '@/lib/api/route';
import { actOnConsultation } from '@/lib/consultations/operations';

/** POST (moderator) {action: "open"|"close"|"publish_feedback"|"link_document"} → {id, status}. */
export const POST = handle(consultations.actOnConsultation, async ({ actor, params, body }) => json(await actOnConsultation(actor, params.id, body)));
