import { handle } from '@/lib/api/endpoint';
import * as consultations from '@/lib/api/endpoints/consultations';
import { json } from '@/lib/api/route';
import { removeConsultationAttachment } from '@/lib/consultations/operations';

export const dynamic = 'force-dynamic';

/** DELETE (moderator) → {id, removed: true}; 409 once the consultation has closed. */
export const DELETE = handle(consultations.removeConsultationAttachment, async ({ actor, params }) => json(await removeConsultationAttachment(actor, params.id, params.fileId)));
