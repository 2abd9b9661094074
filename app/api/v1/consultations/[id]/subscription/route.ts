import { handle } from '@/lib/api/endpoint';
import * as consultations from '@/lib/api/endpoints/consultations';
import { json } from '@/lib/api/route';
import { subscribeToConsultation, unsubscribeFromConsultation } from '@/lib/consultations/operations';

/** POST (citizen) → {consultationId, subscribed: true}: notices when it closes and when its feedback is published. */
export const POST = handle(consultations.subscribeToConsultation, async ({ actor, params }) => json(await subscribeToConsultation(actor, params.id)));

/** DELETE (citizen) → {consultationId, subscribed: false}. */
export const DELETE = handle(consultations.unsubscribeFromConsultation, async ({ actor, params }) => json(await unsubscribeFromConsultation(actor, params.id)));
