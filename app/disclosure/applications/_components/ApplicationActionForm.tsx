'use client';

import { useRouter } from 'next/navigation';
import { useId, useRef, useState } from 'react';
import { useTranslations } from 'next-intl';

export interface ActionField {
  name: string;
  label: string;
  kind: 'textarea' | 'select' | 'number' | 'text' | 'file' | 'date';
  options?: Array<{ value: string; label: string }>;
  /** A select's options in labelled groups (after `options`, if any). */
  groups?: Array<{ label: string; options: Array<{ value: string; label: string }> }>;
  required?: boolean;
  /** Marked （选填） in its label; a field required only for some choices is neither. */
  optional?: boolean;
  hint?: string;
  min?: number;
  max?: number;
}

/**
 * One action on an application (register, 补正, extend, consult, reply, withdraw …) as an accessible form. It posts
 * multipart to POST /api/v1/disclosure/applications/{no}/actions — the same endpoint as the API, so a reply's PDF
 * (up to 10 MB) needs no second path — and re-renders the page on success. Errors are shown per field.
 */
export function ApplicationActionForm({ trackingNo, name, version, title, submitLabel, fields, intro }: {
  trackingNo: string;
  name: string;
  version: number;
  title: string;
  submitLabel: string;
  fields: ActionField[];
  intro?: string;
}) {
  const t = useTranslations('applications.form');
  const router = useRouter();
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    setPending(true);
    setMessage(null);
    setErrors({});
    try {
      const response = await fetch(`/api/v1/disclosure/applications/${trackingNo}/actions`, { method: 'POST', body: new FormData(event.currentTarget) });
      const body = await response.json().catch(() => null);
      if (!response.ok) {
        setErrors(body?.error?.fields ?? {});
        setMessage(body?.error?.message ?? t('failed'));
        return;
      }
      formRef.current?.reset();
      router.refresh();
    } catch {
      setMessage(t('network'));
    } finally {
      setPending(false);
    }
  }

  return (
    <form ref={formRef} onSubmit={onSubmit} className="form action-form" aria-labelledby={`${id}-title`} aria-busy={pending} noValidate>
      <h3 id={`${id}-title`}>{title}</h3>
      {intro ? <p className="hint">{intro}</p> : null}
      <input type="hidden" name="action" value={name} />
      <input type="hidden" name="version" value={version} />
      {message ? <p className="field-error" role="alert">{message}</p> : null}
      {fields.map((f) => {
        const fieldId = `${id}-${f.name}`;
        const error = errors[f.name];
        const described = [f.hint ? `${fieldId}-hint` : '', error ? `${fieldId}-error` : ''].filter(Boolean).join(' ') || undefined;
        const common = { id: fieldId, name: f.name, required: f.required, 'aria-invalid': error ? (true as const) : undefined, 'aria-describedby': described };
        return (
          <div className="field" key={f.name}>
            <label htmlFor={fieldId}>{f.label}{f.optional ? t('optional') : ''}</label>
            {f.hint ? <span className="hint" id={`${fieldId}-hint`}>{f.hint}</span> : null}
            {f.kind === 'textarea' ? (
              <textarea {...common} rows={4} />
            ) : f.kind === 'select' ? (
              <select {...common} defaultValue="">
                <option value="" disabled>{t('choose')}</option>
                {f.options?.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
                {f.groups?.map((g) => (
                  <optgroup key={g.label} label={g.label}>
                    {g.options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
                  </optgroup>
                ))}
              </select>
            ) : f.kind === 'number' ? (
              <input {...common} type="number" inputMode="numeric" min={f.min} max={f.max} />
            ) : f.kind === 'date' ? (
              <input {...common} type="date" />
            ) : f.kind === 'file' ? (
              <input {...common} type="file" accept="application/pdf,.pdf" />
            ) : (
              <input {...common} type="text" />
            )}
            {error ? <span className="field-error" id={`${fieldId}-error`}>{error}</span> : null}
          </div>
        );
      })}
      <button type="submit" disabled={pending}>{pending ? t('submitting') : submitLabel}</button>
    </form>
  );
}
