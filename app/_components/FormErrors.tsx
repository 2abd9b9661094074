'use client';

import { useEffect, useId, useRef } from 'react';

/**
 * An error summary that takes focus when it appears, so keyboard and screen-reader users hear what went wrong. Each
 * error links to its field: `field-<name>` (fieldProps' ids), or `fieldId(name)` on pages with several forms.
 */
export function ErrorSummary({ title, errors, message, fieldId = (field) => `field-${field}` }: {
  title: string;
  errors: Record<string, string>;
  message?: string | null;
  fieldId?: (field: string) => string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const titleId = `${useId()}-error-summary-title`;
  const entries = Object.entries(errors);
  const visible = Boolean(message) || entries.length > 0;
  useEffect(() => {
    if (visible) ref.current?.focus();
  }, [visible, message, entries.length]);
  if (!visible) return null;
  return (
    <div className="error-summary" role="alert" aria-labelledby={titleId} tabIndex={-1} ref={ref}>
      <h2 id={titleId}>{title}</h2>
      <ul>
        {message ? <li>{message}</li> : null}
        {entries.map(([field, text]) => (
          <li key={field}>
            <a href={`#${fieldId(field)}`}>{text}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function FieldError({ id, error }: { id: string; error?: string }) {
  return error ? (
    <span className="field-error" id={`${id}-error`}>
      {error}
    </span>
  ) : null;
}

/** id, name, aria-invalid and aria-describedby (hint and error) of one field; ids match the error summary's links. */
export function fieldProps(state: { fields: Record<string, string> }, name: string, hint = false) {
  const id = `field-${name}`;
  const error = state.fields[name];
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return { id, name, 'aria-invalid': error ? (true as const) : undefined, 'aria-describedby': describedBy || undefined };
}
