'use client';

import { useRouter } from 'next/navigation';
import { useId, useState } from 'react';
import { useTranslations } from 'next-intl';
import type { PublicPoll } from '@/lib/interviews/event-types';

async function post(url: string, body: unknown): Promise<string | null> {
  try {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (response.ok) return null;
    const data = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
    return data?.error?.message ?? String(response.status);
  } catch {
    return 'network';
  }
}

/**
 * 现场投票 in the moderator console: open a poll (API: POST /api/v1/interviews/{id}/polls) and close one
 * (POST /api/v1/polls/{id}/actions). Counts are always shown here; the console refreshes on the staff room's
 * `poll.results` messages (../_shared/InterviewLive.tsx).
 */
export function ConsolePolls({ interviewId, live, polls }: { interviewId: string; live: boolean; polls: PublicPoll[] }) {
  const t = useTranslations('interviewsStaff.polls');
  const router = useRouter();
  const id = useId();
  const [pending, setPending] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function open(form: HTMLFormElement) {
    const data = new FormData(form);
    setPending('open');
    setError(null);
    const options = String(data.get('options') ?? '').split('\n').map((o) => o.trim()).filter(Boolean);
    const failed = await post(`/api/v1/interviews/${encodeURIComponent(interviewId)}/polls`, {
      question: String(data.get('question') ?? ''), options, multiple: data.get('multiple') === 'on', hideResultsUntilClosed: data.get('hide') === 'on',
    });
    setPending(null);
    if (failed) return setError(t('failed', { error: failed }));
    form.reset();
    router.refresh();
  }

  async function close(pollId: string) {
    setPending(pollId);
    setError(null);
    const failed = await post(`/api/v1/polls/${encodeURIComponent(pollId)}/actions`, { action: 'close' });
    setPending(null);
    if (failed) return setError(t('failed', { error: failed }));
    router.refresh();
  }

  return (
    <section aria-labelledby={`${id}-polls`} className="remarks-panel" data-testid="console-polls">
      <h2 id={`${id}-polls`}>{t('heading')}</h2>
      {polls.length === 0 ? <p>{t('none')}</p> : (
        <ul className="messages">
          {[...polls].reverse().map((poll) => (
            <li key={poll.id} className="message" data-testid="console-poll" data-status={poll.status}>
              <p><strong data-user-content="">{poll.question}</strong> <span className="tag">{poll.status === 'open' ? t('open') : t('closed')}</span>
                {poll.hideResults && poll.status === 'open' ? <> <span className="tag">{t('hiddenTag')}</span></> : null}</p>
              <p className="message-meta">{t('voters', { count: poll.voters ?? 0 })}</p>
              <ul>
                {poll.options.map((option, i) => <li key={i}><span data-user-content="">{option}</span>{t('optionSeparator')}{t('count', { count: poll.counts?.[i] ?? 0 })}</li>)}
              </ul>
              {poll.status === 'open' ? (
                <button type="button" className="button-secondary" disabled={pending !== null} onClick={() => void close(poll.id)}>
                  {pending === poll.id ? t('closing') : t('close')}
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {live ? (
        <form className="form form-wide" noValidate onSubmit={(e) => { e.preventDefault(); void open(e.currentTarget); }} aria-busy={pending === 'open'}>
          <div className="field">
            <label htmlFor={`${id}-question`}>{t('question')}</label>
            <input id={`${id}-question`} name="question" required maxLength={120} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-options`}>{t('options')}</label>
            <textarea id={`${id}-options`} name="options" rows={4} required />
          </div>
          <div className="field">
            <label><input type="checkbox" name="multiple" /> {t('multiple')}</label>
            <label><input type="checkbox" name="hide" /> {t('hide')}</label>
          </div>
          <button type="submit" disabled={pending !== null}>{pending === 'open' ? t('opening') : t('openButton')}</button>
        </form>
      ) : <p className="hint">{t('liveOnly')}</p>}
      {error ? <p className="field-error" role="alert">{error}</p> : null}
    </section>
  );
}
