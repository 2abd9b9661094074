import { getTranslations } from 'next-intl/server';
import type { PublicPoll } from '@/lib/interviews/event-types';

/** 现场投票结果 in the transcript: each closed poll with its final counts and shares of the voters. */
export async function PollResults({ polls }: { polls: PublicPoll[] }) {
  if (polls.length === 0) return null;
  const t = await getTranslations('interviews.polls');
  return (
    <section aria-labelledby="transcript-polls" data-testid="transcript-polls">
      <h2 id="transcript-polls">{t('transcriptHeading', { count: polls.length })}</h2>
      {polls.map((poll) => {
        const voters = poll.voters ?? 0;
        return (
          <article key={poll.id} className="iv-poll" data-testid="transcript-poll">
            <h3 className="iv-poll-question"><span data-user-content="">{poll.question}</span> <span className="tag">{poll.multiple ? t('multiple') : t('single')}</span></h3>
            <p className="iv-meta">{t('voters', { count: voters })}</p>
            <ul className="iv-poll-results">
              {poll.options.map((option, i) => {
                const count = poll.counts?.[i] ?? 0;
                const percent = voters ? Math.round((count / voters) * 100) : 0;
                return (
                  <li key={i} data-testid="poll-result" data-count={count}>
                    <span data-user-content="">{option}</span> <span>{t('count', { count, percent })}</span>
                    <progress className="iv-poll-bar" max={100} value={percent} aria-hidden="true" />
                  </li>
                );
              })}
            </ul>
          </article>
        );
      })}
    </section>
  );
}
