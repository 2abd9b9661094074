'use client';

import { useActionState, useId } from 'react';
import type { FormState } from '@/lib/forms/state';

export interface FieldSpec {
  name: string;
  label: string;
  kind: 'textarea' | 'select' | 'number' | 'radio' | 'text' | 'date' | 'files';
  options?: Array<{ value: string; label: string }>;
  required?: boolean;
  hint?: string;
  /** For a select: the option chosen at first (e.g. the department the writer asked for). */
  defaultValue?: string;
  /** For a textarea: texts the user can start from (reply templates). */
  templates?: Array<{ title: string; body: string }>;
}

export interface ActionFormLabels { sending: string; insertTemplateFor: string; insertTemplateOption: string }
const ACTION_FORM_LABELS: ActionFormLabels = { sending: '正在提交…', insertTemplateFor: '{label}：插入模板', insertTemplateOption: '插入模板…' };

/** One action on a letter (accept, reply, rate …) as an accessible form bound to the letter's server action. */
export function ActionForm({ action, name, version, title, submitLabel, fields, labels = ACTION_FORM_LABELS }: {
  action: (state: FormState, form: FormData) => Promise<FormState>;
  name: string;
  version: number;
  title: string;
  submitLabel: string;
  fields: FieldSpec[];
  /** Its own words, given by the (server) page in its language (letterUi.page); Chinese by default. */
  labels?: ActionFormLabels;
}) {
  const [state, formAction, pending] = useActionState(action, { ok: false, message: null, fields: {} });
  const id = useId();
  return (
    <form action={formAction} className="form action-form" aria-labelledby={`${id}-title`} aria-busy={pending}>
      <h3 id={`${id}-title`}>{title}</h3>
      <input type="hidden" name="action" value={name} />
      <input type="hidden" name="version" value={version} />
      {state.message && !state.ok ? <p className="field-error" role="alert">{state.message}</p> : null}
      {fields.map((f) => {
        const fieldId = `${id}-${f.name}`;
        const error = state.fields[f.name];
        const described = [f.hint ? `${fieldId}-hint` : '', error ? `${fieldId}-error` : ''].filter(Boolean).join(' ') || undefined;
        return (
          <div className="field" key={f.name}>
            {f.kind === 'radio' ? (
              <fieldset aria-describedby={described}>
                <legend>{f.label}</legend>
                {f.options?.map((o) => (
                  <label key={o.value} className="choice">
                    <input type="radio" name={f.name} value={o.value} required={f.required} /> {o.label}
                  </label>
                ))}
              </fieldset>
            ) : (
              <>
                <label htmlFor={fieldId}>{f.label}</label>
                {f.hint ? <span className="hint" id={`${fieldId}-hint`}>{f.hint}</span> : null}
                {f.kind === 'textarea' && f.templates?.length ? (
                  <select
                    aria-label={labels.insertTemplateFor.replace('{label}', f.label)}
                    defaultValue=""
                    onChange={(e) => {
                      const chosen = f.templates![Number(e.target.value)];
                      const area = document.getElementById(fieldId) as HTMLTextAreaElement | null;
                      if (chosen && area) area.value = chosen.body;
                    }}
                  >
                    <option value="">{labels.insertTemplateOption}</option>
                    {f.templates.map((t, i) => <option key={t.title} value={i} data-user-content="">{t.title}</option>)}
                  </select>
                ) : null}
                {f.kind === 'textarea' ? (
                  <textarea id={fieldId} name={f.name} rows={4} required={f.required} aria-invalid={error ? true : undefined} aria-describedby={described} />
                ) : f.kind === 'select' ? (
                  <select id={fieldId} name={f.name} required={f.required} defaultValue={f.defaultValue} aria-invalid={error ? true : undefined} aria-describedby={described}>
                    {f.options?.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
                  </select>
                ) : f.kind === 'date' ? (
                  <input id={fieldId} name={f.name} type="date" required={f.required} defaultValue={f.defaultValue} aria-invalid={error ? true : undefined} aria-describedby={described} />
                ) : f.kind === 'files' ? (
                  <input id={fieldId} name={f.name} type="file" multiple accept="image/jpeg,image/png,image/webp,application/pdf" aria-invalid={error ? true : undefined} aria-describedby={described} />
                ) : f.kind === 'text' ? (
                  <input id={fieldId} name={f.name} type="text" required={f.required} aria-invalid={error ? true : undefined} aria-describedby={described} />
                ) : (
                  <input id={fieldId} name={f.name} type="number" inputMode="numeric" min={1} required={f.required} aria-invalid={error ? true : undefined} aria-describedby={described} />
                )}
              </>
            )}
            {error ? <span className="field-error" id={`${fieldId}-error`}>{error}</span> : null}
          </div>
        );
      })}
      <button type="submit" disabled={pending}>{pending ? labels.sending : submitLabel}</button>
    </form>
  );
}
