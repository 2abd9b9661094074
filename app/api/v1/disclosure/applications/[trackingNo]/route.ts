import { handle } from '@/lib/api/endpoint';
import * as disclosure from '@/lib/api/endpoints/disclosure';
import { json } from '@/lib/api/route';
import { getApplication } from '@/lib/disclosure/applications';

export const dynamic = 'force-dynamic';

/**
 * GET → the application for its applicant or the disclosure staff; anyone else 404. Limited as a lookup (the
 * declaration): by tracking number, anyone else's number is a 404, so probing them is limited.
 */
export const GET = handle(disclosure.readApplication, async ({ actor, params }) => json(await getApplication(actor, params.trackingNo)));
