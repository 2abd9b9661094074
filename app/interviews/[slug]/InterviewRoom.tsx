'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslations } from 'next-intl';
import type { Role } from '@/lib/accounts/schema';
import type { InterviewState } from '@/lib/interviews/queries';
import {
  answeringQuestion,
  applyInterviewEvent,
  markVoted,
  openQuestions,
  transcriptEntries,
  withRemaining,
  type InterviewEvent,
} from '@/lib/interviews/reducer';
import type { PublicQuestion } from '@/lib/interviews/views';
import { sharedSocket } from '@/app/_components/socket-client';
import { InterviewFacts } from '../InterviewFacts';
import { StatusBadge } from '../StatusBadge';
import { TranscriptList } from '../TranscriptList';
import { AskForm } from './AskForm';

export interface RoomViewer {
  role: Role | null;
  /** The staff page of this interview, for its moderators and guests. */
  workspaceHref: string | null;
}

type Connection = 'connecting' | 'syncing' | 'live' | 'offline' | 'error';

const JOIN_TIMEOUT_MS = 15_000;
const VOTE_TIMEOUT_MS = 10_000;
/** Joins in a row that end behind the server before the page asks for a fresh snapshot instead. */
const MAX_RESYNCS = 3;

const isOpen = (status: InterviewState['status']) => status === 'announced' || status === 'live';
const clip = (text: string, max = 80) => ([...text].length > max ? `${[...text].slice(0, max).join('')}…` : text);

/**
 * The public interview page, kept current over Socket.IO (API.md "Interviews"). On every connect it sends
 * `interview:join {interviewId, sinceSeq}` with the last seq it applied; the server replays what was missed from
 * the database, then live events follow. Events go through `applyInterviewEvent`: duplicates are dropped, a gap
 * triggers another join from the current seq.
 */
export function InterviewRoom({ initial, viewer }: { initial: InterviewState; viewer: RoomViewer }) {
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

  const statusLabel = (status: string) => t(`status.${status}`);
  // The socket handlers read the current translations through a ref, so a new `t` does not re-join the room.
  const tRef = useRef(t);
  useEffect(() => {
    tRef.current = t;
  }, [t]);

  useEffect(() => {
    const socket = sharedSocket();
    const interviewId = initial.id;
    let generation = 0; // bumped on disconnect: acknowledgements of earlier joins are ignored
    let joining = false;
    let again = false; // a gap was seen while a join was under way
    let resyncs = 0;
    let retry: ReturnType<typeof setTimeout> | undefined;

    const join = () => {
      clearTimeout(retry);
      if (!socket.connected) return;
      if (joining) {
        again = true;
        return;
      }
      joining = true;
      again = false;
      const mine = generation;
      socket
        .timeout(JOIN_TIMEOUT_MS)
        .emit('interview:join', { interviewId, sinceSeq: stateRef.current.seq }, (timeout: Error | null, ack?: { ok?: boolean; seq?: number; code?: string; retryAfter?: number }) => {
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
        if (q?.answer) announce(tr('room.announceAnswer', { name: tr('guestWithTitle', { name: q.answer.author, title: q.answer.authorTitle }), question: clip(q.body) }));
      } else if (event.type === 'status.changed' && result.state.status !== before.status) {
        announce(tr('room.announceStatus', { status: tr(`status.${result.state.status}`) }));
      }
    };
    const onViewers = (message: { interviewId?: unknown; count?: unknown }) => {
      if (message?.interviewId === interviewId && typeof message.count === 'number') setViewers(message.count);
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

    socket.on('connect', onConnect);
    socket.on('disconnect', onDisconnect);
    socket.on('interview:event', onEvent);
    socket.on('interview:viewers', onViewers);
    if (socket.connected) onConnect();
    return () => {
      clearTimeout(retry);
      generation += 1;
      socket.off('connect', onConnect);
      socket.off('disconnect', onDisconnect);
      socket.off('interview:event', onEvent);
      socket.off('interview:viewers', onViewers);
      if (socket.connected) socket.emit('interview:leave', { interviewId });
    };
  }, [initial.id, commit, announce, router]);

  const answering = answeringQuestion(state);
  const entries = transcriptEntries(state);
  const open = openQuestions(state);
  const returnTo = `/interviews/${state.slug}`;
  const loginHref = `/login?callbackUrl=${encodeURIComponent(returnTo)}`;
  const done = state.status === 'ended' || state.status === 'published';

  return (
    <article className="iv-room" aria-labelledby="interview-title">
      <p className="no-print"><Link href="/interviews">{t('room.back')}</Link></p>
      <h1 id="interview-title">{state.title}</h1>
      <div className="iv-status-line">
        <span>
          <span className="sr-only">{t('room.statusLabel')}</span>
          <StatusBadge status={state.status} label={statusLabel(state.status)} testId="interview-status" />
        </span>
        {viewers !== null ? <span className="iv-viewers" data-testid="viewer-count">{t('room.viewers', { count: viewers })}</span> : null}
        <p className="live-status" role="status" data-state={connection} data-testid="connection">{t(`room.connection.${connection}`)}</p>
      </div>

      {state.coverImageUrl ? <img className="iv-cover" src={state.coverImageUrl} alt="" /> : null}
      <InterviewFacts interview={state} />

      <section aria-labelledby="interview-summary">
        <h2 id="interview-summary">{t('room.summary')}</h2>
        <p className="prewrap">{state.summary}</p>
      </section>

      {done ? (
        <p className="notice" data-testid="transcript-ready">
          {t('room.transcriptReady')} <Link href={`${returnTo}/transcript`}>{t('transcriptLink')}</Link>
        </p>
      ) : null}

      {answering ? (
        <section className="iv-answering" aria-labelledby="answering-title" data-testid="answering" data-question-id={answering.id}>
          <h2 id="answering-title"><span className="tag tag-live">{t('room.answeringNow')}</span></h2>
          <p className="iv-meta">{t('room.answeringHint')}</p>
          <p className="prewrap iv-text">{answering.body}</p>
          <p className="iv-meta">{t('room.askedBy', { name: answering.asker })}</p>
        </section>
      ) : null}

      <AskSection state={state} viewer={viewer} loginHref={loginHref} onAsked={(remaining) => commit(withRemaining(stateRef.current, remaining))} />

      <section aria-labelledby="interview-live">
        <h2 id="interview-live">{t('room.live')}</h2>
        {entries.length === 0 ? (
          <p className="empty-state" data-testid="transcript-empty">{t('room.liveEmpty')}</p>
        ) : (
          <TranscriptList entries={entries} day={state.scheduledStart} />
        )}
      </section>

      <section aria-labelledby="interview-open">
        <h2 id="interview-open">{t('room.open', { count: open.length })}</h2>
        <p className="hint">{done ? t('transcript.pendingHint') : t('room.openHint')}</p>
        {open.length === 0 ? (
          <p className="empty-state">{t('room.openEmpty')}</p>
        ) : (
          <ul className="iv-questions" data-testid="open-questions">
            {open.map((q) => (
              <li key={q.id} className="iv-question-card" data-testid="open-question" data-question-id={q.id} data-answering={q.id === state.answeringQuestionId || undefined}>
                <p className="iv-meta">
                  {t('room.askedBy', { name: q.asker })}
                  {q.id === state.answeringQuestionId ? <> · <span className="tag tag-live">{t('room.answeringNow')}</span></> : null}
                </p>
                <p className="prewrap iv-text" id={`q-${q.id}-body`}>{q.body}</p>
                <VoteControl
                  question={q}
                  voted={state.viewer.voted.includes(q.id)}
                  mode={!isOpen(state.status) ? 'closed' : viewer.role === 'citizen' ? 'vote' : viewer.role === null ? 'sign-in' : 'closed'}
                  loginHref={loginHref}
                  onVoted={(votes) => commit(markVoted(stateRef.current, q.id, votes))}
                />
              </li>
            ))}
          </ul>
        )}
      </section>

      {/* New answers and status changes, read out politely by screen readers. */}
      <div className="sr-only" aria-live="polite" aria-atomic="false" data-testid="announcer">
        {announcements.map((a) => <p key={a.id}>{a.text}</p>)}
      </div>
    </article>
  );
}

function AskSection({ state, viewer, loginHref, onAsked }: { state: InterviewState; viewer: RoomViewer; loginHref: string; onAsked: (remaining: number) => void }) {
  const t = useTranslations('interviews');
  if (!isOpen(state.status)) return null;
  let content: React.ReactNode;
  if (viewer.role === null) {
    content = (
      <p>
        <Link className="button" href={loginHref}>{t('ask.signInLink')}</Link>{' '}
        <span className="hint iv-inline">{t('ask.signInHint')} <Link href="/register">{t('ask.register')}</Link></span>
      </p>
    );
  } else if (viewer.role === 'citizen' && state.viewer.canAsk) {
    content = <AskForm interviewId={state.id} remaining={state.viewer.remaining} onAsked={onAsked} />;
  } else if (viewer.workspaceHref) {
    content = <p className="notice">{t('room.staffNote')} <Link href={viewer.workspaceHref}>{t('room.staffLink')}</Link></p>;
  } else {
    return null;
  }
  return (
    <section className="iv-ask" aria-labelledby="interview-ask">
      <h2 id="interview-ask">{t('ask.heading')}</h2>
      {content}
    </section>
  );
}

/**
 * 同问 (+1): citizens press it once per question (`question:vote` with acknowledgement); visitors are sent to sign
 * in; others see the count only.
 */
function VoteControl({ question, voted, mode, loginHref, onVoted }: {
  question: PublicQuestion;
  voted: boolean;
  mode: 'vote' | 'sign-in' | 'closed';
  loginHref: string;
  onVoted: (votes?: number) => void;
}) {
  const t = useTranslations('interviews.room');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const countId = `q-${question.id}-votes`;
  const describedBy = `q-${question.id}-body ${countId}`;

  function vote() {
    if (pending || voted) return;
    setPending(true);
    setError(null);
    sharedSocket()
      .timeout(VOTE_TIMEOUT_MS)
      .emit('question:vote', { questionId: question.id }, (timeout: Error | null, ack?: { ok?: boolean; votes?: number; code?: string; error?: string }) => {
        setPending(false);
        if (timeout || !ack) return setError(t('voteNetwork'));
        if (ack.ok) return onVoted(typeof ack.votes === 'number' ? ack.votes : undefined);
        if (ack.code === 'conflict' && /同问过/.test(ack.error ?? '')) return onVoted();
        setError(t('voteFailed', { error: ack.error ?? '' }));
      });
  }

  return (
    <div className="iv-vote">
      <span className="iv-votes" id={countId} data-testid="votes">{t('votes', { count: question.votes })}</span>
      {mode === 'vote' ? (
        <button type="button" className="button-secondary" onClick={vote} disabled={pending || voted} aria-describedby={describedBy}>
          {voted ? t('voted') : t('vote')}
        </button>
      ) : mode === 'sign-in' ? (
        <Link className="button button-secondary" href={loginHref} aria-label={t('voteSignIn', { question: clip(question.body, 40) })}>
          {t('vote')}
        </Link>
      ) : null}
      {error ? <span className="field-error" role="alert">{error}</span> : null}
    </div>
  );
}
