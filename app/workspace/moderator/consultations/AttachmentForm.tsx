'use client';

import { useActionState } from 'react';
import { INITIAL_FORM_STATE, type FormState } from '@/lib/forms/state';

/** 上传附件: one PDF at a time, with the field's error or the outcome in a status line (texts from the page). */
export function AttachmentForm(props: {
  action: (previous: FormState, form: FormData) => Promise<FormState>;
  label: string;
  hint: string;
  submit: string;
  okText: string;
}) {
  const [state, action, pending] = useActionState(props.action, INITIAL_FORM_STATE);
  const error = state.fields.file;
  const status = state.ok ? props.okText : [state.message, error && error !== state.message ? error : null].filter(Boolean).join(' ');
  return (
    <form action={action} className="form" aria-busy={pending}>
      <div className="field">
        <label htmlFor="consultation-attachment">{props.label}</label>
        <span className="hint" id="consultation-attachment-hint">{props.hint}</span>
        <input id="consultation-attachment" name="file" type="file" accept="application/pdf,.pdf" aria-describedby="consultation-attachment-hint"
          aria-invalid={error ? true : undefined} key={state.at ?? 0} />
      </div>
      <div className="inline-form">
        <button type="submit" disabled={pending}>{props.submit}</button>
        <span role="status" className={state.ok ? 'tag tag-ok' : status ? 'field-error' : undefined}>{status}</span>
      </div>
    </form>
  );
}
