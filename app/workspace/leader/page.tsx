import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { requirePermission } from '@/lib/auth/session';
import { EmptyState } from '@/app/_components/EmptyState';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('workspaces'))('leader') };
}

export default async function LeaderWorkspace() {
  await requirePermission('workspace.leader', '/workspace/leader');
  const t = await getTranslations();
  return (
    <>
      <h1>{t('workspaces.leader')}</h1>
      <p className="lead">{t('workspace.leaderIntro')}</p>
      <section aria-labelledby="my-interviews">
        <h2 id="my-interviews">{t('workspace.myInterviews')}</h2>
        <EmptyState>{t('empty.workspace')}</EmptyState>
      </section>
    </>
  );
}
