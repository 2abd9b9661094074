import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createTranslator } from 'next-intl';
import PDFDocument from 'pdfkit';
import { formatRate } from '../../app/stats/format';
import { chinaDate } from '../calendar/workdays';
import zhCN from '../i18n/messages/zh-CN.json';
import { forFormatter } from '../i18n/precompile';
import { REPORT_TABLE_LABELS } from './annual-labels';
import { APPLICANT_COLUMNS } from './annual-template';
import type { AnnualReportView } from './annual-report';

/**
 * The published annual report as a PDF (issue 19 item 7): the printable page's content in the template's layout —
 * sections 一 to 六, the tables with every row and sub-row, the platform appendix — in Chinese, the report's
 * official language. 思源黑体 (npm source-han-sans-cn) is embedded as a subset, so the text is real text (searchable,
 * extractable), not pictures. Built from an AnnualReportView, so it shows the same figures as the page.
 */

/** The font files, found through Node's resolution from the project root (works under vitest and the Next server). */
export function fontPath(weight: 'Regular' | 'Bold'): string {
  const resolve = createRequire(join(process.cwd(), 'package.json')).resolve;
  return join(dirname(resolve('source-han-sans-cn/package.json')), `SourceHanSansCN-${weight}.otf`);
}

export function annualReportPdfFileName(report: Pick<AnnualReportView, 'title'>): string {
  return `${report.title}.pdf`;
}

const A4_MARGIN = 56;
const BODY = 10.5;
const TABLE = 8;
const LEFT = { x: 'left', y: 'center' } as const;

type Cell = string | PDFKit.Mixins.CellOptions;

/** Builds the PDF; resolves to its bytes. */
export async function buildAnnualReportPdf(report: AnnualReportView, now = new Date()): Promise<Uint8Array> {
  const messages = forFormatter(zhCN);
  const t = createTranslator({ locale: 'zh-CN', messages, namespace: 'annualReport' });
  const ts = createTranslator({ locale: 'zh-CN', messages, namespace: 'stats' });
  // The tables' fixed texts, in the template's words (lib/disclosure/annual-labels.ts).
  const L = REPORT_TABLE_LABELS['zh-CN'];
  const regular = fontPath('Regular');
  const bold = fontPath('Bold');
  const doc = new PDFDocument({
    size: 'A4',
    margin: A4_MARGIN,
    lang: 'zh-CN',
    displayTitle: true,
    info: { Title: report.title, Author: report.organisation.name, Subject: t('title'), CreationDate: now, ModDate: now },
    bufferPages: true,
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => { doc.on('end', resolve); doc.on('error', reject); });

  // Fonts by path, not registered names: pdfkit's table cells reopen the current font by its source, and only a
  // path is found in its cache (a registered name made every cell re-read the 9 MB file: 60 ms a cell).
  const width = doc.page.width - 2 * A4_MARGIN;
  const left = A4_MARGIN;

  // A heading or caption never ends a page: it starts the next one when less than `room` points are left.
  const keepWithNext = (room: number) => {
    if (doc.y > doc.page.height - doc.page.margins.bottom - room) doc.addPage();
  };
  const heading = (text: string, size = 13) => {
    keepWithNext(120);
    doc.moveDown(0.6).font(bold).fontSize(size).text(text, left, undefined, { width });
    doc.moveDown(0.3).font(regular).fontSize(BODY);
  };
  const caption = (text: string) => {
    keepWithNext(100);
    doc.moveDown(0.4).font(bold).fontSize(9.5).text(text, left, undefined, { width, align: 'center' });
    doc.moveDown(0.2).font(regular);
  };
  const paragraphs = (text: string) => {
    const parts = text.split(/\n+/).map((p) => p.trim()).filter(Boolean);
    doc.font(regular).fontSize(BODY);
    if (parts.length === 0) doc.fillColor('#555').text(t('sectionEmpty'), left, undefined, { width }).fillColor('black');
    for (const p of parts) doc.text(p, left, undefined, { width, indent: BODY * 2, lineGap: 3, paragraphGap: 4 });
  };
  const table = (rows: Cell[][], columnStyles: Array<number | string>) => {
    doc.font(regular).fontSize(TABLE);
    doc.table({
      position: { x: left },
      maxWidth: width,
      columnStyles,
      defaultStyle: { border: 0.5, padding: [2, 3], align: { x: 'center', y: 'center' } },
      data: rows,
    });
    doc.fontSize(BODY);
  };
  const th = (text: string, extra: PDFKit.Mixins.CellOptions = {}): Cell => ({ text, font: { src: bold }, ...extra });
  const num = (v: number | string) => String(v);

  // Title and meta
  doc.font(bold).fontSize(16).text(report.title, left, undefined, { width, align: 'center' });
  doc.moveDown(0.4).font(regular).fontSize(9);
  const meta = [
    report.catalogueItem ? t('indexNo', { indexNo: report.catalogueItem.indexNo }) : null,
    report.publishedAt ? t('publishedOn', { date: chinaDate(report.publishedAt) }) : null,
    report.organisation.name,
  ].filter(Boolean).join('    ');
  doc.text(meta, left, undefined, { width, align: 'center' });

  const { tables } = report;

  // 一
  heading(t('sections.overview'));
  paragraphs(report.sections.overview);

  // 二: the template's table, then the catalogue's per category
  heading(t('sections.proactive'));
  paragraphs(report.sections.proactive);
  caption(L.proactive2021Caption);
  const p = (cell: string) => tables.proactive2021.find((c) => c.cell === cell)?.value ?? '—';
  const row2021 = (key: string) => th(L.p2021Rows[key as keyof typeof L.p2021Rows]);
  table([
    [th(L.colInfo), th(L.colMade), th(L.colRepealed), th(L.colCurrent2021)],
    [row2021('rules'), p('rules.made'), p('rules.repealed'), p('rules.current')],
    [row2021('normative'), p('normative.made'), p('normative.repealed'), p('normative.current')],
    [th(L.colInfo), th(L.colDecisions, { colSpan: 3 })],
    [row2021('licensing'), { text: p('licensing.decisions'), colSpan: 3 }],
    [th(L.colInfo), th(L.colDecisions, { colSpan: 3 })],
    [row2021('penalty'), { text: p('penalty.decisions'), colSpan: 3 }],
    [row2021('enforcement'), { text: p('enforcement.decisions'), colSpan: 3 }],
    [th(L.colInfo), th(L.colFeeAmount, { colSpan: 3 })],
    [row2021('fees'), { text: p('fees.amount'), colSpan: 3 }],
  ], ['*', '*', '*', '*']);
  caption(L.proactive2021CatalogueCaption);
  const { rows: pRows, total } = tables.proactive;
  table([
    [th(L.colCategory), th(L.colPublished), th(L.colLate), th(L.colOnRequest), th(L.colExempt), th(L.colCurrent)],
    ...pRows.map((r): Cell[] => [
      { text: `${r.depth > 0 ? '　'.repeat(r.depth) : ''}${r.name}`, align: LEFT }, num(r.published), num(r.late), num(r.onRequest), num(r.exempt), num(r.current),
    ]),
    [th(L.totalRow), num(total.published), num(total.late), num(total.onRequest), num(total.exempt), num(total.current)],
  ], [150, '*', '*', '*', '*', '*']);

  // 三: every row and sub-row, applicant types as columns
  heading(t('sections.applications'));
  paragraphs(report.sections.applications);
  caption(L.applicationsCaption);
  const orgColumns = APPLICANT_COLUMNS.filter((c) => c !== 'person' && c !== 'total');
  table([
    [{ text: '', rowSpan: 3, colSpan: 1 }, th(L.colApplicant, { colSpan: APPLICANT_COLUMNS.length })],
    [th(L.columns.person, { rowSpan: 2 }), th(L.colOrganisation, { colSpan: orgColumns.length }), th(L.columns.total, { rowSpan: 2 })],
    orgColumns.map((c) => th(L.columns[c])),
    ...tables.applications.rows.map((r): Cell[] => r.values
      ? [{ text: `${'　'.repeat(r.depth)}${r.label}`, align: LEFT }, ...APPLICANT_COLUMNS.map((c) => num(r.values![c]))]
      : [{ text: r.label, align: LEFT, colSpan: APPLICANT_COLUMNS.length + 1 }]),
  ], [190, '*', '*', '*', '*', '*', '*', '*']);
  doc.font(regular).fontSize(8).text(t('applicationsNote'), left, undefined, { width });

  // 四
  heading(t('sections.reviews'));
  caption(L.reviewsCaption);
  const { groups, columns } = tables.reviews;
  table([
    [th(L.reviewsReconsideration, { colSpan: columns.length, rowSpan: 2 }), th(L.reviewsLitigation, { colSpan: columns.length * 2 })],
    groups.slice(1).map((g) => th(L.reviewKind[g.kind], { colSpan: columns.length })),
    groups.flatMap((g) => columns.map((c) => th(L.reviewOutcome[c.key]))),
    groups.flatMap((g) => columns.map((c) => num(g.values[c.key]))),
  ], Array(columns.length * 3).fill('*'));

  // 五, 六
  heading(t('sections.problems'));
  paragraphs(report.sections.problems);
  heading(t('sections.other'));
  paragraphs(t('feesText', { ...tables.fees }));
  if (report.sections.other.trim()) paragraphs(report.sections.other);

  // 附
  heading(t('sections.platform'));
  const { letters, interviews } = tables.platform;
  const none = ts('none');
  const platform: Array<[string, string | number]> = [
    ['lettersReceived', letters.received],
    ['lettersAnswered', letters.answered],
    ['lettersOnTimeRate', formatRate(letters.onTimeRate, none)],
    ['avgWorkingDays', letters.avgWorkingDays ?? none],
    ['satisfactionRate', formatRate(letters.satisfactionRate, none)],
    ['interviewsHeld', interviews.held],
    ['questionsAnswered', interviews.questionsAnswered],
  ];
  caption(L.platformCaption);
  table([
    [th(L.colItem), th(L.colValue)],
    ...platform.map(([key, value]): Cell[] => [{ text: L.platformRows[key as keyof typeof L.platformRows], align: LEFT }, String(value)]),
  ], [250, '*']);

  // Page numbers
  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font(regular).fontSize(8).text(`${i + 1} / ${range.count}`, left, doc.page.height - 36, { width, align: 'center', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}
