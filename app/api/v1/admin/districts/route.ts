import { handle } from '@/lib/api/endpoint';
import * as topics from '@/lib/api/endpoints/topics';
import { json } from '@/lib/api/route';
import { createDistrict, listDistrictsForAdmin } from '@/lib/topics/districts';

export const dynamic = 'force-dynamic';

/** GET → {items}: every district, inactive ones too, with how many letters name each (admin.categories). */
export const GET = handle(topics.listDistrictsAdmin, async ({ actor }) => json({ items: await listDistrictsForAdmin(actor) }));

/** POST {code, name, nameEn?, sortOrder?} → 201 {id}; a code or name already used → 409. */
export const POST = handle(topics.createDistrictAdmin, async ({ actor, body }) => json(await createDistrict(actor, body), 201));
