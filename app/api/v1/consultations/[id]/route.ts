import { handle } from '@/lib/api/endpoint';
import * as consultations from '@/lib/api/endpoints/consultations';
import { json } from '@/lib/api/route';
import { updateConsultation } from '@/lib/consultations/operations';
import { getConsultationView } from '@/lib/consultations/queries';

export const dynamic = 'force-dynamic';

/** GET → the consultation with its sections, comment counts, published comments and feedback (a draft: moderators only). */
export const GET = handle(consultations.readConsultation, async ({ actor, params }) => json(await getConsultationView(actor, params.id)));

/** PUT (moderator) a draft's fields with {version} → {id, version}. */
export const PUT = handle(consultations.updateConsultation, async ({ actor, params, body }) => json(await updateConsultation(actor, params.id, body)));
