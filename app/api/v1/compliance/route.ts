import { handle } from '@/lib/api/endpoint';
import * as supervision from '@/lib/api/endpoints/supervision';
import { json } from '@/lib/api/route';
import { dashboardRadar } from '@/lib/accountability/radar-cache';

export const dynamic = 'force-dynamic';

/**
 * GET → {items:[{id, name, status, detail, daysLeft?, count?, items, link}], today}: the inspection radar (at most
 * a few seconds old: lib/accountability/radar-cache.ts).
 */
export const GET = handle(supervision.readCompliance, async () => json((await dashboardRadar()).report));
