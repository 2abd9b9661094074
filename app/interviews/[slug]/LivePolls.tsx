'use client';

import { Marked } from '@/app/_components/Marked';
import { useState } from 'react';
import { useTranslations } from 'next-intl';
import type { Role } from '@/lib/accounts/schema';
import type { PublicPoll } from '@/lib/interviews/event-types';
import { loadSharedSocket } from '@/app/_components/socket-loader';

const VOTE_TIMEOUT_MS = 10_000;

/**
 * 现场投票 (issue 16, item 4): the interview's polls as the event log keeps them (`poll.updated`), newest first.
 * Citizens vote once per account, visitors once per device (the page says how the device is recognised); staff
 * accounts see the results only. Counts are read out politely as they change.
 */
export function LivePolls({ polls, role, initialMine }: { polls: PublicPoll[]; role: Role | null; initialMine?: Record<string, number[]> }) {
  const t = useTranslations('interviews.polls');
  const [mine, setMine] = useState<Record<string, number[]>>(initialMine ?? {});
  if (polls.length === 0) return null;
  const canVote = role === null || role === 'citizen';
  return (
    <section className="iv-polls" aria-labelledby="interview-polls" data-testid="polls">
      <h2 id="interview-polls">{t('heading')}</h2>
      {role === null ? <p className="hint">{t('deviceNote')}</p> : !canVote ? <p className="hint">{t('staffNote')}</p> : null}
      {[...polls].reverse().map((poll) => (
        <PollCard key={poll.id} poll={poll} canVote={canVote} mine={mine[poll.id]} onVoted={(options) => setMine((m) => ({ ...m, [poll.id]: options }))} />
      ))}
    </section>
  );
}

function PollCard({ poll, canVote, mine, onVoted }: { poll: PublicPoll; canVote: boolean; mine?: number[]; onVoted: (options: number[]) => void }) {
  const t = useTranslations('interviews.polls');
  const [chosen, setChosen] = useState<number[]>([]);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const open = poll.status === 'open';
  const voted = mine !== undefined;
  const legendId = `poll-${poll.id}-q`;

  function toggle(index: number, on: boolean) {
    setChosen((list) => (poll.multiple ? (on ? [...list, index] : list.filter((i) => i !== index)) : [index]));
  }

  function vote(event: React.FormEvent) {
    event.preventDefault();
    if (pending || voted) return;
    if (chosen.length === 0) return setError(t('chooseOne'));
    setPending(true);
    setError(null);
    void loadSharedSocket().then(
      (socket) => socket.timeout(VOTE_TIMEOUT_MS).emit('poll:vote', { pollId: poll.id, options: chosen }, (timeout, ack) => {
        setPending(false);
        if (timeout || !ack) return setError(t('network'));
        if (ack.ok) return onVoted(ack.options);
        if (ack.code === 'conflict' && /投过|already voted/.test(ack.error ?? '')) return onVoted([...chosen].sort());
        setError(t('failed', { error: ack.error ?? '' }));
      }),
      () => {
        setPending(false);
        setError(t('network'));
      },
    );
  }

  // Shares of the voters (a multiple-choice ballot counts for each option chosen).
  const total = poll.voters ?? 0;
  return (
    <article className="iv-poll" data-testid="poll" data-poll-id={poll.id} data-status={poll.status}>
      {open && canVote && !voted ? (
        <form onSubmit={vote} noValidate>
          <fieldset>
            <legend id={legendId}>
              <span className="iv-poll-question" data-user-content="">{poll.question}</span>{' '}
              <span className="tag">{poll.multiple ? t('multiple') : t('single')}</span>
            </legend>
            {poll.options.map((option, i) => (
              <label key={i} className="iv-poll-option">
                <input type={poll.multiple ? 'checkbox' : 'radio'} name={`poll-${poll.id}`} value={i}
                  checked={chosen.includes(i)} onChange={(e) => toggle(i, e.target.checked)} />{' '}
                <span data-user-content="">{option}</span>
              </label>
            ))}
          </fieldset>
          <button type="submit" disabled={pending}>{pending ? t('voting') : t('vote')}</button>
          {error ? <span className="field-error" role="alert">{error}</span> : null}
        </form>
      ) : (
        <h3 className="iv-poll-question" id={legendId}>
          <span data-user-content="">{poll.question}</span> <span className="tag">{poll.multiple ? t('multiple') : t('single')}</span>
        </h3>
      )}
      <p className="iv-meta">
        <span className={open ? 'tag tag-live' : 'tag'} data-testid="poll-status">{open ? t('open') : t('closed')}</span>
        {voted ? <> · <span data-testid="poll-voted">{t('voted')}</span> · <Marked text={t('mine', { options: mine!.map((i) => poll.options[i]).join(t('optionSeparator')) })} user={mine!.map((i) => poll.options[i])} /></> : null}
      </p>
      <div aria-live="polite" aria-atomic="true" data-testid="poll-results">
        {poll.counts ? (
          <>
            <p className="iv-meta">{t('results')} · <span data-testid="poll-voters">{t('voters', { count: poll.voters ?? 0 })}</span></p>
            <ul className="iv-poll-results" aria-labelledby={legendId}>
              {poll.options.map((option, i) => {
                const count = poll.counts![i] ?? 0;
                const percent = total ? Math.round((count / total) * 100) : 0;
                return (
                  <li key={i} data-testid="poll-result" data-count={count}>
                    <span data-user-content="">{option}</span> <span>{t('count', { count, percent })}</span>
                    <progress className="iv-poll-bar" max={100} value={percent} aria-hidden="true" />
                  </li>
                );
              })}
            </ul>
          </>
        ) : (
          <p className="hint" data-testid="poll-hidden">{t('hidden')}</p>
        )}
      </div>
    </article>
  );
}
