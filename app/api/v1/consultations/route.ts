import { handle } from '@/lib/api/endpoint';
import * as consultations from '@/lib/api/endpoints/consultations';
import { json } from '@/lib/api/route';
import { createConsultation } from '@/lib/consultations/operations';
import { listPublicConsultations } from '@/lib/consultations/queries';

export const dynamic = 'force-dynamic';

/** GET → {items:[{id, slug, title, status, opensAt, closesAt, commentCount}]}: public consultations. */
export const GET = handle(consultations.listConsultations, async () => {
  const items = await listPublicConsultations();
  return json({ items: items.map(({ id, slug, title, status, opensAt, closesAt, commentCount }) => ({ id, slug, title, status, opensAt, closesAt, commentCount })) });
});

/** POST (moderator) {title, summary, departmentId, sections, opensAt, closesAt, shortPeriodReason?} → 201 {id, slug}. */
export const POST = handle(consultations.createConsultation, async ({ actor, body }) => json(await createConsultation(actor, body), 201));
