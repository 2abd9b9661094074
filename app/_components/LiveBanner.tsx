'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import type { PublicInterviewStatus } from '@/lib/interviews/events';
import { formatDateTime } from '../interviews/format';

export interface LiveBannerLabels {
  region: string;
  live: string;
  enter: string;
  next: string;
}

/**
 * The home page's 正在直播 / 下一场访谈 banner. Rendered on the server with what is live now; then kept current over
 * Socket.IO (`interviews:subscribe` → `interviews:status`, public fields only), so it appears when an interview goes
 * live and disappears when it ends without a reload. The Socket.IO client is loaded after the page (a dynamic
 * import), so the page's first load does not carry it. After a dropped connection the page is re-read once.
 */
export function LiveBanner({ initial, labels, locale }: {
  initial: { live: PublicInterviewStatus[]; next: PublicInterviewStatus | null };
  labels: LiveBannerLabels;
  locale: 'zh-CN' | 'en';
}) {
  const router = useRouter();
  const [live, setLive] = useState(initial.live);
  const [next, setNext] = useState(initial.next);
  // 'live' once subscribed (tests wait for it before they change an interview's status).
  const [state, setState] = useState<'connecting' | 'live' | 'offline'>('connecting');
  // A server re-render (router.refresh after a reconnect) brings new initial props: take them.
  useEffect(() => {
    setLive(initial.live);
    setNext(initial.next);
  }, [initial]);

  useEffect(() => {
    let stop = () => {};
    let cancelled = false;
    void import('./socket-client').then(({ sharedSocket }) => {
      if (cancelled) return;
      const socket = sharedSocket();
      let subscribedBefore = false;
      const onConnect = () => {
        socket.emit('interviews:subscribe', {}, (ack) => setState(ack?.ok ? 'live' : 'offline'));
        if (subscribedBefore) router.refresh(); // catch up on what changed while disconnected
        subscribedBefore = true;
      };
      const onStatus = (message: PublicInterviewStatus) => {
        if (!message || typeof message.id !== 'string') return;
        if (message.status === 'live') {
          setLive((list) => [...list.filter((i) => i.id !== message.id), message]);
          setNext((n) => (n?.id === message.id ? null : n));
        } else if (message.status === 'announced') {
          setNext((n) => (!n || n.id === message.id || message.scheduledStart < n.scheduledStart ? message : n));
        } else {
          setLive((list) => list.filter((i) => i.id !== message.id));
          setNext((n) => (n?.id === message.id ? null : n));
        }
      };
      const onDisconnect = () => setState('offline');
      socket.on('connect', onConnect);
      socket.on('disconnect', onDisconnect);
      socket.on('interviews:status', onStatus);
      if (socket.connected) onConnect();
      stop = () => {
        socket.off('connect', onConnect);
        socket.off('disconnect', onDisconnect);
        socket.off('interviews:status', onStatus);
      };
    });
    return () => {
      cancelled = true;
      stop();
    };
  }, [router]);

  return (
    <section aria-label={labels.region} aria-live="polite" className="live-banner-region" data-testid="live-banner" data-state={state}>
      {live.map((i) => (
        <p key={i.id} className="live-banner live-banner-live" data-testid="live-now">
          <span className="live-badge">{labels.live}</span>
          <a href={`/interviews/${i.slug}`} className="live-title" data-user-content="">{i.title}</a>
          <a href={`/interviews/${i.slug}`} className="button" aria-label={`${labels.enter} ${i.title}`}>{labels.enter}</a>
        </p>
      ))}
      {live.length === 0 && next ? (
        <p className="live-banner live-banner-next" data-testid="live-next">
          <span className="live-badge live-badge-next">{labels.next}</span>
          <a href={`/interviews/${next.slug}`} className="live-title" data-user-content="">{next.title}</a>
          <time dateTime={next.scheduledStart}>{formatDateTime(next.scheduledStart, locale)}</time>
        </p>
      ) : null}
    </section>
  );
}
