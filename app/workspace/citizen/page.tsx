import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { requirePermission } from '@/lib/auth/session';
import { listLetters } from '@/lib/letters/queries';
import { listApplications } from '@/lib/disclosure/applications';
import { ApplicationTable } from '@/app/disclosure/applications/_components/ApplicationDetails';
import { Pagination } from '@/app/_components/Pagination';
import { LetterTable } from '@/app/letters/LetterTable';
import { pageNumber } from '@/app/letters/pageNumber';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('workspaces'))('citizen') };
}

export default async function CitizenWorkspace({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePermission('workspace.citizen', '/workspace/citizen');
  const t = await getTranslations();
  const page = pageNumber((await searchParams).page);
  const letters = await listLetters(actor, { scope: 'mine', page });
  const applications = await listApplications(actor, { scope: 'mine' });
  return (
    <>
      <h1>{t('workspaces.citizen')}</h1>
      <p className="lead">{t('workspace.citizenIntro')}</p>
      <p><Link className="button" href="/letters/new">{t('letterUi.queue.write')}</Link> <Link href="/workspace/citizen/claim">{t('letterIntake.claimLink')}</Link></p>
      <section aria-labelledby="my-letters">
        <h2 id="my-letters">{t('workspace.myLetters')}</h2>
        <LetterTable items={letters.items} caption={t('letterUi.queue.mineCaption', { total: letters.total })} empty={t('letterUi.queue.mineEmpty')} />
        <Pagination page={letters.page} pageSize={letters.pageSize} total={letters.total} basePath="/workspace/citizen" />
      </section>
      <section aria-labelledby="my-applications">
        <h2 id="my-applications">{t('applications.myApplications')}</h2>
        <p><Link className="button" href="/disclosure/apply">{t('applications.applyTitle')}</Link></p>
        <ApplicationTable items={applications.items} caption={t('applications.mineCaption', { total: applications.total })} empty={t('applications.mineEmpty')} />
      </section>
    </>
  );
}
