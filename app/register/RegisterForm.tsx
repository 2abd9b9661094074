'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useState } from 'react';
import { registerInput } from '@/lib/accounts/validation';
import { fieldErrors } from '@/lib/errors';
import { signInWithCredentials } from '../_components/auth-client';
import { ErrorSummary, FieldError } from '../_components/FormErrors';

type Fields = 'name' | 'login' | 'password' | 'confirmPassword';

export function RegisterForm() {
  const t = useTranslations('auth');
  const locale = useLocale(); // the schema's field messages in the page's language
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return; // a double click sends one registration
    const form = new FormData(event.currentTarget);
    const values = { name: form.get('name'), login: form.get('login'), password: form.get('password') };
    const parsed = registerInput.safeParse(values);
    const found = parsed.success ? {} : fieldErrors(parsed.error, locale);
    if (form.get('password') !== form.get('confirmPassword')) found.confirmPassword = t('passwordMismatch');
    setErrors(found);
    setMessage(null);
    if (Object.keys(found).length) return;

    setPending(true);
    try {
      const response = await fetch('/api/v1/register', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(values),
      });
      if (!response.ok) {
        const body = await response.json().catch(() => null);
        setErrors(body?.error?.fields ?? {});
        setMessage(body?.error?.fields ? null : (body?.error?.message ?? '注册失败，请稍后重试'));
        setPending(false);
        return;
      }
      const result = await signInWithCredentials({ login: String(values.login), password: String(values.password) });
      window.location.assign(result?.error ? '/login' : '/workspace/citizen');
    } catch {
      setMessage('网络异常，请检查网络后重试');
      setPending(false);
    }
  }

  const described = (name: Fields, hint: boolean) => {
    const ids = [hint ? `field-${name}-hint` : '', errors[name] ? `field-${name}-error` : ''].filter(Boolean).join(' ');
    return { 'aria-invalid': errors[name] ? (true as const) : undefined, 'aria-describedby': ids || undefined };
  };

  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-busy={pending}>
      <ErrorSummary title={t('formErrors')} errors={errors} message={message} />
      <div className="field">
        <label htmlFor="field-name">{t('name')}</label>
        <input id="field-name" name="name" type="text" autoComplete="name" required maxLength={30} {...described('name', false)} />
        <FieldError id="field-name" error={errors.name} />
      </div>
      <div className="field">
        <label htmlFor="field-login">{t('login')}</label>
        <span className="hint" id="field-login-hint">{t('loginHint')}</span>
        <input id="field-login" name="login" type="text" autoComplete="username" inputMode="email" required maxLength={200} {...described('login', true)} />
        <FieldError id="field-login" error={errors.login} />
      </div>
      <div className="field">
        <label htmlFor="field-password">{t('password')}</label>
        <span className="hint" id="field-password-hint">{t('passwordHint')}</span>
        <input id="field-password" name="password" type="password" autoComplete="new-password" required maxLength={128} {...described('password', true)} />
        <FieldError id="field-password" error={errors.password} />
      </div>
      <div className="field">
        <label htmlFor="field-confirmPassword">{t('confirmPassword')}</label>
        <input id="field-confirmPassword" name="confirmPassword" type="password" autoComplete="new-password" required maxLength={128} {...described('confirmPassword', false)} />
        <FieldError id="field-confirmPassword" error={errors.confirmPassword} />
      </div>
      <p className="hint">{t('privacy')}</p>
      <button type="submit" disabled={pending}>{pending ? t('submitting') : t('register')}</button>
    </form>
  );
}
