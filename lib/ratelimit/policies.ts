/**
 * Abuse limits: the one table. Each row allows `points` attempts per `durationSeconds` per key — the signed-in
 * account, or the client address — and, once over, refuses that key for `blockSeconds` (0: until the window
 * ends). Every allowance is multiplied by RATE_LIMIT_FACTOR (lib/env; a test/CI knob, 1 in production).
 *
 * How the numbers were chosen: an account is one person, so its allowance is what a real citizen could need on a
 * busy day with room to spare; a script doing the same thing does it hundreds of times a minute. An address may be
 * a whole office, campus or mobile carrier behind NAT, so its allowance is several accounts' worth and its block
 * short. Attempts are counted, not successes: a refused or invalid request costs the server as much.
 * An account over its own limit does not eat into its address's allowance (lib/ratelimit/index.ts), so one abuser
 * behind a shared address does not lock out the others.
 *
 * Existing limits stay where they are: failed sign-ins (lib/accounts/throttle.ts, in the database, per account at an
 * address and per address), wrong letter query codes (same table), the per-interview question quota (lib/interviews/ask.ts) and the
 * per-connection socket budget (lib/realtime/handlers.ts, 40 messages / 10 s).
 */

export type LimitKey = 'account' | 'ip';

export interface Policy {
  key: LimitKey;
  points: number;
  durationSeconds: number;
  blockSeconds: number;
}

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86_400;

export const POLICIES = {
  // Sign-in attempts, successful or not: each one costs an argon2 hash (~50 ms of CPU). The database throttle
  // already locks an account at one address, and an address, after failures; this caps the rate of attempts from one address. A person
  // retries a few times; an office signing in at 9:00 stays well under 30 a minute.
  signin: [{ key: 'ip', points: 30, durationSeconds: MINUTE, blockSeconds: 2 * MINUTE }],
  // Registration: a person registers once; a family or an internet café a few times an hour. Scripts register
  // accounts in bulk to multiply every per-account allowance below, so this is the limit that makes those count.
  register: [{ key: 'ip', points: 10, durationSeconds: HOUR, blockSeconds: HOUR }],
  // Letters: one or two letters a day is a busy citizen; ten is unusual. A script floods the staff queues.
  'letter.submit': [
    { key: 'account', points: 10, durationSeconds: DAY, blockSeconds: 0 },
    { key: 'ip', points: 30, durationSeconds: HOUR, blockSeconds: 0 },
  ],
  // The writer's follow-ups on a letter (补充材料, 评价, 重新办理): a handful per letter.
  'letter.followup': [
    { key: 'account', points: 30, durationSeconds: HOUR, blockSeconds: 0 },
    { key: 'ip', points: 120, durationSeconds: HOUR, blockSeconds: 0 },
  ],
  // Questions in a live interview: typing one takes half a minute, and the interview's quota (default 5) caps
  // what is stored. Ten a minute leaves room for retries; a script sends thousands, each a database round trip.
  // An address may be a campus watching the same interview, hence 200.
  'question.ask': [
    { key: 'account', points: 10, durationSeconds: MINUTE, blockSeconds: MINUTE },
    { key: 'ip', points: 200, durationSeconds: MINUTE, blockSeconds: 0 },
  ],
  // 意见征集 comments: each consultation's quota (default 5 per citizen) caps what is stored; this caps the attempts
  // across consultations — a person comments on a few sections in a sitting, a script on thousands.
  'consultation.comment': [
    { key: 'account', points: 20, durationSeconds: HOUR, blockSeconds: 0 },
    { key: 'ip', points: 200, durationSeconds: HOUR, blockSeconds: 0 },
  ],
  // 同问: one click per question; scrolling through a busy interview, a person votes for maybe twenty a minute.
  'question.vote': [
    { key: 'account', points: 60, durationSeconds: MINUTE, blockSeconds: MINUTE },
    { key: 'ip', points: 600, durationSeconds: MINUTE, blockSeconds: 0 },
  ],
  // Tracking-number look-ups (a letter with its query code, an application by number): a person follows a few
  // letters; enumerating numbers takes thousands. Wrong query codes are also locked in the database.
  lookup: [
    { key: 'account', points: 60, durationSeconds: 10 * MINUTE, blockSeconds: 0 },
    { key: 'ip', points: 60, durationSeconds: 10 * MINUTE, blockSeconds: 10 * MINUTE },
  ],
  // Public archive search through the API: a person refines a query a few times a minute; full-text search is
  // the most expensive public read, so a crawler is held to one a second.
  search: [{ key: 'ip', points: 60, durationSeconds: MINUTE, blockSeconds: 0 }],
  // Similar answers while writing a letter (lib/archive/similar.ts): the form asks after each pause in typing
  // (debounced 400 ms), so a writer makes more than a searcher — twice the search allowance; a refused request only
  // leaves the suggestions as they were.
  similar: [{ key: 'ip', points: 120, durationSeconds: MINUTE, blockSeconds: 0 }],
  // Topic suggestions while writing a letter (lib/topics): asked at the same pauses as the similar answers.
  topicSuggest: [{ key: 'ip', points: 120, durationSeconds: MINUTE, blockSeconds: 0 }],
  // 举报 of archive entries: rare for a person; a script can bury the moderators' queue.
  flag: [
    { key: 'account', points: 10, durationSeconds: HOUR, blockSeconds: 0 },
    { key: 'ip', points: 30, durationSeconds: HOUR, blockSeconds: 0 },
  ],
  // 依申请公开 applications: as letters (each starts a 20-working-day legal clock for the office).
  'application.submit': [
    { key: 'account', points: 10, durationSeconds: DAY, blockSeconds: 0 },
    { key: 'ip', points: 30, durationSeconds: HOUR, blockSeconds: 0 },
  ],
  // The applicant's 补正 and withdrawal.
  'application.followup': [
    { key: 'account', points: 30, durationSeconds: HOUR, blockSeconds: 0 },
    { key: 'ip', points: 120, durationSeconds: HOUR, blockSeconds: 0 },
  ],
  // Password reset requests (忘记密码): a person asks once or twice; a script mails an address list or a victim's
  // inbox. Each request may queue an e-mail, and the answer is the same whether the account exists.
  'password.reset': [{ key: 'ip', points: 10, durationSeconds: HOUR, blockSeconds: HOUR }],
  // Using a one-time link (set a password from an invitation or a reset): a few tries per person; guessing a
  // 256-bit token is hopeless, but each attempt costs an argon2 hash.
  'password.link': [{ key: 'ip', points: 30, durationSeconds: HOUR, blockSeconds: 0 }],
  // Signed-in account changes that check the current password (password, e-mail, phone): a wrong current password
  // is retried a few times; a stolen session guessing the password is held to ten tries in ten minutes.
  'account.credentials': [
    { key: 'account', points: 10, durationSeconds: 10 * MINUTE, blockSeconds: 10 * MINUTE },
    { key: 'ip', points: 60, durationSeconds: 10 * MINUTE, blockSeconds: 0 },
  ],
  // Live polls in interviews: one ballot per poll and voter; a script tries many. An address may be a lecture hall.
  'poll.vote': [
    { key: 'account', points: 30, durationSeconds: MINUTE, blockSeconds: MINUTE },
    { key: 'ip', points: 1200, durationSeconds: MINUTE, blockSeconds: 0 },
  ],
  // Every socket message, after the per-connection budget (40 / 10 s). Per account: two or three open tabs' worth,
  // so opening more connections does not multiply the allowance. Per address: a lecture hall behind one NAT
  // joining an interview at once.
  'socket.message': [
    { key: 'account', points: 100, durationSeconds: 10, blockSeconds: 10 },
    { key: 'ip', points: 1000, durationSeconds: 10, blockSeconds: 0 },
  ],
  // Every /api/v1 request made with an API token (lib/api/route.ts), counted per token (an account-keyed or
  // address-keyed limit counts per token too for a token's requests: lib/ratelimit/index.ts). An integrator's sync
  // reads pages of queues and posts replies; ten requests a second sustained is far beyond that, a runaway loop is not.
  'api.token': [{ key: 'account', points: 600, durationSeconds: MINUTE, blockSeconds: MINUTE }],
} as const satisfies Record<string, readonly Policy[]>;

export type LimitedAction = keyof typeof POLICIES;

/** What the refused person was doing, for the message "<label>过于频繁，请 … 后再试". */
export const ACTION_LABELS: Record<LimitedAction, string> = {
  signin: '登录尝试',
  register: '注册',
  'letter.submit': '提交来信',
  'letter.followup': '来信操作',
  'question.ask': '提问',
  'question.vote': '同问',
  'poll.vote': '投票',
  'consultation.comment': '提交意见',
  lookup: '查询',
  search: '搜索',
  similar: '相似答复查询',
  topicSuggest: '分类推荐',
  flag: '举报',
  'application.submit': '提交申请',
  'application.followup': '申请操作',
  'socket.message': '操作',
  'api.token': 'API 令牌请求',
  'password.reset': '找回密码请求',
  'password.link': '设置密码',
  'account.credentials': '账号安全操作',
};

/** "30 秒", "5 分钟", "3 小时": how long to wait, rounded up, in words a citizen reads. */
export function waitText(seconds: number): string {
  if (seconds < MINUTE) return `${Math.max(1, Math.ceil(seconds))} 秒`;
  if (seconds < HOUR) return `${Math.ceil(seconds / MINUTE)} 分钟`;
  return `${Math.ceil(seconds / HOUR)} 小时`;
}

export function limitedMessage(action: LimitedAction, retryAfterSeconds: number): string {
  return `${ACTION_LABELS[action]}过于频繁，请 ${waitText(retryAfterSeconds)}后再试`;
}
