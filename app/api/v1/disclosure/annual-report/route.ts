import { json, requestActor, route } from '@/lib/api/route';
import { getAnnualReport } from '@/lib/disclosure/annual-report';

export const dynamic = 'force-dynamic';

/** GET ?year= → the annual report: text sections and the tables generated from the data (drafts for moderators only). */
export const GET = route(async (request) => {
  const report = await getAnnualReport(await requestActor(), Object.fromEntries(new URL(request.url).searchParams));
  return json(report);
});
