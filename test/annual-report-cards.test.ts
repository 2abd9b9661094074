import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import zh from '@/lib/i18n/messages/zh-CN.json';
import en from '@/lib/i18n/messages/en.json';
import { APPLICANT_TYPES } from '@/lib/disclosure/schema';
import { APPLICATION_COLUMNS } from '@/lib/disclosure/annual-report';

/**
 * The annual report's tables as cards on phones (issue 15 item 4, english4). The two long tables (section 二's
 * proactive table, section 三's applications) carry no data-label on their cells: their column names — both header
 * levels, 法人或其他组织 · 商业企业 — are written once in app/stats/stats.css. They must stay the catalogue's, column by
 * column, in zh-CN and English; and every table of the report is a table-cards table.
 */
const css = readFileSync(path.join(__dirname, '../app/stats/stats.css'), 'utf8');
// The tables are drawn by client components (ReportTableViews.tsx) from labels the server translates (ReportTables.tsx).
const views = readFileSync(path.join(__dirname, '../app/disclosure/annual-report/ReportTableViews.tsx'), 'utf8');
const source = readFileSync(path.join(__dirname, '../app/disclosure/annual-report/ReportTables.tsx'), 'utf8');
const LEVEL = ' · ';

function labels(table: string, count: number, english: boolean): Array<string | undefined> {
  return Array.from({ length: count }, (_, i) => {
    const pattern = new RegExp(`^\\s*${english ? 'html\\[lang="en"\\] ' : ''}\\.${table} td:nth-child\\(${i + 2}\\)::before \\{ content: "([^"]*)"; \\}$`, 'm');
    return pattern.exec(css)?.[1];
  });
}

type Catalogue = typeof zh;
const applications = (c: Catalogue) => APPLICATION_COLUMNS.map((col) =>
  col === 'person' || col === 'total' ? c.annualReport.columns[col] : `${c.annualReport.colOrganisation}${LEVEL}${c.annualReport.columns[col]}`);
const proactive = (c: Catalogue) => (['colPublished', 'colLate', 'colOnRequest', 'colExempt', 'colCurrent'] as const).map((k) => c.annualReport[k]);

describe('the annual report’s cards', () => {
  it('label the applications table’s cells with both header levels, as the catalogue words them', () => {
    expect(APPLICATION_COLUMNS).toEqual([...APPLICANT_TYPES, 'total']);
    expect(labels('report-applications', APPLICATION_COLUMNS.length, false)).toEqual(applications(zh).map((l) => `${l}：`));
    expect(labels('report-applications', APPLICATION_COLUMNS.length, true)).toEqual(applications(en as Catalogue).map((l) => `${l}: `));
    expect(labels('report-applications', APPLICATION_COLUMNS.length, false)[1]).toBe('法人或其他组织 · 商业企业：');
  });

  it('label the proactive table’s cells as the catalogue words its columns', () => {
    expect(labels('report-proactive', 5, false)).toEqual(proactive(zh).map((l) => `${l}：`));
    expect(labels('report-proactive', 5, true)).toEqual(proactive(en as Catalogue).map((l) => `${l}: `));
  });

  it('make every table of the report a card table, the rest of the cells labelled by data-label', () => {
    const tables = [...views.matchAll(/<table className="([^"]*)"/g)].map((m) => m[1]!);
    expect(tables).toHaveLength(5);
    for (const classes of tables) expect(classes.split(' ')).toEqual(expect.arrayContaining(['report-table', 'table-cards']));
    // Section 二 (2021 template), 四 (reviews, three header levels) and the platform's figures carry data-label.
    expect(views).toContain('data-cell={key} data-source={c.source} data-label={c.label}');
    expect(source).toContain('label: label(c.cell)');
    expect(views).toContain('<td data-label={value}>');
    expect(source).toContain("value={t('colValue')}");
    expect(views).toContain('data-cell={c.key} data-label={c.label}');
    expect(source).toContain('label: `${groupLabel(g.kind)}${LEVEL}${t(`reviewOutcome.${c.key}`)}`');
  });
});
