'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { sharedSocket } from './socket-client';
import { refreshSoon } from './refresh-soon';

/** A letter's room, a queue or the supervision board (`letters:subscribe`), or an application's room (`applications:subscribe`). */
export type LiveSubscription = { trackingNo?: string; queue?: boolean; supervision?: boolean } | { application: string } | { applicationsQueue: true };

/**
 * Keeps a server-rendered page current: subscribes to letter or application changes over Socket.IO and re-renders
 * the page (router.refresh) when one arrives. After a reconnect it subscribes again and refreshes once, so nothing
 * that happened while offline is missed.
 */
export function LiveRefreshClient({ subscribe, labels }: {
  subscribe: LiveSubscription;
  /** Its three states' words, from the server (LiveRefresh.tsx): this component needs no client catalogue. */
  labels: { live: string; offline: string; connecting: string };
}) {
  const router = useRouter();
  const [state, setState] = useState<'connecting' | 'live' | 'offline'>('connecting');
  const key = JSON.stringify(subscribe);
  useEffect(() => {
    const socket = sharedSocket();
    let subscribedBefore = false;
    const onConnect = () => {
      const wanted = JSON.parse(key) as LiveSubscription;
      const acked = (ack: { ok: boolean } | undefined) => setState(ack?.ok ? 'live' : 'offline');
      if ('application' in wanted) socket.emit('applications:subscribe', { trackingNo: wanted.application }, acked);
      else if ('applicationsQueue' in wanted) socket.emit('applications:subscribe', { queue: true }, acked);
      else socket.emit('letters:subscribe', wanted, acked);
      if (subscribedBefore) refreshSoon(router); // catch up on what happened while disconnected
      subscribedBefore = true;
    };
    const onDisconnect = () => setState('offline');
    const onChange = () => refreshSoon(router);
    socket.on('connect', onConnect);
    socket.on('disconnect', onDisconnect);
    socket.on('letter:changed', onChange);
    socket.on('application:changed', onChange);
    if (socket.connected) onConnect();
    return () => {
      socket.off('connect', onConnect);
      socket.off('disconnect', onDisconnect);
      socket.off('letter:changed', onChange);
      socket.off('application:changed', onChange);
    };
  }, [key, router]);
  return (
    <p className="live-status" role="status" data-state={state}>
      {state === 'live' ? `● ${labels.live}` : state === 'offline' ? `○ ${labels.offline}` : `○ ${labels.connecting}`}
    </p>
  );
}
