'use client';

import { useState } from 'react';
import { useTranslations } from 'next-intl';

/**
 * 订阅提醒 for a signed-in citizen: POST or DELETE /api/v1/interviews/{id}/subscription. The button names what it
 * will do (订阅提醒 / 取消订阅); the line after it says the current state and is announced politely.
 */
export function SubscribeButton({ interviewId, initial }: { interviewId: string; initial: boolean }) {
  const t = useTranslations('interviews.subscription');
  const [subscribed, setSubscribed] = useState(initial);
  const [changed, setChanged] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function toggle() {
    if (pending) return;
    setPending(true);
    setError(null);
    try {
      const response = await fetch(`/api/v1/interviews/${encodeURIComponent(interviewId)}/subscription`, {
        method: subscribed ? 'DELETE' : 'POST',
        headers: { accept: 'application/json' },
      });
      const body = (await response.json().catch(() => null)) as { subscribed?: unknown; error?: { message?: string } } | null;
      if (!response.ok || typeof body?.subscribed !== 'boolean') {
        setError(t('failed', { error: body?.error?.message ?? String(response.status) }));
        return;
      }
      setSubscribed(body.subscribed);
      setChanged(true);
    } catch {
      setError(t('network'));
    } finally {
      setPending(false);
    }
  }

  return (
    <>
      <button type="button" className={subscribed ? 'button-secondary' : undefined} onClick={toggle} disabled={pending}
        data-testid="subscribe-button" data-subscribed={subscribed ? 'true' : 'false'} aria-describedby="iv-subscription-state">
        {subscribed ? t('unsubscribe') : t('subscribe')}
      </button>
      <span className="hint" id="iv-subscription-state" role="status" data-testid="subscription-state">
        {subscribed ? t('subscribed') : changed ? t('unsubscribed') : t('hint')}
      </span>
      {error ? <span className="field-error" role="alert">{error}</span> : null}
    </>
  );
}
