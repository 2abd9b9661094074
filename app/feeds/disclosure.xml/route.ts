import { publicOrigin } from '@/lib/api/route';
import { db } from '@/lib/db';
import { listPublicCatalogueItems } from '@/lib/disclosure/catalogue';
import { renderRss, rssResponse } from '@/lib/feeds/rss';

export const dynamic = 'force-dynamic';

/** RSS 2.0 of the latest 50 public catalogue items (主动公开); withdrawn items leave it at once (政策解读 marked 【解读】). */
export async function GET(request: Request) {
  const origin = publicOrigin(request);
  const { items } = await listPublicCatalogueItems(db(), { page: 1, pageSize: 50 });
  return rssResponse(
    renderRss({
      title: '政府信息公开目录 — 民声',
      link: `${origin}/disclosure`,
      selfUrl: `${origin}/feeds/disclosure.xml`,
      description: '主动公开的政府信息，按发布时间排列。',
      items: items.map((item) => ({
        title: `${item.interpretation ? '【解读】' : ''}${item.title}（${item.indexNo}）`,
        link: new URL(item.url, origin).toString(),
        guid: item.indexNo,
        description: item.summary,
        category: item.category.name,
        pubDate: item.publishedAt ?? new Date(`${item.publishedOn}T00:00:00+08:00`),
      })),
    }),
  );
}
