'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect } from 'react';
import { sharedSocket } from './socket-client';

/** The bell: unread count rendered by the server, re-rendered when the server pings this user. */
export function NotificationBell({ unread, label }: { unread: number; label: string }) {
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
    <Link href="/notifications" className="bell" aria-label={`${label}：${unread} 条未读`}>
      <span aria-hidden="true">🔔</span> {label}
      {unread > 0 ? <span className="bell-count" data-testid="bell-count">{unread}</span> : null}
    </Link>
  );
}
