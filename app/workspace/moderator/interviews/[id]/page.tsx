import { Marked } from '@/app/_components/Marked';
import type { Metadata } from 'next';
import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { requirePermission } from '@/lib/auth/session';
import { getInterviewState, staffQuestions, type StaffQuestion } from '@/lib/interviews/queries';
import { EmptyState } from '@/app/_components/EmptyState';
import { InterviewLive } from '../_shared/InterviewLive';
import { CorrectionForm } from '../../../leader/interviews/[id]/DeskForms';
import { AnswerText, InterviewFacts, QuestionText, StatusTag } from '../_shared/InterviewParts';
import { formatDateTime } from '../_shared/format';
import { LifecycleForm } from '../LifecycleForm';
import { QuestionModeration, RemarkForm, type MergeTarget } from './ConsoleForms';
import { LiveUpdatesPanel } from './LiveUpdatesPanel';
import { AssignAllForm, AssignQuestionForm, type GuestChoice } from './AssignForms';
import { PiiFlag } from './PiiFlag';
import { ConsolePolls } from './ConsolePolls';
import { staffPolls } from '@/lib/interviews/polls';
import { ConsoleShortcuts } from './ConsoleShortcuts';
import { orNotFound } from '@/app/_components/or-not-found';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('interviewsStaff.console'))('title') };
}

const short = (text: string, max = 40) => ([...text].length > max ? `${[...text].slice(0, max).join('')}…` : text);

/**
 * The moderator's console of one interview: lifecycle, the pending queue with approve / reject / edit / merge /
 * star, the approved list, host remarks and, after the end, the questions guests still have to answer. It stays
 * live over the interview's socket rooms (public and staff).
 */
export default async function ModeratorConsole({ params, searchParams }: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { id } = await params;
  const actor = await requirePermission('workspace.moderator', `/workspace/moderator/interviews/${encodeURIComponent(id)}`);
  const t = await getTranslations('interviewsStaff');
  const tm = await getTranslations('interviewsManage');
  const locale = await getLocale();
  const [interview, { items }] = await orNotFound(Promise.all([getInterviewState(actor, id), staffQuestions(actor, id)]));
  const query = await searchParams;
  const created = query.created === '1' && interview.status === 'draft';
  const updated = query.updated === '1';
  const editable = interview.status === 'draft' || interview.status === 'announced';
  const guests: GuestChoice[] = interview.guests.map((g) => ({ id: g.id, label: t('guestWithTitle', { name: g.name, title: g.title }) }));
  const unassigned = (status: string) => items.filter((q) => q.status === status && !q.assignedTo).length;
  const answers = new Map(interview.questions.map((q) => [q.id, q.answer]));
  const byStatus = (status: string) => items.filter((q) => q.status === status);
  const pending = byStatus('pending');
  const approved = byStatus('approved');
  const answered = byStatus('answered');
  const handled = items.filter((q) => q.status === 'rejected' || q.status === 'merged');
  const over = interview.status === 'ended' || interview.status === 'published';
  const open = interview.status !== 'published';
  const mergeTargets = (self: string): MergeTarget[] =>
    items
      .filter((q) => q.id !== self && (q.status === 'pending' || q.status === 'approved' || q.status === 'answered'))
      .map((q) => ({ id: q.id, label: `${t(`questionStatus.${q.status}`)}${t('console.targetSeparator')}${short(q.body)}` }));
  const byId = new Map(items.map((q) => [q.id, q]));

  const card = (q: StaffQuestion) => (
    <li key={q.id}>
      <article className="question-card" data-testid="question" data-status={q.status} data-answering={interview.answeringQuestionId === q.id}
        aria-labelledby={`q-${q.id}`} tabIndex={open ? 0 : undefined} data-question-card={open ? '' : undefined}>
        <QuestionText question={q} bodyId={`q-${q.id}`} answering={interview.answeringQuestionId === q.id} />
        {q.status === 'pending' ? <PiiFlag text={q.body} /> : null}
        {over && q.assignedTo && q.dueOn ? (
          <p className="message-meta" data-testid="assignment">
            <Marked text={q.status === 'answered' ? tm('assign.answeredBy', { name: q.assignedTo.name }) : tm('assign.assignedTo', { name: q.assignedTo.name, date: q.dueOn })} user={[q.assignedTo.name]} />
          </p>
        ) : null}
        {q.status === 'answered' && answers.get(q.id) ? <AnswerText answer={answers.get(q.id)!} /> : null}
        {/* A moderator may correct a guest's answer, with a reason; the public sees who corrected (issue 12, item 7). */}
        {q.status === 'answered' && answers.get(q.id) && q.mayCorrect ? (
          <CorrectionForm interviewId={interview.id} questionId={q.id} body={answers.get(q.id)!.body} withReason />
        ) : null}
        {over && q.status === 'approved' && guests.length ? (
          <AssignQuestionForm interviewId={interview.id} questionId={q.id} guests={guests} assignedTo={q.assignedTo?.id ?? null} />
        ) : null}
        {open ? (
          <QuestionModeration interviewId={interview.id} question={q} mergeTargets={q.status === 'answered' ? [] : mergeTargets(q.id)} />
        ) : null}
      </article>
    </li>
  );

  return (
    <article aria-labelledby="interview-title">
      <p><Link href="/workspace/moderator/interviews">{t('console.back')}</Link></p>
      <h1 id="interview-title" data-user-content="">{interview.title}</h1>
      <p><StatusTag status={interview.status} testId="interview-status" /></p>
      {created ? <p className="notice" role="status">{t('console.created')}</p> : null}
      {updated ? <p className="notice" role="status">{tm('edit.saved')}</p> : null}
      <InterviewLive interviewId={interview.id} seq={interview.seq} />
      <InterviewFacts interview={interview} />
      {editable ? <p><Link href={`/workspace/moderator/interviews/${interview.id}/edit`}>{tm('edit.link')}</Link></p> : null}
      {interview.status !== 'draft' ? (
        <p><Link href={`/interviews/${interview.slug}`}>{t('console.publicPage')}</Link></p>
      ) : null}

      <section aria-labelledby="console-lifecycle">
        <h2 id="console-lifecycle">{t('console.lifecycle')}</h2>
        {interview.status === 'published' ? <p>{t('console.publishedNote')}</p> : <LifecycleForm interviewId={interview.id} status={interview.status} />}
      </section>

      {interview.answeringQuestionId && byId.get(interview.answeringQuestionId) ? (
        <p className="answering-now" role="status">
          <strong>{t('question.answeringNow')}</strong><span data-user-content="">{short(byId.get(interview.answeringQuestionId)!.body, 80)}</span>
        </p>
      ) : null}

      {open ? <ConsoleShortcuts /> : null}

      {/* Wide screens: pending | approved and answering | answered, with the host's remarks beside the answers. */}
      <div className="console-columns">
        <section aria-labelledby="console-pending" className="console-column" data-column="pending">
          <h2 id="console-pending">{t('console.pending', { count: pending.length })}</h2>
          {pending.length ? <ul className="question-list">{pending.map(card)}</ul> : <EmptyState>{t('console.noPending')}</EmptyState>}
        </section>

        <section aria-labelledby="console-approved" className="console-column" data-column="approved">
          <h2 id="console-approved">{over ? t('console.leftover', { count: approved.length }) : t('console.approved', { count: approved.length })}</h2>
          {over ? <p className="hint">{t('console.leftoverHint')}</p> : <p className="hint">{t('console.approvedHint')}</p>}
          {over && approved.length && guests.length ? (
            <>
              <p>{tm('assign.summary', { unassigned: unassigned('approved'), total: approved.length })}</p>
              <AssignAllForm interviewId={interview.id} guests={guests} />
            </>
          ) : null}
          {approved.length ? <ul className="question-list">{approved.map(card)}</ul> : <EmptyState>{over ? t('console.noLeftover') : t('console.noApproved')}</EmptyState>}
        </section>

        <div className="console-column" data-column="answered">
          <ConsolePolls interviewId={interview.id} live={interview.status === 'live'} polls={await staffPolls(actor, interview.id)} />
          <section aria-labelledby="console-remarks" className="remarks-panel">
            <h2 id="console-remarks">{t('console.remarks')}</h2>
            {interview.remarks.length ? (
              <ol className="messages">
                {interview.remarks.map((r) => (
                  <li key={r.id} className="message">
                    <p className="message-meta"><span data-user-content="">{r.author}</span> · {formatDateTime(r.at, locale)}</p>
                    <p className="prewrap" data-user-content="">{r.body}</p>
                  </li>
                ))}
              </ol>
            ) : <p>{t('console.noRemarks')}</p>}
            {interview.status === 'announced' || interview.status === 'live' ? <RemarkForm interviewId={interview.id} /> : null}
          </section>

          <LiveUpdatesPanel interviewId={interview.id} updates={interview.updates ?? []} live={interview.status === 'live'} />

          <section aria-labelledby="console-answered">
            <h2 id="console-answered">{t('console.answered', { count: answered.length })}</h2>
            {answered.length ? <ul className="question-list">{answered.map(card)}</ul> : <EmptyState>{t('console.noAnswered')}</EmptyState>}
          </section>
        </div>
      </div>

      {handled.length ? (
        <section aria-labelledby="console-handled">
          <h2 id="console-handled">{t('console.handled', { count: handled.length })}</h2>
          <details>
            <summary>{t('console.showHandled')}</summary>
            <ul className="question-list">
              {handled.map((q) => (
                <li key={q.id}>
                  <article className="question-card" data-testid="question" data-status={q.status} aria-labelledby={`q-${q.id}`}>
                    <QuestionText question={q} bodyId={`q-${q.id}`} />
                    <p className="message-meta">
                      {q.status === 'rejected'
                        ? <Marked text={t('console.rejectedBecause', { reason: [q.rejectCode ? t(`console.reasons.${q.rejectCode}`) : null, q.rejectReason].filter(Boolean).join(' · ') || '—' })} user={[q.rejectReason]} />
                        : t('questionStatus.merged')}
                    </p>
                  </article>
                </li>
              ))}
            </ul>
          </details>
        </section>
      ) : null}
    </article>
  );
}
