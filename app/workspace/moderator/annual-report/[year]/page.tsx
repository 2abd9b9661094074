import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { requirePermission } from '@/lib/auth/session';
import { chinaDate } from '@/lib/calendar/workdays';
import { getAnnualReport, type AnnualReportView } from '@/lib/disclosure/annual-report';
import { ApplicationsTable, PlatformTable, ProactiveTable } from '@/app/disclosure/annual-report/ReportTables';
import { PublishForm, SectionsForm } from '../ReportForms';
import '@/app/stats/stats.css';
import { orNotFound } from '@/app/_components/or-not-found';

export const dynamic = 'force-dynamic';

export async function generateMetadata({ params }: { params: Promise<{ year: string }> }): Promise<Metadata> {
  return { title: (await getTranslations('annualReport'))('workspace.editTitle', { year: (await params).year }) };
}

/** Edit the text sections of a year's report, see the generated tables and their check, publish. */
export default async function AnnualReportEditPage({ params }: { params: Promise<{ year: string }> }) {
  const { year } = await params;
  const actor = await requirePermission('disclosure.annualReport', `/workspace/moderator/annual-report/${year}`);
  const report: AnnualReportView = await orNotFound(getAnnualReport(actor, { year }));
  const t = await getTranslations('annualReport');
  return (
    <>
      <p><Link href="/workspace/moderator/annual-report">{t('workspace.title')}</Link></p>
      <h1>{t('workspace.editTitle', { year: report.year })}</h1>
      <p className="report-meta">
        <span>{t('workspace.colStatus')}：{t(`workspace.status.${report.status}`)}</span>
        {report.catalogueItem ? <span>{t('indexNo', { indexNo: report.catalogueItem.indexNo })}</span> : null}
        <Link href={`/disclosure/annual-report/${report.year}`}>{t('workspace.preview')}</Link>
      </p>
      <SectionsForm year={report.year} version={report.version} sections={report.sections} />
      <section aria-labelledby="report-publish">
        <h2 id="report-publish">{t('workspace.publishHeading')}</h2>
        {report.status === 'published' && report.publishedAt ? (
          <p className="check-ok">{t('workspace.publishedAlready', { date: chinaDate(report.publishedAt) })}</p>
        ) : (
          <PublishForm year={report.year} version={report.version} />
        )}
      </section>
      <section aria-labelledby="report-tables">
        <h2 id="report-tables">{t('workspace.tablesHeading')}</h2>
        <ProactiveTable tables={report.tables} />
        <ApplicationsTable tables={report.tables} />
        <PlatformTable tables={report.tables} />
      </section>
    </>
  );
}
