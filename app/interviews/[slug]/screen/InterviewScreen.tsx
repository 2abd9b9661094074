'use client';

import { Marked } from '@/app/_components/Marked';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import type { InterviewState } from '@/lib/interviews/queries';
import { interviewPhase } from '@/lib/interviews/phase';
import { answeringQuestion, transcriptEntries } from '@/lib/interviews/selectors';
import { GuestCards } from '../../GuestCards';
import { StatusBadge } from '../../StatusBadge';
import { TranscriptList } from '../../TranscriptList';
import { useInterviewLive } from '../useInterviewLive';

/** Entries on the screen at once: a hall reads the newest few, not the whole log. */
const SHOWN = 6;

/**
 * 大屏模式: the interview projected in a hall — large type, the question being answered, the newest answers first,
 * no forms. It listens on the same public room with the same rules as the live page (useInterviewLive), so it shows
 * nothing a public viewer may not see.
 */
export function InterviewScreen({ initial }: { initial: InterviewState }) {
  const t = useTranslations('interviews');
  const { state, connection, viewers, announcements } = useInterviewLive(initial);
  const phase = interviewPhase(state.status);
  const answering = answeringQuestion(state);
  const entries = transcriptEntries(state).slice(-SHOWN);

  return (
    <article className="iv-screen" aria-labelledby="screen-title" data-phase={state.status}>
      <header className="iv-screen-head">
        <div>
          <h1 id="screen-title" data-user-content="">{state.title}</h1>
          <p className="iv-screen-status">
            <StatusBadge status={state.status} label={t(`status.${state.status}`)} testId="interview-status" />
            {phase.showViewers && viewers !== null ? <span data-testid="viewer-count">{t('screen.viewers', { count: viewers })}</span> : null}
            {phase.showConnection ? <span className="live-status" role="status" data-state={connection} data-testid="connection">{t(`room.connection.${connection}`)}</span> : null}
          </p>
          <p className="iv-phase" data-testid="phase-note">{t(phase.keys.note)}</p>
        </div>
        <GuestCards guests={state.guests} size="l" />
      </header>

      {answering ? (
        <section className="iv-screen-answering" aria-labelledby="screen-answering" data-testid="answering">
          <h2 id="screen-answering"><span className="tag tag-live">{t('screen.answering')}</span></h2>
          <p className="prewrap" data-user-content="">{answering.body}</p>
          <p className="iv-meta"><Marked text={t('room.askedBy', { name: answering.asker })} user={[answering.asker]} /></p>
        </section>
      ) : null}

      <section aria-labelledby="screen-latest">
        <h2 id="screen-latest">{t('screen.latest')}</h2>
        {entries.length === 0 ? (
          <p className="empty-state" data-testid="transcript-empty">{t(phase.keys.empty)}</p>
        ) : (
          <TranscriptList entries={entries} day={state.scheduledStart} newestFirst />
        )}
      </section>

      <p className="iv-screen-exit no-print"><Link href={`/interviews/${state.slug}`}>{t('screen.back')}</Link></p>
      <div className="sr-only" aria-live="polite" aria-atomic="false" data-testid="announcer">
        {announcements.map((a) => <p key={a.id}>{a.text}</p>)}
      </div>
    </article>
  );
}
