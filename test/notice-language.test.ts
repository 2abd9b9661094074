import { and, desc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { users } from '@/lib/accounts/schema';
import { auditLog } from '@/lib/audit/schema';
import { emailOutbox, notifications } from '@/lib/notifications/schema';
import { registerCitizen } from '@/lib/accounts/register';
import { rememberLocale } from '@/lib/accounts/self-service';
import { notifyUsers } from '@/lib/notifications';
import { markUserValues, noticeText } from '@/lib/notifications/texts';
import { submitLetter } from '@/lib/letters/operations';
import { submitApplication } from '@/lib/disclosure/applications';
import { requestPasswordReset } from '@/lib/accounts/password-reset';
import { actorFor, uniqueEmail, visitor } from './support/users';
import en from '@/lib/i18n/messages/en.json';

/**
 * Notices and e-mails in the reader's language (issue 15 item 5): an account's language is the one it last chose
 * (users.locale: registration, the language switch while signed in); its e-mails are written in it, and a notice with
 * a message key reads in whatever language its reader has. Older notices (no key) keep their Chinese as sent.
 */
const CJK = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]/;

async function citizen(locale: 'zh-CN' | 'en') {
  const email = uniqueEmail(`notice-${locale.toLowerCase()}`);
  const { id } = await registerCitizen(visitor(), { name: '通知测试', login: email, password: 'Citizen-Pass-2026' }, locale);
  const [row] = await db().select({ id: users.id, locale: users.locale }).from(users).where(eq(users.publicId, id));
  return { email, publicId: id, id: row!.id, locale: row!.locale };
}

async function newestMail(to: string) {
  const [mail] = await db().select().from(emailOutbox).where(eq(emailOutbox.to, to)).orderBy(desc(emailOutbox.id)).limit(1);
  return mail!;
}

describe('notices and e-mails in the recipient’s language', () => {
  it('an account registered in English keeps English; the default is Chinese', async () => {
    expect((await citizen('en')).locale).toBe('en');
    expect((await citizen('zh-CN')).locale).toBe('zh-CN');
  });

  it('one notice: English e-mail for the English reader, Chinese for the Chinese one; the row keeps key and Chinese', async () => {
    const english = await citizen('en');
    const chinese = await citizen('zh-CN');
    await db().transaction((tx) => notifyUsers(tx, [english.id, chinese.id], {
      kind: 'letter.submitted',
      title: '您的投诉已提交：20261203000001',
      body: '查询编号 20261203000001，查询码 123456。我们会在法定时限内办理。',
      link: '/letters/20261203000001',
      message: { key: 'letterSubmitted', values: { kind: 'complaint', trackingNo: '20261203000001', queryCode: '123456' } },
    }));

    const en = await newestMail(english.email);
    expect(en.subject).toBe('[Minsheng] Your complaint has been submitted: 20261203000001');
    expect(en.body).toContain('Tracking number 20261203000001, lookup code 123456.');
    expect(en.body).toContain('/letters/20261203000001');
    expect(en.body).toContain('This e-mail was sent automatically');
    expect(CJK.test(en.subject + en.body)).toBe(false);

    const zh = await newestMail(chinese.email);
    expect(zh.subject).toBe('【民声】您的投诉已提交：20261203000001');
    expect(zh.body).toMatch(/^查询编号 20261203000001，查询码 123456。我们会在法定时限内办理。\n\n.*\/letters\/20261203000001\n\n（此邮件由系统自动发送，请勿回复。）$/);

    // The stored row: the Chinese as sent (the key's zh-CN rendering), and the key to read it in English.
    const [row] = await db().select().from(notifications).where(eq(notifications.userId, english.id)).orderBy(desc(notifications.id)).limit(1);
    expect(row!.title).toBe('您的投诉已提交：20261203000001');
    expect(row!.message).toEqual({ key: 'letterSubmitted', values: { kind: 'complaint', trackingNo: '20261203000001', queryCode: '123456' } });
    expect((await noticeText('zh-CN', row!)).title).toBe(row!.title);
    expect((await noticeText('en', row!)).title).toBe('Your complaint has been submitted: 20261203000001');
  });

  it('a notice without a key (and every older row): English kind first, then the Chinese as sent, said to be so', async () => {
    const english = await citizen('en');
    await db().transaction((tx) => notifyUsers(tx, [english.id], { kind: 'interview.live', title: '您订阅的访谈开始直播', link: '/interviews/x' }));
    const mail = await newestMail(english.email);
    expect(mail.subject).toBe(`[Minsheng] ${en.accountUi.kinds.interview.live}`);
    expect(CJK.test(mail.subject)).toBe(false);
    expect(mail.body).toContain('The notice as sent, in Chinese:\n您订阅的访谈开始直播');
    const text = await noticeText('en', { kind: 'interview.live', title: '您订阅的访谈开始直播', body: '', message: null });
    expect(text.asSent).toBe(true);
    expect(CJK.test(text.title)).toBe(false);
    expect(await noticeText('zh-CN', { kind: 'interview.live', title: '您订阅的访谈开始直播', body: '', message: null })).toEqual({ title: '您订阅的访谈开始直播', body: '', asSent: false });
  });

  it('a letter submitted by an English-speaking citizen: receipt e-mail in English, the staff’s notice unchanged', async () => {
    const english = await citizen('en');
    const actor = await actorFor(english.email);
    const { trackingNo } = await submitLetter(actor, { kind: 'inquiry', departmentId: null, title: '图书馆开放时间', body: '请问市图书馆周末几点开门，几点关门？', consentToPublish: false });
    const mail = await newestMail(english.email);
    expect(mail.subject).toBe(`[Minsheng] Your enquiry has been submitted: ${trackingNo}`);
    expect(CJK.test(mail.body)).toBe(false);
  });

  it('an application by an English-speaking citizen: English receipt; the stored Chinese is the key’s Chinese', async () => {
    const english = await citizen('en');
    const actor = await actorFor(english.email);
    const { trackingNo } = await submitApplication(actor, {
      applicantType: 'person', applicantName: '陈市民', contactPhone: '13912345678', form: 'electronic',
      description: '请公开 2025 年度本市公共文化服务专项资金的分配结果及使用情况。', purpose: '了解本社区文化设施的建设资金来源',
    });
    const mail = await newestMail(english.email);
    expect(mail.subject).toBe(`[Minsheng] Your application for government information has been submitted: ${trackingNo}`);
    expect(CJK.test(mail.body)).toBe(false);
    const [row] = await db().select().from(notifications).where(eq(notifications.userId, english.id)).orderBy(desc(notifications.id)).limit(1);
    expect(await noticeText('zh-CN', row!)).toEqual({ title: row!.title, body: row!.body, asSent: false });
  });

  it('a staff notice quoting a letter’s title: English around the title, the title marked as a person’s text', async () => {
    const message = { key: 'letterTriage', values: { title: '小区噪音扰民' }, user: ['title'] };
    const text = await noticeText('en', { kind: 'letter.triage', title: '新来信待分办：小区噪音扰民', body: '', message });
    expect(text.title).toBe('New letter to route: 小区噪音扰民');
    expect(markUserValues(text.title, message)).toEqual([{ text: 'New letter to route: ', user: false }, { text: '小区噪音扰民', user: true }]);
    expect((await noticeText('zh-CN', { kind: 'letter.triage', title: '新来信待分办：小区噪音扰民', body: '', message })).title).toBe('新来信待分办：小区噪音扰民');
  });

  it('a password-reset e-mail in the account’s language', async () => {
    const english = await citizen('en');
    const chinese = await citizen('zh-CN');
    await requestPasswordReset(visitor('198.51.100.77'), { login: english.email });
    await requestPasswordReset(visitor('198.51.100.78'), { login: chinese.email });
    const en = await newestMail(english.email);
    expect(en.subject).toBe('[Minsheng] Reset your password');
    expect(en.body).toMatch(/^Dear 通知测试,\n\nWe received a request to reset/);
    expect(CJK.test(en.body.replace('通知测试', ''))).toBe(false);
    const zh = await newestMail(chinese.email);
    expect(zh.subject).toBe('【民声】重置密码');
    expect(zh.body).toMatch(/^通知测试，您好：\n\n我们收到了重置您账号密码的申请。/);
  });

  it('the language switch while signed in becomes the account’s language, with one audit row per change', async () => {
    const person = await citizen('zh-CN');
    const actor = await actorFor(person.email);
    expect(await rememberLocale(actor, 'en')).toBe(true);
    expect(await rememberLocale(actor, 'en')).toBe(false);
    const [row] = await db().select({ locale: users.locale }).from(users).where(eq(users.id, person.id));
    expect(row!.locale).toBe('en');
    const audit = await db().select().from(auditLog).where(and(eq(auditLog.action, 'account.locale'), eq(auditLog.entityId, person.publicId)));
    expect(audit.map((a) => a.details)).toEqual([{ locale: 'en' }]);
    expect(await rememberLocale(visitor(), 'en')).toBe(false);
  });
});
