'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { sharedSocket } from './socket-client';

/**
 * Keeps a server-rendered page current: subscribes to letter changes over Socket.IO and re-renders the page
 * (router.refresh) when one arrives. After a reconnect it subscribes again and refreshes once, so nothing that
 * happened while offline is missed.
 */
export function LiveRefresh({ subscribe }: { subscribe: { trackingNo?: string; queue?: boolean; supervision?: boolean } }) {
  const router = useRouter();
  const [state, setState] = useState<'connecting' | 'live' | 'offline'>('connecting');
  const key = JSON.stringify(subscribe);
  useEffect(() => {
    const socket = sharedSocket();
    let subscribedBefore = false;
    const onConnect = () => {
      socket.emit('letters:subscribe', JSON.parse(key) as typeof subscribe, (ack) => setState(ack?.ok ? 'live' : 'offline'));
      if (subscribedBefore) router.refresh(); // catch up on what happened while disconnected
      subscribedBefore = true;
    };
    const onDisconnect = () => setState('offline');
    const onChange = () => router.refresh();
    socket.on('connect', onConnect);
    socket.on('disconnect', onDisconnect);
    socket.on('letter:changed', onChange);
    if (socket.connected) onConnect();
    return () => {
      socket.off('connect', onConnect);
      socket.off('disconnect', onDisconnect);
      socket.off('letter:changed', onChange);
    };
  }, [key, router]);
  return (
    <p className="live-status" role="status" data-state={state}>
      {state === 'live' ? '● 实时更新中' : state === 'offline' ? '○ 实时连接已断开，正在重连…' : '○ 正在连接…'}
    </p>
  );
}
