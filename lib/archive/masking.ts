/**
 * Automatic masking of personal data in text that is about to become public (archive entries). Pure and
 * deterministic: the moderator sees the result beside the original and can correct it; originals stay private.
 *
 * What is masked, and how (the masked form keeps enough to read the sentence, never enough to identify):
 *
 * | kind        | finds                                                              | becomes                    |
 * |-------------|--------------------------------------------------------------------|----------------------------|
 * | phone       | mainland mobiles (1[3-9] + 9 digits, +86/86/tel prefix, separators  | 138****5678                |
 * |             | between digit groups: 138-1234-5678, 138.1234.5678, 138 1234 5678) |                            |
 * |             | landlines with area code (010-12345678, (0571)8765432, 01012345678, | 010-****5678               |
 * |             | +86 10 12345678)                                                    |                            |
 * |             | a 7–8 digit number right after 电话/座机/固话/联系方式               | ****5678                   |
 * | id_number   | 18-digit resident ID: province code, plausible birth date and a     | 110105********1234         |
 * |             | valid ISO 7064 MOD 11-2 check digit; grouped 6-8-4 (110105 19900307 |                            |
 * |             | 1239) or after 身份证/证件号 with any check digit; old 15-digit IDs  | 110105******123            |
 * | email       | local@domain.tld, also local[at]domain, local（at）domain[dot]cn    | z***@example.com           |
 * | bank_card   | 16–19 digits (groups of 4 allowed), Luhn-valid, issuer digit 3–6/9  | 6222 **** **** 1234        |
 * | messenger   | QQ numbers and WeChat ids after QQ / 微信 / vx / wx                 | 1****9                     |
 * | plate       | licence plates incl. 8-character new-energy plates                 | 京A****5 / 京AD****5       |
 * | address     | below district/street level: house numbers after a road (88号),     | ＊＊＊ (one fixed token     |
 * |             | a residential complex followed by 栋/单元/室…, 3号楼2单元501室      | per address tail)          |
 * | term        | strings a moderator marked: names (a known surname + 1–3 chars)     | 张某 / 欧阳某              |
 * |             | other terms                                                        | ＊ × length                 |
 *
 * Look-alikes stay: dates and times, amounts (¥12,345.00, 1234元), this platform's tracking numbers (YYYYMMDD +
 * 4 digits = 12 digits), disclosure index numbers (XM-WL-10-2026-00001), document and article numbers (〔2024〕12号,
 * 第138条), years, ID-like numbers with a wrong check digit or an impossible birth date (unless named as an ID),
 * numbers that fail the Luhn check, the bureau's own published numbers (`keep`) — exactly those, not longer numbers
 * that start with one.
 *
 * Detection runs on a normalised view of the text (DESIGN.md §9): NFKC (full-width １３８, ＠, （at）), every Unicode
 * decimal digit (\p{Nd}: ١٣٨, ১৩৮, 𝟏𝟑𝟖) as 0–9, every dash (– — − ‐) as '-', every space (no-break, thin, ideographic)
 * as ' ', and invisible characters (zero-width spaces and joiners, soft hyphen, BOM, bidi marks) dropped. Each
 * character of the view remembers which original characters it came from, so a span found in the view is mapped
 * back and the replacement covers the original characters. When two findings overlap, the earlier kind in this
 * order wins: term, email, id_number, bank_card, phone, messenger, plate, address.
 */

export type MaskKind = 'phone' | 'id_number' | 'email' | 'bank_card' | 'messenger' | 'plate' | 'address' | 'term';

export interface MaskSpan {
  kind: MaskKind;
  start: number;
  end: number;
}

export interface MaskResult {
  text: string;
  spans: MaskSpan[];
}

export interface MaskOptions {
  /** Names and other strings a moderator marked (all occurrences, case-insensitive, also in other widths). */
  terms?: readonly string[];
  /**
   * Published telephone numbers that stay readable (the bureau's and its departments'). A phone number is kept
   * only when its digits are exactly one of these — a longer number that starts with one is still masked.
   */
  keep?: readonly string[];
}

// ---------------------------------------------------------------------------------------------------------------
// The normalised view

const INVISIBLE = /^[\p{Default_Ignorable_Code_Point}\p{Cf}]$/u;
const DECIMAL = /^\p{Nd}$/u;
const SPACE = /^\p{Zs}$/u;
const DASH = /^[\p{Pd}\u2212\uFE63\uFF0D]$/u;
const DOT = /^[\u00B7\u2022\u2027\u2219\u22C5\u30FB\uFF65]$/u;

/** The value 0–9 of a Unicode decimal digit: Nd characters come in contiguous runs of complete 0…9 sets. */
const digitValues = new Map<number, string>();
function digitValue(cp: number): string {
  let v = digitValues.get(cp);
  if (v === undefined) {
    let first = cp;
    while (DECIMAL.test(String.fromCodePoint(first - 1))) first--;
    v = String((cp - first) % 10);
    digitValues.set(cp, v);
  }
  return v;
}

/** What one original character becomes in the view ('' = dropped). */
const viewOfChar = new Map<string, string>();
function foldChar(ch: string): string {
  let v = viewOfChar.get(ch);
  if (v !== undefined) return v;
  const one = (c: string): string => {
    const cp = c.codePointAt(0)!;
    if (cp < 0x80) return c;
    if (INVISIBLE.test(c)) return '';
    if (DECIMAL.test(c)) return digitValue(cp);
    if (SPACE.test(c)) return ' ';
    if (DASH.test(c)) return '-';
    if (DOT.test(c)) return '·';
    return c;
  };
  const direct = one(ch);
  if (direct !== ch || ch.codePointAt(0)! < 0x80) v = direct;
  else v = Array.from(ch.normalize('NFKC'), one).join('');
  viewOfChar.set(ch, v);
  return v;
}

/** The text as detection sees it, and for each of its UTF-16 units the original range it came from. */
class View {
  readonly text: string;
  private readonly from: Int32Array;
  private readonly to: Int32Array;

  constructor(readonly original: string) {
    // Runs of ASCII and CJK unified ideographs are their own view: copied as they are, one segment at a time.
    const parts: string[] = [];
    let from = new Int32Array(original.length + 16);
    let to = new Int32Array(original.length + 16);
    let n = 0;
    let cursor = 0;
    const identity = (end: number) => {
      if (end <= cursor) return;
      parts.push(original.slice(cursor, end));
      for (let i = cursor; i < end; i++) {
        from[n] = i;
        to[n++] = i + 1;
      }
    };
    for (const m of original.matchAll(NEEDS_FOLDING)) {
      identity(m.index);
      const ch = m[0];
      const folded = foldChar(ch);
      if (n + folded.length > from.length) {
        const bigger = (a: Int32Array) => { const b = new Int32Array(a.length * 2 + folded.length); b.set(a); return b; };
        from = bigger(from);
        to = bigger(to);
      }
      for (let k = 0; k < folded.length; k++) {
        from[n] = m.index;
        to[n++] = m.index + ch.length;
      }
      parts.push(folded);
      cursor = m.index + ch.length;
    }
    identity(original.length);
    this.text = parts.join('');
    this.from = from;
    this.to = to;
  }

  /** The original range of the view range [start, end). */
  start(at: number): number {
    return at < this.text.length ? this.from[at]! : this.original.length;
  }
  end(at: number): number {
    return at > 0 ? this.to[at - 1]! : 0;
  }
  /** The original characters behind the view range [start, end). */
  slice(start: number, end: number): string {
    return end > start ? this.original.slice(this.start(start), this.end(end)) : '';
  }

  /**
   * The original characters behind [start, end) with the digits whose index (counting digits of the view, from
   * `start`) is in [fromDigit, toDigit) replaced by '*'; invisible characters inside are dropped.
   */
  starDigits(start: number, end: number, fromDigit: number, toDigit: number): string {
    let out = '';
    let n = 0;
    for (let at = start; at < end; ) {
      const oStart = this.from[at]!;
      const oEnd = this.to[at]!;
      let starred = false;
      let digits = false;
      // All view units of this original character.
      while (at < end && this.from[at] === oStart) {
        if (isDigit(this.text[at])) {
          digits = true;
          if (n >= fromDigit && n < toDigit) starred = true;
          n++;
        }
        at++;
      }
      out += starred ? '*' : digits ? this.original.slice(oStart, oEnd) : this.original.slice(oStart, oEnd).replace(INVISIBLE_G, '');
    }
    return out;
  }
}

/** Characters whose view differs from themselves may be any outside ASCII and the CJK unified ideographs. */
const NEEDS_FOLDING = /[^\x00-\x7F\u4E00-\u9FFF]/gu;
const INVISIBLE_G = /[\p{Default_Ignorable_Code_Point}\p{Cf}]/gu;

/** The view of a text (what detection sees): widths, digits, dashes and spaces folded, invisible characters gone. */
export function normaliseForMasking(text: string): string {
  return new View(text).text;
}

/** The digits of a string in the view (１３８-1234 → 1381234). */
export function digitsOf(text: string): string {
  return normaliseForMasking(text).replace(/\D/g, '');
}

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';

function digitCount(s: string): number {
  return (s.match(/[0-9]/g) ?? []).length;
}

/** Separators people put between digit groups (in the view): space, dash, dot, middle dot, slash; at most 3 in a row. */
const SEP = '[ .·/-]{0,3}';
/** Digit groups of a match: ["138", "1234", "5678"]. */
const groupsOf = (s: string) => s.split(/[^0-9Xx]+/).filter(Boolean);
/** Separators allowed only between groups of three or more digits (138 1234 5678), or between every digit (1 3 8 …). */
function plausibleGrouping(s: string): boolean {
  const groups = groupsOf(s);
  return groups.length === 1 || groups.every((g) => g.length >= 3) || groups.every((g) => g.length === 1);
}

// ---------------------------------------------------------------------------------------------------------------
// ID numbers

const PROVINCE_CODES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37', '41', '42', '43', '44',
  '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65', '71', '81', '82', '83', '91',
]);
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

function plausibleBirthDate(yyyymmdd: string, now = new Date()): boolean {
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  if (y < 1900 || m < 1 || m > 12 || d < 1) return false;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return false;
  return date.getTime() <= now.getTime();
}

/** Province code and birth date look like an ID number (the check digit aside). */
function idShaped(id: string): boolean {
  return /^\d{17}[\dX]$/i.test(id) && PROVINCE_CODES.has(id.slice(0, 2)) && plausibleBirthDate(id.slice(6, 14));
}

/** A 15-digit (first-generation, before 1999) ID: province code and a 19YYMMDD birth date. */
function oldIdShaped(id: string): boolean {
  return /^\d{15}$/.test(id) && PROVINCE_CODES.has(id.slice(0, 2)) && plausibleBirthDate(`19${id.slice(6, 12)}`);
}

/** An 18-digit resident ID number with a valid ISO 7064 MOD 11-2 check digit, province code and birth date. */
export function isValidIdNumber(id: string): boolean {
  if (!idShaped(id)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11] === id[17]!.toUpperCase();
}

/** The Luhn check of a string of digits. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return digits.length > 0 && sum % 10 === 0;
}

// ---------------------------------------------------------------------------------------------------------------
// Detectors: each returns findings with view indices and the replacement text.

interface Finding {
  kind: MaskKind;
  start: number;
  end: number;
  replacement: string;
  /** Phones: the national number's digits (area code with its 0, no country code, no extension), for `keep`. */
  digits?: string;
}

const AT = '(?:\\s?@\\s?|\\s?[\\[(<{【]\\s?(?:at|AT|At)\\s?[\\])>}】]\\s?)';
const DOT_WORD = '(?:\\.|\\s?[\\[(<{【]\\s?(?:dot|DOT|Dot)\\s?[\\])>}】]\\s?)';
const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?';
const EMAIL = new RegExp(`(?<![A-Za-z0-9._%+-])([A-Za-z0-9][A-Za-z0-9._%+-]{0,63})${AT}(${LABEL}(?:${DOT_WORD}${LABEL})*${DOT_WORD}[A-Za-z]{2,24})(?![A-Za-z0-9-])`, 'g');

function findEmails(v: View): Finding[] {
  const out: Finding[] = [];
  for (const m of v.text.matchAll(EMAIL)) {
    const start = m.index;
    const end = start + m[0].length;
    const domainStart = end - m[2]!.length;
    const domain = m[2]!.includes('.') && !/[[(<{【]/.test(m[2]!) ? v.slice(domainStart, end) : m[2]!.replace(new RegExp(DOT_WORD, 'g'), '.');
    out.push({ kind: 'email', start, end, replacement: `${Array.from(v.slice(start, start + 1))[0] ?? '*'}***@${domain}` });
  }
  return out;
}

/** 身份证 / 证件号 / 公民身份号码 / ID, and the words between it and the number. */
const ID_KEYWORD = /(?:身份证|证件|身份号码|公民身份|ID\s?(?:card|No\.?)?|id\s?card)(?:号码|号|码)?(?:是|为|:|\s|#){0,3}$/i;

function findIdNumbers(v: View): Finding[] {
  const out: Finding[] = [];
  const re = new RegExp(`(?<![0-9A-Za-z])\\d(?:${SEP}\\d){13,16}(?:${SEP}[\\dXx])?(?![0-9A-Za-z])`, 'g');
  for (const m of v.text.matchAll(re)) {
    const digits = m[0].replace(/[^0-9Xx]/g, '').toUpperCase();
    if (digits.length !== 18 && digits.length !== 15) continue;
    if (!plausibleGrouping(m[0])) continue;
    const named = ID_KEYWORD.test(v.text.slice(Math.max(0, m.index - 16), m.index));
    const groups = groupsOf(m[0]).map((g) => g.length).join('-');
    const ok = digits.length === 18
      ? isValidIdNumber(digits) || (named && /^\d{17}[\dX]$/.test(digits)) || (groups === '6-8-4' && idShaped(digits))
      : !digits.includes('X') && (named || oldIdShaped(digits));
    if (!ok) continue;
    const end = m.index + m[0].length;
    out.push({ kind: 'id_number', start: m.index, end, replacement: digits.length === 18 ? v.starDigits(m.index, end, 6, 14) : v.starDigits(m.index, end, 6, 12) });
  }
  return out;
}

function findBankCards(v: View): Finding[] {
  const out: Finding[] = [];
  // 16–19 digits in one run, or in groups of four (the last group 1–4 … 3 digits) separated by a space, dot or hyphen.
  for (const m of v.text.matchAll(/(?<![0-9A-Za-z])(?:\d{16,19}|\d{4}(?:[ .·-]{1,3}\d{4}){3}(?:[ .·-]{0,3}\d{1,3})?)(?![0-9A-Za-z])/g)) {
    const digits = m[0].replace(/\D/g, '');
    if (digits.length < 16 || digits.length > 19) continue;
    if (!/^[3-69]/.test(digits)) continue;
    if (!luhnValid(digits)) continue;
    // An 18-digit number shaped like an ID number is an ID (valid or not), never a card.
    if (digits.length === 18 && m[0].length === 18 && idShaped(digits)) continue;
    out.push({ kind: 'bank_card', start: m.index, end: m.index + m[0].length, replacement: v.starDigits(m.index, m.index + m[0].length, 4, digits.length - 4) });
  }
  return out;
}

/** What may stand right before a phone number: not a digit, letter or '+', except a word such as tel / phone. */
const PHONE_BEFORE = '(?<=^|[^0-9A-Za-z+]|tel|phone|mobile|mob|cell|fax|call|vx|wx|qq|TEL|Tel|PHONE|Phone|Mobile|MOBILE|Fax|FAX)';
const COUNTRY = '(?:\\(?(?:\\+|00)\\s?86\\)?|86)';
const MOBILE = new RegExp(`${PHONE_BEFORE}(?:${COUNTRY}${SEP})?(1${SEP}[3-9](?:${SEP}\\d){9})(?![0-9])`, 'g');
const AREA = '(?:010|02\\d|0[3-9]\\d\\d)';
// 1: the prefix (area code, or country code + area code without its 0), 2: that area code, 3: the local number.
const LANDLINE = new RegExp(
  `${PHONE_BEFORE}(\\(${AREA}\\)\\s?|${AREA}[ .·/-]{1,3}|${AREA}(?=[1-9]\\d{6,7}(?![0-9]))|${COUNTRY}${SEP}(?:\\(0\\))?(10|2\\d|[3-9]\\d\\d)[ .·/-]{1,3})(\\d{3,4}[ .·/-]{0,3}\\d{4})(?:(?:-|转|ext\\.?|x)\\d{1,5})?(?![0-9])`,
  'g',
);

const CODE_BEFORE = /(?:发票|代码|编号|单号|订单|账号|卡号|批号|文号|流水号|序列号)(?:是|为|:|\s){0,3}$/;

function findPhones(v: View): Finding[] {
  const out: Finding[] = [];
  const text = v.text;
  for (const m of text.matchAll(MOBILE)) {
    const number = m[1]!;
    if (!plausibleGrouping(number)) continue;
    const numberStart = m.index + m[0].length - number.length;
    const end = m.index + m[0].length;
    out.push({ kind: 'phone', start: m.index, end, replacement: v.slice(m.index, numberStart) + v.starDigits(numberStart, end, 3, 7), digits: number.replace(/\D/g, '') });
  }
  // Landlines with an area code: 010-12345678, 0571-8765432, (010)12345678, 01012345678, +86 10 12345678.
  for (const m of text.matchAll(LANDLINE)) {
    const local = m[3]!;
    const localDigits = digitCount(local);
    if (localDigits < 7 || localDigits > 8) continue;
    const area = m[2] ? `0${m[2]}` : m[1]!.replace(/\D/g, '');
    if (!/^0(10|2\d|[3-9]\d\d)$/.test(area)) continue;
    // Without a separator, a long number named as a code is not a phone: 发票代码035021900111, 订单编号….
    if (/^\d+$/.test(m[1]!) && CODE_BEFORE.test(text.slice(Math.max(0, m.index - 8), m.index))) continue;
    const ls = m.index + m[1]!.length;
    const end = m.index + m[0].length;
    out.push({
      kind: 'phone',
      start: m.index,
      end,
      replacement: v.slice(m.index, ls) + v.starDigits(ls, ls + local.length, 0, localDigits - 4) + v.slice(ls + local.length, end),
      digits: area + local.replace(/\D/g, ''),
    });
  }
  // A local number named as a phone number: 电话 87654321, 座机：8765-4321.
  for (const m of text.matchAll(/(?:电话|座机|固话|联系方式|联系号码|手机号?|tel|TEL|Tel)(?:号码)?(?:是|为)?[:：]?\s?(\d{3,4}[ .·-]{0,2}\d{4})(?![0-9])/g)) {
    const local = m[1]!;
    const n = digitCount(local);
    if (n < 7 || n > 8) continue;
    const start = m.index + m[0].length - local.length;
    out.push({ kind: 'phone', start, end: start + local.length, replacement: v.starDigits(start, start + local.length, 0, n - 4), digits: local.replace(/\D/g, '') });
  }
  return out;
}

/** Keeps the first and the last character: 12345678 → 1****8, wxid_abc → w****c. */
function maskAccount(s: string): string {
  const chars = Array.from(s);
  return `${chars[0]}****${chars.length > 5 ? chars.at(-1) : ''}`;
}

function findMessengers(v: View): Finding[] {
  const out: Finding[] = [];
  const text = v.text;
  // QQ: 5–12 digits after QQ / 扣扣.
  for (const m of text.matchAll(/(?<![A-Za-z])(?:QQ|qq|Qq|扣扣)(?:号码|号|账号)?(?:是|为|:|\s){0,3}([1-9]\d{4,11})(?![0-9])/g)) {
    const start = m.index + m[0].length - m[1]!.length;
    out.push({ kind: 'messenger', start, end: start + m[1]!.length, replacement: maskAccount(m[1]!) });
  }
  // WeChat: an id (a letter then 5–19 letters, digits, _ or -) or a number after 微信 / weixin / wechat / vx / wx.
  for (const m of text.matchAll(/(?<![A-Za-z])(?:微信|威信|薇信|[vV]信|weixin|wechat|WeChat|WECHAT|vx|VX|Vx|wx|WX)((?:号码|号|账号|ID|id)?(?:是|为|:|\s){0,3})([A-Za-z][-_A-Za-z0-9]{5,19}|\d{5,12})(?![-_A-Za-z0-9])/g)) {
    const id = m[2]!;
    // Without a colon or 号/是 in between, an English word is not an id: it needs a digit, _ or -.
    if (!/[:号是为]/.test(m[1]!) && !/[\d_-]/.test(id)) continue;
    const start = m.index + m[0].length - id.length;
    out.push({ kind: 'messenger', start, end: start + id.length, replacement: maskAccount(id) });
  }
  return out;
}

const PLATE_PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';

function findPlates(v: View): Finding[] {
  const out: Finding[] = [];
  const re = new RegExp(
    `([${PLATE_PROVINCES}][A-HJ-NP-Z])[·•.\\- ]?([A-HJ-NP-Z0-9]{6}|[A-HJ-NP-Z0-9]{5}|[A-HJ-NP-Z0-9]{4}[挂学警港澳])(?![A-Za-z0-9])`,
    'g',
  );
  for (const m of v.text.matchAll(re)) {
    const tail = m[2]!;
    if (tail.length === 6) {
      // New-energy plates: D/F (and A–K variants) then five digits, or five digits then D/F.
      if (!/^[A-HJ-K][A-HJ-NP-Z0-9]\d{4}$/.test(tail) && !/^\d{5}[A-HJ-K]$/.test(tail)) continue;
    }
    if (digitCount(tail) < 2) continue;
    const chars = Array.from(m[0]);
    const keepHead = 2;
    const masked = chars.map((c, i) => (i < keepHead || i === chars.length - 1 || /[·•.\- ]/.test(c) ? c : '*')).join('');
    out.push({ kind: 'plate', start: m.index, end: m.index + m[0].length, replacement: masked });
  }
  return out;
}


// Addresses below district level.
const NUM = '(?:\\d{1,5}|[一二三四五六七八九十百零〇两]{1,4}|[A-Za-z])';
// A component of a building address: 3号楼, 5栋, 2单元, 1201室, 12层, B座, 3-2-501.
// A hyphenated run is a unit only when complete (at most four parts): ISBN 978-7-5321-1234-5 is not an address.
const UNIT = `(?:${NUM}(?:号楼|栋|幢|座|单元|层|楼|室|户|号院|号房|房)|\\d{1,4}(?:-\\d{1,4}){1,3}(?![0-9]|-[0-9])(?:室|号|房)?)`;
const UNIT_RUN = `(?:${UNIT}[ ,，、]?){1,6}`;
const STRONG_UNIT = /号楼|栋|幢|单元|室|户|房|-/;
const COMPLEX_SUFFIX = '(?:小区|花园|家园|公寓|大厦|新村|新苑|嘉园|名苑|苑|公馆|广场|大院|宿舍|社区|村)';

function findAddresses(v: View): Finding[] {
  const folded = v.text;
  const out: Finding[] = [];
  const add = (start: number, end: number) => {
    // A separator the unit pattern took after the last part stays in the text.
    while (end > start && /[ ,，、]/.test(folded[end - 1]!)) end--;
    if (end > start) out.push({ kind: 'address', start, end, replacement: '＊＊＊' });
  };

  // 1. A house number after a road: 建国路88号, 中山北路123-5号, 幸福巷3号院 (optionally followed by building parts).
  const road = new RegExp(`(?<=[\\p{Script=Han}](?:路|街|大街|大道|巷|弄|胡同|道|里))(\\d{1,5}(?:[-之]\\d{1,4})?号(?:院)?)(${UNIT_RUN})?`, 'gu');
  for (const m of folded.matchAll(road)) add(m.index, m.index + m[0].length);

  // 2. A residential complex followed by building parts: 幸福小区3栋2单元501室 (the complex name is masked too).
  const complex = new RegExp(`([\\p{Script=Han}A-Za-z0-9]{1,6}?${COMPLEX_SUFFIX})(${UNIT_RUN})`, 'gu');
  for (const m of folded.matchAll(complex)) {
    const parts = m[2]!;
    if (!STRONG_UNIT.test(parts)) continue;
    // The complex name starts after the last place word or verb before the suffix: 朝阳区|在|住|位于 … are kept.
    const name = m[1]!;
    const cut = Math.max(
      ...['区', '县', '市', '镇', '乡', '街道', '路', '街', '道', '号', '在', '住', '于', '是', '为', '的', '了', '和', '与', '到', '从', '近', '对'].map((w) => {
        const suffixStart = name.search(new RegExp(`${COMPLEX_SUFFIX}$`, 'u'));
        const i = name.lastIndexOf(w, suffixStart - 1);
        return i >= 0 ? i + w.length : 0;
      }),
    );
    add(m.index + cut, m.index + m[0].length);
  }

  // 3. Building parts on their own, when they include a building, unit or room: 3号楼2单元501室, 5栋1203.
  const bare = new RegExp(`(?<![0-9A-Za-z])${UNIT_RUN}`, 'gu');
  for (const m of folded.matchAll(bare)) {
    const s = m[0].replace(/[ ,，、]+$/u, '');
    // A flat's layout is not an address: 3室2厅, 两室一厅.
    if (/^[\d一二三四五六七八九十两]厅/u.test(folded.slice(m.index + s.length))) continue;
    // One component alone must be a building or room (3号楼, 501室); "12层", "3号" alone are not addresses.
    const components = s.match(new RegExp(UNIT, 'gu')) ?? [];
    if (components.length === 1 && !/号楼|栋|幢|单元|室|户/.test(s)) continue;
    if (components.length === 1 && /^\d{1,4}(?:-\d{1,4}){1,3}$/.test(s)) continue;
    if (!STRONG_UNIT.test(s) || /^\d+-\d+$/.test(s)) continue;
    add(m.index, m.index + s.length);
  }
  return out;
}

// Moderator-marked terms.

const SINGLE_SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝';
const COMPOUND_SURNAMES = ['欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '尉迟', '公孙', '慕容', '长孙', '夏侯', '轩辕', '令狐', '钟离', '宇文', '司徒', '西门', '南宫', '独孤', '端木', '澹台', '太史'];

/** 张三 → 张某, 欧阳修 → 欧阳某; null when the term does not look like a Chinese personal name. */
export function maskedName(term: string): string | null {
  const chars = Array.from(term);
  if (!/^[\p{Script=Han}·]+$/u.test(term)) return null;
  const compound = COMPOUND_SURNAMES.find((s) => term.startsWith(s));
  if (compound && chars.length >= 3 && chars.length <= 5) return `${compound}某`;
  if (chars.length >= 2 && chars.length <= 4 && SINGLE_SURNAMES.includes(chars[0]!)) return `${chars[0]}某`;
  return null;
}


function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function findTerms(v: View, terms: readonly string[]): Finding[] {
  const out: Finding[] = [];
  const cleaned = [...new Set(terms.map((t) => normaliseForMasking(t.trim())).filter((t) => t.length > 0 && t.length <= 100))]
    .sort((a, b) => b.length - a.length);
  for (const term of cleaned) {
    const name = maskedName(term);
    const replacement = name ?? '＊'.repeat(Array.from(term).length);
    for (const m of v.text.matchAll(new RegExp(escapeRegExp(term), 'giu'))) {
      out.push({ kind: 'term', start: m.index, end: m.index + m[0].length, replacement });
    }
  }
  return out;
}

/** The digits a kept number stands for: itself, and for a landline with area code also its local number. */
function keptDigits(keep: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const k of keep) {
    const d = digitsOf(k).replace(/^(?:0086|86)(?=1[3-9]\d{9}$)/, '');
    if (d.length < 5) continue;
    out.add(d);
    const landline = /^0(?:10|2\d|[3-9]\d\d)(\d{7,8})$/.exec(d);
    if (landline && (d.startsWith('010') || d.startsWith('02') ? d.length - 3 : d.length - 4) === landline[1]!.length) out.add(landline[1]!);
  }
  return out;
}

/** All findings in the view, overlaps resolved (earlier kind wins), in order. */
function findAll(v: View, options: MaskOptions): Finding[] {
  const kept = keptDigits(options.keep ?? []);
  const groups: Finding[][] = [
    findTerms(v, options.terms ?? []),
    findEmails(v),
    findIdNumbers(v),
    findBankCards(v),
    // The bureau's own numbers stay readable: exactly them, compared digit by digit.
    findPhones(v).filter((f) => !(f.digits && kept.has(f.digits))),
    findMessengers(v),
    findPlates(v),
    findAddresses(v),
  ];
  const accepted: Finding[] = [];
  for (const group of groups) {
    // Within a kind, longer findings first, so a road + building address wins over its bare building part.
    const sorted = [...group].sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
    for (const f of sorted) {
      if (f.end <= f.start) continue;
      const overlapping = accepted.filter((a) => a.start < f.end && f.start < a.end);
      if (overlapping.length === 0) {
        accepted.push(f);
        continue;
      }
      // Addresses merge with adjacent or overlapping address findings into one span.
      if (f.kind === 'address' && overlapping.every((a) => a.kind === 'address')) {
        for (const a of overlapping) accepted.splice(accepted.indexOf(a), 1);
        const start = Math.min(f.start, ...overlapping.map((a) => a.start));
        const end = Math.max(f.end, ...overlapping.map((a) => a.end));
        accepted.push({ kind: 'address', start, end, replacement: '＊＊＊' });
      }
    }
  }
  accepted.sort((a, b) => a.start - b.start);
  // Adjacent address findings (建国路88号 + 幸福小区3栋…) become one.
  const merged: Finding[] = [];
  for (const f of accepted) {
    const last = merged.at(-1);
    if (last && last.kind === 'address' && f.kind === 'address' && f.start === last.end) {
      last.end = f.end;
      continue;
    }
    merged.push({ ...f });
  }
  return merged;
}

/**
 * Masks personal data in `text`. `options.terms`: names and other strings a moderator marked (all occurrences,
 * case-insensitive); `options.keep`: published numbers that stay readable. Returns the masked text and the spans
 * that were masked, indexing the ORIGINAL text (a span covers every original character behind what was found,
 * invisible ones between its digits included).
 */
export function maskPersonalData(text: string, options: MaskOptions = {}): MaskResult {
  if (!text) return { text: text ?? '', spans: [] };
  const v = new View(text);
  const findings = findAll(v, options).map((f) => ({ ...f, start: v.start(f.start), end: v.end(f.end) }));
  let out = '';
  let cursor = 0;
  for (const f of findings) {
    out += text.slice(cursor, f.start) + f.replacement;
    cursor = f.end;
  }
  out += text.slice(cursor);
  return { text: out, spans: findings.map(({ kind, start, end }) => ({ kind, start, end })) };
}

/** The kinds of personal data in a text, each once, in order of appearance (for flags on moderation screens). */
export function personalDataKinds(text: string, options: MaskOptions = {}): MaskKind[] {
  return [...new Set(maskPersonalData(text, options).spans.map((s) => s.kind))];
}

// ---------------------------------------------------------------------------------------------------------------
// What masking left: for the curation editor, so a moderator sees what to check.

export interface UnmaskedSuspect {
  /** digits: a run of 7 or more digits (separators inside allowed); name: a name-like phrase after 我叫/本人/姓名. */
  kind: 'digits' | 'name';
  /** Indexes the text that was checked. */
  start: number;
  end: number;
  /** The characters themselves (as in the text). */
  text: string;
}

/** A date written with separators (2026-12-02, 2026.12.2, 2026/12/02): not worth a moderator's look. */
function isSeparatedDate(s: string): boolean {
  const m = /^((?:19|20)\d\d)[-./·]([01]?\d)[-./·]([0-3]?\d)$/.exec(s);
  return Boolean(m && Number(m[2]) >= 1 && Number(m[2]) <= 12 && Number(m[3]) >= 1 && Number(m[3]) <= 31);
}

/**
 * Long digit runs and name-like phrases (我叫王小明, 本人张三, 姓名：李四) left in a text that masking already went
 * through: masking cannot know every format, so the editor lists these for the moderator to check. Masked forms
 * (138****5678, 张某) and `keep` numbers are not listed.
 */
export function unmaskedSuspects(text: string, options: { keep?: readonly string[] } = {}): UnmaskedSuspect[] {
  if (!text) return [];
  const v = new View(text);
  const kept = keptDigits(options.keep ?? []);
  const out: UnmaskedSuspect[] = [];
  const push = (kind: UnmaskedSuspect['kind'], s: number, e: number) => {
    const start = v.start(s);
    const end = v.end(e);
    out.push({ kind, start, end, text: text.slice(start, end) });
  };
  for (const m of v.text.matchAll(/(?<![0-9])\d(?:[ .·/-]{0,2}\d)*/g)) {
    const digits = m[0].replace(/\D/g, '');
    if (digits.length < 7 || kept.has(digits) || isSeparatedDate(m[0])) continue;
    push('digits', m.index, m.index + m[0].length);
  }
  const surnames = `[${SINGLE_SURNAMES}]|${COMPOUND_SURNAMES.join('|')}`;
  for (const m of v.text.matchAll(new RegExp(`(?:我叫|本人|姓名|名叫)(?:是|为|:|\\s){0,3}((?:${surnames})[\\p{Script=Han}·]{1,2})`, 'gu'))) {
    let name = m[1]!;
    // Stop before a word that ends a name: 我叫王明住在… → 王明.
    name = name.replace(/[住在的是了，,。和与从到说已也都]+$/u, '');
    if ([...name].length < 2 || name.includes('某') || name.includes('*')) continue;
    const start = m.index + m[0].length - m[1]!.length;
    push('name', start, start + name.length);
  }
  return out.sort((a, b) => a.start - b.start);
}
