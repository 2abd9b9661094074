'use client';

import { signIn } from 'next-auth/react';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { signInInput } from '@/lib/accounts/validation';
import { signInErrorKey, signInLockedMinutes } from '@/lib/auth/redirect';
import { fieldErrors } from '@/lib/errors';
import { ErrorSummary, FieldError } from '../_components/FormErrors';

/** initialError: a message the page chose for a known ?error= code (never the address's own text). */
export function LoginForm({ returnTo, initialError }: { returnTo: string; initialError: string | null }) {
  const t = useTranslations('auth');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(initialError);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const form = new FormData(event.currentTarget);
    const parsed = signInInput.safeParse({ login: form.get('login'), password: form.get('password') });
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error));
      setMessage(null);
      return;
    }
    setErrors({});
    setMessage(null);
    setPending(true);
    const result = await signIn('credentials', { login: form.get('login'), password: form.get('password'), redirect: false });
    if (!result || result.error) {
      setPending(false);
      // result.error comes from this server's answer to the sign-in request (a code, or a message such as the lock's).
      const key = signInErrorKey(result?.error);
      const minutes = signInLockedMinutes(result?.error);
      setMessage(key ? t(`errors.${key}`) : minutes !== null ? t('errors.locked', { minutes }) : (result?.error || t('errors.failed')));
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
      <ErrorSummary title={t('formErrors')} errors={errors} message={message} />
      <div className="field">
        <label htmlFor="field-login">{t('login')}</label>
        <span className="hint" id="field-login-hint">{t('loginHint')}</span>
        <input id="field-login" name="login" type="text" autoComplete="username" inputMode="email" required maxLength={200} {...described('login', true)} />
        <FieldError id="field-login" error={errors.login} />
      </div>
      <div className="field">
        <label htmlFor="field-password">{t('password')}</label>
        <input id="field-password" name="password" type="password" autoComplete="current-password" required maxLength={128} {...described('password', false)} />
        <FieldError id="field-password" error={errors.password} />
      </div>
      <button type="submit" disabled={pending}>{pending ? t('signingIn') : t('signIn')}</button>
    </form>
  );
}
