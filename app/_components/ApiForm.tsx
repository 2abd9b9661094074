'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState, type ReactNode } from 'react';

/** The form's own words: the summary's title, a request that never reached the server, an answer not in the API's shape (`{status}`). */
export interface ApiFormTexts { failed: string; network: string; http: string }

/** The default words (zh-CN). A request that did not reach the server is distinct from any answer of the API. */
const CHINESE_TEXTS: ApiFormTexts = {
  failed: '未能完成',
  network: '网络连接失败，请检查网络后重试',
  http: '服务器未能处理请求（HTTP {status}），请稍后重试',
};

/**
 * A form that sends its fields as JSON to one /api/v1 endpoint and shows the API's answer: field errors next to a
 * focused error summary (role=alert), a status line on success. For the account and staff pages, whose operations
 * are the API's own (one path, one set of tests). Fields are the page's own inputs (children); ids are
 * `${idPrefix}-${name}` so several forms can live on one page.
 *
 * - `arrays`: names whose values are sent as a list (checkbox groups).
 * - `complement`: a checkbox group `from` (checked = wanted) sent as `to` = every value of `all` not checked.
 * - `confirm`: [field, repeat]: the repeat must equal the field and is not sent.
 * - `nullIfEmpty`: names sent as null when empty.
 * - `constants`: fixed values merged into the body.
 * - `after`: 'refresh' (re-render the page), 'reset' (clear the form), or an address to go to (full navigation,
 *   so a changed or ended session is read afresh).
 */
export function ApiForm(props: {
  endpoint: string;
  method?: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  idPrefix: string;
  submitLabel: ReactNode;
  successMessage: string;
  /** The form's own words in the page's language (apiFormTexts() in app/_components/api-form-texts.ts); Chinese when absent. */
  texts?: ApiFormTexts;
  after?: 'refresh' | 'reset' | 'none' | { go: string };
  arrays?: string[];
  complement?: { from: string; to: string; all: string[] };
  confirm?: [string, string, string];
  nullIfEmpty?: string[];
  constants?: Record<string, unknown>;
  closeSockets?: boolean;
  className?: string;
  buttonClassName?: string;
  children?: ReactNode;
}) {
  const router = useRouter();
  const texts = props.texts ?? CHINESE_TEXTS;
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const summary = useRef<HTMLDivElement>(null);
  const failed = Boolean(message) || Object.keys(errors).length > 0;
  useEffect(() => {
    if (failed) summary.current?.focus();
  }, [failed, message, errors]);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const body: Record<string, unknown> = { ...props.constants };
    const skip = new Set([props.confirm?.[1], props.complement?.from].filter(Boolean) as string[]);
    for (const key of new Set(form.keys())) {
      if (skip.has(key)) continue;
      if (props.arrays?.includes(key)) body[key] = form.getAll(key).map(String);
      else {
        const value = String(form.get(key) ?? '');
        body[key] = props.nullIfEmpty?.includes(key) && value === '' ? null : value;
      }
    }
    for (const key of props.arrays ?? []) body[key] ??= [];
    if (props.complement) {
      const wanted = new Set(form.getAll(props.complement.from).map(String));
      body[props.complement.to] = props.complement.all.filter((k) => !wanted.has(k));
    }
    setDone(null);
    if (props.confirm && form.get(props.confirm[0]) !== form.get(props.confirm[1])) {
      setErrors({ [props.confirm[1]]: props.confirm[2] });
      setMessage(null);
      return;
    }
    setPending(true);
    // Only the request itself is caught: a network failure is not the API's answer, so it gets its own message.
    // Every answer of the API carries its own message (lib/api/failure.ts; in English when the cookie chose it), shown as is.
    const response = await fetch(props.endpoint, {
      method: props.method ?? 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }).catch(() => null);
    if (!response) {
      setErrors({});
      setMessage(texts.network);
      setPending(false);
      return;
    }
    const answer = await response.json().catch(() => null);
    if (!response.ok) {
      setErrors(answer?.error?.fields ?? {});
      // Not the API's error shape (a proxy's page, say): say what came back rather than guess.
      setMessage(answer?.error?.message ?? texts.http.replace('{status}', String(response.status)));
      setPending(false);
      return;
    }
    setErrors({});
    setMessage(null);
    setDone(typeof answer?.message === 'string' ? answer.message : props.successMessage);
    // Imported here: the forms that close sockets are few, and socket.io-client stays off the pages of the others.
    if (props.closeSockets) (await import('./socket-client').catch(() => null))?.closeSharedSocket();
    const after = props.after ?? 'refresh';
    if (typeof after === 'object') {
      window.location.assign(after.go);
      return;
    }
    if (after === 'reset') formElement.reset();
    if (after === 'refresh') router.refresh();
    setPending(false);
  }

  const entries = Object.entries(errors);
  return (
    <form className={props.className ?? 'form'} onSubmit={onSubmit} noValidate aria-busy={pending}>
      {failed ? (
        <div className="error-summary" role="alert" aria-labelledby={`${props.idPrefix}-errors-title`} tabIndex={-1} ref={summary}>
          <h2 id={`${props.idPrefix}-errors-title`}>{texts.failed}</h2>
          <ul>
            {message ? <li>{message}</li> : null}
            {entries.filter(([, text]) => text !== message).map(([field, text]) => (
              <li key={field}><a href={`#${props.idPrefix}-${field}`}>{text}</a></li>
            ))}
          </ul>
        </div>
      ) : null}
      {props.children}
      <button type="submit" className={props.buttonClassName} disabled={pending}>{props.submitLabel}</button>
      <span role="status" className={done ? 'tag tag-ok' : undefined}>{done}</span>
    </form>
  );
}

/** A labelled input whose id matches ApiForm's error links. */
export function Field(props: {
  form: string;
  name: string;
  label: string;
  type?: string;
  hint?: string;
  defaultValue?: string;
  autoComplete?: string;
  maxLength?: number;
  required?: boolean;
}) {
  const id = `${props.form}-${props.name}`;
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      {props.hint ? <span className="hint" id={`${id}-hint`}>{props.hint}</span> : null}
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        defaultValue={props.defaultValue}
        autoComplete={props.autoComplete}
        maxLength={props.maxLength}
        required={props.required}
        aria-describedby={props.hint ? `${id}-hint` : undefined}
      />
    </div>
  );
}
