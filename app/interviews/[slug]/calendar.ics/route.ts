import { publicOrigin, route } from '@/lib/api/route';
import { icsResponse } from '@/lib/feeds/ics';
import { interviewCalendar } from '@/lib/interviews/calendar';

export const dynamic = 'force-dynamic';

/** GET /interviews/<slug>/calendar.ics → the interview as an iCalendar event (添加到日历); a draft or unknown slug → 404. */
export const GET = route<{ params: Promise<{ slug: string }> }>(async (request, context) => {
  const { slug } = await context.params;
  const { body, filename } = await interviewCalendar(decodeURIComponent(slug), publicOrigin(request));
  return icsResponse(body, filename);
});
