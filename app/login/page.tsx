import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { safeReturnPath, signInErrorKey, signInLockedMinutes } from '@/lib/auth/redirect';
import { currentActor } from '@/lib/auth/session';
import { LoginForm } from './LoginForm';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('auth'))('signInTitle') };
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const returnTo = safeReturnPath(params.callbackUrl);
  if ((await currentActor()).user) redirect(returnTo);
  const t = await getTranslations('auth');
  // Only a known code chooses a message: text in the address is never shown (anyone can send such a link).
  const errorKey = signInErrorKey(params.error);
  const lockedMinutes = signInLockedMinutes(params.error);
  const error = errorKey ? t(`errors.${errorKey}`) : lockedMinutes !== null ? t('errors.locked', { minutes: lockedMinutes }) : null;
  return (
    <>
      <h1>{t('signInTitle')}</h1>
      <p className="lead">{t('signInIntro')}</p>
      <LoginForm
        returnTo={returnTo}
        initialError={error}
        labels={{
          formErrors: t('formErrors'), login: t('login'), loginHint: t('loginHint'), password: t('password'), signIn: t('signIn'), signingIn: t('signingIn'),
          errors: {
            credentials: t('errors.credentials'), sessionRequired: t('errors.sessionRequired'), failed: t('errors.failed'),
            disabled: t('errors.disabled'), locked: t('errors.locked', { minutes: '{minutes}' }),
          },
        }}
      />
      <p><Link href="/password-reset">{t('forgotPassword')}</Link></p>
      <p>
        {t('noAccount')} <Link href="/register">{t('register')}</Link>
      </p>
    </>
  );
}
