import { publicOrigin } from '@/lib/api/route';
import { db } from '@/lib/db';
import { listArchive } from '@/lib/archive/public-queries';
import { renderRss, rssResponse } from '@/lib/feeds/rss';

export const dynamic = 'force-dynamic';

const KIND = { letter: '答复公开', interview: '访谈实录' } as const;

/** RSS 2.0 of the latest 50 published archive entries (masked text only); an unpublished entry leaves it at once. */
export async function GET(request: Request) {
  const origin = publicOrigin(request);
  const { items } = await listArchive(db(), { sort: 'newest', page: 1, pageSize: 50 });
  return rssResponse(
    renderRss({
      title: '答复公开与访谈实录 — 民声',
      link: `${origin}/archive`,
      selfUrl: `${origin}/feeds/archive.xml`,
      description: '市民来信的公开答复和在线访谈的文字实录，按公开时间排列。',
      items: items.map((e) => ({
        title: e.title,
        link: new URL(e.url, origin).toString(),
        description: `【${KIND[e.kind]}${e.department ? ` · ${e.department.name}` : ''}】${e.snippet.map((p) => p.text).join('')}`,
        category: e.category?.name ?? KIND[e.kind],
        pubDate: e.publishedAt,
      })),
    }),
  );
}
