import { updateDepartment } from '@/lib/accounts/departments';
import { handle } from '@/lib/api/endpoint';
import * as admin from '@/lib/api/endpoints/admin';
import { json } from '@/lib/api/route';

/**
 * PATCH {name?, nameEn?, description?, phone?, sortOrder?, active?, moveOpenTo?} → {changed, moved, department}.
 * Deactivating a department with open letters needs moveOpenTo (409 otherwise).
 */
export const PATCH = handle(admin.updateDepartment, async ({ actor, params, body }) => json(await updateDepartment(actor, params.id, body)));
