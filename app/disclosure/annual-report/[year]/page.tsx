import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { can } from '@/lib/auth/permissions';
import { currentActor } from '@/lib/auth/session';
import { chinaDate } from '@/lib/calendar/workdays';
import { getAnnualReport, type AnnualReportView } from '@/lib/disclosure/annual-report';
import { AppError } from '@/lib/errors';
import { PrintButton } from '@/app/stats/PrintButton';
import { ReportBody } from '../ReportTables';
import { DeadlineReminder } from '../DeadlineReminder';
import '@/app/stats/stats.css';

export const dynamic = 'force-dynamic';

/** The report for the page's actor, or null (404) when the year is malformed or not visible to them. */
async function load(year: string): Promise<AnnualReportView | null> {
  try {
    return await getAnnualReport(await currentActor(), { year });
  } catch (error) {
    if (error instanceof AppError && (error.status === 404 || error.status === 422)) return null;
    throw error;
  }
}

export async function generateMetadata({ params }: { params: Promise<{ year: string }> }): Promise<Metadata> {
  const report = await load((await params).year);
  return { title: report?.title ?? (await getTranslations('annualReport'))('title') };
}

/** 政府信息公开工作年度报告 of one year: public once published; moderators also see drafts. Printable. */
export default async function AnnualReportPage({ params }: { params: Promise<{ year: string }> }) {
  const report = await load((await params).year);
  if (!report) notFound();
  const t = await getTranslations('annualReport');
  const staff = can(await currentActor(), 'disclosure.annualReport');
  return (
    <article aria-labelledby="report-title">
      <p className="no-print"><Link href="/disclosure/annual-report">{t('back')}</Link></p>
      <h1 id="report-title">{report.title}</h1>
      <p className="report-meta">
        {report.catalogueItem ? <span>{t('indexNo', { indexNo: report.catalogueItem.indexNo })}</span> : null}
        {report.publishedAt ? <span>{t('publishedOn', { date: chinaDate(report.publishedAt) })}</span> : null}
        <span>{report.organisation.name}</span>
      </p>
      {report.status === 'draft' ? <p className="notice" role="status">{t('draftNotice')}</p> : null}
      {report.status === 'new' ? <p className="notice" role="status">{t('newNotice')}</p> : null}
      {staff && report.status !== 'published' ? <div className="no-print"><DeadlineReminder /></div> : null}
      <div className="stats-toolbar">
        <PrintButton label={t('print')} />
        {report.pdf ? (
          <a className="no-print" href={report.pdf.url} download data-testid="report-pdf">
            {t('pdfLink', { size: Math.max(1, Math.round(report.pdf.sizeBytes / 1024)) })}
          </a>
        ) : null}
        {staff ? <Link className="no-print" href={`/workspace/moderator/annual-report/${report.year}`}>{t('edit')}</Link> : null}
      </div>
      <ReportBody report={report} />
    </article>
  );
}
