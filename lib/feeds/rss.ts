/**
 * RSS 2.0 documents for the public feeds (/feeds/archive.xml, /feeds/disclosure.xml). Every text is escaped;
 * characters XML 1.0 forbids (control characters a citizen may paste) are dropped rather than breaking the feed.
 */
export interface RssItem {
  title: string;
  /** Absolute URL. */
  link: string;
  description: string;
  /** Stable id; the link when omitted. */
  guid?: string;
  pubDate: Date;
  category?: string;
}

export interface RssChannel {
  title: string;
  /** Absolute URL of the HTML page the feed mirrors. */
  link: string;
  /** Absolute URL of the feed itself (atom:link rel=self). */
  selfUrl: string;
  description: string;
  language?: string;
  items: RssItem[];
}

// eslint-disable-next-line no-control-regex
const FORBIDDEN_XML_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function escapeXml(text: string): string {
  return text
    .replace(FORBIDDEN_XML_CHARS, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

export function renderRss(channel: RssChannel): string {
  const items = channel.items.map((item) =>
    [
      '    <item>',
      `      <title>${escapeXml(item.title)}</title>`,
      `      <link>${escapeXml(item.link)}</link>`,
      `      <description>${escapeXml(item.description)}</description>`,
      item.category ? `      <category>${escapeXml(item.category)}</category>` : null,
      `      <guid isPermaLink="${item.guid ? 'false' : 'true'}">${escapeXml(item.guid ?? item.link)}</guid>`,
      `      <pubDate>${item.pubDate.toUTCString()}</pubDate>`,
      '    </item>',
    ].filter(Boolean).join('\n'),
  );
  const lastBuild = channel.items.reduce<Date | null>((max, i) => (!max || i.pubDate > max ? i.pubDate : max), null);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">',
    '  <channel>',
    `    <title>${escapeXml(channel.title)}</title>`,
    `    <link>${escapeXml(channel.link)}</link>`,
    `    <atom:link href="${escapeXml(channel.selfUrl)}" rel="self" type="application/rss+xml"/>`,
    `    <description>${escapeXml(channel.description)}</description>`,
    `    <language>${escapeXml(channel.language ?? 'zh-CN')}</language>`,
    lastBuild ? `    <lastBuildDate>${lastBuild.toUTCString()}</lastBuildDate>` : null,
    ...items,
    '  </channel>',
    '</rss>',
    '',
  ].filter((line) => line !== null).join('\n');
}

/** The HTTP response for a feed: never cached, so an unpublished entry leaves the feed at once. */
export function rssResponse(xml: string): Response {
  return new Response(xml, {
    headers: { 'content-type': 'application/rss+xml; charset=utf-8', 'cache-control': 'no-store' },
  });
}
