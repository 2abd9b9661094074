import { handle } from '@/lib/api/endpoint';
import * as disclosure from '@/lib/api/endpoints/disclosure';
import { json } from '@/lib/api/route';
import { getAnnualReport } from '@/lib/disclosure/annual-report';

export const dynamic = 'force-dynamic';

/** GET ?year= → the annual report: text sections and the tables generated from the data (drafts for moderators only). */
export const GET = handle(disclosure.readAnnualReport, async ({ actor, query }) => json(await getAnnualReport(actor, query)));
