/**
 * The fixed texts of the annual report's statutory tables (《中华人民共和国政府信息公开工作年度报告格式》,
 * 国办公开办函〔2021〕30号): captions, column and row headers, the reply reason sub-rows — in zh-CN (the template's
 * own words) and English. The one place they are written (issue 15 item 6):
 * - the report page's client table views (app/disclosure/annual-report/ReportTableViews.tsx) import them, so the
 *   page's props carry only the figures and the locale;
 * - the message catalogue (lib/i18n/catalogue.ts, `withReportLabels`) puts them back under `annualReport.*` and
 *   `applications.actions.reasonOption.*` for the server's translations, the moderator's forms and the PDF;
 * - the report generator (annual-template.ts) takes the template's zh-CN rows and columns from here.
 * Plain data and small functions only: this module is bundled into the browser (both languages, ~3 KB gzipped).
 */

const zhCN = {
  proactive2021Caption: '主动公开政府信息情况（按年度报告格式）',
  proactive2021CatalogueCaption: '附：公开目录各分类主动公开情况',
  colInfo: '信息内容',
  colMade: '本年制发件数',
  colRepealed: '本年废止件数',
  colCurrent2021: '现行有效件数',
  colDecisions: '本年处理决定数量',
  colFeeAmount: '本年收费金额（单位：万元）',
  p2021Rows: {
    rules: '规章',
    normative: '行政规范性文件',
    licensing: '行政许可',
    penalty: '行政处罚',
    enforcement: '行政强制',
    fees: '行政事业性收费',
  },
  source: {
    catalogue: '来自公开目录',
    entered: '人工填报',
    missing: '未填报',
  },
  sourceNote: '每格下方注明数据来源：“来自公开目录”由公开目录相应分类自动统计，“人工填报”由工作人员按年度填报。',
  proactiveCaption: '主动公开政府信息情况（单位：条）',
  colCategory: '目录分类',
  colPublished: '本年主动公开',
  colLate: '其中超过 20 个工作日公开',
  colOnRequest: '本年登记为依申请公开',
  colExempt: '本年登记为不予公开',
  colCurrent: '年末现行主动公开',
  totalRow: '合计',
  applicationsCaption: '收到和处理政府信息公开申请情况（单位：件）',
  colApplicant: '申请人情况',
  colOrganisation: '法人或其他组织',
  columns: {
    person: '自然人',
    company: '商业企业',
    research: '科研机构',
    nonprofit: '社会公益组织',
    legal: '法律服务机构',
    other: '其他',
    total: '总计',
  },
  rows: {
    new: '一、本年新收政府信息公开申请数量',
    carriedIn: '二、上年结转政府信息公开申请数量',
    results: '三、本年度办理结果',
    disclosed: '（一）予以公开',
    partly_disclosed: '（二）部分公开（区分处理的，只计这一情形，不计其他情形）',
    withheld: '（三）不予公开',
    unavailable: '（四）无法提供',
    not_handled: '（五）不予处理',
    other: '（六）其他处理',
    handled: '（七）总计',
    carriedForward: '四、结转下年度继续办理',
  },
  reviewsCaption: '政府信息公开行政复议、行政诉讼情况',
  reviewsReconsideration: '行政复议',
  reviewsLitigation: '行政诉讼',
  reviewKind: {
    reconsideration: '行政复议',
    litigation_direct: '未经复议直接起诉',
    litigation_after: '复议后起诉',
  },
  reviewOutcome: {
    upheld: '结果维持',
    corrected: '结果纠正',
    other: '其他结果',
    pending: '尚未审结',
    total: '总计',
  },
  platformCaption: '政民互动与在线访谈（单位：件）',
  colItem: '项目',
  colValue: '数量',
  platformRows: {
    lettersReceived: '收到来信',
    lettersAnswered: '办结来信',
    lettersOnTimeRate: '按期办结率',
    avgWorkingDays: '平均办理工作日',
    satisfactionRate: '满意率',
    interviewsHeld: '举办在线访谈（场）',
    questionsAnswered: '访谈中答复问题',
  },
  reasons: {
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
  },
};

export type ReportTableLabels = typeof zhCN;

const en: ReportTableLabels = {
  proactive2021Caption: 'Proactive disclosure (template format)',
  proactive2021CatalogueCaption: 'Annex: proactive disclosure per catalogue category',
  colInfo: 'Information',
  colMade: 'Issued this year',
  colRepealed: 'Repealed this year',
  colCurrent2021: 'In force',
  colDecisions: 'Decisions this year',
  colFeeAmount: 'Fees collected this year (10,000 yuan)',
  p2021Rows: {
    rules: 'Rules',
    normative: 'Administrative normative documents',
    licensing: 'Administrative licensing',
    penalty: 'Administrative penalties',
    enforcement: 'Administrative compulsion',
    fees: 'Administrative fees',
  },
  source: {
    catalogue: 'from the catalogue',
    entered: 'entered',
    missing: 'not entered',
  },
  sourceNote: 'Under each cell: “from the catalogue” is counted from the catalogue category; “entered” was entered by staff for the year.',
  proactiveCaption: 'Proactive disclosure (items)',
  colCategory: 'Category',
  colPublished: 'Published this year',
  colLate: 'of which more than 20 working days late',
  colOnRequest: 'Registered as on request',
  colExempt: 'Registered as not disclosed',
  colCurrent: 'Public at year end',
  totalRow: 'Total',
  applicationsCaption: 'Applications received and handled (applications)',
  colApplicant: 'Applicant',
  colOrganisation: 'Legal persons and other organisations',
  columns: {
    person: 'Individuals',
    company: 'Businesses',
    research: 'Research institutions',
    nonprofit: 'Non-profits',
    legal: 'Legal services',
    other: 'Other',
    total: 'Total',
  },
  rows: {
    new: '1. New applications this year',
    carriedIn: '2. Carried over from last year',
    results: '3. Results this year',
    disclosed: '(1) Disclosed',
    partly_disclosed: '(2) Partly disclosed',
    withheld: '(3) Withheld',
    unavailable: '(4) Cannot be provided',
    not_handled: '(5) Not handled',
    other: '(6) Other',
    handled: '(7) Total',
    carriedForward: '4. Carried over to next year',
  },
  reviewsCaption: 'Administrative reconsideration and litigation about disclosure',
  reviewsReconsideration: 'Administrative reconsideration',
  reviewsLitigation: 'Administrative litigation',
  reviewKind: {
    reconsideration: 'Reconsideration',
    litigation_direct: 'Sued without reconsideration',
    litigation_after: 'Sued after reconsideration',
  },
  reviewOutcome: {
    upheld: 'Upheld',
    corrected: 'Corrected',
    other: 'Other result',
    pending: 'Pending',
    total: 'Total',
  },
  platformCaption: 'Letters and online interviews',
  colItem: 'Item',
  colValue: 'Figure',
  platformRows: {
    lettersReceived: 'Letters received',
    lettersAnswered: 'Letters answered',
    lettersOnTimeRate: 'Answered on time',
    avgWorkingDays: 'Average working days to reply',
    satisfactionRate: 'Satisfaction',
    interviewsHeld: 'Online interviews held',
    questionsAnswered: 'Interview questions answered',
  },
  reasons: {
    state_secret: 'State secret',
    law_forbids: 'Other laws or administrative regulations forbid disclosure',
    three_safeties_one_stability: 'Would endanger the "three safeties and one stability"',
    third_party: "Protects a third party's lawful rights",
    internal_affairs: 'One of the three kinds of internal affairs information',
    process_information: 'One of the four kinds of process information',
    enforcement_files: 'Administrative enforcement case file',
    query_matter: 'Administrative query matter',
    not_held: 'This bureau does not hold the information',
    needs_creation: 'No existing information; it would have to be made',
    unclear_after_correction: 'Still unclear after correction',
    petition_or_complaint: 'A petition, report or complaint',
    repeated: 'Repeated application',
    publications: 'Asks for published material',
    excessive_or_abusive: 'Many repeated applications without good reason',
    confirm_or_reissue: 'Asks the bureau to confirm or reissue information already obtained',
    no_correction: 'The applicant did not correct the application in time without good reason; no longer handled',
    fee_not_paid: 'The applicant did not pay the fee notice in time; no longer handled',
    other: 'Other',
  },
};

export const REPORT_TABLE_LABELS = { 'zh-CN': zhCN, en } as const;

/** The labels in a locale (anything but English is zh-CN, as the catalogue does). */
export function reportTableLabels(locale: string): ReportTableLabels {
  return locale === 'en' ? en : zhCN;
}

/**
 * The template's sub-rows of section 三 as reason codes: a reply that withholds, cannot provide, does not handle or
 * otherwise handles carries one (lib/disclosure/schema.ts stores them), in the template's order.
 */
export const REASON_CODES_BY_OUTCOME = {
  withheld: ['state_secret', 'law_forbids', 'three_safeties_one_stability', 'third_party', 'internal_affairs', 'process_information', 'enforcement_files', 'query_matter'],
  unavailable: ['not_held', 'needs_creation', 'unclear_after_correction'],
  not_handled: ['petition_or_complaint', 'repeated', 'publications', 'excessive_or_abusive', 'confirm_or_reissue'],
  other: ['no_correction', 'fee_not_paid', 'other'],
} as const;

/** Section 三's rows in the template's order, by code: `new` … `withheld`, `withheld.state_secret` … `carried_forward`. */
export const APPLICATION_ROW_CODES: readonly string[] = [
  'new', 'carried_in', 'results', 'disclosed', 'partly_disclosed',
  ...(['withheld', 'unavailable', 'not_handled', 'other'] as const).flatMap((outcome) => [outcome, ...REASON_CODES_BY_OUTCOME[outcome].map((code) => `${outcome}.${code}`)]),
  'handled', 'carried_forward',
];

/** The row of section 三 the template leaves without figures: 三、本年度办理结果 (its sub-rows hold them). */
export const APPLICATION_HEADING_ROW = 'results';

/** Between the levels of a two-level header in a card's label (法人或其他组织 · 商业企业); the same in both languages. */
export const LEVEL = ' · ';

/** Section 三's rows that are not outcomes, by template code, and their key among the labels' `rows`. */
const ROW_KEY: Record<string, keyof ReportTableLabels['rows']> = { new: 'new', carried_in: 'carriedIn', results: 'results', handled: 'handled', carried_forward: 'carriedForward' };

/** The depth of a row of section 三 from its code: 0 一/二/三/四, 1 (一)…(七), 2 a reason sub-row (`withheld.state_secret`). */
export function applicationRowDepth(code: string): 0 | 1 | 2 {
  if (code.includes('.')) return 2;
  return code === 'new' || code === 'carried_in' || code === 'results' || code === 'carried_forward' ? 0 : 1;
}

/**
 * Section 三's rows in the template's order with their depth and, for a reason sub-row, its number within its outcome
 * (1.属于国家秘密 …; 0 for the other rows): what the generator and the page's table view both lay out.
 */
export const APPLICATION_ROWS: ReadonlyArray<{ code: string; depth: 0 | 1 | 2; number: number }> = APPLICATION_ROW_CODES.map((code, i, codes) => {
  const depth = applicationRowDepth(code);
  return { code, depth, number: depth === 2 ? i - codes.indexOf(code.split('.')[0]!) : 0 };
});

/**
 * The words of a row of section 三: an outcome's reason sub-row is numbered within its outcome (`number`, from 1:
 * 1.属于国家秘密 in zh-CN, "1. State secret" in English); every other row has its own words, numbering included.
 */
export function applicationRowLabel(labels: ReportTableLabels, code: string, number = 1): string {
  const [outcome, reason] = code.split('.');
  if (reason) return `${number}.${labels === en ? ' ' : ''}${labels.reasons[reason as keyof ReportTableLabels['reasons']]}`;
  return labels.rows[ROW_KEY[outcome!] ?? (outcome as keyof ReportTableLabels['rows'])];
}

/** A catalogue (lib/i18n/messages/<locale>.json) with the labels of its locale put under annualReport and applications.actions. */
export function withReportLabels<M extends Record<string, unknown>>(messages: M, locale: string): M {
  const { reasons, ...table } = reportTableLabels(locale);
  const m = messages as Record<string, Record<string, unknown>>;
  const applications = m.applications ?? {};
  const actions = (applications.actions ?? {}) as Record<string, unknown>;
  return {
    ...messages,
    annualReport: { ...m.annualReport, ...table },
    applications: { ...applications, actions: { ...actions, reasonOption: reasons } },
  } as M;
}
