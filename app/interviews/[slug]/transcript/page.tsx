import { Marked } from '@/app/_components/Marked';
import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { closedPolls, openQuestions, transcriptEntries } from '@/lib/interviews/selectors';
import { EmptyState } from '@/app/_components/EmptyState';
import { InterviewFacts } from '../../InterviewFacts';
import { ModerationCounts } from '../../ModerationCounts';
import { PollResults } from '../../PollResults';
import { PrintButton } from '../../PrintButton';
import { StatusBadge } from '../../StatusBadge';
import { TranscriptList } from '../../TranscriptList';
import { loadInterview } from '../load';
import '../../interviews.css';

export async function generateMetadata({ params }: { params: Promise<{ slug: string }> }): Promise<Metadata> {
  const interview = await loadInterview((await params).slug);
  const t = await getTranslations('interviews.transcript');
  return { title: t('heading', { title: interview.title }) };
}

/**
 * 文字实录 of an ended or published interview: host remarks and Q&A pairs with their times, then the questions
 * still to be answered after the end. Printable: the print stylesheet drops the site's header, footer and controls.
 */
export default async function TranscriptPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const interview = await loadInterview(slug);
  const t = await getTranslations('interviews');
  const done = interview.status === 'ended' || interview.status === 'published';
  const entries = transcriptEntries(interview);
  const leftover = openQuestions(interview);
  return (
    <article className="iv-transcript-page" aria-labelledby="transcript-title">
      <p className="no-print iv-toolbar">
        <Link href={`/interviews/${interview.slug}`}>{t('transcript.back')}</Link>
        {done ? <PrintButton label={t('transcript.print')} /> : null}
        <Link href="/archive?kind=interview">{t('transcript.archiveLink')}</Link>
      </p>
      <h1 id="transcript-title"><Marked text={t('transcript.heading', { title: interview.title })} user={[interview.title]} /></h1>
      <p>
        <StatusBadge status={interview.status} label={t(`status.${interview.status}`)} testId="interview-status" />
      </p>
      <InterviewFacts interview={interview} />
      <section aria-labelledby="transcript-summary">
        <h2 id="transcript-summary">{t('room.summary')}</h2>
        <p className="prewrap" data-user-content="">{interview.summary}</p>
      </section>
      {!done ? (
        <p className="notice">{t('transcript.notYet')}</p>
      ) : (
        <>
          {interview.moderation ? <ModerationCounts summary={interview.moderation} /> : null}
          <section aria-labelledby="transcript-body">
            <h2 id="transcript-body">{t('transcript.title')}</h2>
            {entries.length === 0 ? <EmptyState>{t('transcript.empty')}</EmptyState> : <TranscriptList entries={entries} day={interview.scheduledStart} />}
          </section>
          <PollResults polls={closedPolls(interview)} />
          {leftover.length ? (
            <section aria-labelledby="transcript-pending">
              <h2 id="transcript-pending">{t('transcript.pending', { count: leftover.length })}</h2>
              <p className="hint">{t('transcript.pendingHint')}</p>
              <ul className="iv-questions">
                {leftover.map((q) => (
                  <li key={q.id} className="iv-question-card">
                    <p className="iv-meta"><Marked text={t('room.askedBy', { name: q.asker })} user={[q.asker]} /></p>
                    <p className="prewrap iv-text" data-user-content="">{q.body}</p>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
        </>
      )}
    </article>
  );
}
