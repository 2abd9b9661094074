import { handle } from '@/lib/api/endpoint';
import * as supervision from '@/lib/api/endpoints/supervision';
import { json } from '@/lib/api/route';
import { complianceReport } from '@/lib/accountability/compliance';

export const dynamic = 'force-dynamic';

/** GET → {items:[{id, name, status, detail, daysLeft?, count?, items, link}], today}: the inspection radar. */
export const GET = handle(supervision.readCompliance, async () => json(await complianceReport()));
