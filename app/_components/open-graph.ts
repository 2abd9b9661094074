import type { Metadata } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';

/**
 * Open Graph tags for sharing a public page (WeChat, Weibo and others read them): the page's title and description
 * with the site's name. Next replaces, not merges, a layout's `openGraph` with a page's, so a page that has its own
 * title passes it here. The site address (NEXTAUTH_URL) makes the image URL absolute.
 */
export async function openGraph(title?: string, description?: string): Promise<Pick<Metadata, 'openGraph' | 'metadataBase'>> {
  const t = await getTranslations('site');
  const locale = await getLocale();
  const siteName = `${t('name')} · ${t('platform')}`;
  return {
    ...(process.env.NEXTAUTH_URL ? { metadataBase: new URL(process.env.NEXTAUTH_URL) } : {}),
    openGraph: {
      type: 'website',
      siteName,
      title: title ?? siteName,
      description: description ?? t('description'),
      locale: locale === 'en' ? 'en_GB' : 'zh_CN',
      images: [{ url: '/icon-512.png', width: 512, height: 512, alt: t('name') }],
    },
  };
}
