'use client';

import { Marked } from '@/app/_components/Marked';
import dynamic from 'next/dynamic';
import { useLocale, useTranslations } from 'next-intl';
import type { TranscriptEntry } from '@/lib/interviews/selectors';
import { formatDate, formatDateTime, formatTime, isoOf } from './format';
import { correctionText } from '@/lib/interviews/correction-text';
import { Avatar } from './GuestCards';

// 图文直播 entries are in few interviews: their renderer loads with the first one (page weight, issue 15 item 6).
const LiveUpdateEntry = dynamic(() => import('./LiveUpdateEntry').then((m) => m.LiveUpdateEntry));

/**
 * Host remarks and Q&A pairs in time order: the live text of the interview page, the 文字实录 and the big screen. A
 * pair is a dialogue: the citizen's question on one side, the named guest's answer (with the guest's avatar) on
 * the other. Times on the interview's own day show as HH:mm, others (answers after the end) in full. `newestFirst`
 * reverses the order (the big screen).
 */
export function TranscriptList({ entries, day, testId = 'transcript', newestFirst = false }: {
  entries: TranscriptEntry[];
  day: string;
  testId?: string;
  newestFirst?: boolean;
}) {
  const t = useTranslations('interviews');
  const locale = useLocale();
  const when = (at: string) => (
    <time dateTime={isoOf(at)}>{formatDate(at, locale) === formatDate(day, locale) ? formatTime(at) : formatDateTime(at, locale)}</time>
  );
  const shown = newestFirst ? [...entries].reverse() : entries;
  return (
    <ol className="iv-transcript" data-testid={testId}>
      {shown.map((entry) =>
        entry.kind === 'update' ? <LiveUpdateEntry key={entry.key} update={entry.update} when={when(entry.at)} /> : entry.kind === 'remark' ? (
          <li key={entry.key} className="iv-entry iv-entry-remark" data-testid="entry-remark">
            <p className="iv-meta">
              {when(entry.at)} · <strong><Marked text={t('room.hostSays', { name: entry.remark.author })} user={[entry.remark.author]} /></strong>
            </p>
            <p className="prewrap iv-text" data-user-content="">{entry.remark.body}</p>
          </li>
        ) : (
          <li key={entry.key} className="iv-entry iv-entry-qa" data-testid="entry-qa" data-question-id={entry.question.id} tabIndex={-1}>
            <div className="iv-question iv-bubble iv-bubble-citizen">
              <p className="iv-meta">
                <span className="iv-mark" aria-hidden="true">{t('transcript.question')}</span>
                <Marked text={t('room.askedBy', { name: entry.question.asker })} user={[entry.question.asker]} /> · {when(entry.question.askedAt)}
              </p>
              <p className="prewrap iv-text" data-testid="entry-question" data-user-content="">{entry.question.body}</p>
            </div>
            <div className="iv-answer-row">
              <Avatar name={entry.question.answer.author} size="s" />
              <div className="iv-answer iv-bubble iv-bubble-guest">
                <p className="iv-meta">
                  <span className="iv-mark" aria-hidden="true">{t('transcript.answer')}</span>
                  <strong><Marked text={t('room.answeredBy', { name: entry.question.answer.author, title: entry.question.answer.authorTitle })} user={[entry.question.answer.author, entry.question.answer.authorTitle]} /></strong> · {when(entry.at)}
                  {entry.question.answer.corrected ? (
                    <> <span className="tag tag-warn" data-testid="corrected">{t('room.corrected')}</span>
                      {entry.question.answer.correction ? <> <span data-testid="correction">{correctionText((key, values) => t(`room.${key}`, values), entry.question.answer.correction, formatDateTime(entry.question.answer.correction.at, locale))}</span></> : null}
                    </>
                  ) : null}
                </p>
                <p className="prewrap iv-text" data-testid="entry-answer" data-user-content="">{entry.question.answer.body}</p>
              </div>
            </div>
          </li>
        ),
      )}
    </ol>
  );
}
