'use client';

import { useState } from 'react';
import { signInErrorKey, signInLockedMinutes } from '@/lib/auth/redirect';
import { signInWithCredentials } from '../_components/auth-client';
import { ErrorSummary, FieldError } from '../_components/FormErrors';

export interface LoginLabels {
  formErrors: string;
  login: string;
  loginHint: string;
  password: string;
  signIn: string;
  signingIn: string;
  /** `locked` holds the placeholder {minutes}, filled in here from the lock's answer. */
  errors: Record<'credentials' | 'sessionRequired' | 'failed' | 'disabled' | 'locked', string>;
}

/**
 * initialError: a message the page chose for a known ?error= code (never the address's own text). The texts come
 * translated from the page (labels), so the sign-in page loads no next-intl client (docs/BENCHMARKS.md "Page weight").
 */
export function LoginForm({ returnTo, initialError, labels }: { returnTo: string; initialError: string | null; labels: LoginLabels }) {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(initialError);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const form = new FormData(event.currentTarget);
    setErrors({});
    setMessage(null);
    setPending(true);
    // The input is checked by the server (signInInput in the sign-in route, which answers 422 with field errors before
    // any password is hashed): checking it here too put zod on the sign-in page (31 KB gzipped, docs/BENCHMARKS.md).
    const result = await signInWithCredentials({ login: String(form.get('login') ?? ''), password: String(form.get('password') ?? '') }).catch(() => null);
    if (result && Object.keys(result.fields).length) {
      setPending(false);
      setErrors(result.fields);
      return;
    }
    if (!result || result.error) {
      setPending(false);
      // result.error comes from this server's answer to the sign-in request (a code, or a message such as the lock's).
      const key = signInErrorKey(result?.error);
      const minutes = signInLockedMinutes(result?.error);
      setMessage(key ? labels.errors[key] : minutes !== null ? labels.errors.locked.replace('{minutes}', String(minutes)) : (result?.error || labels.errors.failed));
      return;
    }
    // A full navigation, so the server renders the header and workspace for the signed-in user.
    window.location.assign(returnTo);
  }

  const described = (name: string, hint: boolean) => {
    const ids = [hint ? `field-${name}-hint` : '', errors[name] ? `field-${name}-error` : ''].filter(Boolean).join(' ');
    return { 'aria-invalid': errors[name] ? (true as const) : undefined, 'aria-describedby': ids || undefined };
  };

  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-busy={pending}>
      <ErrorSummary title={labels.formErrors} errors={errors} message={message} />
      <div className="field">
        <label htmlFor="field-login">{labels.login}</label>
        <span className="hint" id="field-login-hint">{labels.loginHint}</span>
        <input id="field-login" name="login" type="text" autoComplete="username" inputMode="email" required maxLength={200} {...described('login', true)} />
        <FieldError id="field-login" error={errors.login} />
      </div>
      <div className="field">
        <label htmlFor="field-password">{labels.password}</label>
        <input id="field-password" name="password" type="password" autoComplete="current-password" required maxLength={128} {...described('password', false)} />
        <FieldError id="field-password" error={errors.password} />
      </div>
      <button type="submit" disabled={pending}>{pending ? labels.signingIn : labels.signIn}</button>
    </form>
  );
}
