import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { ApiForm, Field } from '@/app/_components/ApiForm';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('passwordResetUi'))('title') };
}

/** 忘记密码: asks for a reset e-mail; the answer is the same whether or not the account exists. */
export default async function PasswordResetRequestPage() {
  const t = await getTranslations('passwordResetUi');
  return (
    <>
      <h1>{t('title')}</h1>
      <p className="lead">{t('intro')}</p>
      <ApiForm endpoint="/api/v1/password-reset" idPrefix="reset" submitLabel={t('submit')} successMessage={t('sent')} after="reset">
        <Field form="reset" name="login" label={t('login')} autoComplete="username" maxLength={200} required />
      </ApiForm>
      <p>{t('noEmail')}<Link href="/login">{t('back')}</Link></p>
    </>
  );
}
