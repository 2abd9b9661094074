import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import type { ConsultationView } from '@/lib/consultations/queries';

/** The feedback report (反馈): counts per disposition, the adopted points, the reasons for what was not adopted. */
export async function FeedbackReport({ view, level = 2 }: { view: ConsultationView; level?: 1 | 2 }) {
  const t = await getTranslations('consultations');
  const locale = await getLocale();
  const feedback = view.feedback!;
  const where = (i: number | null) => (i === null ? t('onWhole') : t('onSection', { n: i + 1, heading: view.sections[i]?.heading ?? '' }));
  const Heading = level === 1 ? 'h1' : 'h2';
  const Sub = level === 1 ? 'h2' : 'h3';
  const colon = locale === 'en' ? ': ' : '：';
  const paren = (text: string) => (locale === 'en' ? ` (${text})` : `（${text}）`);
  return (
    <section aria-labelledby="consultation-feedback" data-testid="feedback-report">
      <Heading id="consultation-feedback">{t('feedbackHeading')}</Heading>
      <p data-testid="feedback-summary">{t('feedbackSummary', { total: feedback.total, adopted: feedback.counts.adopted, partly: feedback.counts.partly_adopted, not: feedback.counts.not_adopted })}</p>
      <p>{t('feedbackItem', { indexNo: feedback.indexNo })} <Link href={`/disclosure/items/${feedback.itemId}`}>{t('feedbackItemLink')}</Link></p>
      <Sub>{t('adoptedHeading')}</Sub>
      {feedback.adopted.length === 0 ? <p>{t('none')}</p> : (
        <ol>
          {feedback.adopted.map((a) => (
            <li key={a.id}>
              <strong>{t(`disposition.${a.disposition}`)}</strong>{paren(where(a.sectionIndex))}{colon}<span data-user-content="">{a.body}</span>
              {a.reason ? <p className="hint" data-user-content="">{t('reason', { reason: a.reason })}</p> : null}
            </li>
          ))}
        </ol>
      )}
      <Sub>{t('notAdoptedHeading')}</Sub>
      {feedback.notAdopted.length === 0 ? <p>{t('none')}</p> : (
        <ol>
          {feedback.notAdopted.map((a) => (
            <li key={a.id}>
              {paren(where(a.sectionIndex))}{colon}<span data-user-content="">{a.body}</span>
              <p className="hint" data-user-content="">{t('notAdoptedReason', { reason: a.reason ?? '' })}</p>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
