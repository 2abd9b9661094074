'use client';

import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import { ErrorSummary } from '@/app/_components/FormErrors';
import { createInterviewForm } from './actions';
import { INITIAL_FORM_STATE } from '@/lib/forms/state';
import { InterviewFormFields, type LeaderChoice, type Option } from './_shared/InterviewFormFields';

/** The moderator's form to schedule an interview (saved as a draft; announcing it is a separate step). */
export function CreateInterviewForm({ leaders, departments }: { leaders: LeaderChoice[]; departments: Option[] }) {
  const t = useTranslations('interviewsStaff.create');
  const tf = useTranslations('interviewsStaff');
  const [state, action, pending] = useActionState(createInterviewForm, INITIAL_FORM_STATE);

  return (
    <form action={action} className="form form-wide" aria-busy={pending} noValidate>
      <ErrorSummary title={tf('formErrors')} errors={state.fields} message={state.ok ? null : state.message} />
      <InterviewFormFields state={state} values={state.values ?? {}} leaders={leaders} departments={departments} />
      <button type="submit" disabled={pending}>{pending ? tf('submitting') : t('submit')}</button>
    </form>
  );
}
