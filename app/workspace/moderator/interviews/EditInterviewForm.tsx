'use client';

import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import { ErrorSummary } from '@/app/_components/FormErrors';
import { updateInterviewForm } from './actions';
import { INITIAL_FORM_STATE } from '@/lib/forms/state';
import { InterviewFormFields, type LeaderChoice, type Option } from './_shared/InterviewFormFields';

/**
 * 修改访谈信息: the create form's fields plus the host, filled with the stored interview, and the `version` it was
 * read at — if another moderator saved in between, the save is refused (已被他人处理) and the input is kept.
 */
export function EditInterviewForm({ interviewId, version, initial, leaders, departments, hosts }: {
  interviewId: string;
  version: number;
  initial: Record<string, string>;
  leaders: LeaderChoice[];
  departments: Option[];
  hosts: Option[];
}) {
  const t = useTranslations('interviewsManage.edit');
  const tf = useTranslations('interviewsStaff');
  const [state, action, pending] = useActionState(updateInterviewForm.bind(null, interviewId), INITIAL_FORM_STATE);

  return (
    <form action={action} className="form form-wide" aria-busy={pending} noValidate>
      <ErrorSummary title={tf('formErrors')} errors={state.fields} message={state.ok ? null : state.message} />
      <input type="hidden" name="version" value={state.values?.version ?? String(version)} />
      <InterviewFormFields state={state} values={state.values ?? initial} leaders={leaders} departments={departments} hosts={hosts} guestsHint={t('guestsHint')} />
      <button type="submit" disabled={pending}>{pending ? tf('submitting') : t('submit')}</button>
    </form>
  );
}
