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
  // An invitation link that cannot be used (lib/accounts/invitations.ts GONE; the page words them from invitationPage.gone).
  '邀请链接无效。请核对邮件中的链接，或请管理员重新邀请。': 'The invitation link is not valid. Check the link in the e-mail, or ask the administrator to invite you again.',
  '该邀请链接已使用过，账号已建立，请直接登录。': 'This invitation link has been used already and the account exists: please sign in.',
  '该邀请已被管理员撤销，请联系管理员重新邀请。': 'The administrator has revoked this invitation; ask the administrator to invite you again.',
  '该邀请链接已过期（有效期 72 小时），请联系管理员重新邀请。': 'This invitation link has expired (it is valid for 72 hours); ask the administrator to invite you again.',
  // Socket acknowledgements (lib/realtime/handlers.ts) and the interview room's operations.
  参数无效: 'Invalid parameters',
  消息内容过大: 'The message is too large',
  没有这场访谈: 'There is no such interview',
  没有这个问题: 'There is no such question',
  没有这个投票: 'There is no such poll',
  '访谈已结束，不再接受提问': 'The interview is over: it takes no more questions',
  '提问未能保存，请重试': 'The question was not saved; please try again',
  '访谈已结束，不能再同问': 'The interview is over: questions can no longer be seconded',
  您已经同问过这个问题: 'You have already said “me too” to this question',
  '只能在直播中发起投票': 'A poll can only be opened while the interview is live',
  这个投票已经结束: 'This poll is closed',
  投票已经结束: 'The poll is closed',
  您已经投过票了: 'You have already voted',
  只有市民和访客可以参加投票: 'Only citizens and visitors can vote',
  '无法识别您的设备，请刷新页面后再投票': 'Your device could not be recognised; reload the page and vote again',
  选项无效: 'Invalid choice',
  '这是单选投票，只能选一项': 'This poll takes one choice only',
  没有待办队列: 'You have no work queue',
  没有督办台: 'You have no supervision desk',
  // Socket.IO handshake refusals (lib/realtime/server.ts).
  '来自同一网络地址的实时连接过多，请稍后再试': 'Too many live connections from this address; please try again later',
  '连接失败，请稍后重试': 'The connection failed; please try again later',
};

/** Messages with a number in them: the pattern, and the English with `$1` for the number. */
const PATTERNS: Array<[RegExp, string]> = [
  [/^登录失败次数过多，请 (\d+) 分钟后再试$/, 'Too many failed sign-ins; please try again in $1 minutes'],
  [/^查询错误次数过多，请 (\d+) 分钟后再试$/, 'Too many wrong lookups; please try again in $1 minutes'],
  [/^请求内容嵌套过深（最多 (\d+) 层）$/, 'The request is nested too deeply (at most $1 levels)'],
  [/^操作过于频繁，请 (\d+) 秒后再试$/, 'Too many actions; please try again in $1 seconds'],
  [/^每位市民在本场访谈最多提 (\d+) 个问题$/, 'Each citizen may ask at most $1 questions in this interview'],
  [/^您同时打开的实时连接过多（上限 (\d+) 个），请关闭其他标签页后刷新$/, 'Too many live connections for this account (limit $1); close other tabs and reload'],
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
  return cookieWantsEnglish(request?.headers.get('cookie'));
}

/** Whether a Cookie header chose English (a request's, or a socket handshake's). */
export function cookieWantsEnglish(cookie: string | null | undefined): boolean {
  return /(?:^|;\s*)minsheng-locale=en(?:;|$)/.test(cookie ?? '');
}
