import { handle } from '@/lib/api/endpoint';
import * as topics from '@/lib/api/endpoints/topics';
import { json } from '@/lib/api/route';
import { updateDistrict } from '@/lib/topics/districts';

/** PATCH {name?, nameEn?, sortOrder?, active?} → {changed}: rename, reorder, deactivate or reactivate a district. */
export const PATCH = handle(topics.updateDistrictAdmin, async ({ actor, params, body }) => json(await updateDistrict(actor, { ...(body as object), id: params.id })));
