'use client';

import { Marked } from '@/app/_components/Marked';
import { useTranslations } from 'next-intl';
import type { InterviewState } from '@/lib/interviews/queries';
import { ownQuestions } from '@/lib/interviews/selectors';

/**
 * 我的提问: a signed-in citizen's own questions in this interview and what became of them — pending, accepted,
 * answered, merged as the same question, or not accepted with the reason the moderator chose (issue 16 item 7: the
 * asker is told). Only the asker reads this: from the page's snapshot and the account's own `question:mine` messages.
 */
export function MyQuestions({ state }: { state: InterviewState }) {
  const t = useTranslations('interviews');
  const mine = ownQuestions(state);
  if (mine.length === 0) return null;
  return (
    <section className="iv-mine" aria-labelledby="interview-mine" data-testid="my-questions">
      <h2 id="interview-mine">{t('mine.heading')}</h2>
      <p className="hint">{t('mine.hint')}</p>
      <ul>
        {mine.map((q) => (
          <li key={q.id} data-testid="my-question" data-question-id={q.id} data-status={q.status}>
            <p className="prewrap iv-text" data-user-content="">{q.body}</p>
            <p className="iv-meta">
              <span className={q.status === 'rejected' ? 'tag tag-warn' : 'tag'}>{t(`mine.status.${q.status}`)}</span>
            </p>
            {q.status === 'rejected' && q.reason ? (
              <p className="iv-mine-reason" data-testid="reject-reason">
                {t('mine.reason', { reason: t(`rejectReason.${q.reason}`) })}
                {q.note ? <><br /><Marked text={t('mine.note', { note: q.note })} user={[q.note]} /></> : null}
              </p>
            ) : null}
            {q.status === 'merged' ? <p className="hint">{t('mine.mergedHint')}</p> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
