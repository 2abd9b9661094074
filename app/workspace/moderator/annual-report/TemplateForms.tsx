'use client';

import { useActionState, useId } from 'react';
import { useTranslations } from 'next-intl';
import type { FormState } from '@/lib/forms/state';
import { ErrorSummary, FieldError } from '@/app/_components/FormErrors';
import { recordReviewForm, saveFiguresForm, setReasonCodeForm } from './actions';

const INITIAL: FormState = { ok: false, message: null, fields: {} };

function Field({ name, label, error, hint, children }: { name: string; label: string; error?: string; hint?: string; children: (props: { id: string; name: string; 'aria-invalid'?: true; 'aria-describedby'?: string }) => React.ReactNode }) {
  const id = `field-${name}`;
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? <span className="hint" id={`${id}-hint`}>{hint}</span> : null}
      {children({ id, name, 'aria-invalid': error ? true : undefined, 'aria-describedby': described })}
      <FieldError id={id} error={error} />
    </div>
  );
}

/** 登记行政复议、行政诉讼案件 (section 四). */
export function ReviewForm({ year }: { year: number }) {
  const t = useTranslations('annualReport.workspace.reviews');
  const tr = useTranslations('annualReport');
  const heading = useId();
  const [state, action, pending] = useActionState(recordReviewForm, INITIAL);
  const v = state.ok ? {} : (state.values ?? {});
  return (
    <form action={action} className="report-form" aria-busy={pending} aria-labelledby={heading} noValidate key={state.ok ? 'done' : 'editing'}>
      <h3 id={heading}>{t('formHeading')}</h3>
      <ErrorSummary title={t('errorTitle')} errors={state.fields} message={state.message} />
      <input type="hidden" name="year" value={year} />
      <Field name="kind" label={t('kind')} error={state.fields.kind}>
        {(p) => (
          <select {...p} defaultValue={v.kind ?? ''}>
            <option value="" disabled>{t('choose')}</option>
            {(['reconsideration', 'litigation_direct', 'litigation_after'] as const).map((k) => <option key={k} value={k}>{tr(`reviewKind.${k}`)}</option>)}
          </select>
        )}
      </Field>
      <Field name="filedOn" label={t('filedOn')} error={state.fields.filedOn} hint={t('filedOnHint')}>
        {(p) => <input {...p} type="date" defaultValue={v.filedOn ?? ''} />}
      </Field>
      <Field name="outcome" label={t('outcome')} error={state.fields.outcome}>
        {(p) => (
          <select {...p} defaultValue={v.outcome ?? ''}>
            <option value="" disabled>{t('choose')}</option>
            {(['upheld', 'corrected', 'other', 'pending'] as const).map((o) => <option key={o} value={o}>{tr(`reviewOutcome.${o}`)}</option>)}
          </select>
        )}
      </Field>
      <Field name="applicationTrackingNo" label={t('trackingNo')} error={state.fields.applicationTrackingNo} hint={t('trackingNoHint')}>
        {(p) => <input {...p} type="text" defaultValue={v.applicationTrackingNo ?? ''} />}
      </Field>
      <Field name="note" label={t('note')} error={state.fields.note}>
        {(p) => <textarea {...p} rows={2} defaultValue={v.note ?? ''} />}
      </Field>
      <button type="submit" disabled={pending}>{pending ? t('saving') : t('submit')}</button>{' '}
      <span role="status">{state.ok ? t('saved') : ''}</span>
    </form>
  );
}

/** The cells of section 二 entered by hand (行政许可, 行政处罚, 行政强制, 行政事业性收费). */
export function FiguresForm({ year, cells }: { year: number; cells: Array<{ cell: string; label: string; value: string | null }> }) {
  const t = useTranslations('annualReport.workspace.figures');
  const heading = useId();
  const [state, action, pending] = useActionState(saveFiguresForm, INITIAL);
  return (
    <form action={action} className="report-form" aria-busy={pending} aria-labelledby={heading} noValidate>
      <h3 id={heading}>{t('heading')}</h3>
      <p className="hint">{t('intro')}</p>
      <ErrorSummary title={t('errorTitle')} errors={state.fields} message={state.message} />
      <input type="hidden" name="year" value={year} />
      {cells.map((c) => (
        <Field key={c.cell} name={`figures.${c.cell}`} label={c.label} error={state.fields[`figures.${c.cell}`]}>
          {(p) => <input {...p} type="text" inputMode="decimal" defaultValue={state.values?.[`figures.${c.cell}`] ?? c.value ?? ''} />}
        </Field>
      ))}
      <button type="submit" disabled={pending}>{pending ? t('saving') : t('submit')}</button>{' '}
      <span role="status">{state.ok ? t('saved') : ''}</span>
    </form>
  );
}

/** 补录理由类别: one reply stored before the template's reason codes existed, with the codes of its outcome. */
export function ReasonCodeForm({ year, trackingNo, options }: { year: number; trackingNo: string; options: Array<{ value: string; label: string }> }) {
  const t = useTranslations('annualReport.workspace.uncoded');
  const [state, action, pending] = useActionState(setReasonCodeForm, INITIAL);
  const id = `reason-${trackingNo}`;
  const error = state.fields.reasonCode ?? (state.ok ? undefined : state.message ?? undefined);
  return (
    <form action={action} className="inline-form" aria-busy={pending} noValidate>
      <input type="hidden" name="year" value={year} />
      <input type="hidden" name="trackingNo" value={trackingNo} />
      <label htmlFor={id} className="sr-only">{t('label', { trackingNo })}</label>
      <select id={id} name="reasonCode" defaultValue={state.values?.reasonCode ?? ''} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined}>
        <option value="" disabled>{t('choose')}</option>
        {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </select>{' '}
      <button type="submit" disabled={pending}>{pending ? t('saving') : t('submit')}</button>{' '}
      {error ? <span className="field-error" id={`${id}-error`} role="alert">{error}</span> : <span role="status">{state.ok ? t('saved') : ''}</span>}
    </form>
  );
}
