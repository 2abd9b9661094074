'use client';

import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import type { InterviewStatus } from '@/lib/interviews/schema';
import { interviewActionForm } from './actions';
import { INITIAL_FORM_STATE } from '@/lib/forms/state';

/** The one next step of an interview's lifecycle (DESIGN.md §5), in order. */
export const NEXT_ACTION: Partial<Record<InterviewStatus, 'announce' | 'go_live' | 'end' | 'publish'>> = {
  draft: 'announce',
  announced: 'go_live',
  live: 'end',
  ended: 'publish',
};

/** 发布预告 → 开始直播 → 结束访谈 → 发布文字实录: one button for the next step, with its consequence as a hint. */
export function LifecycleForm({ interviewId, status, title }: { interviewId: string; status: InterviewStatus; title?: string }) {
  const t = useTranslations('interviewsStaff');
  const [state, action, pending] = useActionState(interviewActionForm.bind(null, interviewId), INITIAL_FORM_STATE);
  const next = NEXT_ACTION[status];
  if (!next) return null;
  const hintId = `lifecycle-${interviewId}-hint`;
  return (
    <form action={action} className="inline-form lifecycle-form" aria-busy={pending}>
      <input type="hidden" name="action" value={next} />
      <button
        type="submit"
        disabled={pending}
        aria-describedby={hintId}
        aria-label={title ? t('actionFor', { action: t(`actions.${next}`), title }) : undefined}
      >
        {pending ? t('submitting') : t(`actions.${next}`)}
      </button>
      <span className="hint" id={hintId}>{t(`actionHints.${next}`)}</span>
      <span role="status" className={state.ok ? undefined : 'field-error'}>{state.ok ? '' : state.message}</span>
    </form>
  );
}
