import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { currentActor } from '@/lib/auth/session';
import { RegisterForm } from './RegisterForm';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('auth'))('registerTitle') };
}

export default async function RegisterPage() {
  if ((await currentActor()).user) redirect('/workspace');
  const t = await getTranslations('auth');
  return (
    <>
      <h1>{t('registerTitle')}</h1>
      <p className="lead">{t('registerIntro')}</p>
      <RegisterForm />
      <p>
        {t('haveAccount')} <Link href="/login">{t('signIn')}</Link>
      </p>
    </>
  );
}
