import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { requirePermission } from '@/lib/auth/session';
import { ClaimForm } from './ClaimForm';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('letterIntake'))('claimTitle') };
}

/** 认领来信: a citizen adds a letter staff entered for them to their account. */
export default async function ClaimPage() {
  await requirePermission('letters.create', '/workspace/citizen/claim');
  const t = await getTranslations('letterIntake');
  return (
    <>
      <h1>{t('claimTitle')}</h1>
      <p className="lead">{t('claimLead')}</p>
      <ClaimForm />
    </>
  );
}
