import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { currentActor } from '@/lib/auth/session';
import { db } from '@/lib/db';
import { listNotifications } from '@/lib/notifications';
import { EmptyState } from '@/app/_components/EmptyState';
import { formatDateTime } from '@/app/letters/labels';
import { markAllReadAction } from './actions';

export const metadata: Metadata = { title: '通知' };

export default async function NotificationsPage() {
  const actor = await currentActor();
  if (!actor.user) redirect('/login?callbackUrl=%2Fnotifications');
  const items = await listNotifications(db(), actor.user.id);
  const unread = items.filter((n) => !n.readAt).length;
  return (
    <>
      <h1>通知</h1>
      <p className="lead">来信办理进度、分办和答复提醒。最近 50 条。</p>
      {unread ? (
        <form action={markAllReadAction}>
          <button type="submit" className="button-secondary">全部标为已读（{unread}）</button>
        </form>
      ) : null}
      {items.length === 0 ? <EmptyState>暂无通知。</EmptyState> : (
        <ol className="notifications">
          {items.map((n) => (
            <li key={n.id} className={n.readAt ? 'read' : 'unread'}>
              <p className="message-meta">{formatDateTime(n.createdAt)}{n.readAt ? '' : ' · 未读'}</p>
              <p>{n.link ? <Link href={n.link}>{n.title}</Link> : n.title}</p>
              {n.body ? <p className="prewrap">{n.body}</p> : null}
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
