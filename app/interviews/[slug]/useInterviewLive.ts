'use client';

import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslations } from 'next-intl';
import type { InterviewState } from '@/lib/interviews/queries';
import type { PublicQuestion } from '@/lib/interviews/views';
import { loadSharedSocket } from '@/app/_components/socket-loader';
import type { Connection } from './interview-connection';

export const clip = (text: string, max = 80) => ([...text].length > max ? `${[...text].slice(0, max).join('')}…` : text);

/**
 * One public interview kept current over Socket.IO (API.md "Interviews"), for the live page and the big screen:
 * the same room, the same public events, joined and followed by interview-connection.ts. New answers and status
 * changes are read out politely (`announcements`); `onAnswer` hears each new answer.
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
    // socket.io-client and the connection logic (with the event reducer) arrive with dynamic imports right after
    // hydration (app/_components/socket-loader.ts, interview-connection.ts), not in the page's first JavaScript;
    // the room is joined as soon as the socket connects.
    let cancelled = false;
    let detach: (() => void) | undefined;
    void Promise.all([loadSharedSocket(), import('./interview-connection')]).then(
      ([socket, { connectInterview }]) => {
        if (cancelled) return;
        detach = connectInterview(socket, initial.id, {
          current: () => stateRef.current,
          commit,
          setConnection,
          setViewers,
          refresh: () => router.refresh(),
          applied: (event, before, after) => {
            const tr = tRef.current;
            if (event.type === 'answer.published') {
              const q = event.payload.question as PublicQuestion | undefined;
              if (q?.answer) {
                announce(tr('room.announceAnswer', { name: tr('guestWithTitle', { name: q.answer.author, title: q.answer.authorTitle }), question: clip(q.body) }));
                onAnswerRef.current?.(q);
              }
            } else if (event.type === 'status.changed' && after.status !== before.status) {
              announce(tr('room.announceStatus', { status: tr(`status.${after.status}`) }));
            } else if (event.type === 'update.posted' && (after.updates?.length ?? 0) > (before.updates?.length ?? 0)) {
              const u = after.updates!.find((x) => !before.updates?.some((b) => b.id === x.id));
              if (u) announce(tr('liveUpdate.announce', { text: clip(u.body || u.image?.alt || '') }));
            }
          },
        });
      },
      () => {
        if (!cancelled) setConnection('offline');
      },
    );
    return () => {
      cancelled = true;
      detach?.();
    };
  }, [initial.id, commit, announce, router]);

  return { state, stateRef, commit, connection, viewers, announcements };
}
