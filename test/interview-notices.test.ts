import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { desc, eq } from 'drizzle-orm';
import { encode } from 'next-auth/jwt';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import { closeRealtime, startRealtime } from '@/lib/platform/realtime';
import { db } from '@/lib/db';
import { users } from '@/lib/accounts/schema';
import { emailOutbox, notifications } from '@/lib/notifications/schema';
import { registerCitizen } from '@/lib/accounts/register';
import { changeLogin, changePassword } from '@/lib/accounts/self-service';
import { actOnInterview, actOnQuestion, askQuestion, createInterview } from '@/lib/interviews/operations';
import { noticeMail, noticeText, type NoticeMessage } from '@/lib/notifications/texts';
import { actorFor, uniqueEmail, visitor } from './support/users';

/**
 * Interview notices with message keys (issue 15 item 5): each reads in its reader's language, and the Chinese the key
 * gives is exactly the Chinese stored (and e-mailed) as before — so old and new rows read alike.
 */
const CJK = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]/;

/** Strips the user's values (a title, a question, a note), then looks for Chinese in what is left. */
const chineseOutside = (text: string, message: NoticeMessage) =>
  CJK.test((message.user ?? []).reduce((t, k) => t.split(String(message.values?.[k] ?? '')).join(''), text));

const CASES: Array<{ kind: string; title: string; body: string; message: NoticeMessage; en: RegExp }> = [
  {
    kind: 'interview.question_rejected',
    title: '您在《文化惠民访谈》中的提问未予采用',
    body: '理由：与本次访谈主题无关。说明：请改问演出安排',
    message: { key: 'interviewQuestionRejected', values: { title: '文化惠民访谈', reason: 'off_topic', hasNote: 'yes', note: '请改问演出安排' }, user: ['title', 'note'] },
    en: /^Reason: not about the topic of this interview\. Note: 请改问演出安排$/,
  },
  {
    kind: 'interview.question_rejected',
    title: '您在《文化惠民访谈》中的提问未予采用',
    body: '理由：其他',
    message: { key: 'interviewQuestionRejected', values: { title: '文化惠民访谈', reason: 'other', hasNote: 'no', note: '' }, user: ['title', 'note'] },
    en: /^Reason: other$/,
  },
  {
    kind: 'interview.guest',
    title: '邀请您作为嘉宾参加在线访谈：文化惠民访谈',
    body: '访谈时间：2026年12月10日 10:00（北京时间）。请在访谈答复台查看已采用的问题，提前准备答复。',
    message: { key: 'interviewGuest', values: { title: '文化惠民访谈', time: '2026年12月10日 10:00', timeEn: '10 Dec 2026, 10:00' }, user: ['title'] },
    en: /^Time: 10 Dec 2026, 10:00 \(Beijing time\)\./,
  },
  {
    kind: 'interview.assigned',
    title: '请在 2026-12-17 前答复访谈会后问题',
    body: '《文化惠民访谈》：惠民演出的票怎么领取？',
    message: { key: 'interviewAssigned', values: { dueOn: '2026-12-17', title: '文化惠民访谈', question: '惠民演出的票怎么领取？' }, user: ['title', 'question'] },
    en: /^“文化惠民访谈”: 惠民演出的票怎么领取？$/,
  },
  {
    kind: 'interview.assigned',
    title: '请在 2026-12-17 前答复访谈会后问题（3 个）',
    body: '《文化惠民访谈》的 3 个会后问题已分配给您答复。',
    message: { key: 'interviewAssignedAll', values: { dueOn: '2026-12-17', count: 3, title: '文化惠民访谈' }, user: ['title'] },
    en: /^3 questions left after “文化惠民访谈” have been assigned to you\.$/,
  },
  {
    kind: 'interview.live',
    title: '您订阅的在线访谈正在直播：文化惠民访谈',
    body: '《文化惠民访谈》已开始直播（预定 2026年12月10日 10:00，北京时间），欢迎观看和提问。',
    message: { key: 'interviewLive', values: { title: '文化惠民访谈', time: '2026年12月10日 10:00', timeEn: '10 Dec 2026, 10:00' }, user: ['title'] },
    en: /scheduled for 10 Dec 2026, 10:00, Beijing time/,
  },
  {
    kind: 'interview.transcript',
    title: '您订阅的在线访谈已发布文字实录：文化惠民访谈',
    body: '《文化惠民访谈》的文字实录已发布，可以阅读全部问答。',
    message: { key: 'interviewTranscript', values: { title: '文化惠民访谈' }, user: ['title'] },
    en: /^The transcript of “文化惠民访谈” is published/,
  },
  // Staff notices of letters.
  {
    kind: 'letter.info_provided', title: '来信 20261203000001 已补充材料', body: '',
    message: { key: 'letterInfoProvidedStaff', values: { trackingNo: '20261203000001' } },
    en: /^More material has been provided for letter 20261203000001$/,
  },
  {
    kind: 'letter.redo', title: '来信 20261203000001 评价不满意，退回重办', body: '噪音仍然存在\n\n新的办理期限：2026-12-20',
    message: { key: 'letterRedoStaff', values: { trackingNo: '20261203000001', comment: '噪音仍然存在', dueOn: '2026-12-20' }, user: ['comment'] },
    en: /^The writer of letter 20261203000001 is not satisfied[^\n]*\n噪音仍然存在\n\nNew deadline: 2026-12-20$/,
  },
  {
    kind: 'letter.rated', title: '来信 20261203000001 已评价', body: '',
    message: { key: 'letterRatedStaff', values: { trackingNo: '20261203000001' } },
    en: /^Letter 20261203000001 has been rated$/,
  },
  {
    kind: 'letter.reopened', title: '来信 20261203000001 申请重新办理', body: '',
    message: { key: 'letterReopenedStaff', values: { trackingNo: '20261203000001' } },
    en: /^The writer of letter 20261203000001 asks for it to be handled again$/,
  },
];

describe('interview and staff notices in the reader’s language', () => {
  it('each key gives the Chinese as stored, and English with no Chinese outside the people’s values', async () => {
    for (const c of CASES) {
      const zh = await noticeText('zh-CN', c);
      expect({ key: c.message.key, title: zh.title, body: zh.body }).toEqual({ key: c.message.key, title: c.title, body: c.body });
      const en = await noticeText('en', c);
      expect(en.asSent).toBe(false);
      expect(en.body ? (c.en.source.includes('\\n') ? `${en.title}\n${en.body}` : en.body) : en.title, c.message.key).toMatch(c.en);
      expect(chineseOutside(en.title, c.message) || chineseOutside(en.body, c.message), `${c.message.key}: ${en.title} / ${en.body}`).toBe(false);
      const mail = await noticeMail('en', c, 'https://example.org/x');
      expect(chineseOutside(mail.subject, c.message), mail.subject).toBe(false);
    }
  });

  it('a rejected question: the row carries the key, the English asker gets an English e-mail, the Chinese one stays as before', async () => {
    const [moderator, leader] = await Promise.all([actorFor('moderator@example.com'), actorFor('leader@example.com')]);
    const start = Date.now() + 3600_000;
    const { id } = await createInterview(moderator, {
      title: '文化惠民通知测试访谈', summary: '局领导介绍今年文化惠民工程的安排并回答市民提问。', guestIds: [leader.user.publicId],
      scheduledStart: new Date(start).toISOString(), scheduledEnd: new Date(start + 3600_000).toISOString(),
    });
    await actOnInterview(moderator, id, { action: 'announce' });
    for (const locale of ['en', 'zh-CN'] as const) {
      const email = uniqueEmail(`iv-notice-${locale.toLowerCase()}`);
      const { id: publicId } = await registerCitizen(visitor(), { name: '访谈提问人', login: email, password: 'Citizen-Pass-2026' }, locale);
      const [user] = await db().select({ id: users.id }).from(users).where(eq(users.publicId, publicId));
      const asker = await actorFor(email);
      const q = await askQuestion(asker, id, { body: '请问今年的惠民演出在哪里举办？' });
      await actOnQuestion(moderator, q.id, { action: 'reject', reason: 'duplicate', note: '已有相同问题' });
      const [row] = await db().select().from(notifications).where(eq(notifications.userId, user!.id)).orderBy(desc(notifications.id)).limit(1);
      expect(row!.kind).toBe('interview.question_rejected');
      expect(row!.title).toBe('您在《文化惠民通知测试访谈》中的提问未予采用');
      expect(row!.body).toBe('理由：重复提问。说明：已有相同问题');
      expect((row!.message as NoticeMessage).key).toBe('interviewQuestionRejected');
      const [mail] = await db().select().from(emailOutbox).where(eq(emailOutbox.to, email)).orderBy(desc(emailOutbox.id)).limit(1);
      if (locale === 'en') {
        expect(mail!.subject).toBe('[Minsheng] Your question in “文化惠民通知测试访谈” was not taken up');
        expect(mail!.body).toContain('Reason: asked already. Note: 已有相同问题');
      } else {
        expect(mail!.subject).toContain('您在《文化惠民通知测试访谈》中的提问未予采用');
        expect(mail!.body).toContain('理由：重复提问。说明：已有相同问题');
      }
    }
  });
});

describe('socket acknowledgements in the page’s language', () => {
  const clients: Socket[] = [];
  afterAll(async () => {
    for (const c of clients) c.disconnect();
    await closeRealtime();
  });

  it('a refusal reads in English for a page that chose English, in Chinese otherwise; codes and field keys unchanged', async () => {
    const http: HttpServer = createServer();
    await startRealtime(http, { trustProxy: false });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    const [moderator, leader] = await Promise.all([actorFor('moderator@example.com'), actorFor('leader@example.com')]);
    const start = Date.now() + 3600_000;
    const { id } = await createInterview(moderator, {
      title: '应答语言测试访谈', summary: '验证套接字应答的错误信息随页面语言。', guestIds: [leader.user.publicId],
      scheduledStart: new Date(start).toISOString(), scheduledEnd: new Date(start + 3600_000).toISOString(),
    });
    await actOnInterview(moderator, id, { action: 'announce' });
    const citizen = await actorFor('citizen@example.com');
    const session = `next-auth.session-token=${await encode({ token: { sub: citizen.user.publicId, sv: 0 }, secret: process.env.NEXTAUTH_SECRET! })}`;
    const english = connect(url, { transports: ['websocket'], forceNew: true, extraHeaders: { cookie: `${session}; minsheng-locale=en` } });
    const chinese = connect(url, { transports: ['websocket'], forceNew: true, extraHeaders: { cookie: session } });
    clients.push(english, chinese);

    // An operation's refusal (no such interview) and a refused payload (schema failure, with a field).
    const missing = { interviewId: 'no-such-interview', body: '这场访谈不存在时提问会怎样？', clientId: 'ack-language-0001' };
    expect(await english.timeout(5000).emitWithAck('question:ask', missing)).toEqual({ ok: false, code: 'not_found', error: 'There is no such interview' });
    expect(await chinese.timeout(5000).emitWithAck('question:ask', missing)).toEqual({ ok: false, code: 'not_found', error: '没有这场访谈' });
    const bad = { interviewId: id, body: '', clientId: 'ack-language-0002' };
    const en = await english.timeout(5000).emitWithAck('question:ask', bad);
    const zh = await chinese.timeout(5000).emitWithAck('question:ask', bad);
    expect(en).toMatchObject({ ok: false, code: 'invalid_input' });
    expect(zh).toMatchObject({ ok: false, code: 'invalid_input' });
    expect(CJK.test((zh as { error: string }).error)).toBe(true);
    expect(Object.keys((en as { fields: object }).fields)).toEqual(Object.keys((zh as { fields: object }).fields));
    expect(CJK.test(JSON.stringify(en)), JSON.stringify(en)).toBe(false);
  });
});

describe('account e-mails in the account’s language', () => {
  it('password changed and sign-in e-mail changed: English for an English account, the Chinese as before otherwise', async () => {
    for (const locale of ['en', 'zh-CN'] as const) {
      const email = uniqueEmail(`acct-mail-${locale.toLowerCase()}`);
      await registerCitizen(visitor(), { name: '邮件语言', login: email, password: 'Citizen-Pass-2026' }, locale);
      const actor = await actorFor(email);
      await changePassword(actor, { currentPassword: 'Citizen-Pass-2026', newPassword: 'Citizen-Pass-2027' });
      const [changed] = await db().select().from(emailOutbox).where(eq(emailOutbox.to, email)).orderBy(desc(emailOutbox.id)).limit(1);
      const moved = uniqueEmail('acct-mail-moved');
      await changeLogin(await actorFor(email), { currentPassword: 'Citizen-Pass-2027', email: moved });
      const [login] = await db().select().from(emailOutbox).where(eq(emailOutbox.to, email)).orderBy(desc(emailOutbox.id)).limit(1);
      if (locale === 'en') {
        expect(changed!.subject).toBe('[Minsheng] Your password has been changed');
        expect(changed!.body).toMatch(/^Dear 邮件语言,\n\nThe password of your account has just been changed/);
        expect(login!.subject).toBe('[Minsheng] Your sign-in e-mail has been changed');
        expect(login!.body).toContain(`changed from this address to ${moved}.`);
        expect(CJK.test((changed!.body + login!.body).split('邮件语言').join(''))).toBe(false);
      } else {
        expect(changed!.subject).toContain('您的密码已修改');
        expect(changed!.body).toContain('邮件语言，您好：\n\n您的账号密码刚刚修改，其他设备上的登录已全部退出。\n如果不是您本人操作，请立即通过“忘记密码”重置密码并联系管理员。');
        expect(login!.subject).toContain('您的登录邮箱已更改');
        expect(login!.body).toContain(`邮件语言，您好：\n\n您账号的登录邮箱已由本地址改为 ${moved}。\n如果不是您本人操作，请立即联系管理员。`);
      }
    }
  });
});
