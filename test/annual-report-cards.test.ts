import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LEVEL, REPORT_TABLE_LABELS, type ReportTableLabels } from '@/lib/disclosure/annual-labels';
import { APPLICANT_TYPES } from '@/lib/disclosure/schema';
import { APPLICATION_COLUMNS } from '@/lib/disclosure/annual-report';

/**
 * The annual report's tables as cards on phones (issue 15 item 4, english4). The two long tables (section 二's
 * proactive table, section 三's applications) carry no data-label on their cells: their column names — both header
 * levels, 法人或其他组织 · 商业企业 — are written once in app/stats/stats.css. They must stay the template labels'
 * (lib/disclosure/annual-labels.ts, which the catalogue and the table views share), column by column, in zh-CN and
 * English; and every table of the report is a table-cards table.
 */
const css = readFileSync(path.join(__dirname, '../app/stats/stats.css'), 'utf8');
// The tables are drawn by client components (ReportTableViews.tsx) with the template labels of the page's locale.
const views = readFileSync(path.join(__dirname, '../app/disclosure/annual-report/ReportTableViews.tsx'), 'utf8');
const zh = REPORT_TABLE_LABELS['zh-CN'];
const en = REPORT_TABLE_LABELS.en;

function labels(table: string, count: number, english: boolean): Array<string | undefined> {
  return Array.from({ length: count }, (_, i) => {
    const pattern = new RegExp(`^\\s*${english ? 'html\\[lang="en"\\] ' : ''}\\.${table} td:nth-child\\(${i + 2}\\)::before \\{ content: "([^"]*)"; \\}$`, 'm');
    return pattern.exec(css)?.[1];
  });
}

const applications = (c: ReportTableLabels) => APPLICATION_COLUMNS.map((col) =>
  col === 'person' || col === 'total' ? c.columns[col] : `${c.colOrganisation}${LEVEL}${c.columns[col]}`);
const proactive = (c: ReportTableLabels) => (['colPublished', 'colLate', 'colOnRequest', 'colExempt', 'colCurrent'] as const).map((k) => c[k]);

describe('the annual report’s cards', () => {
  it('label the applications table’s cells with both header levels, as the catalogue words them', () => {
    expect(APPLICATION_COLUMNS).toEqual([...APPLICANT_TYPES, 'total']);
    expect(labels('report-applications', APPLICATION_COLUMNS.length, false)).toEqual(applications(zh).map((l) => `${l}：`));
    expect(labels('report-applications', APPLICATION_COLUMNS.length, true)).toEqual(applications(en).map((l) => `${l}: `));
    expect(labels('report-applications', APPLICATION_COLUMNS.length, false)[1]).toBe('法人或其他组织 · 商业企业：');
  });

  it('label the proactive table’s cells as the catalogue words its columns', () => {
    expect(labels('report-proactive', 5, false)).toEqual(proactive(zh).map((l) => `${l}：`));
    expect(labels('report-proactive', 5, true)).toEqual(proactive(en).map((l) => `${l}: `));
  });

  it('label the reviews table’s cells with all three header levels, as the template words them', () => {
    const kinds = ['reconsideration', 'litigation_direct', 'litigation_after'] as const;
    const outcomes = ['upheld', 'corrected', 'other', 'pending', 'total'] as const;
    const reviews = (c: ReportTableLabels) => kinds.flatMap((k) => outcomes.map((o) =>
      `${k === 'reconsideration' ? c.reviewsReconsideration : `${c.reviewsLitigation}${LEVEL}${c.reviewKind[k]}`}${LEVEL}${c.reviewOutcome[o]}`));
    const css15 = (english: boolean) => Array.from({ length: 15 }, (_, i) => new RegExp(`^\\s*${english ? 'html\\[lang="en"\\] ' : ''}\\.report-reviews td:nth-child\\(${i + 1}\\)::before \\{ content: "([^"]*)"; \\}$`, 'm').exec(css)?.[1]);
    expect(css15(false)).toEqual(reviews(zh).map((l) => `${l}：`));
    expect(css15(true)).toEqual(reviews(en).map((l) => `${l}: `));
    expect(css15(false)[5]).toBe('行政诉讼 · 未经复议直接起诉 · 结果维持：');
    expect(views).toContain('className="report-table table-cards report-reviews"');
  });

  it('make every table of the report a card table, its cells labelled from stats.css', () => {
    const tables = [...views.matchAll(/<table className="([^"]*)"/g)].map((m) => m[1]!);
    expect(tables).toHaveLength(5);
    for (const classes of tables) expect(classes.split(' ')).toEqual(expect.arrayContaining(['report-table', 'table-cards']));
    // No cell carries a data-label: every table's column names are in stats.css, from the template labels.
    expect(views).not.toContain('data-label');
    const rule = (selector: string, english: boolean) =>
      new RegExp(`^\\s*${english ? 'html\\[lang="en"\\] ' : ''}${selector.replace(/[.[\]()]/g, '\\$&')}::before \\{ content: "([^"]*)"; \\}$`, 'm').exec(css)?.[1];
    for (const [c, english, colon] of [[zh, false, '：'], [en, true, ': ']] as const) {
      expect(rule('.report-p2021 td:nth-child(2)', english)).toBe(`${c.colMade}${colon}`);
      expect(rule('.report-p2021 td:nth-child(3)', english)).toBe(`${c.colRepealed}${colon}`);
      expect(rule('.report-p2021 td:nth-child(4)', english)).toBe(`${c.colCurrent2021}${colon}`);
      expect(rule('.report-p2021 td[colspan]', english)).toBe(`${c.colDecisions}${colon}`);
      expect(rule('.report-p2021 tr:last-child td', english)).toBe(`${c.colFeeAmount}${colon}`);
      expect(rule('.report-platform td', english)).toBe(`${c.colValue}${colon}`);
    }
    // The 2021 table's single figures are 本年处理决定数量 but the last row's, the fees.
    expect(views.indexOf("{rowHead('fees')}")).toBeGreaterThan(views.lastIndexOf("td('enforcement.decisions', 3)"));
    expect(views).toContain('report-p2021');
    expect(views).toContain('report-platform');
  });
});
