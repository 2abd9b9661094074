import { describe, expect, it } from 'vitest';
import { isValidIdNumber, luhnValid, maskedName, maskPersonalData, personalDataKinds, unmaskedSuspects, type MaskKind } from '@/lib/archive/masking';

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/** 17 digits + their ISO 7064 MOD 11-2 check character. */
function withCheckDigit(body: string): string {
  const sum = [...body].reduce((s, d, i) => s + Number(d) * ID_WEIGHTS[i]!, 0);
  return body + '10X98765432'[sum % 11];
}
/** Digits + their Luhn check digit. */
function withLuhn(body: string): string {
  for (let d = 0; d <= 9; d++) if (luhnValid(body + d)) return body + d;
  throw new Error('unreachable');
}

// A valid ID born on a leap day, built with the real check digit.
const leapDayId = withCheckDigit('32010220000229123');

/**
 * Table-driven: each row is an input, the masked text expected, and the kinds of the spans found (in order).
 * The second table holds look-alikes that must stay exactly as they are.
 */
const truePositives: Array<[string, string, MaskKind[], string[]?]> = [
  // phone — mobile
  ['我的手机13812345678，请回电', '我的手机138****5678，请回电', ['phone']],
  ['联系：+86 13912345678', '联系：+86 139****5678', ['phone']],
  ['联系：8613912345678。', '联系：86139****5678。', ['phone']],
  ['手机 138-1234-5678', '手机 138-****-5678', ['phone']],
  ['手机 138 1234 5678', '手机 138 **** 5678', ['phone']],
  ['全角号码１３８１２３４５６７８', '全角号码１３８****５６７８', ['phone']],
  ['199号段：19912345678', '199号段：199****5678', ['phone']],
  // phone — landline
  ['座机010-12345678', '座机010-****5678', ['phone']],
  ['电话0571-8765432转123', '电话0571-***5432转123', ['phone']],
  ['请拨（0755）12345678', '请拨（0755）****5678', ['phone']],
  ['区号 021 6123 4567', '区号 021 **** 4567', ['phone']],
  ['联系电话：87654321', '联系电话：****4321', ['phone']],
  ['座机是8765-4321', '座机是****-4321', ['phone']],
  // id_number
  ['身份证号11010519491231002X', '身份证号110105********002X', ['id_number']],
  ['身份证号 11010519491231002x 。', '身份证号 110105********002x 。', ['id_number']],
  [`证件${withCheckDigit('44030819990101001')}`, `证件440308********001${withCheckDigit('44030819990101001').at(-1)}`, ['id_number']],
  [`ID:${leapDayId}？`, `ID:320102********${leapDayId.slice(14)}？`, ['id_number']],
  // email
  ['邮箱zhangsan@example.com', '邮箱z***@example.com', ['email']],
  ['发至 li.si+gov@mail.sh.gov.cn。', '发至 l***@mail.sh.gov.cn。', ['email']],
  ['全角邮箱ｗａｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ', '全角邮箱ｗ***@ｅｘａｍｐｌｅ．ｃｏｍ', ['email']],
  // bank_card
  ['卡号6222021234567890128', '卡号6222***********0128', ['bank_card']],
  ['卡号 6222 0212 3456 7890 128', '卡号 6222 **** **** ***0 128', ['bank_card']],
  ['银行卡4111-1111-1111-1111', '银行卡4111-****-****-1111', ['bank_card']],
  [`卡号${withLuhn('621700001001234567')}`, `卡号6217***********567${withLuhn('621700001001234567').at(-1)}`, ['bank_card']],
  // plate
  ['车牌京A12345违停', '车牌京A****5违停', ['plate']],
  ['新能源粤BD12345', '新能源粤B*****5', ['plate']],
  ['新能源沪A12345D。', '新能源沪A*****D。', ['plate']],
  ['车牌 苏E·8K2Q7', '车牌 苏E·****7', ['plate']],
  ['警车京A1234警', '警车京A****警', ['plate']],
  // address
  ['家住朝阳区建国路88号幸福小区3栋2单元501室', '家住朝阳区建国路＊＊＊', ['address']],
  ['地址：西湖区文三路477号', '地址：西湖区文三路＊＊＊', ['address']],
  ['我住在阳光花园5栋1203室，楼下噪音', '我住在＊＊＊，楼下噪音', ['address']],
  ['位于海淀区中关村大街27号院3号楼', '位于海淀区中关村大街＊＊＊', ['address']],
  ['3号楼2单元501室漏水', '＊＊＊漏水', ['address']],
  ['住址为幸福里小区12-3-402', '住址为＊＊＊', ['address']],
  // term
  ['市民张三反映，张三的邻居', '市民张某反映，张某的邻居', ['term', 'term'], ['张三']],
  ['欧阳修先生来信', '欧阳某先生来信', ['term'], ['欧阳修']],
  ['在红星超市购物', '在＊＊超市购物', ['term'], ['红星']],
  ['Company ACME ltd, acme', 'Company ＊＊＊＊ ltd, ＊＊＊＊', ['term', 'term'], ['Acme']],
  // issue 12, item 3: the formats masking missed, each written as the issue reports it
  ['身份证 110105 19900307 1239 请核实', '身份证 110105 ******** 1239 请核实', ['id_number']],
  ['号码 110105 19900307 1239', '号码 110105 ******** 1239', ['id_number']],
  ['证件号：110105-1990-0307-1230', '证件号：110105-****-****-1230', ['id_number']],
  ['身份证号110105199003071230（校验位写错了）', '身份证号110105********1230（校验位写错了）', ['id_number']],
  ['老身份证110105900307123', '老身份证110105******123', ['id_number']],
  ['手机138.1234.5678', '手机138.****.5678', ['phone']],
  ['手机138\u00A01234\u00A05678', '手机138\u00A0****\u00A05678', ['phone']],
  ['手机138\u200B1234\u200B5678。', '手机138****5678。', ['phone']],
  ['电话+86 138-1234-5678', '电话+86 138-****-5678', ['phone']],
  ['tel:13812345678', 'tel:138****5678', ['phone']],
  ['手机138–1234–5678', '手机138–****–5678', ['phone']],
  ['手机١٣٨١٢٣٤٥٦٧٨', '手机١٣٨****٥٦٧٨', ['phone']],
  ['手机𝟏𝟑𝟖𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖', '手机𝟏𝟑𝟖****𝟓𝟔𝟕𝟖', ['phone']],
  ['座机01062345678', '座机010****5678', ['phone']],
  ['请拨05718765432', '请拨0571***5432', ['phone']],
  ['zhangsan[at]example.com', 'z***@example.com', ['email']],
  ['邮箱 zhangsan（at）qq.com', '邮箱 z***@qq.com', ['email']],
  ['QQ：123456789', 'QQ：1****9', ['messenger']],
  ['加微信 zhang_san88 详聊', '加微信 z****8 详聊', ['messenger']],
  ['vx：abc12345', 'vx：a****5', ['messenger']],
  // the bureau's number is kept; a longer number that starts with it is a citizen's and is masked
  ['请拨打 0592-53719131', '请拨打 0592-****9131', ['phone']],
  ['请拨打059253719131', '请拨打0592****9131', ['phone']],
  // several kinds in one text
  [
    '我是李四，电话13812345678，邮箱lisi@qq.com，车牌浙A12345，住滨江区江南大道1000号',
    '我是李某，电话138****5678，邮箱l***@qq.com，车牌浙A****5，住滨江区江南大道＊＊＊',
    ['term', 'phone', 'email', 'plate', 'address'],
    ['李四'],
  ],
];


const lookAlikes: Array<[string, string?]> = [
  ['2024年5月20日上午'],
  ['2024-05-20 13:45:30'],
  ['2024/05/20'],
  ['20240520'],
  ['办理时间 09:00-17:00'],
  ['金额¥12,345.00元'],
  ['共计1234元'],
  ['补贴 12345678.90 元'],
  ['人民币 1,234,567 元'],
  ['信件编号202405200001已受理'],
  ['编号 202405209999'],
  ['文旅发〔2024〕12号文件'],
  ['根据第138条规定'],
  ['国办发〔2019〕5号'],
  ['2025年度'],
  ['ID-like 110105194912310021 with a wrong check digit'],
  ['身份证号错误110105194913310028'], // month 13
  ['卡号6222021234567890123不通过 Luhn'],
  ['订单号 1234567890123456'], // Luhn fails
  ['地铁3号线'],
  ['第3号公告'],
  ['12层的会议室'],
  ['本小区物业不作为'],
  ['幸福小区门口的路灯坏了'],
  ['12345热线'],
  ['服务热线400-123-4567'],
  ['拨打12345或110'],
  ['北京APEC会议'],
  ['京ABC牌匾'],
  ['邮件地址 not-an-email@'],
  ['@某某 回复'],
  ['版本 v1.2.3'],
  ['页码 第1-2页'],
  ['面积 120平方米，3室2厅'],
  ['两室一厅的户型'],
  ['电话号码是多少'],
  ['138元的门票'],
  ['时间：1382年'],
  ['建国路与长安街交叉口'],
  ['请拨打 0592-5371913 咨询'],
  ['请拨打05925371913'],
  ['请拨打（0592）５３７１９１３'],
  ['索引号 XM-WL-13-2026-00001'],
  ['2026年12月2日，2026-12-02'],
  ['ISBN 978-7-5321-1234-5'],
  ['发票代码035021900111'],
  ['加微信公众号：xmwh'],
];

describe('maskPersonalData: true positives', () => {
  it.each(truePositives)('%s', (input, expected, kinds, terms) => {
    const result = maskPersonalData(input, { keep: ['0592-5371913'], ...(terms ? { terms } : {}) });
    expect(result.text).toBe(expected);
    expect(result.spans.map((s) => s.kind)).toEqual(kinds);
    // Spans index the original text, in order, without overlap.
    let last = 0;
    for (const span of result.spans) {
      expect(span.start).toBeGreaterThanOrEqual(last);
      expect(span.end).toBeGreaterThan(span.start);
      expect(span.end).toBeLessThanOrEqual(input.length);
      last = span.end;
    }
  });
});

describe('maskPersonalData: look-alikes stay', () => {
  it.each(lookAlikes)('%s', (input, expected) => {
    const result = maskPersonalData(input, { keep: ['0592-5371913'] });
    expect(result.text).toBe(expected ?? input);
    expect(result.spans).toEqual([]);
  });
});

describe('masking helpers', () => {
  it('spans point at the original characters', () => {
    const input = '电话13812345678，邮箱a@b.cn';
    const { spans } = maskPersonalData(input);
    expect(spans.map((s) => input.slice(s.start, s.end))).toEqual(['13812345678', 'a@b.cn']);
  });

  it('spans cover the original characters behind the view: invisible ones, other digits, surrogate pairs', () => {
    const input = '手机𝟏𝟑𝟖\u200B𝟏𝟐𝟑𝟒\u200B𝟓𝟔𝟕𝟖。';
    const { spans, text } = maskPersonalData(input);
    expect(spans).toEqual([{ kind: 'phone', start: 2, end: input.length - 1 }]);
    expect(text).toBe('手机𝟏𝟑𝟖****𝟓𝟔𝟕𝟖。');
  });

  it('names the kinds of personal data in a text (for flags on moderation screens)', () => {
    expect(personalDataKinds('我的手机 138 1234 5678，身份证 110105 19900307 1239')).toEqual(['phone', 'id_number']);
    expect(personalDataKinds('剧场加价售票怎么投诉？')).toEqual([]);
  });

  it('lists long digit runs and name-like phrases masking left, for the moderator to check', () => {
    const text = '我叫王小明，本人张三丰反映：编号 12 345 678 9，2026-12-02，张某说138****5678，请拨0592-5371913，姓名：李四';
    const suspects = unmaskedSuspects(text, { keep: ['0592-5371913'] });
    expect(suspects.map((s) => [s.kind, s.text])).toEqual([['name', '王小明'], ['name', '张三丰'], ['digits', '12 345 678 9'], ['name', '李四']]);
    for (const s of suspects) expect(text.slice(s.start, s.end)).toBe(s.text);
    expect(unmaskedSuspects('我叫张某，本人于2026年来信')).toEqual([]);
  });

  it('checks ID numbers with ISO 7064 MOD 11-2, the province code and the birth date', () => {
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
    expect(isValidIdNumber('110105194912310021')).toBe(false);
    expect(isValidIdNumber('990105194912310021')).toBe(false);
    expect(isValidIdNumber(leapDayId)).toBe(true);
    expect(isValidIdNumber('32010220010229123X')).toBe(false);
    expect(isValidIdNumber('1101051949123100')).toBe(false);
  });

  it('checks card numbers with Luhn', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
  });

  it('recognises names by surname', () => {
    expect(maskedName('张三')).toBe('张某');
    expect(maskedName('王小明')).toBe('王某');
    expect(maskedName('诸葛亮')).toBe('诸葛某');
    expect(maskedName('红星')).toBeNull();
    expect(maskedName('Alice')).toBeNull();
    expect(maskedName('张')).toBeNull();
  });

  it('is safe with terms that are regex syntax, blank or huge', () => {
    expect(maskPersonalData('a.*b (x) [y]', { terms: ['.*', '(x)', '', '   ', 'z'.repeat(1000)] }).text).toBe('a＊＊b ＊＊＊ [y]');
    expect(maskPersonalData('').text).toBe('');
  });

  // How fast is for a benchmark, not a test (a loaded machine fails any bound): the time is printed; the test
  // checks every one of the 4,000 spans is found in a 100,000-character text.
  it('masks a long text whole', () => {
    const text = '市民来信反映，联系电话13812345678，住建国路88号3栋2单元501室，2024年5月20日缴费1234元。'.repeat(2000);
    const started = performance.now();
    const result = maskPersonalData(text, { terms: ['张三'] });
    console.info(`masked ${text.length} characters (${result.spans.length} spans) in ${Math.round(performance.now() - started)} ms`);
    expect(result.spans.length).toBe(4000);
    expect(result.text).not.toContain('13812345678');
  });
});
