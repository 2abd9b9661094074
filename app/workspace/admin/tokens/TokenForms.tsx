'use client';

import { useActionState } from 'react';
import { ErrorSummary, FieldError, fieldProps } from '@/app/_components/FormErrors';
import { INITIAL_FORM_STATE, type FormState } from '@/lib/forms/state';
import { createTokenAction, revokeTokenAction, type CreatedToken } from './actions';

interface Option { value: string; label: string }

/** The forms' words in the page's language, from the server (tokensAdmin; `{name}` filled in here): no client catalogue. */
export type TokenFormTexts = Record<'created' | 'copyNow' | 'token' | 'usage' | 'notCreated' | 'name' | 'nameHint' | 'scopes' | 'scopesHint' | 'expiresOn'
  | 'expiresOnHint' | 'actAs' | 'actAsHint' | 'newServiceAccount' | 'create' | 'revoke' | 'revokeLabel', string>;

export function CreateTokenForm({ scopes, accounts, defaultExpiry, texts }: { scopes: Option[]; accounts: Option[]; defaultExpiry: string; texts: TokenFormTexts }) {
  const [state, action, pending] = useActionState<FormState<CreatedToken>, FormData>(createTokenAction, { ok: false, message: null, fields: {} });
  const [createdBefore, createdAfter = ''] = texts.created.split('{name}');
  return (
    <>
      {state.ok && state.data ? (
        <div className="notice" role="alert">
          <h3>{createdBefore}<span data-user-content="">{state.data.tokenName}</span>{createdAfter}</h3>
          <p>{texts.copyNow}</p>
          <p><label htmlFor="new-token-secret">{texts.token}</label></p>
          <input id="new-token-secret" className="code" readOnly value={state.data.token} size={60} onFocus={(e) => e.currentTarget.select()} />
          <p className="hint">{texts.usage}<code>Authorization: Bearer {state.data.token.slice(0, 10)}…</code></p>
        </div>
      ) : null}
      <form action={action} className="form" aria-busy={pending} noValidate>
        <ErrorSummary title={texts.notCreated} errors={state.ok ? {} : state.fields} message={state.ok ? null : state.message} />
        <div className="field">
          <label htmlFor="field-name">{texts.name}</label>
          <span className="hint" id="field-name-hint">{texts.nameHint}</span>
          <input type="text" required maxLength={60} defaultValue={state.ok ? '' : state.values?.name ?? ''} {...fieldProps(state, 'name', true)} />
          <FieldError id="field-name" error={state.fields.name} />
        </div>
        <fieldset className="field" aria-describedby="field-scopes-hint">
          <legend>{texts.scopes}</legend>
          <span className="hint" id="field-scopes-hint">{texts.scopesHint}</span>
          {scopes.map((s) => (
            <label key={s.value} className="checkbox">
              <input type="checkbox" name="scopes" value={s.value} /> <span className="code">{s.value}</span> {s.label}
            </label>
          ))}
          <FieldError id="field-scopes" error={state.fields.scopes ?? Object.entries(state.fields).find(([k]) => k.startsWith('scopes.'))?.[1]} />
        </fieldset>
        <div className="field">
          <label htmlFor="field-expiresOn">{texts.expiresOn}</label>
          <span className="hint" id="field-expiresOn-hint">{texts.expiresOnHint}</span>
          <input type="date" required defaultValue={state.ok ? defaultExpiry : state.values?.expiresOn ?? defaultExpiry} {...fieldProps(state, 'expiresOn', true)} />
          <FieldError id="field-expiresOn" error={state.fields.expiresOn} />
        </div>
        <div className="field">
          <label htmlFor="field-actAs">{texts.actAs}</label>
          <span className="hint" id="field-actAs-hint">
            {texts.actAsHint}
          </span>
          <select defaultValue={state.ok ? '' : state.values?.actAs ?? ''} {...fieldProps(state, 'actAs', true)}>
            <option value="">{texts.newServiceAccount}</option>
            {accounts.map((a) => <option key={a.value} value={a.value} data-user-content="">{a.label}</option>)}
          </select>
          <FieldError id="field-actAs" error={state.fields.actAs} />
        </div>
        <button type="submit" disabled={pending}>{texts.create}</button>
      </form>
    </>
  );
}

export function RevokeTokenForm({ id, name, texts }: { id: string; name: string; texts: TokenFormTexts }) {
  const [state, action, pending] = useActionState<FormState, FormData>(revokeTokenAction, INITIAL_FORM_STATE);
  return (
    <form action={action} className="inline-form" aria-busy={pending}>
      <input type="hidden" name="id" value={id} />
      <button type="submit" className="button-secondary" disabled={pending} aria-label={texts.revokeLabel.replace('{name}', name)}>{texts.revoke}</button>
      <span role="status" className={state.message ? 'field-error' : undefined}>{state.message}</span>
    </form>
  );
}
