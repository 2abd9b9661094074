/**
 * Field (validation) messages in English (issue 15 item 5). The schemas keep their Chinese messages — the product's
 * first language and what the API answers by default — and a field error carries, beside its text, what zod knew
 * about it (its issue code and limits: `FieldIssue`). When the reader chose English, a message becomes English by,
 * in order: an exact translation (EXACT), a pattern the schema helpers build (`${label}最多 ${max} 个字` …), or the
 * issue's code and limits ("At most 50 characters"). Only a message that is none of these (an operation's own
 * Chinese field error with no issue) stays as it is.
 *
 * Client-safe (no server imports): the write, register and application forms check their input in the browser with
 * the same schemas (fieldErrors(error, locale) in lib/errors).
 */

/** What a zod issue said about a field, kept beside its message (the API's body still carries the message only). */
export interface FieldIssue {
  code: string;
  origin?: string;
  minimum?: number;
  maximum?: number;
  format?: string;
  expected?: string;
  /** The field was missing (undefined), not wrong. */
  missing?: boolean;
}

/** From a zod (v4) issue: only plain facts, so a failure can carry it across the server-action boundary. */
export function fieldIssueOf(issue: { code: string; input?: unknown } & Record<string, unknown>): FieldIssue {
  const out: FieldIssue = { code: issue.code };
  if (typeof issue.origin === 'string') out.origin = issue.origin;
  if (typeof issue.minimum === 'number' || typeof issue.minimum === 'bigint') out.minimum = Number(issue.minimum);
  if (typeof issue.maximum === 'number' || typeof issue.maximum === 'bigint') out.maximum = Number(issue.maximum);
  if (typeof issue.format === 'string') out.format = issue.format;
  if (typeof issue.expected === 'string') out.expected = issue.expected;
  if (issue.code === 'invalid_type' && issue.input === undefined) out.missing = true;
  return out;
}

/** Field messages of the account, letter and application forms (the ones people meet most), word for word. */
const EXACT: Record<string, string> = {
  请选择部门: 'Choose a department',
  '请选择邀请的语言（中文或英文）': 'Choose the invitation’s language (Chinese or English)',
  部门无效: 'Not a valid department',
  没有这个部门: 'There is no such department',
  '请选择来信类别（咨询、投诉或建议）': 'Choose what kind of letter this is (enquiry, complaint or suggestion)',
  请选择是否同意公开: 'Say whether the letter may be published',
  '请选择满意、基本满意或不满意': 'Choose satisfied, fairly satisfied or not satisfied',
  请设置密码: 'Set a password',
  请输入密码: 'Enter the password',
  请输入姓名: 'Enter the name',
  请输入邮箱或手机号: 'Enter an email or mobile number',
  '请输入正确的邮箱或 11 位手机号': 'Enter a valid email or an 11-digit mobile number',
  请输入正确的邮箱: 'Enter a valid email',
  '请输入正确的 11 位手机号': 'Enter a valid 11-digit mobile number',
  '请输入邮箱（邀请链接通过邮件发送）': 'Enter an email (the invitation link is sent by email)',
  邮箱和手机号至少保留一个: 'Keep at least one of email and mobile number',
  邮箱和手机号都没有变化: 'Neither the email nor the mobile number has changed',
  该邮箱或手机号已被其他账号使用: 'This email or mobile number is used by another account',
  该邮箱已被其他账号使用: 'This email is used by another account',
  该手机号已被其他账号使用: 'This mobile number is used by another account',
  '该邮箱已有账号，请直接登录或找回密码': 'This email already has an account; sign in or reset the password',
  '该邮箱或手机号已注册，请直接登录': 'This email or mobile number is already registered; sign in instead',
  该邮箱已有账号: 'This email already has an account',
  '该邮箱已有账号；如需改变其角色，请在账号列表中修改': 'This email already has an account; change its role in the account list',
  新密码不能与当前密码相同: 'The new password must differ from the current one',
  '密码最多 128 个字符': 'A password has at most 128 characters',
  密码不能包含控制字符: 'A password cannot contain control characters',
  '这是常见密码，容易被猜中，请换一个': 'This is a common password that is easy to guess; choose another',
  密码不能由同一个字符重复组成: 'A password cannot be one character repeated',
  请确认退出所有设备: 'Confirm signing out on every device',
  办理人员和领导必须属于一个部门: 'Handlers and leaders must belong to a department',
  '角色须为办理人员、领导嘉宾、管理员或系统管理员': 'The role must be handler, leader, moderator or administrator',
  请填写令牌名称: 'Enter the token’s name',
  请选择权限范围: 'Choose the scopes',
  请至少选择一项权限: 'Choose at least one scope',
  有效期须晚于现在: 'The expiry must be in the future',
  '这些权限属于部门工作人员（或多个角色），请选择令牌代表的账号（actAs）': 'These scopes belong to a department’s staff (or to several roles); choose the account the token acts as (actAs)',
  '英文名称只能包含英文字母、数字和标点': 'An English name can hold only English letters, digits and punctuation',
  联系电话格式不正确: 'Not a valid telephone number',
  请填写手机号或带区号的固定电话: 'Enter a mobile number or a landline with its area code',
  请选择接收部门: 'Choose the receiving department',
  请选择另一个在用的部门: 'Choose another department in use',
  接收部门应为另一个在用的部门: 'The receiving department must be another department in use',
  '请选择申请人类型（公民或法人、其他组织的类别）': 'Choose the kind of applicant (a citizen, or the kind of organisation)',
  '请选择获取信息的方式（电子版或纸质）': 'Choose how to receive the information (electronic or paper)',
  选择纸质文本时请填写通信地址: 'Enter a postal address to receive paper copies',
  法人或其他组织请填写统一社会信用代码: 'An organisation enters its unified social credit code',
  法人或其他组织请填写单位名称: 'An organisation enters its name',
  '统一社会信用代码应为 18 位，且校验位正确': 'A unified social credit code has 18 characters and a valid check character',
  '邮政编码为 6 位数字': 'A postal code has 6 digits',
  '查询码是 6 位数字': 'The lookup code has 6 digits',
  请填写查询编号: 'Enter the tracking number',
  请填写查询码: 'Enter the lookup code',
  '缴费日期格式应为 YYYY-MM-DD': 'The payment date is written YYYY-MM-DD',
  '日期格式应为 YYYY-MM-DD': 'A date is written YYYY-MM-DD',
  '有效期须是日期时间（ISO 8601）': 'The expiry must be a date and time (ISO 8601)',
  页码从1开始: 'Pages start at 1',
  '页码从 1 开始': 'Pages start at 1',
  页码过大: 'The page number is too large',
  '延期至少 1 个工作日': 'Extend by at least 1 working day',
  '延期最多 30 个工作日': 'Extend by at most 30 working days',
  请填写要并入的来信编号: 'Enter the tracking number of the letter to merge into',
  请填写理由及依据: 'Enter the reasons and their basis',
};

/** Messages the schema helpers build around a (Chinese) field label or a number: the English says what is wrong. */
const PATTERNS: Array<[RegExp, string]> = [
  [/最多 ?(\d+) ?个(?:字|字符|汉字)$/, 'At most $1 characters'],
  [/至少 ?(\d+) ?个(?:字|字符|汉字)$/, 'At least $1 characters'],
  [/最多 ?(\d+) ?(?:项|个|张|份|条)$/, 'At most $1 items'],
  [/至少 ?(\d+) ?(?:项|个|张|份|条)$/, 'At least $1 items'],
  [/^请(?:填写|输入)/, 'Please fill this in'],
  [/^请选择/, 'Please choose one'],
  [/^请上传/, 'Please add a file'],
  [/格式不正确$/, 'Not in the expected format'],
  [/(?:应|须|必须)为文字$/, 'Must be text'],
  [/必须是数字$/, 'Must be a number'],
  [/(?:必须是|应为)整数$/, 'Must be a whole number'],
  [/不能为负$/, 'Cannot be negative'],
  [/(?:过长|太长)$/, 'Too long'],
  [/^没有这个/, 'Not found'],
  [/^未知的/, 'Not one of the known values'],
  [/无效$/, 'Not valid'],
];

/** The English for a zod issue's code and limits. */
function fromIssue(issue: FieldIssue): string | undefined {
  const { code, origin, minimum, maximum } = issue;
  const sized = origin === 'array' || origin === 'set' ? 'items' : 'characters';
  switch (code) {
    case 'too_small':
      if (origin === 'number' || origin === 'bigint') return `Must be at least ${minimum}`;
      if (origin === 'date') return 'The date is too early';
      if (minimum !== undefined && minimum <= 1) return origin === 'array' || origin === 'set' ? 'Choose at least one' : 'Please fill this in';
      return `At least ${minimum} ${sized}`;
    case 'too_big':
      if (origin === 'number' || origin === 'bigint') return `Must be at most ${maximum}`;
      if (origin === 'date') return 'The date is too late';
      return `At most ${maximum} ${sized}`;
    case 'invalid_type':
      if (issue.missing) return 'Please fill this in';
      if (issue.expected === 'number' || issue.expected === 'int') return 'Must be a number';
      if (issue.expected === 'string') return 'Must be text';
      if (issue.expected === 'boolean') return 'Please choose yes or no';
      if (issue.expected === 'array') return 'Must be a list';
      return 'Not a valid value';
    case 'invalid_format':
      if (issue.format === 'email') return 'Enter a valid email';
      if (issue.format === 'url') return 'Enter a valid web address';
      if (issue.format === 'date' || issue.format === 'datetime') return 'Enter a valid date';
      return 'Not in the expected format';
    case 'invalid_value':
    case 'invalid_union':
      return 'Choose one of the allowed values';
    case 'not_multiple_of':
      return 'Not an allowed step';
    case 'unrecognized_keys':
      return 'Unknown fields';
    default:
      return 'Not valid';
  }
}

/** The word-for-word English of a message, if there is one (an operation's message may be a field's too). */
export function exactField(message: string): string | undefined {
  return EXACT[message];
}

/** A field message in English: exact, by pattern, by the issue's code, or (an operation's own, unknown) as it was. */
export function englishField(message: string, issue?: FieldIssue): string {
  const exact = EXACT[message];
  if (exact !== undefined) return exact;
  for (const [pattern, english] of PATTERNS) {
    const match = pattern.exec(message);
    if (match) return english.replace('$1', match[1] ?? '');
  }
  if (issue) return fromIssue(issue) ?? message;
  return message;
}

/** Every field message of a form in English (`issues`: what zod said, by the same keys). */
export function englishFields(fields: Record<string, string>, issues?: Record<string, FieldIssue>): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).map(([key, message]) => [key, englishField(message, issues?.[key])]));
}
