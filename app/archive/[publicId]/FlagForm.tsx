'use client';

import { useActionState } from 'react';
import { ErrorSummary, FieldError } from '@/app/_components/FormErrors';
import type { FormState } from '@/lib/forms/state';
import { flagEntryForm } from '../actions';

const INITIAL: FormState<{ duplicate: boolean }> = { ok: false, message: null, fields: {} };

export type FlagLabels = Record<'duplicate' | 'sent' | 'errorTitle' | 'reason' | 'reasonHint' | 'submitting' | 'submit', string>;

/**
 * 举报: a reason, sent once; a second report of the same entry is recognised and said so. The texts come translated
 * from the page, so entry pages load no next-intl client (docs/BENCHMARKS.md "Page weight").
 */
export function FlagForm({ entryId, labels }: { entryId: string; labels: FlagLabels }) {
  const t = (key: keyof FlagLabels) => labels[key];
  const [state, action, pending] = useActionState(flagEntryForm.bind(null, entryId), INITIAL);
  if (state.ok) {
    return <p role="status" className="notice" data-testid="flag-result">{state.data?.duplicate ? t('duplicate') : t('sent')}</p>;
  }
  const error = state.fields.reason;
  return (
    <form action={action} className="form" aria-busy={pending} noValidate>
      <ErrorSummary title={t('errorTitle')} errors={state.fields} message={error ? null : state.message} />
      <div className="field">
        <label htmlFor="field-reason">{t('reason')}</label>
        <textarea
          id="field-reason"
          name="reason"
          rows={3}
          maxLength={500}
          required
          defaultValue={state.values?.reason ?? ''}
          key={state.at ?? 0}
          aria-describedby={`field-reason-hint${error ? ' field-reason-error' : ''}`}
          aria-invalid={error ? true : undefined}
        />
        <span className="hint" id="field-reason-hint">{t('reasonHint')}</span>
        <FieldError id="field-reason" error={error} />
      </div>
      <button type="submit" disabled={pending}>{pending ? t('submitting') : t('submit')}</button>
    </form>
  );
}
