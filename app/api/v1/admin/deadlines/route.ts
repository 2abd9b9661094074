import { handle } from '@/lib/api/endpoint';
import * as admin from '@/lib/api/endpoints/admin';
import { json } from '@/lib/api/route';
import { getDeadlines, updateDeadlines } from '@/lib/letters/deadline-settings';

export const dynamic = 'force-dynamic';

/** GET → {inquiry, suggestion, complaint, triage} in working days (admin). */
export const GET = handle(admin.readDeadlines, async ({ actor }) => json(await getDeadlines(actor)));

/** PATCH {inquiry?, suggestion?, complaint?, triage?} (integers 1–60) → the limits; open letters follow. */
export const PATCH = handle(admin.updateDeadlines, async ({ actor, body }) => json(await updateDeadlines(actor, body)));
