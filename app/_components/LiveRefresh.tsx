'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { io } from 'socket.io-client';

/**
 * Keeps a server-rendered page current: subscribes to letter changes over Socket.IO and re-renders the page
 * (router.refresh) when one arrives. After a reconnect it refreshes once, so nothing missed while offline is lost.
 */
export function LiveRefresh({ subscribe }: { subscribe: { trackingNo?: string; queue?: boolean } }) {
  const router = useRouter();
  const [state, setState] = useState<'connecting' | 'live' | 'offline'>('connecting');
  const key = JSON.stringify(subscribe);
  useEffect(() => {
    const socket = io({ transports: ['websocket', 'polling'] });
    let connectedBefore = false;
    socket.on('connect', () => {
      socket.emit('letters:subscribe', JSON.parse(key), (ack: { ok: boolean }) => setState(ack?.ok ? 'live' : 'offline'));
      if (connectedBefore) router.refresh(); // catch up on what happened while disconnected
      connectedBefore = true;
    });
    socket.on('disconnect', () => setState('offline'));
    socket.on('letter:changed', () => router.refresh());
    socket.on('notification:new', () => router.refresh());
    return () => {
      socket.disconnect();
    };
  }, [key, router]);
  return (
    <p className="live-status" role="status" data-state={state}>
      {state === 'live' ? '● 实时更新中' : state === 'offline' ? '○ 实时连接已断开，正在重连…' : '○ 正在连接…'}
    </p>
  );
}
