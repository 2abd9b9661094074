import type { Metadata, Viewport } from 'next';
import { cookies } from 'next/headers';
import { getLocale, getTranslations } from 'next-intl/server';
import { currentActor } from '@/lib/auth/session';
import { db } from '@/lib/db';
import { ELDER_COOKIE } from '@/lib/i18n/config';
import { unreadCount } from '@/lib/notifications';
import { ErrorTextsProvider } from './_components/ErrorTexts';
import { FirstRun } from './_components/FirstRun';
import { openGraph } from './_components/open-graph';
import { requestOrganisation } from './_components/request-organisation';
import { SiteFooter } from './_components/SiteFooter';
import { SiteHeader } from './_components/SiteHeader';
import './globals.css';

// Every page shows who is signed in and the bureau's data: nothing is prerendered, and the build needs no database.
export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('site');
  return {
    title: { default: `${t('name')} · ${t('platform')}`, template: `%s · ${t('name')}` },
    description: t('description'),
    applicationName: t('name'),
    // Static files in public/ (not metadata routes): the SVG for browsers that take it, the ICO for the rest.
    icons: { icon: [{ url: '/icon.svg', type: 'image/svg+xml' }, { url: '/favicon.ico', sizes: '16x16 32x32 48x48' }], apple: '/apple-touch-icon.png' },
    ...(await openGraph()),
  };
}

export const viewport: Viewport = { width: 'device-width', initialScale: 1, themeColor: '#a61b1b' };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const locale = await getLocale();
  const t = await getTranslations('site');
  const elder = (await cookies()).get(ELDER_COOKIE)?.value === '1';
  const actor = await currentActor();
  const org = await requestOrganisation();
  const unread = actor.user ? await unreadCount(db(), actor.user.id) : 0;
  const bureauName = org ? (locale === 'en' ? org.nameEn || org.name : org.name) : t('defaultBureau');
  const te = await getTranslations('errors');
  const errorTexts = { serverTitle: te('serverTitle'), serverText: te('serverText'), retry: te('retry'), backHome: te('backHome') };
  return (
    <html lang={locale} className={elder ? 'elder' : undefined}>
      <body>
        <a href="#main" className="skip-link">{t('skip')}</a>
        {/* No message catalogue for the browser here: folders whose client components translate provide their own
            (lib/i18n/client-messages.ts); the 500 page gets its four texts. */}
        <ErrorTextsProvider texts={errorTexts}>
          <SiteHeader actor={actor} bureauName={bureauName} elder={elder} unread={unread} />
          <main id="main" tabIndex={-1} className="container main">
            {/* No organisation yet: an empty database without demo data, before `npm run setup`. */}
            {org ? children : <FirstRun />}
          </main>
          <SiteFooter org={org} />
        </ErrorTextsProvider>
      </body>
    </html>
  );
}
