import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { setElderMode, setLocale } from '@/app/_actions/preferences';
import { workspacesFor, type Actor } from '@/lib/auth/permissions';
import { NavLinks } from './NavLinks';
import { NotificationBell } from './NotificationBell';
import { SiteMenu } from './SiteMenu';
import { SignOutButton } from './SignOutButton';

export async function SiteHeader({ actor, bureauName, elder, unread }: { actor: Actor; bureauName: string; elder: boolean; unread: number }) {
  const t = await getTranslations();
  const locale = await getLocale();
  const user = actor.user;
  const nav = [
    { href: '/', label: t('nav.home') },
    { href: '/letters', label: t('nav.letters') },
    { href: '/interviews', label: t('nav.interviews') },
    { href: '/consultations', label: t('nav.consultations') },
    { href: '/actions', label: t('nav.actions') },
    { href: '/archive', label: t('nav.archive') },
    { href: '/disclosure', label: t('nav.disclosure') },
    { href: '/stats', label: t('nav.stats') },
  ];
  const brand = (
    <Link href="/" className="brand">
      <span className="brand-mark" aria-hidden="true" lang="zh-CN">民</span>
      <span>
        <span className="brand-bureau">{bureauName}</span>
        <span className="brand-platform">
          {t('site.name')} · {t('site.platform')}
        </span>
      </span>
    </Link>
  );
  return (
    <header className="site-header">
      {/* The masthead and, below 600 px, the menu button that folds the bars below it away (SiteMenu). */}
      <SiteMenu brand={brand} menuLabel={t('site.menu')}>
        <div className="topbar">
          <div className="container topbar-inner">
            <div className="prefs">
              <form action={setLocale}>
                <input type="hidden" name="locale" value={locale === 'en' ? 'zh-CN' : 'en'} />
                <button type="submit" className="link-button" aria-label={t('prefs.languageLabel')} lang={locale === 'en' ? 'zh-CN' : 'en'}>
                  {t('prefs.language')}
                </button>
              </form>
              {/* 长辈模式: a toggle button — its name stays, aria-pressed says whether it is on; a plain form, so the
                  cookie is set by the server and the next render carries html.elder (no flash). */}
              <form action={setElderMode}>
                <input type="hidden" name="elder" value={elder ? 'off' : 'on'} />
                <button type="submit" className="link-button elder-toggle" aria-pressed={elder} aria-describedby="elder-hint">
                  {t('prefs.elderOn')}
                </button>
                <span id="elder-hint" className="sr-only">{t('prefs.elderHint')}</span>
              </form>
            </div>
            <nav aria-label={t('site.userNav')} className="user-nav">
              {user ? (
                <ul>
                  <li className="user-name">{t.rich('auth.signedInAs', { name: user.name, role: t(`roles.${user.role}`), n: (c) => <span data-user-content="">{c}</span> })}</li>
                  <li>
                    <NotificationBell unread={unread} label={t('site.notifications')} unreadLabel={t('shellUi.unread', { label: t('site.notifications'), count: unread })} />
                  </li>
                  {workspacesFor(user.role).map((w) => (
                    <li key={w.href}>
                      <Link href={w.href}>{t(`workspaces.${w.key}`)}</Link>
                    </li>
                  ))}
                  <li>
                    <Link href="/account">{t('site.account')}</Link>
                  </li>
                  <li>
                    <SignOutButton label={t('auth.signOut')} />
                  </li>
                </ul>
              ) : (
                <ul>
                  <li>
                    <Link href="/login">{t('auth.signIn')}</Link>
                  </li>
                  <li>
                    <Link href="/register">{t('auth.register')}</Link>
                  </li>
                </ul>
              )}
            </nav>
          </div>
        </div>
        <div className="nav-bar">
          <div className="container">
            <NavLinks items={nav} label={t('site.mainNav')} />
          </div>
        </div>
      </SiteMenu>
    </header>
  );
}
