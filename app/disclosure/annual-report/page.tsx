import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { can } from '@/lib/auth/permissions';
import { currentActor } from '@/lib/auth/session';
import { chinaDate } from '@/lib/calendar/workdays';
import { listPublishedAnnualReports } from '@/lib/disclosure/annual-report';
import { EmptyState } from '@/app/_components/EmptyState';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('annualReport'))('title') };
}

/** The published annual reports, newest year first. */
export default async function AnnualReportsPage() {
  const t = await getTranslations('annualReport');
  const [reports, actor] = await Promise.all([listPublishedAnnualReports(), currentActor()]);
  return (
    <>
      <h1>{t('title')}</h1>
      <p className="lead">{t('listIntro')}</p>
      {can(actor, 'disclosure.annualReport') ? <p><Link href="/workspace/moderator/annual-report">{t('workspace.title')}</Link></p> : null}
      {reports.length === 0 ? (
        <EmptyState>{t('listEmpty')}</EmptyState>
      ) : (
        <table>
          <caption className="sr-only">{t('title')}</caption>
          <thead>
            <tr><th scope="col">{t('colYear')}</th><th scope="col">{t('colPublishedOn')}</th></tr>
          </thead>
          <tbody>
            {reports.map((r) => (
              <tr key={r.year}>
                <th scope="row"><Link href={`/disclosure/annual-report/${r.year}`}>{t('yearTitle', { year: r.year })}</Link></th>
                <td>{r.publishedAt ? chinaDate(r.publishedAt) : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
