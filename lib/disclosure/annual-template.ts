import { APPLICANT_TYPES, REASON_CODES_BY_OUTCOME, type ApplicantType, type ApplicationReasonCode, type CodedOutcome } from './schema';

/**
 * 《中华人民共和国政府信息公开工作年度报告格式》(国办公开办函〔2021〕30号): the rows, sub-rows and columns of its
 * tables in its own order and words. The report generator (annual-report.ts), the reply form and the tests read
 * them from here, so the wording exists once.
 */

/** Section 三's sub-rows, one per reply reason code, in the template's words. */
export const REASON_LABEL: Record<ApplicationReasonCode, string> = {
  state_secret: '属于国家秘密',
  law_forbids: '其他法律行政法规禁止公开',
  three_safeties_one_stability: '危及“三安全一稳定”',
  third_party: '保护第三方合法权益',
  internal_affairs: '属于三类内部事务信息',
  process_information: '属于四类过程性信息',
  enforcement_files: '属于行政执法案卷',
  query_matter: '属于行政查询事项',
  not_held: '本机关不掌握相关政府信息',
  needs_creation: '没有现成信息需要另行制作',
  unclear_after_correction: '补正后申请内容仍不明确',
  petition_or_complaint: '信访举报投诉类申请',
  repeated: '重复申请',
  publications: '要求提供公开出版物',
  excessive_or_abusive: '无正当理由大量反复申请',
  confirm_or_reissue: '要求行政机关确认或重新出具已获取信息',
  no_correction: '申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请',
  fee_not_paid: '申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
  other: '其他',
};

/** Section 三's columns: 自然人; 法人或其他组织 (five kinds); 总计. */
export const APPLICANT_COLUMN_LABEL: Record<ApplicantType | 'total', string> = {
  person: '自然人',
  company: '商业企业',
  research: '科研机构',
  nonprofit: '社会公益组织',
  legal: '法律服务机构',
  other: '其他',
  total: '总计',
};
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

const SUB = '一二三四五六七';
const CODED_ROW_LABEL: Record<CodedOutcome, string> = { withheld: '不予公开', unavailable: '无法提供', not_handled: '不予处理', other: '其他处理' };

/** Section 三's rows in the template's order. */
export const APPLICATION_TEMPLATE_ROWS: readonly TemplateRow[] = [
  { code: 'new', label: '一、本年新收政府信息公开申请数量', depth: 0 },
  { code: 'carried_in', label: '二、上年结转政府信息公开申请数量', depth: 0 },
  { code: 'results', label: '三、本年度办理结果', depth: 0, heading: true },
  { code: 'disclosed', label: `（${SUB[0]}）予以公开`, depth: 1 },
  { code: 'partly_disclosed', label: `（${SUB[1]}）部分公开（区分处理的，只计这一情形，不计其他情形）`, depth: 1 },
  ...(['withheld', 'unavailable', 'not_handled', 'other'] as const).flatMap((outcome, i) => [
    { code: outcome, label: `（${SUB[i + 2]}）${CODED_ROW_LABEL[outcome]}`, depth: 1 },
    ...REASON_CODES_BY_OUTCOME[outcome].map((code, j) => ({ code: `${outcome}.${code}`, label: `${j + 1}.${REASON_LABEL[code]}`, depth: 2 })),
  ]),
  { code: 'handled', label: `（${SUB[6]}）总计`, depth: 1 },
  { code: 'carried_forward', label: '四、结转下年度继续办理', depth: 0 },
];

/** Section 四: 行政复议; 行政诉讼 (未经复议直接起诉, 复议后起诉); each 结果维持, 结果纠正, 其他结果, 尚未审结, 总计. */
export const REVIEW_KIND_LABEL = { reconsideration: '行政复议', litigation_direct: '未经复议直接起诉', litigation_after: '复议后起诉' } as const;
export const REVIEW_OUTCOME_LABEL = { upheld: '结果维持', corrected: '结果纠正', other: '其他结果', pending: '尚未审结', total: '总计' } as const;

/** Section 二 (主动公开) of the 2021 template: its cells, with their row and column words. */
export const PROACTIVE_2021_CELLS = [
  { cell: 'rules.made', row: '规章', column: '本年制发件数' },
  { cell: 'rules.repealed', row: '规章', column: '本年废止件数' },
  { cell: 'rules.current', row: '规章', column: '现行有效件数' },
  { cell: 'normative.made', row: '行政规范性文件', column: '本年制发件数' },
  { cell: 'normative.repealed', row: '行政规范性文件', column: '本年废止件数' },
  { cell: 'normative.current', row: '行政规范性文件', column: '现行有效件数' },
  { cell: 'licensing.decisions', row: '行政许可', column: '本年处理决定数量' },
  { cell: 'penalty.decisions', row: '行政处罚', column: '本年处理决定数量' },
  { cell: 'enforcement.decisions', row: '行政强制', column: '本年处理决定数量' },
  { cell: 'fees.amount', row: '行政事业性收费', column: '本年收费金额（单位：万元）' },
] as const;
export type Proactive2021Cell = (typeof PROACTIVE_2021_CELLS)[number]['cell'];
