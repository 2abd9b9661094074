import { getLocale, getTranslations } from 'next-intl/server';
import {
  APPLICATION_COLUMNS,
  type AnnualReportTables,
  type AnnualReportView,
  type SectionKey,
} from '@/lib/disclosure/annual-report';
import { APPLICANT_TYPES } from '@/lib/disclosure/schema';
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
      <table className="report-table table-cards report-proactive" data-testid="report-proactive">
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

/** Between the levels of a two-level header in a card's label (法人或其他组织 · 商业企业); the same in both languages. */
export const LEVEL = ' · ';

const ROW_KEY: Record<string, string> = { new: 'new', carried_in: 'carriedIn', results: 'results', handled: 'handled', carried_forward: 'carriedForward' };

/**
 * Section 三 exactly as the national template (国办公开办函〔2021〕30号) prints it: applicant types as columns
 * (自然人 | 法人或其他组织 ×5 | 总计), every row and sub-row in its order and words (zh-CN; translated in en).
 */
export async function ApplicationsTable({ tables }: { tables: AnnualReportTables }) {
  const t = await getTranslations('annualReport');
  const ta = await getTranslations('applications.actions');
  const en = (await getLocale()) === 'en';
  const { rows, check } = tables.applications;
  const labelOf = (code: string, label: string) => {
    if (!en) return label;
    const [outcome, reason] = code.split('.');
    if (reason) return `${label.split('.')[0]}. ${ta(`reasonOption.${reason}` as 'reasonOption.other')}`;
    return t(`rows.${ROW_KEY[outcome!] ?? outcome}` as 'rows.new');
  };
  return (
    <>
      <div className="table-scroll">
        <table className="report-table table-cards report-applications" data-testid="report-applications">
          <caption>{t('applicationsCaption')}</caption>
          <thead>
            <tr>
              <td rowSpan={3} colSpan={1} />
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
            {rows.map((r) => r.values ? (
              <tr key={r.code} data-row={r.code}>
                <th scope="row" className={r.depth === 2 ? 'indent-2' : r.depth === 1 ? 'indent' : undefined}>{labelOf(r.code, r.label)}</th>
                {APPLICATION_COLUMNS.map((c) => <td key={c} className="num">{r.values![c]}</td>)}
              </tr>
            ) : (
              <tr key={r.code} data-row={r.code}><th scope="rowgroup" colSpan={APPLICATION_COLUMNS.length + 1}>{labelOf(r.code, r.label)}</th></tr>
            ))}
          </tbody>
        </table>
      </div>
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
  const t = await getTranslations('annualReport');
  const cell = (key: string) => tables.proactive2021.find((c) => c.cell === key)!;
  const td = (key: string, colSpan?: number) => {
    const c = cell(key);
    return (
      <td className="num" colSpan={colSpan} data-cell={key} data-source={c.source} data-label={label(key)}>
        {c.value ?? '—'}
        <br /><small className="hint">{t(`source.${c.source}`)}</small>
      </td>
    );
  };
  const rowHead = (key: string) => <th scope="row">{t(`p2021Rows.${key}` as 'p2021Rows.rules')}</th>;
  // The template repeats its header rows inside the body; on phones (cards) each cell carries its column's name.
  const label = (key: string) => t(({ made: 'colMade', repealed: 'colRepealed', current: 'colCurrent2021', decisions: 'colDecisions', amount: 'colFeeAmount' } as const)[key.split('.')[1] as 'made']);
  const head = (second: 'colDecisions' | 'colFeeAmount') => <tr className="report-subhead"><th scope="col">{t('colInfo')}</th><th scope="col" colSpan={3}>{t(second)}</th></tr>;
  return (
    <div className="table-scroll">
      <table className="report-table table-cards" data-testid="report-proactive-2021">
        <caption>{t('proactive2021Caption')}</caption>
        <tbody>
          <tr className="report-subhead"><th scope="col">{t('colInfo')}</th><th scope="col">{t('colMade')}</th><th scope="col">{t('colRepealed')}</th><th scope="col">{t('colCurrent2021')}</th></tr>
          <tr>{rowHead('rules')}{td('rules.made')}{td('rules.repealed')}{td('rules.current')}</tr>
          <tr>{rowHead('normative')}{td('normative.made')}{td('normative.repealed')}{td('normative.current')}</tr>
          {head('colDecisions')}
          <tr>{rowHead('licensing')}{td('licensing.decisions', 3)}</tr>
          {head('colDecisions')}
          <tr>{rowHead('penalty')}{td('penalty.decisions', 3)}</tr>
          <tr>{rowHead('enforcement')}{td('enforcement.decisions', 3)}</tr>
          {head('colFeeAmount')}
          <tr>{rowHead('fees')}{td('fees.amount', 3)}</tr>
        </tbody>
      </table>
      <p className="hint">{t('sourceNote')}</p>
    </div>
  );
}

/** Section 四 as the template prints it: 行政复议 | 行政诉讼 (未经复议直接起诉 | 复议后起诉), five columns each. */
export async function ReviewsTable({ tables }: { tables: AnnualReportTables }) {
  const t = await getTranslations('annualReport');
  const { groups, columns } = tables.reviews;
  // On phones (cards) each figure is led by its full header: 行政复议 · 结果维持, 行政诉讼 · 未经复议直接起诉 · 结果维持.
  const groupLabel = (kind: string) => kind === 'reconsideration'
    ? t('reviewsReconsideration')
    : `${t('reviewsLitigation')}${LEVEL}${t(`reviewKind.${kind}` as 'reviewKind.litigation_direct')}`;
  return (
    <div className="table-scroll">
      <table className="report-table table-cards report-reviews" data-testid="report-reviews">
        <caption>{t('reviewsCaption')}</caption>
        <thead>
          <tr>
            <th scope="colgroup" colSpan={columns.length} rowSpan={2}>{t('reviewsReconsideration')}</th>
            <th scope="colgroup" colSpan={columns.length * 2}>{t('reviewsLitigation')}</th>
          </tr>
          <tr>
            {groups.slice(1).map((g) => <th key={g.kind} scope="colgroup" colSpan={columns.length}>{t(`reviewKind.${g.kind}`)}</th>)}
          </tr>
          <tr>
            {groups.flatMap((g) => columns.map((c) => <th key={`${g.kind}-${c.key}`} scope="col">{t(`reviewOutcome.${c.key}`)}</th>))}
          </tr>
        </thead>
        <tbody>
          <tr>
            {groups.flatMap((g) => columns.map((c) => (
              <td key={`${g.kind}-${c.key}`} className="num" data-cell={`${g.kind}.${c.key}`} data-label={`${groupLabel(g.kind)}${LEVEL}${t(`reviewOutcome.${c.key}`)}`}>{g.values[c.key]}</td>
            )))}
          </tr>
        </tbody>
      </table>
    </div>
  );
}

/** Section 六's generated sentence on 信息处理费. */
export async function FeesText({ tables }: { tables: AnnualReportTables }) {
  const t = await getTranslations('annualReport');
  return <p data-testid="report-fees">{t('feesText', { ...tables.fees })}</p>;
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
      <table className="report-table table-cards" data-testid="report-platform">
        <caption>{t('platformCaption')}</caption>
        <thead><tr><th scope="col">{t('colItem')}</th><th scope="col">{t('colValue')}</th></tr></thead>
        <tbody>
          {rows.map(([key, value]) => <tr key={key}><th scope="row">{t(`platformRows.${key}`)}</th><td className="num" data-label={t('colValue')}>{value}</td></tr>)}
        </tbody>
      </table>
    </div>
  );
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
