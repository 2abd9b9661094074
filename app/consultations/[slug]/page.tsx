import { randomUUID } from 'node:crypto';
import type { Metadata } from 'next';
import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { currentActor } from '@/lib/auth/session';
import { getConsultationView } from '@/lib/consultations/queries';
import { orNotFound } from '@/app/_components/or-not-found';
import { SimpleForm } from '@/app/_components/SimpleForm';
import { EmptyState } from '@/app/_components/EmptyState';
import { formatDateTime } from '@/app/interviews/format';
import { ConsultationBadge } from '../ConsultationBadge';
import { commentForm, subscriptionForm } from '../actions';
import { FeedbackReport } from './FeedbackReport';
import { Attachments } from '../Attachments';
import { signInHref } from '@/lib/auth/redirect';

export async function generateMetadata({ params }: { params: Promise<{ slug: string }> }): Promise<Metadata> {
  const { slug } = await params;
  const view = await getConsultationView(await currentActor(), slug).catch(() => null);
  return { title: view?.title ?? (await getTranslations('consultations'))('title') };
}

/** One consultation: the draft in sections with their comment counts, the published comments, the comment form, the feedback. */
export default async function ConsultationPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const actor = await currentActor();
  const view = await orNotFound(getConsultationView(actor, slug));
  const t = await getTranslations('consultations');
  const locale = await getLocale();
  const colon = locale === 'en' ? ': ' : '：';
  const paren = (text: string) => (locale === 'en' ? ` (${text})` : `（${text}）`);
  const where = (i: number | null) => (i === null ? t('onWhole') : t('onSection', { n: i + 1, heading: view.sections[i]?.heading ?? '' }));
  const accepting = view.status === 'open' && new Date(view.opensAt) <= new Date() && new Date() < new Date(view.closesAt);
  return (
    <>
      <p><Link href="/consultations">{t('backToList')}</Link></p>
      <h1 data-user-content="">{view.title}</h1>
      <p>
        <ConsultationBadge status={view.status} label={t(`status.${view.status}`)} />{' '}
        {t('period', { opens: formatDateTime(view.opensAt, locale), closes: formatDateTime(view.closedAt && view.closedAt < view.closesAt ? view.closedAt : view.closesAt, locale) })}
      </p>
      <p>{t('department')}{colon}{(locale === 'en' ? view.departmentEn : view.department) ?? ''} · {t('commentCount', { count: view.commentCount })}</p>
      {view.shortPeriodReason ? <p className="notice" data-user-content="">{t('shortPeriod', { reason: view.shortPeriodReason })}</p> : null}
      {view.earlyCloseReason ? <p className="notice" data-user-content="">{t('earlyClose', { reason: view.earlyCloseReason })}</p> : null}
      {view.status === 'open' && new Date(view.opensAt) > new Date() ? <p className="notice">{t('notYetOpen', { opens: formatDateTime(view.opensAt, locale) })}</p> : null}
      {view.resultDocument ? (
        <p>{t('resultDocument')}<Link href={`/disclosure/items/${view.resultDocument.id}`} data-user-content="">{view.resultDocument.title}</Link>{paren(view.resultDocument.indexNo)}</p>
      ) : null}
      {view.feedback ? <p><Link href={`/consultations/${view.slug}/feedback`} data-testid="feedback-link">{t('feedbackLink')}</Link></p> : null}

      <section aria-labelledby="consultation-summary">
        <h2 id="consultation-summary">{t('summaryHeading')}</h2>
        <p className="pre-line" data-user-content="">{view.summary}</p>
      </section>

      <section aria-labelledby="consultation-draft">
        <h2 id="consultation-draft">{t('draftHeading')}</h2>
        {view.sections.map((s, i) => (
          <article key={i} className="card" aria-labelledby={`section-${i}`} data-testid="consultation-section">
            <h3 id={`section-${i}`} data-user-content="">{s.heading}</h3>
            <p className="pre-line" data-user-content="">{s.body}</p>
            <p><Link href={`#comments-${i}`} data-testid="section-comment-count">{t('sectionComments', { count: s.commentCount })}</Link></p>
          </article>
        ))}
        {view.attachments.length ? <><h3>{t('attachmentsHeading')}</h3><Attachments items={view.attachments} /></> : null}
        <p data-testid="whole-comment-count">{t('wholeComments', { count: view.wholeCommentCount })}</p>
      </section>

      {actor.user?.role === 'citizen' && view.viewer ? (
        <section aria-labelledby="consultation-participate">
          <h2 id="consultation-participate">{t('formHeading')}</h2>
          {accepting && view.viewer.remaining > 0 ? (
            <>
              <p>{t(view.moderateComments ? 'formIntro' : 'formIntroAtOnce', { quota: view.commentQuota, remaining: view.viewer.remaining })}</p>
              <SimpleForm action={commentForm.bind(null, view.id, view.slug)} idPrefix="comment" submit={t('submit')} okText={t('submitted')}
                fields={[
                  // A new id with each render of the form: a resent submission (a retry, a double submit) returns the first comment.
                  { name: 'clientId', label: '', type: 'hidden', value: randomUUID() },
                  { name: 'sectionIndex', label: t('sectionLabel'), type: 'select', options: [{ value: '', label: t('onWhole') }, ...view.sections.map((_, i) => ({ value: String(i), label: where(i) }))] },
                  { name: 'body', label: t('bodyLabel'), type: 'textarea', rows: 5, hint: t('bodyHint'), required: true },
                ]} />
            </>
          ) : accepting ? <p>{t('quotaUsed', { quota: view.commentQuota })}</p> : null}
          {view.status !== 'feedback_published' ? (
            <>
              <p className="hint">{t('subscribeHint')}</p>
              <SimpleForm action={subscriptionForm.bind(null, view.id, view.slug)} idPrefix="subscription" className="inline-form"
                submit={view.viewer.subscribed ? t('unsubscribe') : t('subscribe')} okText={view.viewer.subscribed ? t('subscribed') : t('unsubscribed')}
                fields={[{ name: 'subscribe', label: '', type: 'hidden', value: view.viewer.subscribed ? 'off' : 'on' }]} />
            </>
          ) : null}
          {view.viewer.mine.length ? (
            <>
              <h3>{t('mineHeading')}</h3>
              <ul data-testid="my-comments">
                {view.viewer.mine.map((m) => (
                  <li key={m.id}>
                    {where(m.sectionIndex)}{colon}<span data-user-content="">{m.body}</span>{paren(t(`mineStatus.${m.status}`))}
                    {m.status === 'rejected' && m.rejectCode ? (
                      <span className="hint" data-testid="my-comment-reason">
                        {' '}{t('mineReason', { reason: t(`rejectReason.${m.rejectCode}`) })}
                        {m.rejectNote ? <> {t('mineNote')}<span data-user-content="">{m.rejectNote}</span></> : null}
                      </span>
                    ) : null}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
      ) : accepting ? (
        <p className="notice">{actor.user ? t('staffNoComment') : <>{t('signInToComment')} <Link href={signInHref(`/consultations/${view.slug}`)}>{t('signIn')}</Link></>}</p>
      ) : null}

      <section aria-labelledby="consultation-comments">
        <h2 id="consultation-comments">{t('commentsHeading')}</h2>
        {view.comments.length === 0 ? <EmptyState>{t('noComments')}</EmptyState> : (
          [null, ...view.sections.map((_, i) => i)].map((i) => {
            const list = view.comments.filter((c) => c.sectionIndex === i);
            if (list.length === 0) return null;
            return (
              <div key={i ?? 'whole'} id={i === null ? 'comments-whole' : `comments-${i}`}>
                <h3>{where(i)}</h3>
                <ul className="card-list">
                  {list.map((c) => (
                    <li key={c.id} className="card" data-testid="public-comment">
                      <p className="pre-line" data-user-content="">{c.body}</p>
                      <p className="hint">{t('commentBy', { author: c.author, date: formatDateTime(c.createdAt, locale) })}
                        {c.disposition ? <> · <strong>{t(`disposition.${c.disposition}`)}</strong>{c.reason ? <span data-user-content="">{colon}{c.reason}</span> : null}</> : null}</p>
                    </li>
                  ))}
                </ul>
              </div>
            );
          })
        )}
      </section>

      {view.feedback ? <FeedbackReport view={view} /> : null}
    </>
  );
}
