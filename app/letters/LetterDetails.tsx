import { useLocale, useTranslations } from 'next-intl';
import type { LetterView } from '@/lib/letters/queries';
import { AttachmentList } from './Attachments';
import { describeEventIn, formatDateTime } from './labels';

/**
 * A letter as its viewer may see it: facts, text, replies, rating and timeline. Text is rendered as text. Shared by
 * server pages and the lookup form (a client component): useTranslations works in both (messages: letterUi).
 * What people wrote and departments' names are marked `data-user-content` (e2e/english.spec.ts).
 */
export function LetterFacts({ letter }: { letter: LetterView }) {
  const t = useTranslations('letterUi');
  const locale = useLocale();
  const badges = letter.badges.map((b) => <span key={b} className="tag tag-warn">{t(`badges.${b}`)}</span>);
  return (
    <dl className="facts">
      <div><dt>{t('facts.trackingNo')}</dt><dd>{letter.trackingNo}</dd></div>
      <div><dt>{t('facts.kind')}</dt><dd>{t(`kinds.${letter.kind}`)}</dd></div>
      <div><dt>{t('facts.status')}</dt><dd data-testid="letter-status">{t(`statuses.${letter.status}`)}</dd></div>
      <div>
        <dt>{t('facts.department')}</dt>
        <dd>
          {letter.department ? <span data-user-content="">{letter.department}</span> : letter.requestedDepartment
            ? t.rich('facts.unroutedChosen', { department: letter.requestedDepartment, name: (chunks) => <span data-user-content="">{chunks}</span> })
            : t('facts.unrouted')}
        </dd>
      </div>
      {letter.topic ? (
        <div>
          <dt>{t('facts.topic')}</dt>
          <dd data-testid="letter-topic"><span data-user-content="">{(locale === 'en' ? letter.topic.pathEn : letter.topic.path).join(' > ')}</span>{letter.topic.active ? null : t('facts.topicInactive')}</dd>
        </div>
      ) : null}
      {letter.district ? <div><dt>{t('facts.district')}</dt><dd data-testid="letter-district" data-user-content="">{locale === 'en' ? letter.district.nameEn || letter.district.name : letter.district.name}</dd></div> : null}
      {letter.place ? <div><dt>{t('facts.place')}</dt><dd data-testid="letter-place" data-user-content="">{letter.place}</dd></div> : null}
      <div><dt>{t('facts.submittedAt')}</dt><dd>{formatDateTime(letter.submittedAt, locale)}</dd></div>
      {letter.intake ? (
        <>
          <div><dt>{t('facts.channel')}</dt><dd data-testid="letter-channel-fact">{t('facts.channelEntered', { channel: t(`channels.${letter.channel}`) })}</dd></div>
          <div><dt>{t('facts.receivedOn')}</dt><dd>{letter.intake.receivedOn}</dd></div>
          {letter.intake.person ? (
            <div>
              <dt>{t('facts.person')}</dt>
              <dd data-testid="letter-person" data-user-content="">{[letter.intake.person.name, letter.intake.person.phone, letter.intake.person.email].filter(Boolean).join('，')}</dd>
            </div>
          ) : null}
        </>
      ) : null}
      {letter.deadlines.routing ? (
        <div>
          <dt>{t('facts.routingDeadline')}</dt>
          <dd data-testid="routing-deadline">
            {letter.deadlines.routing.dueAt ?? '—'}
            <span className="hint">{t('facts.routingHint', { days: letter.deadlines.routing.workingDays })}</span>{' '}
            {badges}
          </dd>
        </div>
      ) : null}
      <div>
        <dt>{t('facts.answerDeadline')}</dt>
        <dd data-testid="answer-deadline">
          {letter.deadlines.answer.estimated
            ? <>{t('facts.answerEstimated', { days: letter.deadlines.answer.workingDays })}{letter.deadlines.answer.dueAt ? t('facts.answerEstimatedBy', { date: letter.deadlines.answer.dueAt }) : ''}</>
            : <>{letter.deadlines.answer.dueAt ?? '—'}{letter.deadlines.answer.dueAt ? <span className="hint">{t('facts.workingDays', { days: letter.deadlines.answer.workingDays })}</span> : null}</>}
          {letter.deadlines.routing ? null : <>{' '}{badges}</>}
        </dd>
      </div>
      {letter.extensionDays ? <div><dt>{t('facts.extension')}</dt><dd>{t('facts.extensionDays', { days: letter.extensionDays })}</dd></div> : null}
      <div>
        <dt>{t('facts.consent')}</dt>
        <dd data-testid="letter-consent">{letter.consentToPublish ? t('facts.consentYes') : t('facts.consentNo')}</dd>
      </div>
      {letter.mergedInto ? <div><dt>{t('facts.merged')}</dt><dd>{t('facts.mergedInto', { trackingNo: letter.mergedInto })}</dd></div> : null}
    </dl>
  );
}

/** `code`: looked up with the query code (attachments are downloaded by posting it). */
export function LetterBody({ letter, code }: { letter: LetterView; code?: string }) {
  const t = useTranslations('letterUi');
  const locale = useLocale();
  return (
    <>
      <section aria-labelledby="letter-body">
        <h2 id="letter-body">{t('body.heading')}</h2>
        <p className="prewrap" data-user-content="">{letter.body}</p>
        <AttachmentList trackingNo={letter.trackingNo} items={letter.attachments ?? []} code={code} />
      </section>
      <section aria-labelledby="letter-replies">
        <h2 id="letter-replies">{t('body.replies')}</h2>
        {letter.mergedAnswer === 'masked' ? <p className="hint" data-testid="merged-answer-note">{t('body.mergedMasked', { trackingNo: letter.mergedInto ?? '' })}</p> : null}
        {letter.mergedAnswer === 'withheld' ? <p className="hint" data-testid="merged-answer-note">{t('body.mergedWithheld', { trackingNo: letter.mergedInto ?? '' })}</p> : null}
        {letter.replies.length === 0 ? <p className="empty-state">{t('body.noReplies')}</p> : (
          <ol className="messages">
            {letter.replies.map((r, i) => (
              <li key={i} className={`message message-${r.kind}`}>
                <p className="message-meta">
                  {r.kind === 'answer' ? <>{t('body.answer')} · <span data-user-content="">{r.department ?? ''}</span></> : r.kind === 'info_request' ? t('body.infoRequest') : t('body.infoProvided')} · {formatDateTime(r.createdAt, locale)}
                  {r.author ? <> · <span data-user-content="">{r.author}</span></> : null}
                </p>
                <p className="prewrap" data-user-content="">{r.body}</p>
                <AttachmentList trackingNo={letter.trackingNo} items={r.attachments ?? []} code={code} />
              </li>
            ))}
          </ol>
        )}
        {letter.rating ? (
          <p>{t('body.rating')}<strong>{t(`ratings.${letter.rating.rating}`)}</strong>{letter.rating.comment ? <span data-user-content="">{locale === 'en' ? ` (${letter.rating.comment})` : `（${letter.rating.comment}）`}</span> : null}</p>
        ) : null}
      </section>
    </>
  );
}

export function LetterTimeline({ letter }: { letter: LetterView }) {
  const t = useTranslations('letterUi');
  const locale = useLocale();
  const role = (r: string) => (t.has(`actors.${r}`) ? t(`actors.${r}`) : r);
  return (
    <section aria-labelledby="letter-timeline">
      <h2 id="letter-timeline">{t('body.timeline')}</h2>
      <ol className="timeline">
        {letter.events.map((e, i) => {
          // The detail carries what people wrote (reasons, notes, department names): marked as theirs.
          const detail = describeEventIn((key, values) => t(key, values), e.type, e.data);
          return (
            <li key={i}>
              <time dateTime={new Date(e.at).toISOString()}>{formatDateTime(e.at, locale)}</time> · <strong>{t.has(`events.${e.type}`) ? t(`events.${e.type}`) : e.type}</strong> ·{' '}
              {e.actorName ? <>{t.rich('actorNamed', { name: e.actorName, role: role(e.actorRole), n: (c) => <span data-user-content="">{c}</span> })}</> : role(e.actorRole)}
              {detail ? <div className="prewrap" data-user-content="">{detail}</div> : null}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
