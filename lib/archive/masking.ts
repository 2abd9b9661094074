/**
 * Automatic masking of personal data in text that is about to become public (archive entries). Pure and
 * deterministic: the moderator sees the result beside the original and can correct it; originals stay private.
 *
 * What is masked, and how (the masked form keeps enough to read the sentence, never enough to identify):
 *
 * | kind        | finds                                                              | becomes                    |
 * |-------------|--------------------------------------------------------------------|----------------------------|
 * | phone       | mainland mobiles (1[3-9] + 9 digits, +86/86 prefix, 138-1234-5678) | 138****5678                |
 * |             | landlines with area code (010-12345678, (0571)8765432, 0755 …)     | 010-****5678               |
 * |             | a 7–8 digit number right after 电话/座机/固话/联系方式               | ****5678                   |
 * | id_number   | 18-digit resident ID: province code, plausible birth date and a     | 110105********1234         |
 * |             | valid ISO 7064 MOD 11-2 check digit                                 |                            |
 * | email       | local@domain.tld                                                   | z***@example.com           |
 * | bank_card   | 16–19 digits (groups of 4 allowed), Luhn-valid, issuer digit 3–6/9  | 6222 **** **** 1234        |
 * | plate       | licence plates incl. 8-character new-energy plates                 | 京A****5 / 京AD****5       |
 * | address     | below district/street level: house numbers after a road (88号),     | ＊＊＊ (one fixed token     |
 * |             | a residential complex followed by 栋/单元/室…, 3号楼2单元501室      | per address tail)          |
 * | term        | strings a moderator marked: names (a known surname + 1–3 chars)     | 张某 / 欧阳某              |
 * |             | other terms                                                        | ＊ × length                 |
 *
 * Look-alikes stay: dates and times, amounts (¥12,345.00, 1234元), this platform's tracking numbers (YYYYMMDD +
 * 4 digits = 12 digits), document and article numbers (〔2024〕12号, 第138条), years, ID-like numbers with a wrong
 * check digit or an impossible birth date, numbers that fail the Luhn check.
 *
 * Detection runs on a copy with full-width ASCII (１３８…, ＠) folded to ASCII — same length, so the spans index the
 * original text. When two findings overlap, the earlier kind in this order wins: term, email, id_number, bank_card,
 * phone, plate, address.
 */

export type MaskKind = 'phone' | 'id_number' | 'email' | 'bank_card' | 'plate' | 'address' | 'term';

export interface MaskSpan {
  kind: MaskKind;
  start: number;
  end: number;
}

export interface MaskResult {
  text: string;
  spans: MaskSpan[];
}

interface Finding extends MaskSpan {
  replacement: string;
}

/** Full-width ASCII (U+FF01–U+FF5E) and the ideographic space folded to ASCII, one UTF-16 unit each. */
function foldWidth(text: string): string {
  return text.replace(/[\uFF01-\uFF5E\u3000]/g, (c) => (c === '\u3000' ? ' ' : String.fromCharCode(c.charCodeAt(0) - 0xfee0)));
}

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';

/** Replaces the digits of `s` whose digit index (0-based, counting digits only) is in [from, to) by '*'. */
function starDigits(s: string, from: number, to: number): string {
  let n = -1;
  return Array.from(s, (c) => {
    if (!/[0-9０-９]/.test(c)) return c;
    n++;
    return n >= from && n < to ? '*' : c;
  }).join('');
}

function digitCount(s: string): number {
  return (s.match(/[0-9]/g) ?? []).length;
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
// Detectors: each returns findings on the folded text.

function findEmails(folded: string, original: string): Finding[] {
  const out: Finding[] = [];
  for (const m of folded.matchAll(/(?<![A-Za-z0-9._%+-])([A-Za-z0-9][A-Za-z0-9._%+-]{0,63})@([A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)*\.[A-Za-z]{2,24})(?![A-Za-z0-9-])/g)) {
    const start = m.index;
    const end = start + m[0].length;
    const local = original.slice(start, start + m[1]!.length);
    const domain = original.slice(start + m[1]!.length + 1, end);
    out.push({ kind: 'email', start, end, replacement: `${Array.from(local)[0]}***@${domain}` });
  }
  return out;
}

function findIdNumbers(folded: string, original: string): Finding[] {
  const out: Finding[] = [];
  for (const m of folded.matchAll(/(?<![0-9A-Za-z])(\d{17}[\dXx])(?![0-9A-Za-z])/g)) {
    if (!isValidIdNumber(m[1]!)) continue;
    const s = original.slice(m.index, m.index + 18);
    out.push({ kind: 'id_number', start: m.index, end: m.index + 18, replacement: s.slice(0, 6) + '********' + s.slice(14) });
  }
  return out;
}

function findBankCards(folded: string, original: string): Finding[] {
  const out: Finding[] = [];
  // 16–19 digits in one run, or in groups of four (the last group 1–4 … 3 digits) separated by a space or hyphen.
  for (const m of folded.matchAll(/(?<![0-9A-Za-z])(?:\d{16,19}|\d{4}(?:[ -]\d{4}){3}(?:[ -]?\d{1,3})?)(?![0-9A-Za-z])/g)) {
    const digits = m[0].replace(/\D/g, '');
    if (digits.length < 16 || digits.length > 19) continue;
    if (!/^[3-69]/.test(digits)) continue;
    if (!luhnValid(digits)) continue;
    // An 18-digit number shaped like an ID number is an ID (valid or not), never a card.
    if (digits.length === 18 && m[0].length === 18 && idShaped(digits)) continue;
    const s = original.slice(m.index, m.index + m[0].length);
    out.push({ kind: 'bank_card', start: m.index, end: m.index + m[0].length, replacement: starDigits(s, 4, digits.length - 4) });
  }
  return out;
}

function findPhones(folded: string, original: string): Finding[] {
  const out: Finding[] = [];
  // Mobile: optional +86 / 86 / 0086, then 1[3-9]x xxxx xxxx with optional single spaces or hyphens after the 3rd and 7th digit.
  for (const m of folded.matchAll(/(?<![0-9A-Za-z+])(?:(?:\+|00)?86[ -]?)?(1[3-9]\d[ -]?\d{4}[ -]?\d{4})(?![0-9A-Za-z])/g)) {
    const numberStart = m.index + m[0].length - m[1]!.length;
    const s = original.slice(numberStart, m.index + m[0].length);
    out.push({ kind: 'phone', start: m.index, end: m.index + m[0].length, replacement: original.slice(m.index, numberStart) + starDigits(s, 3, 7) });
  }
  // Landline with area code: 010-12345678, 0571-8765432, (010)12345678, （0755）12345678, 010 1234 5678.
  for (const m of folded.matchAll(/(?<![0-9A-Za-z])(\(0\d{2,3}\)\s?|0\d{2,3}[ -])(\d{3,4}[ -]?\d{4})(?:(?:-|转)\d{1,5})?(?![0-9A-Za-z])/g)) {
    const local = m[2]!;
    const localDigits = digitCount(local);
    if (localDigits < 7 || localDigits > 8) continue;
    // 0xx-xxxxxxx: the area codes are 010, 02x or 0[3-9]xx — a leading "0" + 2 digits other than 10/2x is a date part.
    const area = m[1]!.replace(/\D/g, '');
    if (area.length === 3 && !/^0(10|2\d)$/.test(area)) continue;
    if (area.length === 4 && !/^0[3-9]\d\d$/.test(area)) continue;
    const localStart = m.index + m[1]!.length;
    const s = original.slice(localStart, localStart + local.length);
    out.push({
      kind: 'phone',
      start: m.index,
      end: m.index + m[0].length,
      replacement: original.slice(m.index, localStart) + starDigits(s, 0, localDigits - 4) + original.slice(localStart + local.length, m.index + m[0].length),
    });
  }
  // A local number named as a phone number: 电话 87654321, 座机：8765-4321.
  for (const m of folded.matchAll(/(?:电话|座机|固话|联系方式|联系号码|手机号?)(?:号码)?(?:是|为)?[:：]?\s?(\d{3,4}-?\d{4})(?![0-9A-Za-z])/g)) {
    const local = m[1]!;
    const n = digitCount(local);
    if (n < 7 || n > 8) continue;
    const start = m.index + m[0].length - local.length;
    const s = original.slice(start, start + local.length);
    out.push({ kind: 'phone', start, end: start + local.length, replacement: starDigits(s, 0, n - 4) });
  }
  return out;
}

const PLATE_PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';

function findPlates(folded: string, original: string): Finding[] {
  const out: Finding[] = [];
  const re = new RegExp(
    `([${PLATE_PROVINCES}][A-HJ-NP-Z])[·•.\\- ]?([A-HJ-NP-Z0-9]{6}|[A-HJ-NP-Z0-9]{5}|[A-HJ-NP-Z0-9]{4}[挂学警港澳])(?![A-Za-z0-9])`,
    'g',
  );
  for (const m of folded.matchAll(re)) {
    const tail = m[2]!;
    if (tail.length === 6) {
      // New-energy plates: D/F (and A–K variants) then five digits, or five digits then D/F.
      if (!/^[A-HJ-K][A-HJ-NP-Z0-9]\d{4}$/.test(tail) && !/^\d{5}[A-HJ-K]$/.test(tail)) continue;
    }
    if (digitCount(tail) < 2) continue;
    const s = original.slice(m.index, m.index + m[0].length);
    const chars = Array.from(s);
    const keepHead = 2;
    const masked = chars.map((c, i) => (i < keepHead || i === chars.length - 1 || /[·•.\- ]/.test(c) ? c : '*')).join('');
    out.push({ kind: 'plate', start: m.index, end: m.index + m[0].length, replacement: masked });
  }
  return out;
}

// Addresses below district level.
const NUM = '(?:\\d{1,5}|[一二三四五六七八九十百零〇两]{1,4}|[A-Za-z])';
// A component of a building address: 3号楼, 5栋, 2单元, 1201室, 12层, B座, 3-2-501.
const UNIT = `(?:${NUM}(?:号楼|栋|幢|座|单元|层|楼|室|户|号院|号房|房)|\\d{1,4}(?:-\\d{1,4}){1,3}(?:室|号|房)?)`;
const UNIT_RUN = `(?:${UNIT}[ ,，、]?){1,6}`;
const STRONG_UNIT = /号楼|栋|幢|单元|室|户|房|-/;
const COMPLEX_SUFFIX = '(?:小区|花园|家园|公寓|大厦|新村|新苑|嘉园|名苑|苑|公馆|广场|大院|宿舍|社区|村)';

function findAddresses(folded: string): Finding[] {
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

function findTerms(folded: string, terms: readonly string[]): Finding[] {
  const out: Finding[] = [];
  const cleaned = [...new Set(terms.map((t) => foldWidth(t.trim())).filter((t) => t.length > 0 && t.length <= 100))]
    .sort((a, b) => b.length - a.length);
  for (const term of cleaned) {
    const name = maskedName(term);
    const replacement = name ?? '＊'.repeat(Array.from(term).length);
    for (const m of folded.matchAll(new RegExp(escapeRegExp(term), 'giu'))) {
      out.push({ kind: 'term', start: m.index, end: m.index + m[0].length, replacement });
    }
  }
  return out;
}

/**
 * Masks personal data in `text`. `options.terms`: names and other strings a moderator marked (all occurrences,
 * case-insensitive). Returns the masked text and the spans that were masked, indexing the ORIGINAL text.
 */
export function maskPersonalData(text: string, options: { terms?: string[] } = {}): MaskResult {
  if (!text) return { text: text ?? '', spans: [] };
  const folded = foldWidth(text);
  const groups: Finding[][] = [
    findTerms(folded, options.terms ?? []),
    findEmails(folded, text),
    findIdNumbers(folded, text),
    findBankCards(folded, text),
    findPhones(folded, text),
    findPlates(folded, text),
    findAddresses(folded),
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
  let out = '';
  let cursor = 0;
  for (const f of merged) {
    out += text.slice(cursor, f.start) + f.replacement;
    cursor = f.end;
  }
  out += text.slice(cursor);
  return { text: out, spans: merged.map(({ kind, start, end }) => ({ kind, start, end })) };
}
