'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect } from 'react';
import { refreshSoon } from './refresh-soon';

/**
 * The bell: unread count rendered by the server, re-rendered when the server pings this user. Only signed-in users
 * have a bell, so the Socket.IO client is imported when it mounts, not with the header: the header is on every page,
 * and a static import put socket.io-client (12.6 KB gzipped) on every public page (docs/BENCHMARKS.md "Page weight").
 * `unreadLabel`: the link's accessible name with the count, from the server (no client catalogue needed).
 */
export function NotificationBell({ unread, label, unreadLabel }: { unread: number; label: string; unreadLabel: string }) {
  const router = useRouter();
  useEffect(() => {
    let stop = () => {};
    let cancelled = false;
    void import('./socket-client').then(({ sharedSocket }) => {
      if (cancelled) return;
      const socket = sharedSocket();
      const onNew = () => refreshSoon(router);
      socket.on('notification:new', onNew);
      stop = () => socket.off('notification:new', onNew);
    });
    return () => {
      cancelled = true;
      stop();
    };
  }, [router]);
  return (
    <Link href="/notifications" className="bell" aria-label={unreadLabel}>
      <span aria-hidden="true">🔔</span> {label}
      {unread > 0 ? <span className="bell-count" data-testid="bell-count">{unread}</span> : null}
    </Link>
  );
}
