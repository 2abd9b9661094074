import { englishFields, exactField, type FieldIssue } from './english-fields';

/**
 * Server error messages in English (issue 15 item 5: "errors keep their codes; the message follows the request's
 * language"). Operations throw Chinese messages (the product's first language, and what the API documents); when
 * the request asked for English (the language cookie), the failure mapping swaps a message it knows for its English
 * text here. The code, status and fields stay as they were; a message not listed stays Chinese (a to-do, not a lie).
 */
const EXACT: Record<string, string> = {
  请先登录: 'Please sign in first',
  您没有权限进行此操作: 'You may not do this',
  '未找到，或您无权查看': 'Not found, or you may not see it',
  '已被他人处理，请刷新后重试': 'Someone else has changed this; reload the page and try again',
  '提交的内容有误，请检查标出的项目': 'Some of what you entered is not valid; check the marked fields',
  '服务暂时不可用（数据库连接中断），请稍后重试；本次操作未保存': 'The service is unavailable for a moment (database connection lost); nothing was saved, please try again shortly',
  '服务器内部错误，请稍后重试': 'Internal server error; please try again later',
  '操作失败，请稍后重试': 'That did not work; please try again later',
  账号或密码错误: 'Wrong account or password',
  '该账号已停用，请联系管理员': 'This account has been disabled; please contact the administrator',
  'API 令牌不能用于此操作，请登录后操作': 'An API token cannot be used for this; sign in instead',
  'API 令牌无效、已过期或已撤销': 'The API token is invalid, expired or revoked',
  '请求包含无效字符（如空字符或不完整的 Unicode 字符）': 'The request contains invalid characters (such as NUL or incomplete Unicode)',
  '跨站请求已被拒绝：请从本站页面提交': 'Cross-site request refused: submit from this site’s pages',
  '这是常见密码，容易被猜中，请换一个': 'This is a common password that is easy to guess; choose another',
  '密码不能由同一个字符重复组成': 'A password cannot be one character repeated',
  '该邮箱或手机号已注册，请直接登录': 'This email or mobile number is already registered; sign in instead',
  '您已登录，无需注册': 'You are signed in already; no need to register',
};

/** Messages with a number in them: the pattern, and the English with `$1` for the number. */
const PATTERNS: Array<[RegExp, string]> = [
  [/^登录失败次数过多，请 (\d+) 分钟后再试$/, 'Too many failed sign-ins; please try again in $1 minutes'],
  [/^查询错误次数过多，请 (\d+) 分钟后再试$/, 'Too many wrong lookups; please try again in $1 minutes'],
  [/^请求内容嵌套过深（最多 (\d+) 层）$/, 'The request is nested too deeply (at most $1 levels)'],
];

/** The English for a server message, or the message itself when it is not known. */
export function englishMessage(message: string): string {
  const exact = EXACT[message] ?? exactField(message);
  if (exact !== undefined) return exact;
  for (const [pattern, english] of PATTERNS) if (pattern.test(message)) return message.replace(pattern, english);
  return message;
}

/** A failure in English: its message and its field messages (lib/errors/english-fields.ts); code, status and keys unchanged. */
export function inEnglish<F extends { message: string; fields?: Record<string, string>; issues?: Record<string, FieldIssue> }>(failure: F): F {
  return {
    ...failure,
    message: englishMessage(failure.message),
    ...(failure.fields ? { fields: englishFields(failure.fields, failure.issues) } : {}),
  };
}

/** Whether a request chose English: the language cookie (lib/i18n/config.ts LOCALE_COOKIE) says `en`. */
export function requestWantsEnglish(request: Request | undefined): boolean {
  const cookie = request?.headers.get('cookie') ?? '';
  return /(?:^|;\s*)minsheng-locale=en(?:;|$)/.test(cookie);
}
