import { publicOrigin } from '@/lib/api/route';
import { renderRss, rssResponse } from '@/lib/feeds/rss';
import { interviewFeedItems } from '@/lib/interviews/calendar';

export const dynamic = 'force-dynamic';

/** RSS 2.0 of the latest 50 public interviews (预告, 直播中, 已结束, 文字实录), newest schedule first; drafts never. */
export async function GET(request: Request) {
  const origin = publicOrigin(request);
  return rssResponse(
    renderRss({
      title: '在线访谈 — 民声',
      link: `${origin}/interviews`,
      selfUrl: `${origin}/feeds/interviews.xml`,
      description: '在线访谈的预告、直播和文字实录，按访谈时间排列。',
      items: await interviewFeedItems(origin),
    }),
  );
}
