'use client';

import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import { INITIAL_FORM_STATE } from '@/lib/forms/state';
import { ErrorSummary, FieldError, fieldProps } from '@/app/_components/FormErrors';
import { claimLetterForm } from './actions';

/** Tracking number and query code from the receipt staff printed; a server action (works without JavaScript). */
export function ClaimForm() {
  const t = useTranslations('letterIntake');
  const [state, action, pending] = useActionState(claimLetterForm, INITIAL_FORM_STATE);
  return (
    <form action={action} className="form" aria-busy={pending} noValidate>
      <ErrorSummary title={t('errorTitle')} errors={state.fields} message={state.message} />
      <div className="field">
        <label htmlFor="field-trackingNo">{t('trackingNo')}</label>
        <input {...fieldProps(state, 'trackingNo')} type="text" inputMode="numeric" autoComplete="off" maxLength={20} defaultValue={state.values?.trackingNo ?? ''} key={`t-${state.at ?? 0}`} />
        <FieldError id="field-trackingNo" error={state.fields.trackingNo} />
      </div>
      <div className="field">
        <label htmlFor="field-queryCode">{t('queryCode')}</label>
        <input {...fieldProps(state, 'queryCode')} type="text" inputMode="numeric" autoComplete="off" maxLength={10} />
        <FieldError id="field-queryCode" error={state.fields.queryCode} />
      </div>
      <button type="submit" disabled={pending}>{pending ? t('claimPending') : t('claimSubmit')}</button>
    </form>
  );
}
