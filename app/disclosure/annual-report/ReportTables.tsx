import { getLocale, getTranslations } from 'next-intl/server';
import {
  APPLICATION_COLUMNS,
  type AnnualReportTables,
  type AnnualReportView,
  type SectionKey,
} from '@/lib/disclosure/annual-report';
import type { ReportTableLabels } from '@/lib/disclosure/annual-labels';
import { formatRate } from '@/app/stats/format';
import { ApplicationsTableView, PlatformTableView, Proactive2021TableView, ProactiveTableView, ReviewsTableView } from './ReportTableViews';

/** A stored text section as paragraphs (a line break starts a new one); a placeholder when it is empty. */
export async function SectionText({ text }: { text: string }) {
  const t = await getTranslations('annualReport');
  const paragraphs = text.split(/\n+/).map((p) => p.trim()).filter(Boolean);
  if (paragraphs.length === 0) return <p className="hint">{t('sectionEmpty')}</p>;
  return (
    <div className="report-text">
      {paragraphs.map((p, i) => <p key={i}>{p}</p>)}
    </div>
  );
}

export async function ProactiveTable({ tables }: { tables: AnnualReportTables }) {
  const locale = await getLocale();
  const { rows, total } = tables.proactive;
  const en = locale === 'en';
  return (
    <ProactiveTableView
      locale={locale}
      rows={rows.map((r) => [en ? r.nameEn : r.name, r.depth > 0, r.published, r.late, r.onRequest, r.exempt, r.current])}
      total={[total.published, total.late, total.onRequest, total.exempt, total.current]}
    />
  );
}

/**
 * Section 三 exactly as the national template (国办公开办函〔2021〕30号) prints it: applicant types as columns
 * (自然人 | 法人或其他组织 ×5 | 总计), every row and sub-row in its order and words (zh-CN; translated in en; the words
 * are the view's own, lib/disclosure/annual-labels.ts).
 */
export async function ApplicationsTable({ tables }: { tables: AnnualReportTables }) {
  const t = await getTranslations('annualReport');
  const { rows, check } = tables.applications;
  return (
    <>
      <ApplicationsTableView
        locale={await getLocale()}
        values={rows.map((r) => (r.values ? APPLICATION_COLUMNS.map((c) => r.values![c]) : []))}
      />
      <p className="hint">{t('applicationsNote')}</p>
      {check.ok ? (
        <p className="check-ok" data-testid="report-check">{t('checkOk')}</p>
      ) : (
        <div className="check-failed" role="alert" data-testid="report-check">
          {check.mismatches.length ? <p>{t('checkFailed')}</p> : null}
          <ul>
            {check.mismatches.map((m) => (
              <li key={m.column}>
                {t('checkRow', {
                  column: t(`columns.${m.column}`), new: m.new, carriedIn: m.carriedIn, left: m.new + m.carriedIn,
                  handled: m.handled, carriedForward: m.carriedForward, right: m.handled + m.carriedForward, difference: m.difference,
                })}
              </li>
            ))}
          </ul>
          {check.rowMismatches.length ? <p>{t('checkPartsFailed')}</p> : null}
          <ul>
            {check.rowMismatches.map((m) => (
              <li key={`${m.row}-${m.column}`}>{t('checkPartsRow', { row: m.label, column: t(`columns.${m.column}`), value: m.value, sum: m.sumOfParts })}</li>
            ))}
          </ul>
        </div>
      )}
    </>
  );
}

/** Section 二 as the 2021 template prints it, each cell with where its figure comes from. */
export async function Proactive2021Table({ tables }: { tables: AnnualReportTables }) {
  return (
    <Proactive2021TableView
      locale={await getLocale()}
      cells={Object.fromEntries(tables.proactive2021.map((c) => [c.cell, [c.value ?? '—', c.source]]))}
    />
  );
}

/** Section 四 as the template prints it: 行政复议 | 行政诉讼 (未经复议直接起诉 | 复议后起诉), five columns each. */
export async function ReviewsTable({ tables }: { tables: AnnualReportTables }) {
  const { groups, columns } = tables.reviews;
  return (
    <ReviewsTableView
      locale={await getLocale()}
      kinds={groups.map((g) => g.kind)}
      outcomes={columns.map((c) => c.key)}
      values={groups.flatMap((g) => columns.map((c) => g.values[c.key]))}
    />
  );
}

/** Section 六's generated sentence on 信息处理费. */
export async function FeesText({ tables }: { tables: AnnualReportTables }) {
  const t = await getTranslations('annualReport');
  return <p data-testid="report-fees">{t('feesText', { ...tables.fees })}</p>;
}

export async function PlatformTable({ tables }: { tables: AnnualReportTables }) {
  const ts = await getTranslations('stats');
  const { letters, interviews } = tables.platform;
  const none = ts('none');
  const rows: Array<[keyof ReportTableLabels['platformRows'], string | number]> = [
    ['lettersReceived', letters.received],
    ['lettersAnswered', letters.answered],
    ['lettersOnTimeRate', formatRate(letters.onTimeRate, none)],
    ['avgWorkingDays', letters.avgWorkingDays ?? none],
    ['satisfactionRate', formatRate(letters.satisfactionRate, none)],
    ['interviewsHeld', interviews.held],
    ['questionsAnswered', interviews.questionsAnswered],
  ];
  return <PlatformTableView locale={await getLocale()} rows={rows} />;
}

/** The whole report body in the template's order: text sections with the generated tables where they belong. */
export async function ReportBody({ report, headingLevel = 2 }: { report: AnnualReportView; headingLevel?: 2 | 3 }) {
  const t = await getTranslations('annualReport');
  const H = `h${headingLevel}` as 'h2' | 'h3';
  const heading = (key: SectionKey | 'platform' | 'reviews') => <H id={`report-${key}`}>{t(`sections.${key}`)}</H>;
  return (
    <>
      <section aria-labelledby="report-overview">
        {heading('overview')}
        <SectionText text={report.sections.overview} />
      </section>
      <section aria-labelledby="report-proactive">
        {heading('proactive')}
        <SectionText text={report.sections.proactive} />
        <Proactive2021Table tables={report.tables} />
        <ProactiveTable tables={report.tables} />
      </section>
      <section aria-labelledby="report-applications">
        {heading('applications')}
        <SectionText text={report.sections.applications} />
        <ApplicationsTable tables={report.tables} />
      </section>
      <section aria-labelledby="report-reviews">
        {heading('reviews')}
        <ReviewsTable tables={report.tables} />
      </section>
      <section aria-labelledby="report-problems">
        {heading('problems')}
        <SectionText text={report.sections.problems} />
      </section>
      <section aria-labelledby="report-other">
        {heading('other')}
        <FeesText tables={report.tables} />
        <SectionText text={report.sections.other} />
      </section>
      <section aria-labelledby="report-platform">
        {heading('platform')}
        <PlatformTable tables={report.tables} />
      </section>
    </>
  );
}
