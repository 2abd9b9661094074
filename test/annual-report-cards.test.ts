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

  it('make every table of the report a card table, the rest of the cells labelled by data-label', () => {
    const tables = [...views.matchAll(/<table className="([^"]*)"/g)].map((m) => m[1]!);
    expect(tables).toHaveLength(5);
    for (const classes of tables) expect(classes.split(' ')).toEqual(expect.arrayContaining(['report-table', 'table-cards']));
    // Section 二 (2021 template), 四 (reviews, three header levels) and the platform's figures carry data-label.
    expect(views).toContain('data-cell={key} data-source={source} data-label={l[P2021_COLUMN[key.split(\'.\')[1] as keyof typeof P2021_COLUMN]]}');
    expect(views).toContain('<td data-label={l.colValue}>');
    expect(views).toContain('data-cell={`${k}.${o}`} data-label={`${groupLabel(k)}${LEVEL}${l.reviewOutcome[o]}`}');
  });
});
