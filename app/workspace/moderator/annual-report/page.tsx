import type { Metadata } from 'next';
import Link from 'next/link';
import { DeadlineReminder } from '@/app/disclosure/annual-report/DeadlineReminder';
import { getTranslations } from 'next-intl/server';
import { requirePermission } from '@/lib/auth/session';
import { chinaYear, chinaDate } from '@/lib/calendar/workdays';
import { listAnnualReportsForStaff } from '@/lib/disclosure/annual-report';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('annualReport'))('workspace.title') };
}

/** The moderators' list of annual reports: saved ones with their status, and last year's and this year's to start. */
export default async function AnnualReportWorkspace() {
  const actor = await requirePermission('disclosure.annualReport', '/workspace/moderator/annual-report');
  const t = await getTranslations('annualReport');
  const saved = await listAnnualReportsForStaff(actor);
  const year = chinaYear();
  const rows = [
    ...[year, year - 1].filter((y) => !saved.some((r) => r.year === y)).map((y) => ({ year: y, status: 'new' as const, updatedAt: null, publishedAt: null })),
    ...saved,
  ].sort((a, b) => b.year - a.year);
  return (
    <>
      <h1>{t('workspace.title')}</h1>
      <p className="lead">{t('workspace.intro')}</p>
      <DeadlineReminder />
      <table className="table-cards">
        <caption className="sr-only">{t('workspace.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('colYear')}</th>
            <th scope="col">{t('workspace.colStatus')}</th>
            <th scope="col">{t('workspace.colUpdated')}</th>
            <th scope="col">{t('colPublishedOn')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.year}>
              <th scope="row"><Link href={`/workspace/moderator/annual-report/${r.year}`}>{t('yearTitle', { year: r.year })}</Link></th>
              <td data-label={t('workspace.colStatus')}>{t(`workspace.status.${r.status}`)}</td>
              <td data-label={t('workspace.colUpdated')}>{r.updatedAt ? chinaDate(r.updatedAt) : ''}</td>
              <td data-label={t('colPublishedOn')}>{r.publishedAt ? chinaDate(r.publishedAt) : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
