import { handle } from '@/lib/api/endpoint';
import * as consultations from '@/lib/api/endpoints/consultations';
import { json } from '@/lib/api/route';
import { addComment } from '@/lib/consultations/operations';

/** POST (citizen) {sectionIndex?, body} → 201 {id, status, remaining}. */
export const POST = handle(consultations.commentOnConsultation, async ({ actor, params, body }) => json(await addComment(actor, params.id, body), 201));
