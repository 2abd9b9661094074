'use client';

import { useState } from 'react';
import { useTranslations } from 'next-intl';
import { loadSharedSocket } from '@/app/_components/socket-loader';

const VOTE_TIMEOUT_MS = 10_000;

/** A citizen's 同问 on one question: `question:vote` over the page's socket, with acknowledgement. */
export function VoteButton({ questionId, voted, describedBy, onVoted }: {
  questionId: string;
  voted: boolean;
  describedBy: string;
  onVoted: (votes?: number) => void;
}) {
  const t = useTranslations('interviews.room');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  function vote() {
    if (pending || voted) return;
    setPending(true);
    setError(null);
    void loadSharedSocket().then(
      (socket) =>
        socket
          .timeout(VOTE_TIMEOUT_MS)
          .emit('question:vote', { questionId }, (timeout, ack) => {
            setPending(false);
            if (timeout || !ack) return setError(t('voteNetwork'));
            if (ack.ok) return onVoted(typeof ack.votes === 'number' ? ack.votes : undefined);
            if (ack.code === 'conflict' && /同问过|already said/.test(ack.error ?? '')) return onVoted();
            setError(t('voteFailed', { error: ack.error ?? '' }));
          }),
      () => {
        setPending(false);
        setError(t('voteNetwork'));
      },
    );
  }

  return (
    <>
      <button type="button" className="button-secondary" onClick={vote} disabled={pending || voted} aria-describedby={describedBy}>
        {voted ? t('voted') : t('vote')}
      </button>
      {error ? <span className="field-error" role="alert">{error}</span> : null}
    </>
  );
}
