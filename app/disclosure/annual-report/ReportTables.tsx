import { getLocale, getTranslations } from 'next-intl/server';
import {
  APPLICATION_COLUMNS,
  type AnnualReportTables,
  type AnnualReportView,
  type SectionKey,
} from '@/lib/disclosure/annual-report';
import { APPLICANT_TYPES, APPLICATION_OUTCOMES } from '@/lib/disclosure/schema';
import { formatRate } from '@/app/stats/format';

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
  const t = await getTranslations('annualReport');
  const en = (await getLocale()) === 'en';
  const { rows, total } = tables.proactive;
  return (
    <div className="table-scroll">
      <table className="report-table" data-testid="report-proactive">
        <caption>{t('proactiveCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('colCategory')}</th>
            <th scope="col">{t('colPublished')}</th>
            <th scope="col">{t('colLate')}</th>
            <th scope="col">{t('colOnRequest')}</th>
            <th scope="col">{t('colExempt')}</th>
            <th scope="col">{t('colCurrent')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.code}>
              <th scope="row" className={r.depth > 0 ? 'indent' : undefined}>{en ? r.nameEn : r.name}</th>
              <td className="num">{r.published}</td>
              <td className="num">{r.late}</td>
              <td className="num">{r.onRequest}</td>
              <td className="num">{r.exempt}</td>
              <td className="num">{r.current}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t('totalRow')}</th>
            <td className="num">{total.published}</td>
            <td className="num">{total.late}</td>
            <td className="num">{total.onRequest}</td>
            <td className="num">{total.exempt}</td>
            <td className="num">{total.current}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

/** The national template's table 3: applicant types as columns (自然人 | 法人或其他组织 ×5 | 总计), results as rows. */
export async function ApplicationsTable({ tables }: { tables: AnnualReportTables }) {
  const t = await getTranslations('annualReport');
  const { cells, check } = tables.applications;
  const cellsOf = (row: keyof typeof cells) => APPLICATION_COLUMNS.map((c) => <td key={c} className="num">{cells[row][c]}</td>);
  return (
    <>
      <div className="table-scroll">
        <table className="report-table" data-testid="report-applications">
          <caption>{t('applicationsCaption')}</caption>
          <thead>
            <tr>
              <td rowSpan={3} />
              <th scope="colgroup" colSpan={APPLICATION_COLUMNS.length}>{t('colApplicant')}</th>
            </tr>
            <tr>
              <th scope="col" rowSpan={2}>{t('columns.person')}</th>
              <th scope="colgroup" colSpan={APPLICANT_TYPES.length - 1}>{t('colOrganisation')}</th>
              <th scope="col" rowSpan={2}>{t('columns.total')}</th>
            </tr>
            <tr>
              {APPLICANT_TYPES.filter((a) => a !== 'person').map((a) => <th key={a} scope="col">{t(`columns.${a}`)}</th>)}
            </tr>
          </thead>
          <tbody>
            <tr><th scope="row">{t('rows.new')}</th>{cellsOf('new')}</tr>
            <tr><th scope="row">{t('rows.carriedIn')}</th>{cellsOf('carriedIn')}</tr>
            <tr><th scope="rowgroup" colSpan={APPLICATION_COLUMNS.length + 1}>{t('rows.results')}</th></tr>
            {APPLICATION_OUTCOMES.map((o) => (
              <tr key={o}><th scope="row" className="indent">{t(`rows.${o}`)}</th>{cellsOf(o)}</tr>
            ))}
            <tr><th scope="row" className="indent">{t('rows.handled')}</th>{cellsOf('handled')}</tr>
            <tr><th scope="row">{t('rows.carriedForward')}</th>{cellsOf('carriedForward')}</tr>
          </tbody>
        </table>
      </div>
      <p className="hint">{t('applicationsNote')}</p>
      {check.ok ? (
        <p className="check-ok" data-testid="report-check">{t('checkOk')}</p>
      ) : (
        <div className="check-failed" role="alert" data-testid="report-check">
          <p>{t('checkFailed')}</p>
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
        </div>
      )}
    </>
  );
}

export async function PlatformTable({ tables }: { tables: AnnualReportTables }) {
  const t = await getTranslations('annualReport');
  const ts = await getTranslations('stats');
  const { letters, interviews } = tables.platform;
  const none = ts('none');
  const rows: Array<[string, string | number]> = [
    ['lettersReceived', letters.received],
    ['lettersAnswered', letters.answered],
    ['lettersOnTimeRate', formatRate(letters.onTimeRate, none)],
    ['avgWorkingDays', letters.avgWorkingDays ?? none],
    ['satisfactionRate', formatRate(letters.satisfactionRate, none)],
    ['interviewsHeld', interviews.held],
    ['questionsAnswered', interviews.questionsAnswered],
  ];
  return (
    <div className="table-scroll">
      <table className="report-table" data-testid="report-platform">
        <caption>{t('platformCaption')}</caption>
        <thead><tr><th scope="col">{t('colItem')}</th><th scope="col">{t('colValue')}</th></tr></thead>
        <tbody>
          {rows.map(([key, value]) => <tr key={key}><th scope="row">{t(`platformRows.${key}`)}</th><td className="num">{value}</td></tr>)}
        </tbody>
      </table>
    </div>
  );
}

/** The whole report body in the template's order: text sections with the generated tables where they belong. */
export async function ReportBody({ report, headingLevel = 2 }: { report: AnnualReportView; headingLevel?: 2 | 3 }) {
  const t = await getTranslations('annualReport');
  const H = `h${headingLevel}` as 'h2' | 'h3';
  const heading = (key: SectionKey | 'platform') => <H id={`report-${key}`}>{t(`sections.${key}`)}</H>;
  return (
    <>
      <section aria-labelledby="report-overview">
        {heading('overview')}
        <SectionText text={report.sections.overview} />
      </section>
      <section aria-labelledby="report-proactive">
        {heading('proactive')}
        <SectionText text={report.sections.proactive} />
        <ProactiveTable tables={report.tables} />
      </section>
      <section aria-labelledby="report-applications">
        {heading('applications')}
        <SectionText text={report.sections.applications} />
        <ApplicationsTable tables={report.tables} />
      </section>
      <section aria-labelledby="report-problems">
        {heading('problems')}
        <SectionText text={report.sections.problems} />
      </section>
      <section aria-labelledby="report-other">
        {heading('other')}
        <SectionText text={report.sections.other} />
      </section>
      <section aria-labelledby="report-platform">
        {heading('platform')}
        <PlatformTable tables={report.tables} />
      </section>
    </>
  );
}
