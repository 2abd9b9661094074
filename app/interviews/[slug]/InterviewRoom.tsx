'use client';

import { Marked } from '@/app/_components/Marked';
import dynamic from 'next/dynamic';
import Link from 'next/link';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslations } from 'next-intl';
import type { Role } from '@/lib/accounts/schema';
import { signInHref } from '@/lib/auth/redirect';
import type { InterviewState } from '@/lib/interviews/queries';
import { interviewPhase } from '@/lib/interviews/phase';
import { answeringQuestion, markVoted, openQuestions, transcriptEntries, withAsked, withRemaining } from '@/lib/interviews/selectors';
import type { PublicQuestion } from '@/lib/interviews/views';
import { GuestCards } from '../GuestCards';
import { InterviewFacts } from '../InterviewFacts';
import { StatusBadge } from '../StatusBadge';
import type { AskForm as AskFormType } from './AskForm';
import { AskJump } from './AskJump';
import { clip, useInterviewLive } from './useInterviewLive';

// Most interviews never open a poll: its code loads with the first one (page weight, issue 15 item 6).
const LivePolls = dynamic(() => import('./LivePolls').then((m) => m.LivePolls));
// Only a signed-in citizen asks and has questions of their own: visitors, the crowd of a live page, never load them.
const AskForm = dynamic(() => import('./AskForm').then((m) => m.AskForm));
const MyQuestions = dynamic(() => import('./MyQuestions').then((m) => m.MyQuestions));
const VoteButton = dynamic(() => import('./VoteButton').then((m) => m.VoteButton));
// 问题处理情况 appears once the interview is over; the transcript with its first entry (an announced page has none).
const ModerationCounts = dynamic(() => import('../ModerationCounts').then((m) => m.ModerationCounts));
const TranscriptList = dynamic(() => import('../TranscriptList').then((m) => m.TranscriptList));

export interface RoomViewer {
  role: Role | null;
  /** The staff page of this interview, for its moderators and guests. */
  workspaceHref: string | null;
  /** This viewer's ballots in the live polls (by account, or by the visitor's signed device id). */
  pollVotes?: Record<string, number[]>;
}

/**
 * The public interview page, kept current over Socket.IO (useInterviewLive). Built for a crowd: on phones the
 * transcript comes first (facts and the ask form after it, with a sticky 提问 button that jumps there); an answer
 * arriving while the reader is scrolled away from the newest entry shows a "N 条新回答" button that jumps to it;
 * what the page says and shows in each phase comes from lib/interviews/phase.ts.
 */
export function InterviewRoom({ initial, viewer, participation, askPrompt }: {
  initial: InterviewState;
  viewer: RoomViewer;
  /** Rendered on the server: 订阅提醒 and 添加到日历 (./Participation.tsx). */
  participation?: React.ReactNode;
  /** Rendered on the server: what the ask section says to those who do not ask here — visitors, staff (./AskPrompt.tsx). */
  askPrompt?: React.ReactNode;
}) {
  const t = useTranslations('interviews');
  const [unseen, setUnseen] = useState<string[]>([]);
  const atLatest = useRef(true);
  const endRef = useRef<HTMLDivElement>(null);
  const onAnswer = useCallback((q: PublicQuestion) => {
    if (!atLatest.current) setUnseen((list) => (list.includes(q.id) ? list : [...list, q.id]));
  }, []);
  const { state, stateRef, commit, connection, viewers, announcements } = useInterviewLive(initial, onAnswer);

  // Whether the reader sees the end of the transcript (the newest entry): then new answers need no cue.
  useEffect(() => {
    const end = endRef.current;
    if (!end || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(([entry]) => {
      atLatest.current = Boolean(entry?.isIntersecting);
      if (atLatest.current) setUnseen([]);
    });
    observer.observe(end);
    return () => observer.disconnect();
  }, []);

  const jumpToNew = () => {
    const first = unseen[0];
    setUnseen([]);
    const target = first ? document.querySelector<HTMLElement>(`[data-testid="transcript"] [data-question-id="${CSS.escape(first)}"]`) : null;
    if (!target) return;
    target.scrollIntoView({ block: 'start' });
    target.focus({ preventScroll: true });
  };

  const answering = answeringQuestion(state);
  const entries = transcriptEntries(state);
  const open = openQuestions(state);
  const phase = interviewPhase(state.status);
  const returnTo = `/interviews/${state.slug}`;
  const loginHref = signInHref(returnTo);
  const canAsk = viewer.role === null || (viewer.role === 'citizen' && state.viewer.canAsk);
  const asking = phase.askOpen && (canAsk || viewer.workspaceHref !== null);
  const askJump = phase.askOpen && canAsk;

  return (
    <article className="iv-room" aria-labelledby="interview-title" data-phase={state.status}>
      <p className="no-print iv-toolbar">
        <Link href="/interviews">{t('room.back')}</Link>
        <Link href={`${returnTo}/screen`}>{t('room.screenLink')}</Link>
      </p>
      <h1 id="interview-title" data-user-content="">{state.title}</h1>
      <div className="iv-status-line">
        <span>
          <span className="sr-only">{t('room.statusLabel')}</span>
          <StatusBadge status={state.status} label={t(`status.${state.status}`)} testId="interview-status" />
        </span>
        {phase.showViewers && viewers !== null ? <span className="iv-viewers" data-testid="viewer-count">{t('room.viewers', { count: viewers })}</span> : null}
        {phase.showConnection ? (
          <p className="live-status" role="status" data-state={connection} data-testid="connection">{t(`room.connection.${connection}`)}</p>
        ) : null}
      </div>
      <p className="iv-phase" data-testid="phase-note">{t(phase.keys.note)}</p>
      {participation}

      {phase.transcriptReady ? (
        <p className="notice" data-testid="transcript-ready">
          {t('room.transcriptReady')} <Link href={`${returnTo}/transcript`}>{t('transcriptLink')}</Link>
        </p>
      ) : null}

      {state.moderation ? <ModerationCounts summary={state.moderation} /> : null}

      <div className="iv-layout">
        <div className="iv-main">
          {answering ? (
            <section className="iv-answering" aria-labelledby="answering-title" data-testid="answering" data-question-id={answering.id}>
              <h2 id="answering-title"><span className="tag tag-live">{t('room.answeringNow')}</span></h2>
              <p className="iv-meta">{t('room.answeringHint')}</p>
              <p className="prewrap iv-text" data-user-content="">{answering.body}</p>
              <p className="iv-meta"><Marked text={t('room.askedBy', { name: answering.asker })} user={[answering.asker]} /></p>
            </section>
          ) : null}

          {state.polls?.length ? <LivePolls polls={state.polls} role={viewer.role} initialMine={viewer.pollVotes} /> : null}

          <section aria-labelledby="interview-live" className="iv-live">
            <h2 id="interview-live">{t('room.live')}</h2>
            {entries.length === 0 ? (
              <p className="empty-state" data-testid="transcript-empty">{t(phase.keys.empty)}</p>
            ) : (
              <TranscriptList entries={entries} day={state.scheduledStart} />
            )}
            <div ref={endRef} className="iv-end" aria-hidden="true" />
          </section>

          <section aria-labelledby="interview-open">
            <h2 id="interview-open">{t('room.open', { count: open.length })}</h2>
            <p className="hint">{t(phase.keys.openHint)}</p>
            {open.length === 0 ? (
              <p className="empty-state">{t('room.openEmpty')}</p>
            ) : (
              <ul className="iv-questions" data-testid="open-questions">
                {open.map((q) => (
                  <li key={q.id} className="iv-question-card" data-testid="open-question" data-question-id={q.id} data-answering={q.id === state.answeringQuestionId || undefined}>
                    <p className="iv-meta">
                      <Marked text={t('room.askedBy', { name: q.asker })} user={[q.asker]} />
                      {q.id === state.answeringQuestionId ? <> · <span className="tag tag-live">{t('room.answeringNow')}</span></> : null}
                    </p>
                    <p className="prewrap iv-text" id={`q-${q.id}-body`} data-user-content="">{q.body}</p>
                    <VoteControl
                      question={q}
                      voted={state.viewer.voted.includes(q.id)}
                      mode={!phase.askOpen ? 'closed' : viewer.role === 'citizen' ? 'vote' : viewer.role === null ? 'sign-in' : 'closed'}
                      loginHref={loginHref}
                      onVoted={(votes) => commit(markVoted(stateRef.current, q.id, votes))}
                    />
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>

        <aside className="iv-side" aria-label={t('room.aside')}>
          <section aria-labelledby="interview-guests">
            <h2 id="interview-guests">{t('room.guestsHeading')}</h2>
            <GuestCards guests={state.guests} />
          </section>
          {state.coverImageUrl ? <img className="iv-cover" src={state.coverImageUrl} alt="" /> : null}
          <InterviewFacts interview={state} withGuests={false} />
          <section aria-labelledby="interview-summary">
            <h2 id="interview-summary">{t('room.summary')}</h2>
            <p className="prewrap" data-user-content="">{state.summary}</p>
          </section>
          {asking ? (
            <AskSection state={state} viewer={viewer} prompt={askPrompt}
              onAsked={(remaining, question) => commit(withAsked(withRemaining(stateRef.current, remaining), question))} />
          ) : null}
          {viewer.role === 'citizen' ? <MyQuestions state={state} /> : null}
        </aside>
      </div>

      {/* Phones: the ask form is after the transcript; this button jumps there. */}
      {askJump ? <AskJump label={t('room.askJump')} /> : null}

      {/* New answers that arrived while the reader was elsewhere on the page: a cue that jumps to them. */}
      <div className="iv-jump-wrap no-print" aria-live="polite">
        {unseen.length ? (
          <button type="button" className="iv-jump" data-testid="new-answers" onClick={jumpToNew} aria-label={t('room.newAnswersLabel', { count: unseen.length })}>
            ↓ {t('room.newAnswers', { count: unseen.length })}
          </button>
        ) : null}
      </div>

      {/* New answers and status changes, read out politely by screen readers. */}
      <div className="sr-only" aria-live="polite" aria-atomic="false" data-testid="announcer">
        {announcements.map((a) => <p key={a.id}>{a.text}</p>)}
      </div>
    </article>
  );
}

function AskSection({ state, viewer, prompt, onAsked }: {
  state: InterviewState; viewer: RoomViewer; prompt: React.ReactNode; onAsked: React.ComponentProps<typeof AskFormType>['onAsked'];
}) {
  const t = useTranslations('interviews');
  const content = viewer.role === 'citizen' && state.viewer.canAsk
    ? <AskForm interviewId={state.id} remaining={state.viewer.remaining} onAsked={onAsked} />
    : prompt;
  if (!content) return null;
  return (
    <section className="iv-ask" aria-labelledby="interview-ask">
      <h2 id="interview-ask">{t('ask.heading')}</h2>
      {content}
    </section>
  );
}

/**
 * 同问 (+1): citizens press it once per question (VoteButton, loaded for them only); visitors are sent to sign in;
 * others see the count only.
 */
function VoteControl({ question, voted, mode, loginHref, onVoted }: {
  question: PublicQuestion;
  voted: boolean;
  mode: 'vote' | 'sign-in' | 'closed';
  loginHref: string;
  onVoted: (votes?: number) => void;
}) {
  const t = useTranslations('interviews.room');
  const countId = `q-${question.id}-votes`;
  return (
    <div className="iv-vote">
      <span className="iv-votes" id={countId} data-testid="votes">{t('votes', { count: question.votes })}</span>
      {mode === 'vote' ? (
        <VoteButton questionId={question.id} voted={voted} describedBy={`q-${question.id}-body ${countId}`} onVoted={onVoted} />
      ) : mode === 'sign-in' ? (
        <Link className="button button-secondary" href={loginHref} aria-label={t('voteSignIn', { question: clip(question.body, 40) })}>
          {t('vote')}
        </Link>
      ) : null}
    </div>
  );
}
