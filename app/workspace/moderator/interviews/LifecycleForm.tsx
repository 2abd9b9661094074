'use client';

import { useActionState, useEffect, useId, useRef, useState } from 'react';
import { useTranslations } from 'next-intl';
import type { InterviewStatus } from '@/lib/interviews/schema';
import { interviewActionForm } from './actions';
import { INITIAL_FORM_STATE } from '@/lib/forms/state';
import { DANGER, StaffErrorSummary } from './_shared/StaffErrors';

/** The one next step of an interview's lifecycle (DESIGN.md §5), in order. */
export const NEXT_ACTION: Partial<Record<InterviewStatus, 'announce' | 'go_live' | 'end' | 'publish'>> = {
  draft: 'announce',
  announced: 'go_live',
  live: 'end',
  ended: 'publish',
};

/**
 * 发布预告 → 开始直播 → 结束访谈 → 发布文字实录: one button for the next step, with its consequence as a hint.
 * 结束访谈 cannot be undone: the first press only asks (a second step, 确认结束访谈 or 取消); the form is sent by
 * the second.
 */
export function LifecycleForm({ interviewId, status, title }: { interviewId: string; status: InterviewStatus; title?: string }) {
  const t = useTranslations('interviewsStaff');
  const [state, action, pending] = useActionState(interviewActionForm.bind(null, interviewId), INITIAL_FORM_STATE);
  const [confirming, setConfirming] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const askRef = useRef<HTMLButtonElement>(null);
  const id = useId();
  const next = NEXT_ACTION[status];
  const needsConfirm = next === 'end';

  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  if (!next) return null;
  const hintId = `lifecycle-${interviewId}-hint`;
  const label = title ? t('actionFor', { action: t(`actions.${next}`), title }) : undefined;
  return (
    <form action={action} className="inline-form lifecycle-form" aria-busy={pending}>
      <StaffErrorSummary state={state} formId={id} />
      <input type="hidden" name="action" value={next} />
      {needsConfirm && confirming ? (
        <div className="confirm-step" role="group" aria-labelledby={`${id}-warning`} data-testid="confirm-end">
          <p id={`${id}-warning`} className="confirm-warning">{t('confirmEndWarning')}</p>
          <button type="submit" ref={confirmRef} className={DANGER} disabled={pending}>{pending ? t('submitting') : t('confirmEnd')}</button>
          <button type="button" className="button-secondary" disabled={pending}
            onClick={() => {
              setConfirming(false);
              requestAnimationFrame(() => askRef.current?.focus());
            }}>
            {t('cancelEnd')}
          </button>
        </div>
      ) : (
        <>
          <button
            type={needsConfirm ? 'button' : 'submit'}
            ref={askRef}
            className={needsConfirm ? DANGER : undefined}
            disabled={pending}
            aria-describedby={hintId}
            aria-label={label}
            onClick={needsConfirm ? () => setConfirming(true) : undefined}
          >
            {pending ? t('submitting') : t(`actions.${next}`)}
          </button>
          <span className="hint" id={hintId}>{t(`actionHints.${next}`)}</span>
        </>
      )}
    </form>
  );
}
