import { Marked } from '@/app/_components/Marked';
import { getLocale, getTranslations } from 'next-intl/server';
import type { InterviewState, InterviewSummary, StaffQuestion } from '@/lib/interviews/queries';
import type { PublicAnswer } from '@/lib/interviews/views';
import { correctionText } from '@/lib/interviews/correction-text';
import { formatDateTime, formatRange } from './format';
import './interviews-staff.css';

const STATUS_TAG: Record<string, string> = { draft: 'tag', announced: 'tag tag-warn', live: 'tag tag-danger', ended: 'tag', published: 'tag tag-ok' };

/** The interview's status as a tag (草稿, 预告中, 直播中 …). */
export async function StatusTag({ status, testId }: { status: InterviewSummary['status']; testId?: string }) {
  const t = await getTranslations('interviewsStaff.status');
  return <span className={STATUS_TAG[status] ?? 'tag'} data-testid={testId}>{t(status)}</span>;
}

/** 嘉宾: 王局长（副局长）、… (`format` is the `guestWithTitle` message); the names and titles marked as user content. */
export function guestLine(guests: InterviewSummary['guests'], format: (values: { name: string; title: string }) => string, separator = '、'): React.ReactNode {
  const text = guests.map((g) => format({ name: g.name, title: g.title })).join(separator);
  return <Marked text={text} user={guests.flatMap((g) => [g.name, g.title])} />;
}

/** Time, guests, department and host of an interview, as a description list. */
export async function InterviewFacts({ interview }: { interview: InterviewState }) {
  const t = await getTranslations('interviewsStaff.facts');
  const ts = await getTranslations('interviewsStaff');
  const locale = await getLocale();
  return (
    <dl className="facts">
      <div><dt>{t('time')}</dt><dd>{formatRange(interview.scheduledStart, interview.scheduledEnd, locale)}</dd></div>
      <div><dt>{t('guests')}</dt><dd>{guestLine(interview.guests, (v) => ts('guestWithTitle', v), ts('guestSeparator'))}</dd></div>
      <div><dt>{t('department')}</dt><dd>{interview.department ? <span data-user-content="">{interview.department}</span> : t('none')}</dd></div>
      <div><dt>{t('host')}</dt><dd>{interview.host ? <span data-user-content="">{interview.host}</span> : t('none')}</dd></div>
      {interview.startedAt ? <div><dt>{t('startedAt')}</dt><dd>{formatDateTime(interview.startedAt, locale)}</dd></div> : null}
      {interview.endedAt ? <div><dt>{t('endedAt')}</dt><dd>{formatDateTime(interview.endedAt, locale)}</dd></div> : null}
    </dl>
  );
}

/**
 * A question as staff see it: who asked and when, 同问 count, star, the current text and — when a moderator
 * edited it — the original.
 */
export async function QuestionText({ question, bodyId, answering }: { question: StaffQuestion; bodyId: string; answering?: boolean }) {
  const t = await getTranslations('interviewsStaff.question');
  const locale = await getLocale();
  const edited = question.body !== question.originalBody;
  return (
    <>
      <p className="message-meta">
        <Marked text={t('askedBy', { name: question.askerName, time: formatDateTime(question.askedAt, locale) })} user={[question.askerName]} /> · {t('votes', { count: question.votes })}
        {question.starred ? <> · <span className="tag tag-warn">{t('starred')}</span></> : null}
        {answering ? <> · <span className="tag tag-danger" data-testid="answering">{t('answering')}</span></> : null}
        {edited ? <> · <span className="tag">{t('edited')}</span></> : null}
      </p>
      <p className="prewrap question-body" id={bodyId} data-user-content="">{question.body}</p>
      {edited ? (
        <p className="question-original">
          <strong>{t('original')}</strong>
          <span className="prewrap" data-user-content="">{question.originalBody}</span>
        </p>
      ) : null}
    </>
  );
}

/** A published answer: the guest, the time and whether it was corrected, by whom and when. */
export async function AnswerText({ answer }: { answer: PublicAnswer }) {
  const t = await getTranslations('interviewsStaff.question');
  const locale = await getLocale();
  return (
    <div className="message message-answer" data-testid="answer">
      <p className="message-meta">
        <Marked text={t('answeredBy', { name: answer.author, title: answer.authorTitle, time: formatDateTime(answer.publishedAt, locale) })} user={[answer.author, answer.authorTitle]} />
        {answer.corrected ? <> · <span className="tag tag-warn" data-testid="corrected">{t('corrected')}</span>{answer.correction ? <> {correctionText(t, answer.correction, formatDateTime(answer.correction.at, locale))}</> : null}</> : null}
      </p>
      <p className="prewrap" data-user-content="">{answer.body}</p>
    </div>
  );
}
