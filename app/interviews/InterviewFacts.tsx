'use client';

import { Marked } from '@/app/_components/Marked';
import { useLocale, useTranslations } from 'next-intl';
import type { InterviewState } from '@/lib/interviews/queries';
import { formatDateTime, formatRange, isoOf } from './format';

type Facts = Pick<InterviewState, 'scheduledStart' | 'scheduledEnd' | 'guests' | 'host' | 'department' | 'startedAt' | 'endedAt'>;

/**
 * Time (Beijing), guests with their official titles (unless the page shows them as cards), host, department; when it
 * went live and ended.
 */
export function InterviewFacts({ interview, withGuests = true }: { interview: Facts; withGuests?: boolean }) {
  const t = useTranslations('interviews');
  const locale = useLocale();
  return (
    <dl className="facts">
      <div>
        <dt>{t('facts.time')}</dt>
        <dd><time dateTime={isoOf(interview.scheduledStart)}>{formatRange(interview.scheduledStart, interview.scheduledEnd, locale)}</time></dd>
      </div>
      {withGuests ? <div>
        <dt>{t('facts.guests')}</dt>
        <dd>
          <ul className="iv-guests">
            {interview.guests.map((g) => <li key={g.id}><Marked text={t('guestWithTitle', { name: g.name, title: g.title })} user={[g.name, g.title]} />{g.bio ? <p className="hint" data-user-content="">{g.bio}</p> : null}</li>)}
          </ul>
        </dd>
      </div> : null}
      <div><dt>{t('facts.host')}</dt><dd>{interview.host ? <span data-user-content="">{interview.host}</span> : t('facts.none')}</dd></div>
      <div><dt>{t('facts.department')}</dt><dd>{interview.department ? <span data-user-content="">{interview.department}</span> : t('facts.none')}</dd></div>
      {interview.startedAt ? <div><dt>{t('facts.startedAt')}</dt><dd>{formatDateTime(interview.startedAt, locale)}</dd></div> : null}
      {interview.endedAt ? <div><dt>{t('facts.endedAt')}</dt><dd>{formatDateTime(interview.endedAt, locale)}</dd></div> : null}
    </dl>
  );
}
