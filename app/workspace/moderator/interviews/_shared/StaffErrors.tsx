'use client';

import { useTranslations } from 'next-intl';
import { ErrorSummary } from '@/app/_components/FormErrors';
import type { FormState } from '@/lib/forms/state';

/** The staff forms' error summary: the message and each field's error, linked to the field (`<form id>-<name>`). */
export function StaffErrorSummary({ state, formId }: { state: FormState; formId: string }) {
  const t = useTranslations('interviewsStaff');
  return <ErrorSummary title={t('formErrors')} errors={state.fields} message={state.ok ? null : state.message} fieldId={(field) => `${formId}-${field}`} />;
}

/** Actions that cannot be taken back (reject, end, delete) look different from the rest: one shared class. */
export const DANGER = 'button-danger';
