/**
 * A generated masking corpus (issue 12, item 3): personal data written the ways people write it — separators between
 * digit groups, prefixes, other widths and scripts of digits, invisible characters, obfuscated e-mails, messenger
 * ids — and look-alikes that must stay readable (dates, amounts, index numbers, tracking numbers, years, article
 * numbers, the bureau's published numbers). Deterministic: the same seed gives the same corpus.
 */

import { normaliseForMasking } from '@/lib/archive/masking';

/** Letters and digits as masking's view sees them, separators gone: what a reader could still copy out of a text. */
export const readable = (s: string) => normaliseForMasking(s).toLowerCase().replace(/[\s.·/\-_()]/g, '');

/** mulberry32: a small seeded generator (the same corpus on every run with the same seed). */
export function seeded(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const digits = (n: number) => Array.from({ length: n }, () => String(int(0, 9))).join('');
  return { next, int, pick, digits };
}
type Rng = ReturnType<typeof seeded>;

export interface PiiSample {
  family: string;
  text: string;
  /** What must not survive masking, as digits or letters with separators and invisible characters removed. */
  secret: string;
}

export interface LookAlike {
  family: string;
  text: string;
}

/** The bureau's and its departments' published numbers (the exemption list masking is given). */
export const BUREAU_NUMBERS = ['0592-5371909', '0592-5371910', '0592-5371913', '0592-5371920', '0592-5371931', '0592-5371988'];

// ---- Ways of writing digits

const ZWSP = ['\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', '\u00AD'];
const SPACES = [' ', '\u00A0', '\u2009', '\u202F', '\u3000', '  '];
const DASHES = ['-', '\u2013', '\u2014', '\u2212', '\u2010', '\uFF0D'];
const DOTS = ['.', '·', '\uFF0E', '・'];
/** Zero of some Unicode decimal digit sets: full-width, Arabic-Indic, Devanagari, Bengali, Thai, mathematical bold. */
const DIGIT_ZEROS = [0xff10, 0x0660, 0x0966, 0x09e6, 0x0e50, 0x1d7ce];

function script(rng: Rng, s: string): string {
  const zero = rng.pick(DIGIT_ZEROS);
  return s.replace(/\d/g, (d) => String.fromCodePoint(zero + Number(d)));
}

/** A separator between digit groups, or an invisible one. */
function separator(rng: Rng): string {
  switch (rng.int(0, 4)) {
    case 0: return rng.pick(SPACES);
    case 1: return rng.pick(DASHES);
    case 2: return rng.pick(DOTS);
    case 3: return rng.pick(ZWSP);
    default: return ` ${rng.pick(DASHES)} `.replace(/  +/g, ' ');
  }
}

/** Writes digit groups one of the ways people do: plain, with one separator style, other digits, invisible characters. */
function written(rng: Rng, groups: string[]): string {
  const style = rng.int(0, 5);
  const sep = separator(rng);
  let s: string;
  if (style === 0) s = groups.join('');
  else if (style === 1 || style === 2) s = groups.join(sep);
  else if (style === 3) s = groups.join(rng.pick(ZWSP));
  else if (style === 4) s = script(rng, groups.join(rng.next() < 0.5 ? '' : sep));
  else s = groups.join('').split('').join(rng.pick(ZWSP)); // an invisible character between every digit
  return s;
}

// ---- Personal data

const MOBILE_PREFIXES = ['130', '131', '133', '135', '136', '138', '139', '147', '150', '151', '152', '157', '158', '159', '166', '172', '176', '177', '180', '181', '186', '187', '188', '189', '191', '195', '198', '199'];
const AREA_CODES = ['010', '020', '021', '022', '023', '024', '025', '027', '028', '029', '0311', '0371', '0431', '0451', '0512', '0531', '0551', '0571', '0574', '0591', '0592', '0595', '0731', '0755', '0769', '0851', '0871', '0898', '0931', '0991'];
const PROVINCES = ['11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37', '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65'];
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

function birthDate(rng: Rng, from: number, to: number): string {
  const y = rng.int(from, to);
  const m = rng.int(1, 12);
  const d = rng.int(1, new Date(Date.UTC(y, m, 0)).getUTCDate());
  return `${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}`;
}

function idNumber(rng: Rng, validCheck: boolean): string {
  const body = `${rng.pick(PROVINCES)}${rng.digits(4)}${birthDate(rng, 1940, 2012)}${rng.digits(3)}`;
  const sum = [...body].reduce((s, d, i) => s + Number(d) * ID_WEIGHTS[i]!, 0);
  const right = '10X98765432'[sum % 11]!;
  const wrong = '0123456789X'.replace(right, '');
  return body + (validCheck ? right : wrong[rng.int(0, wrong.length - 1)]!);
}

function luhnComplete(body: string): string {
  for (let d = 0; d <= 9; d++) {
    const s = body + d;
    let sum = 0;
    for (let i = 0; i < s.length; i++) {
      let x = Number(s[s.length - 1 - i]);
      if (i % 2 === 1) x = x * 2 > 9 ? x * 2 - 9 : x * 2;
      sum += x;
    }
    if (sum % 10 === 0) return s;
  }
  throw new Error('unreachable');
}

const MOBILE_CONTEXTS = ['我的手机{}，请回电。', '联系方式：{}', '有问题请打{}找我', '电话{}（白天）', '本人手机号码是{}。', '请联系 {} 谢谢', 'call me at {} please', '手机/微信同号{}', '（{}）'];
const MOBILE_PREFIX_WAYS = ['', '', '', '+86 ', '+86-', '+86', '0086 ', '86-', '(+86)', 'tel:', 'Tel.', 'TEL：', 'tel ', '＋８６ '];
const LANDLINE_CONTEXTS = ['家里座机{}，晚上在家。', '单位电话{}', '联系电话：{}。', '请拨{}转人工', '固话 {}'];
const ID_CONTEXTS = ['身份证号{}', '身份证号码：{}', '我的证件号 {}，', '公民身份号码{}。', '身份证{}已登记', 'ID: {}'];
const PLAIN_CONTEXTS = ['信息如下：{}。', '{}', '号码{}，请核实', '附：{}'];
const EMAIL_DOMAINS = ['qq.com', '163.com', '126.com', 'sina.com', 'gmail.com', 'example.com.cn', 'xm.gov.cn', 'outlook.com', 'foxmail.com'];
const NAME_SYLLABLES = ['zhang', 'wang', 'li', 'zhao', 'liu', 'chen', 'yang', 'huang', 'wu', 'xu', 'sun', 'ma', 'hu', 'zhu', 'guo', 'lin', 'he', 'gao', 'luo'];

function fill(template: string, value: string): string {
  return template.replace('{}', value);
}

function mobileSample(rng: Rng): PiiSample {
  const number = rng.pick(MOBILE_PREFIXES) + rng.digits(8);
  const groups = rng.next() < 0.8 ? [number.slice(0, 3), number.slice(3, 7), number.slice(7)] : [number.slice(0, 3), number.slice(3, 6), number.slice(6)];
  const text = fill(rng.pick(MOBILE_CONTEXTS), rng.pick(MOBILE_PREFIX_WAYS) + written(rng, groups));
  return { family: 'mobile', text, secret: number };
}

function landlineSample(rng: Rng): PiiSample {
  const area = rng.pick(AREA_CODES);
  const local = `${rng.int(2, 8)}${rng.digits(area.length === 3 ? 7 : rng.pick([6, 7]))}`;
  const groupsOf = [[area, local], [area, local.slice(0, local.length - 4), local.slice(-4)]];
  let number = written(rng, rng.pick(groupsOf));
  const way = rng.int(0, 5);
  if (way === 0) number = `(${area})${written(rng, [local])}`;
  else if (way === 1) number = `（${area}）${local}`;
  else if (way === 2) number = `+86 ${area.slice(1)} ${local}`;
  else if (way === 3) number = `${area}${local}`; // no separator at all
  else if (way === 4) number += `转${rng.int(100, 999)}`;
  const secret = area + local;
  return { family: 'landline', text: fill(rng.pick(LANDLINE_CONTEXTS), number), secret };
}

/** A citizen's number that starts with a published bureau number (one more digit: an 8-digit local number). */
function bureauPrefixedSample(rng: Rng): PiiSample {
  const bureau = rng.pick(BUREAU_NUMBERS);
  const longer = `${bureau}${rng.int(0, 9)}`;
  const text = fill(rng.pick(LANDLINE_CONTEXTS), rng.next() < 0.5 ? longer : longer.replace('-', ''));
  return { family: 'bureau-prefixed', text, secret: longer.replace('-', '') };
}

function idSample(rng: Rng): PiiSample {
  const kind = rng.int(0, 3);
  if (kind === 3) {
    // A first-generation 15-digit ID (born before 2000: YYMMDD).
    const old = `${rng.pick(PROVINCES)}${rng.digits(4)}${birthDate(rng, 1930, 1999).slice(2)}${rng.digits(3)}`;
    const context = rng.next() < 0.5 ? rng.pick(ID_CONTEXTS) : rng.pick(PLAIN_CONTEXTS);
    return { family: 'id-15', text: fill(context, written(rng, [old.slice(0, 6), old.slice(6, 12), old.slice(12)])), secret: old };
  }
  // A wrong check digit only after a word naming it as an ID.
  const named = kind === 2;
  const id = idNumber(rng, !named);
  const lower = rng.next() < 0.3 ? id.toLowerCase() : id;
  const groups = rng.pick([[lower.slice(0, 6), lower.slice(6, 14), lower.slice(14)], [lower.slice(0, 6), lower.slice(6, 10), lower.slice(10, 14), lower.slice(14)], [lower.slice(0, 6), lower.slice(6, 14), lower.slice(14)]]);
  const context = named ? rng.pick(ID_CONTEXTS) : rng.pick([...ID_CONTEXTS, ...PLAIN_CONTEXTS]);
  return { family: named ? 'id-18-wrong-check-named' : 'id-18', text: fill(context, written(rng, groups)), secret: id.slice(0, 17) };
}

function emailSample(rng: Rng): PiiSample {
  const local = `${rng.pick(NAME_SYLLABLES)}${rng.pick(['', '.', '_'])}${rng.pick(NAME_SYLLABLES)}${rng.next() < 0.5 ? rng.digits(rng.int(1, 4)) : ''}`;
  const domain = rng.pick(EMAIL_DOMAINS);
  const at = rng.pick(['@', '＠', '[at]', '(at)', '（at）', ' [at] ', '【at】', '{at}', ' (AT) ']);
  const dotted = rng.next() < 0.2 ? domain.replace(/\./g, rng.pick(['[dot]', '(dot)', '（dot）'])) : domain;
  const text = fill(rng.pick(['邮箱{}', '请发邮件到 {} 。', 'E-mail: {}', '我的邮件地址是{}，谢谢']), `${local}${at}${dotted}`);
  return { family: 'email', text, secret: local };
}

function messengerSample(rng: Rng): PiiSample {
  if (rng.next() < 0.5) {
    const qq = `${rng.int(1, 9)}${rng.digits(rng.int(4, 10))}`;
    const text = fill(rng.pick(['QQ{}', 'QQ：{}', 'qq号 {}', 'QQ号码是{}，', '加我QQ {} 详聊', '扣扣{}']), qq);
    return { family: 'qq', text, secret: qq };
  }
  // A WeChat id is 6–20 letters, digits, _ or -, starting with a letter.
  const id = rng.next() < 0.6
    ? `${rng.pick(NAME_SYLLABLES)}${rng.pick(['', '_', '-'])}${rng.pick(NAME_SYLLABLES)}${rng.digits(rng.int(1, 4))}`.padEnd(6, '8')
    : `wxid_${rng.pick(NAME_SYLLABLES)}${rng.digits(4)}`;
  const text = fill(rng.pick(['微信{}', '微信：{}', '微信号 {}', 'vx：{}', 'VX {}', '加vx{}', 'wx: {}', '我的微信是{}，', 'WeChat: {}']), id);
  return { family: 'wechat', text, secret: id };
}

function bankCardSample(rng: Rng): PiiSample {
  const card = luhnComplete(rng.pick(['6222', '6217', '6228', '6225', '4392', '5187', '6212']) + rng.digits(rng.pick([11, 14])));
  const groups = card.match(/.{1,4}/g)!;
  return { family: 'bank-card', text: fill(rng.pick(['卡号{}', '退款请打到银行卡 {} 。', '账户：{}']), written(rng, groups)), secret: card };
}

/** At least `n` personal-data samples of every family. */
export function piiCorpus(seed: number, n = 1200): PiiSample[] {
  const rng = seeded(seed);
  const makers = [mobileSample, mobileSample, mobileSample, landlineSample, landlineSample, bureauPrefixedSample, idSample, idSample, idSample, emailSample, messengerSample, messengerSample, bankCardSample];
  return Array.from({ length: n }, (_, i) => makers[i % makers.length]!(rng));
}

// ---- Look-alikes

const CATEGORY_CODES = ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12', '13', '14', '15', '16', '17', '18', '19', '20', '1001', '1302'];

function dateParts(rng: Rng) {
  const y = rng.int(1990, 2030);
  const m = rng.int(1, 12);
  const d = rng.int(1, 28);
  return { y, m, d, mm: String(m).padStart(2, '0'), dd: String(d).padStart(2, '0') };
}

const LOOK_ALIKE_MAKERS: Array<[string, (rng: Rng) => string]> = [
  ['date', (rng) => {
    const { y, m, d, mm, dd } = dateParts(rng);
    return rng.pick([`${y}-${mm}-${dd}`, `${y}年${m}月${d}日`, `${y}/${mm}/${dd}`, `${y}${mm}${dd}`, `${y}.${mm}.${dd}`, `${y}年${mm}月${dd}日上午`, `${y}–${mm}–${dd}`, `${y}-${mm}-${dd} ${String(rng.int(0, 23)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}`, `${y}年${m}月${d}日至${y}年${rng.int(1, 12)}月${rng.int(1, 28)}日`, `${y}－${mm}－${dd}`]);
  }],
  ['amount', (rng) => {
    const yuan = rng.int(1, 99_999_999);
    const grouped = yuan.toLocaleString('en-US');
    return rng.pick([`¥${grouped}.00`, `${yuan}元`, `人民币 ${grouped} 元`, `${yuan}.${rng.digits(2)} 元`, `共计${yuan}元`, `补贴 ${(yuan / 100).toFixed(2)} 万元`, `罚款${grouped}元`, `${yuan}元（大写另附）`]);
  }],
  ['index-no', (rng) => `索引号：XM-WL-${rng.pick(CATEGORY_CODES)}-${rng.int(2015, 2030)}-${String(rng.int(1, 99999)).padStart(5, '0')}`],
  ['tracking-no', (rng) => {
    const { y, mm, dd } = dateParts(rng);
    return rng.pick([`信件编号${y}${mm}${dd}${rng.digits(4)}`, `查询编号 ${y}${mm}${dd}${rng.digits(5)}`, `编号${y}${mm}${dd}${rng.digits(4)}已受理`, `申请编号：${y}${mm}${dd}${rng.digits(4)}`]);
  }],
  ['year', (rng) => rng.pick([`${rng.int(1949, 2030)}年度`, `${rng.int(1990, 2010)}—${rng.int(2011, 2030)}年`, `${rng.int(1990, 2010)}-${rng.int(2011, 2030)}年规划`, `${rng.int(1990, 2030)}年`, `${rng.int(1990, 2030)}年第${rng.int(1, 4)}季度`])],
  ['article', (rng) => rng.pick([`第${rng.int(1, 300)}条`, `文旅发〔${rng.int(2010, 2030)}〕${rng.int(1, 300)}号`, `国办发〔${rng.int(2010, 2030)}〕${rng.int(1, 99)}号`, `第${rng.int(1, 30)}章第${rng.int(1, 300)}条第${rng.int(1, 9)}款`, `厦文旅〔${rng.int(2010, 2030)}〕${rng.int(1, 999)}号文件`, `GB/T ${rng.int(1000, 40000)}-${rng.int(1990, 2030)}`])],
  ['bureau-number', (rng) => {
    const n = rng.pick(BUREAU_NUMBERS);
    const [area, local] = n.split('-') as [string, string];
    const way = rng.pick([n, `${area} ${local}`, `(${area})${local}`, `（${area}）${local}`, `${area}${local}`, `${area}–${local}`, `${area}-${local.slice(0, 3)}-${local.slice(3)}`, `０５９２－${local.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)))}`]);
    return rng.pick([`请拨打${way}咨询`, `举报电话：${way}。`, `联系电话 ${way}`, `如有疑问请致电${way}`]);
  }],
  ['hotline', (rng) => rng.pick(['12345热线', '拨打12345或110', `服务热线400-${rng.digits(3)}-${rng.digits(4)}`, `热线 95${rng.digits(3)}`, '12315投诉', `邮编${rng.pick(['361000', '361003', '100005', '200001'])}`])],
  ['code', (rng) => rng.pick([
    `ISBN 978-7-${rng.int(100, 999)}-${rng.digits(5)}-${rng.int(0, 9)}`,
    `（${rng.int(2015, 2030)}）闽0203行初${rng.int(1, 999)}号`,
    `统一社会信用代码 91350200${rng.pick(['MA', 'MB'])}${rng.digits(2)}${rng.pick(['A', 'B', 'X'])}${rng.digits(5)}`,
    `发票代码0${rng.digits(11)}，发票号码${rng.digits(8)}`,
    `快递单号 ${rng.pick(['75', '43', '77', '31'])}${rng.digits(12)}`,
    `运单号SF${rng.digits(13)}`,
    `邮件编号 E${rng.pick(['A', 'M', 'J'])}${rng.digits(9)}CN`,
    `备案号 闽ICP备${rng.digits(8)}号-${rng.int(1, 9)}`,
  ])],
  ['time', (rng) => rng.pick([`办理时间 ${String(rng.int(7, 10)).padStart(2, '0')}:00-${rng.int(16, 18)}:30`, `${rng.int(1, 12)}:${rng.digits(2)}`, `${rng.int(1, 59)}分钟`])],
  ['measure', (rng) => rng.pick([`面积 ${rng.int(30, 300)}平方米，${rng.int(1, 4)}室${rng.int(1, 2)}厅`, `${rng.int(1, 100)}%`, `约${rng.int(1000, 99999)}人次`, `第${rng.int(1, 999)}页`, `版本 v${rng.int(1, 9)}.${rng.int(0, 20)}.${rng.int(0, 20)}`, `${rng.int(1, 5000)}场演出`])],
];

const LOOK_ALIKE_CONTEXTS = ['{}', '经核查，{}', '根据{}的规定办理', '{}，特此答复。', '截至{}'];

/** `n` strings that look like personal data but are not. */
export function lookAlikeCorpus(seed: number, n = 1200): LookAlike[] {
  const rng = seeded(seed ^ 0x5f3759df);
  return Array.from({ length: n }, (_, i) => {
    const [family, make] = LOOK_ALIKE_MAKERS[i % LOOK_ALIKE_MAKERS.length]!;
    return { family, text: fill(rng.pick(LOOK_ALIKE_CONTEXTS), make(rng)) };
  });
}
