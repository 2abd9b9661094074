import { Marked } from '@/app/_components/Marked';
import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { requirePermission } from '@/lib/auth/session';
import type { Actor } from '@/lib/auth/permissions';
import { getInterviewState, staffQuestions, type InterviewState, type StaffQuestion } from '@/lib/interviews/queries';
import { EmptyState } from '@/app/_components/EmptyState';
import { InterviewLive } from '../../../moderator/interviews/_shared/InterviewLive';
import { AnswerText, InterviewFacts, QuestionText, StatusTag } from '../../../moderator/interviews/_shared/InterviewParts';
import { AnswerEditor, AnsweringButton, CorrectionForm, DeskNotices } from './DeskForms';
import { orNotFound } from '@/app/_components/or-not-found';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('interviewsStaff.desk'))('title') };
}

/**
 * The guest's desk (DESIGN.md §5): approved questions by star, 同问 and time; 标记正在回答, an autosaved answer
 * draft, 发布答复, and 更正 for published answers. Live over the interview's rooms. A leader who is not a guest of
 * this interview gets 404, like anyone with no part in it.
 */
/**
 * The desk's data. staffQuestions authorises (404 for a leader who is not a guest). The interview itself is read
 * as the public sees it: getInterviewState(leader) waits forever on PGlite, because isInterviewStaff() queries
 * outside getInterviewState's transaction on the one PGlite connection (reported; once it takes the transaction,
 * this becomes getInterviewState(actor, id)). A draft has no public view and no questions yet: its summary is
 * enough.
 */
/** staffQuestions first: it refuses (404) a leader who is not a guest before anything is shown. */
async function loadDesk(actor: Actor, id: string): Promise<{ interview: InterviewState; items: StaffQuestion[] }> {
  const { interviewId, items } = await staffQuestions(actor, id);
  return { interview: await getInterviewState(actor, interviewId), items };
}

export default async function LeaderDesk({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requirePermission('workspace.leader', `/workspace/leader/interviews/${encodeURIComponent(id)}`);
  const t = await getTranslations('interviewsStaff');
  const tm = await getTranslations('interviewsManage.assign');
  // 403: a leader who is not a guest of this interview is told no more than an outsider.
  const { interview, items } = await orNotFound(loadDesk(actor, id), [403, 404, 422]);
  const answers = new Map(interview.questions.map((q) => [q.id, q.answer]));
  const toAnswer = items.filter((q) => q.status === 'approved');
  const answered = items.filter((q) => q.status === 'answered');
  const live = interview.status === 'live';
  const canPublish = interview.status === 'live' || interview.status === 'ended';
  const answering = interview.answeringQuestionId ? items.find((q) => q.id === interview.answeringQuestionId) : undefined;
  const over = interview.status === 'ended' || interview.status === 'published';
  // After the end only the guest a question was assigned to answers it (within 5 working days).
  const mayAnswer = (q: StaffQuestion) => (over ? q.assignedTo?.id === actor.user.publicId : interview.status !== 'published');

  return (
    <article aria-labelledby="interview-title">
      <p><Link href="/workspace/leader/interviews">{t('desk.back')}</Link></p>
      <h1 id="interview-title" data-user-content="">{interview.title}</h1>
      <p><StatusTag status={interview.status} testId="interview-status" /></p>
      <InterviewLive interviewId={interview.id} seq={interview.seq} />
      <InterviewFacts interview={interview} />
      <p className="hint">{t(`desk.statusHint.${interview.status}`)}</p>

      {answering ? (
        <p className="answering-now" role="status">
          <strong>{t('question.answeringNow')}</strong><span data-user-content="">{answering.body}</span>
        </p>
      ) : null}

      <DeskNotices>
      <section aria-labelledby="desk-to-answer">
        <h2 id="desk-to-answer">{over ? t('desk.leftover', { count: toAnswer.length }) : t('desk.toAnswer', { count: toAnswer.length })}</h2>
        <p className="hint">{over ? t('desk.leftoverHint') : t('desk.orderHint')}</p>
        {toAnswer.length ? (
          <ul className="question-list">
            {toAnswer.map((q) => (
              <li key={q.id}>
                <article className="question-card" data-testid="question" data-status={q.status} data-answering={answering?.id === q.id} aria-labelledby={`q-${q.id}`}>
                  <QuestionText question={q} bodyId={`q-${q.id}`} answering={answering?.id === q.id} />
                  {live && answering?.id !== q.id ? <div className="button-row"><AnsweringButton interviewId={interview.id} questionId={q.id} /></div> : null}
                  {over ? (
                    <p className="message-meta" data-testid="assignment">
                      {q.assignedTo && q.dueOn
                        ? q.assignedTo.id === actor.user.publicId ? tm('assignedToYou', { date: q.dueOn }) : <Marked text={tm('assignedTo', { name: q.assignedTo.name, date: q.dueOn })} user={[q.assignedTo.name]} />
                        : tm('notAssigned')}
                    </p>
                  ) : null}
                  {mayAnswer(q) ? (
                    <AnswerEditor interviewId={interview.id} questionId={q.id} question={q.body} draft={q.draft}
                      publishHint={canPublish || over ? undefined : t('desk.publishLater')} />
                  ) : null}
                </article>
              </li>
            ))}
          </ul>
        ) : (
          <EmptyState>{over ? t('desk.noLeftover') : t('desk.noQuestions')}</EmptyState>
        )}
      </section>

      <section aria-labelledby="desk-answered">
        <h2 id="desk-answered">{t('desk.answered', { count: answered.length })}</h2>
        {answered.length ? (
          <ul className="question-list">
            {answered.map((q) => {
              const answer = answers.get(q.id);
              return (
                <li key={q.id}>
                  <article className="question-card" data-testid="question" data-status={q.status} aria-labelledby={`q-${q.id}`}>
                    <QuestionText question={q} bodyId={`q-${q.id}`} />
                    {answer ? <AnswerText answer={answer} /> : null}
                    {/* Only the answer's author corrects it (issue 12, item 7); other guests read it. */}
                    {answer && q.mayCorrect ? <CorrectionForm interviewId={interview.id} questionId={q.id} body={answer.body} /> : null}
                  </article>
                </li>
              );
            })}
          </ul>
        ) : (
          <EmptyState>{t('desk.noAnswered')}</EmptyState>
        )}
      </section>
      </DeskNotices>
    </article>
  );
}
