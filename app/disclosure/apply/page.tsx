import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { requirePermission } from '@/lib/auth/session';
import { ApplyForm } from './ApplyForm';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('applications'))('applyTitle') };
}

/** 依申请公开: the application form for a signed-in citizen (for themselves or an organisation). */
export default async function ApplyPage() {
  const { user } = await requirePermission('disclosure.apply', '/disclosure/apply');
  const t = await getTranslations('applications');
  return (
    <>
      <p><Link href="/disclosure">{t('backToColumn')}</Link></p>
      <h1>{t('applyTitle')}</h1>
      <p className="lead">{t('applyIntro')}</p>
      <ApplyForm defaultName={user.name} />
    </>
  );
}
