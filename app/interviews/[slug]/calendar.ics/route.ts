import { publicOrigin, route } from '@/lib/api/route';
import { decodedPathSegment } from '@/lib/api/unsafe-text';
import { notFound } from '@/lib/errors';
import { icsResponse } from '@/lib/feeds/ics';
import { interviewCalendar } from '@/lib/interviews/calendar';

export const dynamic = 'force-dynamic';

/** GET /interviews/<slug>/calendar.ics → the interview as an iCalendar event (添加到日历); a draft or unknown slug → 404. */
export const GET = route<{ params: Promise<{ slug: string }> }>(async (request, context) => {
  const { slug } = await context.params;
  const decoded = decodedPathSegment(slug);
  if (decoded === null) throw notFound('没有这场访谈');
  const { body, filename } = await interviewCalendar(decoded, publicOrigin(request));
  return icsResponse(body, filename);
});
