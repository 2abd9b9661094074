'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { useTranslations } from 'next-intl';
import { sharedSocket } from '@/app/_components/socket-client';

interface EventMessage {
  interviewId?: unknown;
  seq?: unknown;
}

/**
 * Keeps a staff page of one interview current (API.md "Interviews"): joins `interview:<id>` with the page's
 * `seq`, so events missed between render and join are replayed; every public event (`interview:event`) and
 * every staff message (`interview:staff`: submitted and moderated questions) re-renders the page through the same
 * read operations (router.refresh, coalesced). A reconnect joins again from the last seq seen and refreshes once,
 * since staff messages are not in the replayable log. Also shows the viewer count (`interview:viewers`).
 */
export function InterviewLive({ interviewId, seq }: { interviewId: string; seq: number }) {
  const t = useTranslations('interviewsStaff.live');
  const router = useRouter();
  const lastSeq = useRef(seq);
  const [state, setState] = useState<'connecting' | 'live' | 'offline'>('connecting');
  const [viewers, setViewers] = useState<number | null>(null);

  // A re-render after an action or a refresh brings a newer snapshot: continue from there.
  useEffect(() => {
    if (seq > lastSeq.current) lastSeq.current = seq;
  }, [seq]);

  useEffect(() => {
    const socket = sharedSocket();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let joinedBefore = false;
    // Bursts (several moderators, 同问 counts every 400 ms) become one re-render at most every 300 ms.
    const refresh = () => {
      timer ??= setTimeout(() => {
        timer = undefined;
        router.refresh();
      }, 300);
    };
    const join = () =>
      socket.emit('interview:join', { interviewId, sinceSeq: lastSeq.current }, (ack) => {
        setState(ack?.ok ? 'live' : 'offline');
        if (ack?.ok && typeof ack.seq === 'number' && ack.seq > lastSeq.current) {
          lastSeq.current = ack.seq;
          refresh();
        }
      });
    const onConnect = () => {
      join();
      if (joinedBefore) refresh(); // staff messages sent while offline are not replayed
      joinedBefore = true;
    };
    const onDisconnect = () => setState('offline');
    const onEvent = (event: EventMessage) => {
      if (event?.interviewId !== interviewId || typeof event.seq !== 'number') return;
      if (event.seq <= lastSeq.current) return; // already shown (catch-up and live may overlap)
      lastSeq.current = event.seq; // a gap is harmless: the refresh renders the whole current state
      refresh();
    };
    const onStaff = (message: EventMessage) => {
      if (message?.interviewId === interviewId) refresh();
    };
    const onViewers = (message: { interviewId?: unknown; count?: unknown }) => {
      if (message?.interviewId === interviewId && typeof message.count === 'number') setViewers(message.count);
    };
    socket.on('connect', onConnect);
    socket.on('disconnect', onDisconnect);
    socket.on('interview:event', onEvent);
    socket.on('interview:staff', onStaff);
    socket.on('interview:viewers', onViewers);
    if (socket.connected) onConnect();
    return () => {
      clearTimeout(timer);
      socket.off('connect', onConnect);
      socket.off('disconnect', onDisconnect);
      socket.off('interview:event', onEvent);
      socket.off('interview:staff', onStaff);
      socket.off('interview:viewers', onViewers);
      if (socket.connected) socket.emit('interview:leave', { interviewId });
    };
  }, [interviewId, router]);

  return (
    <div className="interview-live">
      <p className="live-status" role="status" data-state={state}>
        {state === 'live' ? t('live') : state === 'offline' ? t('offline') : t('connecting')}
      </p>
      <p className="live-status" data-testid="viewer-count">{viewers === null ? t('viewersUnknown') : t('viewers', { count: viewers })}</p>
    </div>
  );
}
