import type { Metadata } from 'next';
import Link from 'next/link';
import { DeadlineReminder } from '@/app/disclosure/annual-report/DeadlineReminder';
import { getTranslations } from 'next-intl/server';
import { requirePermission } from '@/lib/auth/session';
import { chinaDate } from '@/lib/calendar/workdays';
import { applicationsByChannel, currentFiguresOfPublished, getAnnualReport, type AnnualReportView } from '@/lib/disclosure/annual-report';
import { db } from '@/lib/db';
import { ApplicationsTable, FeesText, PlatformTable, Proactive2021Table, ProactiveTable, ReviewsTable } from '@/app/disclosure/annual-report/ReportTables';
import { ENTERED_PROACTIVE_CELLS } from '@/lib/disclosure/annual-report';
import { listReviews } from '@/lib/disclosure/reviews';
import { EmptyState } from '@/app/_components/EmptyState';
import { ReportStepForm, SectionsForm } from '../ReportForms';
import { FiguresForm, ReasonCodeForm, ReviewForm } from '../TemplateForms';
import { listUncodedReplies } from '@/lib/disclosure/reply-codes';
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
  const reviews = await listReviews(actor, report.year);
  const uncoded = await listUncodedReplies(actor, report.year);
  const ta = await getTranslations('applications');
  const ti = await getTranslations('applicationIntake');
  const channels = await applicationsByChannel(db(), report.year);
  // A published report keeps the figures it was published with; the staff work with (and are shown) the current ones.
  const current = report.status === 'published' ? await currentFiguresOfPublished(actor, report.year) : null;
  const tables = current?.tables ?? report.tables;
  const entered = tables.proactive2021
    .filter((c) => (ENTERED_PROACTIVE_CELLS as readonly string[]).includes(c.cell))
    .map((c) => ({ cell: c.cell, label: `${c.row} · ${c.column}`, value: c.value }));
  return (
    <>
      <p><Link href="/workspace/moderator/annual-report">{t('workspace.title')}</Link></p>
      <h1>{t('workspace.editTitle', { year: report.year })}</h1>
      <p className="report-meta">
        <span>{t('workspace.colStatus')}：{t(`workspace.status.${report.status}`)}</span>
        {report.catalogueItem ? <span>{t('indexNo', { indexNo: report.catalogueItem.indexNo })}</span> : null}
        <Link href={`/disclosure/annual-report/${report.year}`}>{t('workspace.preview')}</Link>
      </p>
      <DeadlineReminder />
      <SectionsForm year={report.year} version={report.version} sections={report.sections} />
      <section aria-labelledby="report-publish">
        <h2 id="report-publish">{t('workspace.publishHeading')}</h2>
        {report.status === 'published' && report.publishedAt ? (
          <>
            <p className="check-ok">{t('workspace.publishedAlready', { date: chinaDate(report.publishedAt) })}</p>
            {report.pdf ? <p><a href={report.pdf.url} download data-testid="report-pdf">{t('pdfLink', { size: Math.max(1, Math.round(report.pdf.sizeBytes / 1024)) })}</a></p> : null}
            {current ? (
              // One form whatever the figures: it stays mounted after 更新数据, so its confirmation is read out.
              <div className={current.differs ? 'notice' : undefined}>
                {current.differs
                  ? <p data-testid="figures-changed">{t('workspace.figuresChanged')}</p>
                  : <p className="hint">{t('workspace.figuresFrozen')}</p>}
                <ReportStepForm step="refresh" year={report.year} version={report.version} disabled={!current.differs} />
              </div>
            ) : null}
          </>
        ) : (
          <ReportStepForm step="publish" year={report.year} version={report.version} />
        )}
      </section>
      <section aria-labelledby="report-tables">
        <h2 id="report-tables">{t('workspace.tablesHeading')}</h2>
        <Proactive2021Table tables={tables} />
        <FiguresForm year={report.year} cells={entered} />
        <ProactiveTable tables={tables} />
        <ApplicationsTable tables={tables} />
        <section aria-labelledby="report-channels">
          <h3 id="report-channels">{ti('statsByChannel')}</h3>
          <p className="hint">{ti('statsNote')}</p>
          <div className="table-scroll">
            <table className="report-table table-cards" data-testid="applications-by-channel">
              <caption>{ti('statsCaption', { year: report.year })}</caption>
              <thead><tr><th scope="col">{ti('statsChannel')}</th><th scope="col" className="num">{ti('statsCount')}</th><th scope="col" className="num">{ti('statsAnswered')}</th></tr></thead>
              <tbody>
                {channels.map((c) => (
                  <tr key={c.channel}><th scope="row">{ti(`channels.${c.channel}`)}</th><td className="num" data-label={ti('statsCount')}>{c.received}</td><td className="num" data-label={ti('statsAnswered')}>{c.answered}</td></tr>
                ))}
              </tbody>
              <tfoot>
                <tr><th scope="row">{ti('statsTotal')}</th><td className="num" data-label={ti('statsCount')}>{channels.reduce((n, c) => n + c.received, 0)}</td><td className="num" data-label={ti('statsAnswered')}>{channels.reduce((n, c) => n + c.answered, 0)}</td></tr>
              </tfoot>
            </table>
          </div>
        </section>
        {uncoded.length ? (
          <section aria-labelledby="report-uncoded" data-testid="uncoded-replies">
            <h3 id="report-uncoded">{t('workspace.uncoded.heading', { count: uncoded.length })}</h3>
            <p className="hint">{t('workspace.uncoded.intro')}</p>
            <div className="table-scroll">
              <table className="report-table table-cards">
                <thead><tr>
                  <th scope="col">{t('workspace.uncoded.trackingNo')}</th><th scope="col">{t('workspace.uncoded.outcome')}</th>
                  <th scope="col">{t('workspace.uncoded.reason')}</th><th scope="col">{t('workspace.uncoded.code')}</th>
                </tr></thead>
                <tbody>
                  {uncoded.map((r) => (
                    <tr key={r.trackingNo}>
                      <td data-label={t('workspace.uncoded.trackingNo')}><Link href={`/workspace/moderator/applications/${r.trackingNo}`}>{r.trackingNo}</Link></td>
                      <td data-label={t('workspace.uncoded.outcome')}>{ta(`outcomes.${r.outcome}`)}</td>
                      <td data-label={t('workspace.uncoded.reason')}>{r.reason ?? '—'}</td>
                      <td data-label={t('workspace.uncoded.code')}><ReasonCodeForm year={report.year} trackingNo={r.trackingNo} options={r.codes.map((c) => ({ value: c, label: ta(`actions.reasonOption.${c}`) }))} /></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        ) : null}
        <ReviewsTable tables={tables} />
        <FeesText tables={tables} />
        <PlatformTable tables={tables} />
      </section>
      <section aria-labelledby="report-review-cases">
        <h2 id="report-review-cases">{t('workspace.reviews.heading', { year: report.year })}</h2>
        {reviews.length === 0 ? <EmptyState>{t('workspace.reviews.empty')}</EmptyState> : (
          <div className="table-scroll">
            <table className="report-table table-cards" data-testid="review-cases">
              <caption>{t('workspace.reviews.listCaption', { year: report.year })}</caption>
              <thead><tr>
                <th scope="col">{t('workspace.reviews.filedOn')}</th><th scope="col">{t('workspace.reviews.kind')}</th>
                <th scope="col">{t('workspace.reviews.outcome')}</th><th scope="col">{t('workspace.reviews.trackingNo')}</th><th scope="col">{t('workspace.reviews.note')}</th>
              </tr></thead>
              <tbody>
                {reviews.map((r) => (
                  <tr key={r.id}>
                    <td data-label={t('workspace.reviews.filedOn')}>{r.filedOn}</td><td data-label={t('workspace.reviews.kind')}>{t(`reviewKind.${r.kind}`)}</td><td data-label={t('workspace.reviews.outcome')}>{t(`reviewOutcome.${r.outcome}`)}</td>
                    <td data-label={t('workspace.reviews.trackingNo')}>{r.applicationTrackingNo ? <Link href={`/workspace/moderator/applications/${r.applicationTrackingNo}`}>{r.applicationTrackingNo}</Link> : '—'}</td>
                    <td data-label={t('workspace.reviews.note')}>{r.note ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <ReviewForm year={report.year} />
      </section>
    </>
  );
}
