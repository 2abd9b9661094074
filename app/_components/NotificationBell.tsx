'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect } from 'react';
import { sharedSocket } from './socket-client';

/** The bell: unread count rendered by the server, re-rendered when the server pings this user. */
/** `unreadLabel`: the link's accessible name with the count, from the server (no client catalogue needed). */
export function NotificationBell({ unread, label, unreadLabel }: { unread: number; label: string; unreadLabel: string }) {
  const router = useRouter();
  useEffect(() => {
    const socket = sharedSocket();
    const onNew = () => router.refresh();
    socket.on('notification:new', onNew);
    return () => {
      socket.off('notification:new', onNew);
    };
  }, [router]);
  return (
    <Link href="/notifications" className="bell" aria-label={unreadLabel}>
      <span aria-hidden="true">🔔</span> {label}
      {unread > 0 ? <span className="bell-count" data-testid="bell-count">{unread}</span> : null}
    </Link>
  );
}
