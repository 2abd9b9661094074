'use client';

import { useRouter } from 'next/navigation';
import { useEffect } from 'react';
import { sharedSocket } from '@/app/_components/socket-client';
import { refreshSoon } from '@/app/_components/refresh-soon';

/**
 * Re-renders the list of assigned questions when a notification arrives for the signed-in user (a moderator
 * assigned a question) and after a reconnect, so a newly assigned question shows up without a reload.
 */
export function AssignedLive() {
  const router = useRouter();
  useEffect(() => {
    const socket = sharedSocket();
    let connectedBefore = socket.connected;
    const onNew = () => refreshSoon(router);
    const onConnect = () => {
      if (connectedBefore) refreshSoon(router);
      connectedBefore = true;
    };
    socket.on('notification:new', onNew);
    socket.on('connect', onConnect);
    return () => {
      socket.off('notification:new', onNew);
      socket.off('connect', onConnect);
    };
  }, [router]);
  return null;
}
