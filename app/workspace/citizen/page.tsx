import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { requirePermission } from '@/lib/auth/session';
import { EmptyState } from '@/app/_components/EmptyState';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('workspaces'))('citizen') };
}

export default async function CitizenWorkspace() {
  await requirePermission('workspace.citizen', '/workspace/citizen');
  const t = await getTranslations();
  return (
    <>
      <h1>{t('workspaces.citizen')}</h1>
      <p className="lead">{t('workspace.citizenIntro')}</p>
      <section aria-labelledby="my-letters">
        <h2 id="my-letters">{t('workspace.myLetters')}</h2>
        <EmptyState>{t('empty.workspace')}</EmptyState>
      </section>
    </>
  );
}
