import { getOrganisationProfile, updateOrganisation } from '@/lib/accounts/organisation';
import { handle } from '@/lib/api/endpoint';
import * as admin from '@/lib/api/endpoints/admin';
import { json } from '@/lib/api/route';

export const dynamic = 'force-dynamic';

/** GET → {name, nameEn, code, address, postcode, phone, email, officeHours, disclosureOffice} (admin). */
export const GET = handle(admin.readOrganisation, async ({ actor }) => json(await getOrganisationProfile(actor)));

/** PATCH any of those fields → {changed, changedFields, organisation}; nothing changed → changed: false, no audit row. */
export const PATCH = handle(admin.updateOrganisation, async ({ actor, body }) => json(await updateOrganisation(actor, body)));
