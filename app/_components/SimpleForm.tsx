'use client';

import { useActionState } from 'react';
import type { ActionState } from '@/app/_actions/action-state';
import { FieldError } from './FormErrors';

export interface SimpleField {
  name: string;
  label: string;
  type?: 'text' | 'email' | 'tel' | 'number' | 'textarea' | 'select' | 'hidden' | 'checkbox' | 'datetime-local' | 'date';
  value?: string;
  hint?: string;
  required?: boolean;
  options?: Array<{ value: string; label: string }>;
  rows?: number;
}

const INITIAL: ActionState = { ok: false, message: null, fields: {} };

/**
 * One server-action form of labelled fields with per-field errors and a status line (role=status) that says what
 * happened: saved, 无变更 (nothing changed), or why not. Field ids carry `idPrefix` so a page can hold many forms.
 */
export function SimpleForm(props: {
  action: (previous: ActionState, form: FormData) => Promise<ActionState>;
  fields: SimpleField[];
  submit: React.ReactNode;
  okText: string;
  idPrefix: string;
  className?: string;
  danger?: boolean;
}) {
  const [state, action, pending] = useActionState(props.action, INITIAL);
  const shown = props.fields.filter((f) => f.type !== 'hidden').map((f) => f.name);
  const others = Object.entries(state.fields).filter(([k]) => !shown.includes(k)).map(([, v]) => v);
  const status = state.ok ? state.message ?? props.okText : [state.message, ...others].filter(Boolean).join(' ');
  return (
    <form action={action} className={props.className ?? 'form'} aria-busy={pending} noValidate>
      {props.fields.map((f) => {
        const id = `${props.idPrefix}-${f.name}`;
        const error = state.fields[f.name];
        const value = state.values?.[f.name] ?? f.value ?? '';
        if (f.type === 'hidden') return <input key={f.name} type="hidden" name={f.name} value={f.value ?? ''} />;
        const describedBy = [f.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
        const common = { id, name: f.name, 'aria-invalid': error ? (true as const) : undefined, 'aria-describedby': describedBy, required: f.required };
        return (
          <div className="field" key={f.name}>
            <label htmlFor={id}>{f.label}</label>
            {f.hint ? <span className="hint" id={`${id}-hint`}>{f.hint}</span> : null}
            {f.type === 'textarea' ? (
              <textarea {...common} rows={f.rows ?? 4} defaultValue={value} key={`${state.at ?? 0}`} data-user-content="" />
            ) : f.type === 'select' ? (
              <select {...common} defaultValue={value} key={`${state.at ?? 0}`}>
                {(f.options ?? []).map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
              </select>
            ) : (
              <input {...common} type={f.type ?? 'text'} defaultValue={value} key={`${state.at ?? 0}`} />
            )}
            <FieldError id={id} error={error} />
          </div>
        );
      })}
      <div className="inline-form">
        <button type="submit" disabled={pending} className={props.danger ? 'button-danger' : undefined}>{props.submit}</button>
        <span role="status" className={state.ok ? 'tag tag-ok' : status ? 'field-error' : undefined}>{status}</span>
      </div>
    </form>
  );
}
