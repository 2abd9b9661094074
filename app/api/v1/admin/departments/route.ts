import { createDepartment, listDepartmentsForAdmin } from '@/lib/accounts/departments';
import { handle } from '@/lib/api/endpoint';
import * as admin from '@/lib/api/endpoints/admin';
import { json } from '@/lib/api/route';

export const dynamic = 'force-dynamic';

/** GET → {items}: every department, inactive ones too, with open letters and staff counts (admin). */
export const GET = handle(admin.listDepartments, async ({ actor }) => json({ items: await listDepartmentsForAdmin(actor) }));

/** POST {name, nameEn?, description?, phone?, sortOrder?} → 201 {id}; a duplicate name → 409. */
export const POST = handle(admin.createDepartment, async ({ actor, body }) => json(await createDepartment(actor, body), 201));
