import { handle } from '@/lib/api/endpoint';
import * as admin from '@/lib/api/endpoints/admin';
import { json } from '@/lib/api/route';
import { getAccountabilitySettings, updateAccountabilitySettings } from '@/lib/accountability/settings';

export const dynamic = 'force-dynamic';

/** GET → {dueSoon, urgeInterval, ratingReminder, autoClose} in working days (admin). */
export const GET = handle(admin.readAccountabilitySettings, async ({ actor }) => json(await getAccountabilitySettings(actor)));

/** PUT {dueSoon, urgeInterval, ratingReminder, autoClose} (integers 1–60) → the limits. */
export const PUT = handle(admin.updateAccountabilitySettings, async ({ actor, body }) => json(await updateAccountabilitySettings(actor, body)));
