import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { requirePermission } from '@/lib/auth/session';
import { EmptyState } from '@/app/_components/EmptyState';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('workspaces'))('moderator') };
}

export default async function ModeratorWorkspace() {
  await requirePermission('workspace.moderator', '/workspace/moderator');
  const t = await getTranslations();
  return (
    <>
      <h1>{t('workspaces.moderator')}</h1>
      <p className="lead">{t('workspace.moderatorIntro')}</p>
      <section aria-labelledby="triage">
        <h2 id="triage">{t('workspace.triage')}</h2>
        <EmptyState>{t('empty.workspace')}</EmptyState>
      </section>
    </>
  );
}
