import type { MetadataRoute } from 'next';
import { getTranslations } from 'next-intl/server';

/** The web app manifest (/manifest.webmanifest): name, colours and icons for a phone's home screen. */
export default async function manifest(): Promise<MetadataRoute.Manifest> {
  const t = await getTranslations('site');
  return {
    name: `${t('name')} · ${t('platform')}`,
    short_name: t('name'),
    description: t('description'),
    start_url: '/',
    display: 'browser',
    background_color: '#ffffff',
    theme_color: '#a61b1b',
    lang: 'zh-CN',
    icons: [
      { src: '/icon.svg', sizes: 'any', type: 'image/svg+xml' },
      { src: '/icon-192.png', sizes: '192x192', type: 'image/png' },
      { src: '/icon-512.png', sizes: '512x512', type: 'image/png' },
    ],
  };
}
