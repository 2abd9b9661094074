'use client';

import { useRef, useState } from 'react';
import { useTranslations } from 'next-intl';
import { loadSharedSocket } from '@/app/_components/socket-loader';

const MIN = 5;
const MAX = 500;
const ACK_TIMEOUT_MS = 15_000;

/** 16 random bytes as hex: matches ^[A-Za-z0-9_-]{8,64}$ and, unlike randomUUID, works outside secure contexts. */
function newClientId(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Characters as the server counts them (trimmed, code points). */
const lengthOf = (value: string) => [...value.normalize('NFC').trim()].length;

/**
 * A signed-in citizen's question (announced or live interviews), sent as `question:ask` over the page's socket.
 * One clientId per question text: resending the same text after a lost acknowledgement returns the stored
 * question instead of posting it twice.
 */
export function AskForm({ interviewId, remaining, onAsked }: {
  interviewId: string;
  remaining: number;
  /** The quota left and the question as stored (it joins the asker's own list). */
  onAsked: (remaining: number, question: { id: string; body: string; askedAt: string }) => void;
}) {
  const t = useTranslations('interviews.ask');
  const [body, setBody] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState(false);
  const [pending, setPending] = useState(false);
  const attempt = useRef<{ clientId: string; body: string } | null>(null);
  const field = useRef<HTMLTextAreaElement>(null);
  const count = lengthOf(body);

  function fail(message: string) {
    setError(message);
    field.current?.focus();
  }

  function submit(event: React.FormEvent) {
    event.preventDefault();
    if (pending) return;
    setSent(false);
    if (count < MIN) return fail(t('tooShort'));
    if (count > MAX) return fail(t('tooLong'));
    if (attempt.current?.body !== body) attempt.current = { clientId: newClientId(), body };
    const { clientId } = attempt.current;
    setPending(true);
    setError(null);
    void loadSharedSocket().then(
      (socket) =>
        socket
          .timeout(ACK_TIMEOUT_MS)
          .emit('question:ask', { interviewId, body, clientId }, (timeout, ack) => {
            setPending(false);
            if (timeout || !ack) return fail(t('network'));
            if (!ack.ok) return fail(ack.fields?.body ?? ack.error ?? t('failed'));
            attempt.current = null;
            setBody('');
            setSent(true);
            onAsked(ack.remaining, { id: ack.id, body: body.trim(), askedAt: new Date().toISOString() });
          }),
      () => {
        setPending(false);
        fail(t('network'));
      },
    );
  }

  const describedBy = ['ask-body-hint', error ? 'ask-body-error' : ''].filter(Boolean).join(' ');
  return (
    <>
      {remaining <= 0 ? (
        <p className="notice" data-testid="ask-remaining">{t('quotaUsed')}</p>
      ) : (
        <form className="iv-ask-form" onSubmit={submit} noValidate>
          <div className="field">
            <label htmlFor="ask-body">{t('label')}</label>
            <span className="hint" id="ask-body-hint">{t('hint', { count })}</span>
            <textarea
              id="ask-body"
              name="body"
              rows={4}
              value={body}
              ref={field}
              onChange={(e) => {
                setBody(e.target.value);
                setSent(false);
              }}
              aria-invalid={error ? true : undefined}
              aria-describedby={describedBy}
            />
            {error ? <span className="field-error" id="ask-body-error" role="alert">{error}</span> : null}
          </div>
          <p className="iv-ask-row">
            <button type="submit" disabled={pending}>{pending ? t('sending') : t('submit')}</button>
            <span className="hint" data-testid="ask-remaining">{t('remaining', { count: remaining })}</span>
          </p>
        </form>
      )}
      {/* Outside the form, so it stays in place (and is announced) when the last question uses up the quota. */}
      <p role="status" className="iv-ask-sent" data-testid="ask-status">{sent ? t('sent') : ''}</p>
    </>
  );
}
