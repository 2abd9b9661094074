import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { getLocale, getTranslations } from 'next-intl/server';
import { currentActor } from '@/lib/auth/session';
import { db } from '@/lib/db';
import { listNotifications } from '@/lib/notifications';
import { NOTIFICATION_KIND_NAMES } from '@/lib/notifications/kinds';
import { markUserValues, noticeText } from '@/lib/notifications/texts';
import { EmptyState } from '@/app/_components/EmptyState';
import { formatDateTime } from '@/app/letters/labels';
import { markAllReadAction } from './actions';
import { signInHref } from '@/lib/auth/redirect';

/** A notice's text with its user-written values (a letter's title) marked as user content. */
function marked(text: string, message: Parameters<typeof markUserValues>[1]) {
  return markUserValues(text, message).map((p, i) => (p.user ? <span key={i} data-user-content="">{p.text}</span> : p.text));
}

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('notificationsUi'))('title') };
}

/**
 * The user's notifications. A notice with a message key (notifications.message) reads in the reader's language
 * (lib/notifications/texts.ts; a body a person wrote — a reason, a request — is shown as written, marked as user
 * content). An older notice is stored as sent (in Chinese): in English the page names it by its kind
 * (accountUi.kinds) and shows the stored text marked lang="zh-CN" below it.
 */
export default async function NotificationsPage() {
  const actor = await currentActor();
  if (!actor.user) redirect(signInHref('/notifications'));
  const [t, a, locale] = await Promise.all([getTranslations('notificationsUi'), getTranslations('accountUi'), getLocale()]);
  const en = locale === 'en';
  const items = await listNotifications(db(), actor.user.id);
  const unread = items.filter((n) => !n.readAt).length;
  const known = new Set(NOTIFICATION_KIND_NAMES);
  const rendered = await Promise.all(items.map((n) => (n.message ? noticeText(locale, n) : null)));
  return (
    <>
      <h1>{t('title')}</h1>
      <p className="lead">{t('intro')}</p>
      {unread ? (
        <form action={markAllReadAction}>
          <button type="submit" className="button-secondary">{t('markAll', { count: unread })}</button>
        </form>
      ) : null}
      {items.length === 0 ? <EmptyState>{t('empty')}</EmptyState> : (
        <ol className="notifications">
          {items.map((n, i) => {
            const text = rendered[i];
            if (text) {
              return (
                <li key={n.id} className={n.readAt ? 'read' : 'unread'}>
                  <p className="message-meta">{formatDateTime(n.createdAt, locale)}{n.readAt ? '' : t('unread')}</p>
                  <p>{n.link ? <Link href={n.link}>{marked(text.title, n.message)}</Link> : marked(text.title, n.message)}</p>
                  {text.body ? <p className="prewrap" data-user-content="">{text.body}</p> : null}
                </li>
              );
            }
            const translated = en && known.has(n.kind);
            const title = translated ? a(`kinds.${n.kind}`) : n.title;
            return (
              <li key={n.id} className={n.readAt ? 'read' : 'unread'}>
                <p className="message-meta">{formatDateTime(n.createdAt, locale)}{n.readAt ? '' : t('unread')}</p>
                <p>{n.link ? <Link href={n.link}>{title}</Link> : title}</p>
                {translated ? (
                  <div className="hint">
                    {t('asSent')} <span lang="zh-CN">{n.title}</span>
                    {n.body ? <p className="prewrap" lang="zh-CN">{n.body}</p> : null}
                  </div>
                ) : n.body ? <p className="prewrap">{n.body}</p> : null}
              </li>
            );
          })}
        </ol>
      )}
    </>
  );
}
