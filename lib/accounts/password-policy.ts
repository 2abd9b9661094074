/**
 * The password policy for every password a person sets (first admin, invitations, resets, changes): at least 10
 * characters, at most 128, no control characters, not one character repeated, not a run of ascending or
 * descending digits, and not one of the passwords people choose most often (the list below: the common
 * leaked-password lists' top entries, the Chinese ones among them, this site's own name, and the stems people pad
 * to reach a length rule). Compared case-insensitively, without spaces, and also with a trailing run of digits or
 * punctuation removed, so "Password2026!" counts as "password". Returns the reason in Chinese, or null when the
 * password is acceptable. Registration applies only the common-password part (isCommonPassword).
 */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 128;

export const COMMON_PASSWORD_MESSAGE = '这是常见密码，容易被猜中，请换一个';
export const REPEATED_CHARACTER_MESSAGE = '密码不能由同一个字符重复组成';

const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

const COMMON_PASSWORDS = new Set([
  '000000', '00000000', '0000000000', '0123456789', '111111', '1111111', '11111111', '1111111111', '123123',
  '123123123', '1231231234', '123321', '1234', '12345', '123456', '1234567', '12345678', '123456789', '1234567890',
  '1234567890a', '12345678910', '123456789a', '123456789q', '123654789', '1314520', '1314520520', '1357924680',
  '147258369', '1472583690', '1q2w3e4r', '1q2w3e4r5t', '1q2w3e4r5t6y', '1qaz2wsx', '1qaz2wsx3edc', '1qazxsw2',
  '2222222222', '5201314', '5201314520', '52013145201314', '5211314', '5211314521', '5555555555', '654321', '666666',
  '6666666666', '888888', '8888888888', '987654321', '9876543210', '9999999999', 'a123456789', 'a1234567890',
  'a1b2c3d4e5', 'aa123456', 'aa123456789', 'aaaaaaaaaa', 'abc123', 'abc123456', 'abcd1234', 'abcd123456', 'abcdefg',
  'abcdefg123', 'abcdefghij', 'admin', 'admin123', 'admin12345', 'admin123456', 'adminadmin', 'administrator',
  'asdfghjkl', 'asdfghjkl123', 'baseball', 'baseball123', 'beijing', 'beijing123', 'changeme', 'changeme123',
  'chen123456', 'computer', 'default', 'default123', 'dragon', 'dragon123', 'football', 'football123', 'gov',
  'gov.cn123456', 'gov123456', 'guest12345', 'huang123456', 'iloveyou', 'iloveyou123', 'iloveyou1314', 'internet',
  'letmein', 'letmein123', 'li123456789', 'liu123456789', 'liwei', 'master', 'michael', 'minsheng123',
  'minsheng@123', 'monkey', 'monkey123', 'nihao', 'p@ssw0rd', 'p@ssword', 'p@ssword123', 'passw0rd', 'password',
  'password1', 'password12', 'password123', 'password1234', 'princess', 'princess123', 'q123456789', 'q1w2e3r4t5',
  'qazwsxedc', 'qazwsxedcrfv', 'qq123456789', 'qwerty', 'qwerty123', 'qwerty1234', 'qwertyuiop', 'qwertyuiop123',
  'root', 'root123456', 'rootroot', 'shadow', 'shanghai', 'shanghai123', 'starwars', 'sunshine', 'sunshine123',
  'superman', 'superman123', 'test123456', 'testtest', 'trustno1', 'wang123456', 'wangfang', 'wangwei', 'wangwei123',
  'welcome', 'welcome1', 'welcome123', 'welcome1234', 'whatever', 'woaini', 'woaini123456', 'woaini1314',
  'woaini520', 'woaiwojia', 'woaizhongguo', 'zaq12wsx', 'zaq12wsxcde3', 'zhang123456', 'zhangwei', 'zhangwei123',
  'zhengfu', 'zhengfu123', 'zhongguo', 'zhongguo123', 'zxcvbnm', 'zxcvbnm123',
]);

/** "password2026!" → "password": the stem people pad with digits or punctuation to pass a length rule. */
function stem(lowered: string): string {
  return lowered.replace(/[\d\W_]+$/u, '');
}

/** 0123456789… or 9876543210… (ascending or descending digits, wrapping around). */
function isDigitRun(password: string): boolean {
  if (!/^\d+$/.test(password)) return false;
  let up = true;
  let down = true;
  for (let i = 1; i < password.length; i++) {
    const d = password.charCodeAt(i) - password.charCodeAt(i - 1);
    if (d !== 1 && d !== -9) up = false;
    if (d !== -1 && d !== 9) down = false;
  }
  return up || down;
}

/** Whether the password is one of the most common ones, or one padded with digits or punctuation. */
export function isCommonPassword(password: string): boolean {
  const lowered = password.toLowerCase().replace(/\s+/g, '');
  return COMMON_PASSWORDS.has(lowered) || COMMON_PASSWORDS.has(stem(lowered));
}

/** Why this password may not be used, or null when it may. */
export function checkPasswordPolicy(password: string): string | null {
  if (typeof password !== 'string' || password.length === 0) return '请设置密码';
  if ([...password].length < PASSWORD_MIN_LENGTH) return `密码至少 ${PASSWORD_MIN_LENGTH} 个字符`;
  if (password.length > PASSWORD_MAX_LENGTH) return `密码最多 ${PASSWORD_MAX_LENGTH} 个字符`;
  if (CONTROL_CHARS.test(password)) return '密码不能包含控制字符';
  if (/^(.)\1+$/u.test(password)) return REPEATED_CHARACTER_MESSAGE;
  if (isCommonPassword(password) || isDigitRun(password)) return COMMON_PASSWORD_MESSAGE;
  return null;
}
