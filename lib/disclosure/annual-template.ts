import { APPLICATION_HEADING_ROW, APPLICATION_ROWS, applicationRowLabel, REPORT_TABLE_LABELS } from './annual-labels';
import { APPLICANT_TYPES, type ApplicantType, type ApplicationReasonCode } from './schema';

/**
 * 《中华人民共和国政府信息公开工作年度报告格式》(国办公开办函〔2021〕30号): the rows, sub-rows and columns of its
 * tables in its own order. The report generator (annual-report.ts), the reply form and the tests read them from
 * here; the words are those of annual-labels.ts (zh-CN), which the report page's table views share.
 */

const ZH = REPORT_TABLE_LABELS['zh-CN'];

/** Section 三's sub-rows, one per reply reason code, in the template's words. */
export const REASON_LABEL: Record<ApplicationReasonCode, string> = ZH.reasons;

/** Section 三's columns: 自然人; 法人或其他组织 (five kinds); 总计. */
export const APPLICANT_COLUMN_LABEL: Record<ApplicantType | 'total', string> = ZH.columns;
export const APPLICANT_COLUMNS = [...APPLICANT_TYPES, 'total'] as const;

export interface TemplateRow {
  /** Stable code: `new`, `carried_in`, `disclosed`, `partly_disclosed`, `withheld`, `withheld.third_party` … `handled`, `carried_forward`. */
  code: string;
  /** The template's words, with its numbering (一、 (一) 1.). */
  label: string;
  /** 0: 一/二/三/四; 1: (一)…(七); 2: 1. 2. … */
  depth: number;
  /** A row the template leaves blank (三、本年度办理结果 and the four parents' headings are never blank: they hold their totals). */
  heading?: boolean;
}

/** Section 三's rows in the template's order. */
export const APPLICATION_TEMPLATE_ROWS: readonly TemplateRow[] = APPLICATION_ROWS.map(({ code, depth, number }) => ({
  code,
  label: applicationRowLabel(ZH, code, number),
  depth,
  ...(code === APPLICATION_HEADING_ROW ? { heading: true } : {}),
}));

/** Section 四: 行政复议; 行政诉讼 (未经复议直接起诉, 复议后起诉); each 结果维持, 结果纠正, 其他结果, 尚未审结, 总计. */
export const REVIEW_KIND_LABEL = ZH.reviewKind;
export const REVIEW_OUTCOME_LABEL = ZH.reviewOutcome;

/** Section 二 (主动公开) of the 2021 template: its cells, with their row and column words. */
const p2021 = <C extends `${keyof typeof ZH.p2021Rows}.${string}`>(cell: C, column: 'colMade' | 'colRepealed' | 'colCurrent2021' | 'colDecisions' | 'colFeeAmount') =>
  ({ cell, row: ZH.p2021Rows[cell.split('.')[0] as keyof typeof ZH.p2021Rows], column: ZH[column] });
export const PROACTIVE_2021_CELLS = [
  p2021('rules.made', 'colMade'),
  p2021('rules.repealed', 'colRepealed'),
  p2021('rules.current', 'colCurrent2021'),
  p2021('normative.made', 'colMade'),
  p2021('normative.repealed', 'colRepealed'),
  p2021('normative.current', 'colCurrent2021'),
  p2021('licensing.decisions', 'colDecisions'),
  p2021('penalty.decisions', 'colDecisions'),
  p2021('enforcement.decisions', 'colDecisions'),
  p2021('fees.amount', 'colFeeAmount'),
] as const;
export type Proactive2021Cell = (typeof PROACTIVE_2021_CELLS)[number]['cell'];
