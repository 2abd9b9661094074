import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import zhCatalogue from '@/lib/i18n/messages/zh-CN.json';
import enCatalogue from '@/lib/i18n/messages/en.json';
import { catalogue } from '@/lib/i18n/catalogue';
import { applicationRowLabel, REPORT_TABLE_LABELS, type ReportTableLabels } from '@/lib/disclosure/annual-labels';
import { APPLICATION_TEMPLATE_ROWS, PROACTIVE_2021_CELLS, REASON_LABEL } from '@/lib/disclosure/annual-template';
import { ApplicationsTableView, PlatformTableView, Proactive2021TableView, ProactiveTableView, ReviewsTableView, type Proactive2021ViewCell } from '@/app/disclosure/annual-report/ReportTableViews';

/**
 * The annual report's template labels (issue 15 item 6) are written once, in lib/disclosure/annual-labels.ts: the
 * report page's client table views draw them from there in the page's locale (their props carry only figures, codes
 * and the locale), the catalogue puts them back under annualReport.* for the server, the PDF and the moderator's
 * forms, and the report generator takes the template's zh-CN rows from them. Here: every label reaches the rendered
 * tables, in both languages, and the catalogue and the template agree with the module.
 */
const text = (html: string) => html.replace(/<[^>]+>/g, '\n').replaceAll('&quot;', '"').replaceAll('&#x27;', "'").replaceAll('&amp;', '&');

function renderAll(locale: 'zh-CN' | 'en'): string {
  const codes = APPLICATION_TEMPLATE_ROWS.map((r) => r.code);
  const views = [
    createElement(Proactive2021TableView, {
      locale,
      cells: Object.fromEntries(PROACTIVE_2021_CELLS.map((c, i): [string, Proactive2021ViewCell] => [c.cell, [String(i), (['catalogue', 'entered', 'missing'] as const)[i % 3]!]])),
    }),
    createElement(ProactiveTableView, { locale, rows: [[locale === 'en' ? 'Organisation' : '机构概况', false, 1, 0, 0, 0, 1]], total: [1, 0, 0, 0, 1] }),
    createElement(ApplicationsTableView, { locale, values: codes.map((code) => (code === 'results' ? [] : [1, 2, 3, 4, 5, 6, 21])) }),
    createElement(ReviewsTableView, {
      locale,
      kinds: ['reconsideration', 'litigation_direct', 'litigation_after'],
      outcomes: ['upheld', 'corrected', 'other', 'pending', 'total'],
      values: Array.from({ length: 15 }, (_, i) => i),
    }),
    createElement(PlatformTableView, { locale, rows: Object.keys(REPORT_TABLE_LABELS[locale].platformRows).map((k, i): [keyof ReportTableLabels['platformRows'], number] => [k as keyof ReportTableLabels['platformRows'], i]) }),
  ];
  return views.map((v) => renderToStaticMarkup(v)).join('\n');
}

/**
 * Every string of the labels but those the page's tables do not print: the PDF's caption of its catalogue annex, and
 * 行政复议 as a kind of case (the moderator's form; the table heads its group reviewsReconsideration).
 */
function strings(labels: ReportTableLabels, locale: 'zh-CN' | 'en'): string[] {
  const { proactive2021CatalogueCaption: _pdfOnly, reasons, rows, reviewKind: { reconsideration: _formOnly, ...kinds }, ...rest } = labels;
  const flat = [...Object.values(rest).flatMap((v) => (typeof v === 'string' ? [v] : Object.values(v))), ...Object.values(kinds)];
  // The reason sub-rows and the other rows appear with their numbering (1.属于国家秘密, "1. State secret").
  const rowLabels = APPLICATION_TEMPLATE_ROWS.map((r, i) => applicationRowLabel(labels, r.code, i - APPLICATION_TEMPLATE_ROWS.findIndex((p) => p.code === r.code.split('.')[0])));
  expect(Object.values(reasons).every((reason) => rowLabels.some((l) => l.endsWith(reason))), locale).toBe(true);
  expect(Object.values(rows).every((row) => rowLabels.includes(row)), locale).toBe(true);
  return [...flat, ...rowLabels];
}

describe('the annual report’s template labels', () => {
  it.each(['zh-CN', 'en'] as const)('all reach the rendered tables (%s)', (locale) => {
    const html = renderAll(locale);
    const cells = new Set(text(html).split('\n').map((s) => s.trim()).filter(Boolean));
    for (const label of strings(REPORT_TABLE_LABELS[locale], locale)) expect(cells.has(label), `${locale}: ${label}`).toBe(true);
    if (locale === 'en') expect(html).not.toMatch(/[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/u);
  });

  it('keep the national template’s wording and order in zh-CN, with the reports’ headers and scopes', () => {
    const html = renderAll('zh-CN');
    const rowHeads = [...html.matchAll(/<th scope="(?:row|rowgroup)"[^>]*>([^<]*)<\/th>/g)].map((m) => m[1]!);
    for (const r of APPLICATION_TEMPLATE_ROWS) expect(rowHeads).toContain(r.label);
    expect(rowHeads).toContain('（二）部分公开（区分处理的，只计这一情形，不计其他情形）');
    expect(rowHeads).toContain('2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请');
    expect(html).toContain('<caption>收到和处理政府信息公开申请情况（单位：件）</caption>');
    expect(html.match(/<caption>/g)).toHaveLength(5);
    expect(REASON_LABEL).toBe(REPORT_TABLE_LABELS['zh-CN'].reasons);
    // The rows in the template's order, each sub-row indented under its outcome.
    expect(rowHeads.filter((h) => APPLICATION_TEMPLATE_ROWS.some((r) => r.label === h))).toEqual(APPLICATION_TEMPLATE_ROWS.map((r) => r.label));
    expect(html).toContain('<th scope="row" class="indent-2">1.属于国家秘密</th><td>1</td>');
  });

  it('are the catalogue’s annualReport.* and reasonOption.*, and written nowhere else', async () => {
    for (const [locale, raw] of [['zh-CN', zhCatalogue], ['en', enCatalogue]] as const) {
      const { reasons, ...table } = REPORT_TABLE_LABELS[locale];
      const messages = await catalogue(locale) as unknown as { annualReport: Record<string, unknown>; applications: { actions: { reasonOption: unknown } } };
      expect(messages.annualReport).toMatchObject(table);
      expect(messages.applications.actions.reasonOption).toEqual(reasons);
      // The JSON catalogues no longer hold them.
      for (const key of Object.keys(table)) expect(key in raw.annualReport, `${locale} annualReport.${key}`).toBe(false);
      expect('reasonOption' in raw.applications.actions).toBe(false);
    }
  });
});
