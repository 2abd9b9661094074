'use client';

import { useActionState, useId } from 'react';
import { useTranslations } from 'next-intl';
import { assignAllForm, assignQuestionForm } from '../actions';
import { INITIAL_FORM_STATE, type FormState } from '@/lib/forms/state';
import { StaffErrorSummary } from '../_shared/StaffErrors';

export interface GuestChoice {
  id: string;
  label: string;
}

/** Success, announced politely; errors are in the form's error summary. */
function Outcome({ state, okText }: { state: FormState; okText: string }) {
  return <span role="status" className={state.ok ? 'tag tag-ok' : undefined}>{state.ok ? okText : ''}</span>;
}

function GuestSelect({ id, label, guests, defaultValue, state }: { id: string; label: string; guests: GuestChoice[]; defaultValue: string; state: FormState }) {
  const error = state.fields.guestId;
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <select id={id} name="guestId" defaultValue={state.values?.guestId ?? defaultValue} aria-invalid={error ? true : undefined}>
        {guests.map((g) => <option key={g.id} value={g.id} data-user-content="">{g.label}</option>)}
      </select>
    </>
  );
}

/** 分配 / 改派: one leftover question to one of the interview's guests (5 working days to answer). */
export function AssignQuestionForm({ interviewId, questionId, guests, assignedTo }: {
  interviewId: string;
  questionId: string;
  guests: GuestChoice[];
  assignedTo: string | null;
}) {
  const t = useTranslations('interviewsManage.assign');
  const ts = useTranslations('interviewsStaff');
  const [state, action, pending] = useActionState(assignQuestionForm.bind(null, interviewId, questionId), INITIAL_FORM_STATE);
  const id = useId();
  return (
    <form action={action} className="inline-form assign-form" aria-busy={pending} noValidate>
      <StaffErrorSummary state={state} formId={id} />
      <GuestSelect id={`${id}-guestId`} label={assignedTo ? t('reassignTo') : t('assignTo')} guests={guests} defaultValue={assignedTo ?? guests[0]?.id ?? ''} state={state} />
      <button type="submit" className="button-secondary" disabled={pending}>{pending ? ts('submitting') : assignedTo ? t('reassign') : t('assign')}</button>
      <Outcome state={state} okText={t('assigned')} />
    </form>
  );
}

/** 全部分配给…: every unassigned leftover question (or, ticked, all of them) to one guest. */
export function AssignAllForm({ interviewId, guests }: { interviewId: string; guests: GuestChoice[] }) {
  const t = useTranslations('interviewsManage.assign');
  const ts = useTranslations('interviewsStaff');
  const [state, action, pending] = useActionState(assignAllForm.bind(null, interviewId), INITIAL_FORM_STATE);
  const id = useId();
  return (
    <form action={action} className="form form-wide assign-all" aria-busy={pending} noValidate>
      <StaffErrorSummary state={state} formId={id} />
      <div className="inline-form">
        <GuestSelect id={`${id}-guestId`} label={t('allTo')} guests={guests} defaultValue={guests[0]?.id ?? ''} state={state} />
        <label className="choice">
          <input type="checkbox" name="includeAssigned" defaultChecked={state.values?.includeAssigned === 'on'} /> {t('includeAssigned')}
        </label>
        <button type="submit" disabled={pending}>{pending ? ts('submitting') : t('assignAll')}</button>
        <Outcome state={state} okText={t('assignedAll')} />
      </div>
    </form>
  );
}
