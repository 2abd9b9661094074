'use client';

import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslations } from 'next-intl';
import type { InterviewState } from '@/lib/interviews/queries';
import { applyInterviewEvent, applyOwnQuestion, type InterviewEvent } from '@/lib/interviews/reducer';
import type { OwnQuestionUpdate } from '@/lib/interviews/event-types';
import type { PublicQuestion } from '@/lib/interviews/views';
import type { MinshengClientSocket } from '@/app/_components/socket-client';
import { loadSharedSocket } from '@/app/_components/socket-loader';

export type Connection = 'connecting' | 'syncing' | 'live' | 'offline' | 'error';

const JOIN_TIMEOUT_MS = 15_000;
/** Joins in a row that end behind the server before the page asks for a fresh snapshot instead. */
const MAX_RESYNCS = 3;

export const clip = (text: string, max = 80) => ([...text].length > max ? `${[...text].slice(0, max).join('')}…` : text);

/**
 * One public interview kept current over Socket.IO (API.md "Interviews"), for the live page and the big screen:
 * the same room, the same public events. On every connect it sends `interview:join {interviewId, sinceSeq}` with
 * the last seq it applied; the server replays what was missed from the database, then live events follow. Events
 * go through `applyInterviewEvent`: duplicates are dropped, a gap triggers another join from the current seq.
 * New answers and status changes are read out politely (`announcements`); `onAnswer` hears each new answer.
 */
export function useInterviewLive(initial: InterviewState, onAnswer?: (question: PublicQuestion) => void) {
  const t = useTranslations('interviews');
  const router = useRouter();
  const [state, setState] = useState(initial);
  const stateRef = useRef(initial);
  const [connection, setConnection] = useState<Connection>('connecting');
  const [viewers, setViewers] = useState<number | null>(null);
  const [announcements, setAnnouncements] = useState<Array<{ id: number; text: string }>>([]);
  const announceId = useRef(0);

  const commit = useCallback((next: InterviewState) => {
    stateRef.current = next;
    setState(next);
  }, []);

  // A newer snapshot from the server (after a router.refresh) replaces the one in hand.
  useEffect(() => {
    if (initial.id !== stateRef.current.id || initial.seq > stateRef.current.seq) commit(initial);
  }, [initial, commit]);

  const announce = useCallback((text: string) => {
    announceId.current += 1;
    const id = announceId.current;
    setAnnouncements((list) => [...list.slice(-4), { id, text }]);
  }, []);

  // The socket handlers read the current translations and callback through refs, so neither re-joins the room.
  const tRef = useRef(t);
  const onAnswerRef = useRef(onAnswer);
  useEffect(() => {
    tRef.current = t;
    onAnswerRef.current = onAnswer;
  }, [t, onAnswer]);

  useEffect(() => {
    const interviewId = initial.id;
    let socket: MinshengClientSocket | undefined;
    let generation = 0; // bumped on disconnect: acknowledgements of earlier joins are ignored
    let joining = false;
    let again = false; // a gap was seen while a join was under way
    let resyncs = 0;
    let retry: ReturnType<typeof setTimeout> | undefined;

    const join = () => {
      clearTimeout(retry);
      if (!socket?.connected) return;
      if (joining) {
        again = true;
        return;
      }
      joining = true;
      again = false;
      const mine = generation;
      socket
        .timeout(JOIN_TIMEOUT_MS)
        .emit('interview:join', { interviewId, sinceSeq: stateRef.current.seq }, (timeout, ack) => {
          if (mine !== generation) return;
          joining = false;
          if (timeout) {
            setConnection('syncing');
            retry = setTimeout(join, 2000);
            return;
          }
          // The server is up but its database is not (a restart, a failover): try again when it says to.
          if (!ack?.ok && (ack?.code === 'unavailable' || ack?.code === 'rate_limited')) {
            setConnection('syncing');
            retry = setTimeout(join, Math.min(30, Math.max(1, ack.retryAfter ?? 5)) * 1000);
            return;
          }
          if (!ack?.ok) {
            setConnection('error');
            return;
          }
          // The catch-up arrives before the acknowledgement: being behind now means something was dropped.
          const behind = typeof ack.seq === 'number' && ack.seq > stateRef.current.seq;
          if (again || behind) {
            resyncs += 1;
            setConnection('syncing');
            if (resyncs > MAX_RESYNCS) {
              resyncs = 0;
              router.refresh(); // a fresh snapshot from the server; joining continues from it
              retry = setTimeout(join, 1000);
            } else {
              join();
            }
            return;
          }
          resyncs = 0;
          setConnection('live');
        });
    };

    const onEvent = (event: InterviewEvent) => {
      if (event?.interviewId !== interviewId) return;
      const before = stateRef.current;
      const result = applyInterviewEvent(before, event);
      if (result.outcome === 'gap') {
        setConnection('syncing');
        join();
        return;
      }
      if (result.outcome !== 'applied') return;
      commit(result.state);
      const tr = tRef.current;
      if (event.type === 'answer.published') {
        const q = event.payload.question as PublicQuestion | undefined;
        if (q?.answer) {
          announce(tr('room.announceAnswer', { name: tr('guestWithTitle', { name: q.answer.author, title: q.answer.authorTitle }), question: clip(q.body) }));
          onAnswerRef.current?.(q);
        }
      } else if (event.type === 'status.changed' && result.state.status !== before.status) {
        announce(tr('room.announceStatus', { status: tr(`status.${result.state.status}`) }));
      } else if (event.type === 'update.posted' && (result.state.updates?.length ?? 0) > (before.updates?.length ?? 0)) {
        const u = result.state.updates!.find((x) => !before.updates?.some((b) => b.id === x.id));
        if (u) announce(tr('liveUpdate.announce', { text: clip(u.body || u.image?.alt || '') }));
      }
    };
    const onViewers = (message: { interviewId?: unknown; count?: unknown }) => {
      if (message?.interviewId === interviewId && typeof message.count === 'number') setViewers(message.count);
    };
    // A moderator's decision on one of this citizen's own questions: to the account's connections only.
    const onMine = (update: OwnQuestionUpdate) => {
      const next = applyOwnQuestion(stateRef.current, update);
      if (next !== stateRef.current) commit(next);
    };
    const onConnect = () => {
      setConnection('syncing');
      join();
    };
    const onDisconnect = () => {
      generation += 1;
      joining = false;
      again = false;
      clearTimeout(retry);
      setConnection('offline');
    };

    // socket.io-client arrives with a dynamic import right after hydration (app/_components/socket-loader.ts), not in
    // the page's first JavaScript; the room is joined as soon as it connects.
    let cancelled = false;
    void loadSharedSocket().then(
      (loaded) => {
        if (cancelled) return;
        socket = loaded;
        loaded.on('connect', onConnect);
        loaded.on('disconnect', onDisconnect);
        loaded.on('interview:event', onEvent);
        loaded.on('interview:viewers', onViewers);
        loaded.on('question:mine', onMine);
        if (loaded.connected) onConnect();
      },
      () => {
        if (!cancelled) setConnection('offline');
      },
    );
    return () => {
      cancelled = true;
      clearTimeout(retry);
      generation += 1;
      if (!socket) return;
      socket.off('connect', onConnect);
      socket.off('disconnect', onDisconnect);
      socket.off('interview:event', onEvent);
      socket.off('interview:viewers', onViewers);
      socket.off('question:mine', onMine);
      if (socket.connected) socket.emit('interview:leave', { interviewId });
    };
  }, [initial.id, commit, announce, router]);

  return { state, stateRef, commit, connection, viewers, announcements };
}
