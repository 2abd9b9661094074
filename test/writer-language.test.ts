import { desc, eq } from 'drizzle-orm';
import { encode } from 'next-auth/jwt';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { departments } from '@/lib/accounts/schema';
import type { Actor, ActorUser } from '@/lib/auth/permissions';
import { siteUrl } from '@/lib/env';
import { emailOutbox } from '@/lib/notifications/schema';
import { enterLetter } from '@/lib/letters/intake';
import { actOnLetter } from '@/lib/letters/operations';
import { letters } from '@/lib/letters/schema';
import { enterApplication } from '@/lib/disclosure/intake';
import { disclosureApplications } from '@/lib/disclosure/schema';
import { seedReferenceData } from '@/lib/seed/reference';
import * as applicationsRoute from '@/app/api/v1/disclosure/applications/route';
import * as lettersRoute from '@/app/api/v1/letters/route';
import { appErrorOf } from './support/errors';
import { useRegulationReplyLimit } from './support/regulation-limits';
import { actorFor, uniqueEmail } from './support/users';
import { useTestRequest } from './support/request';

/**
 * The writer's language on letters and applications (issue 15 item 5): e-mails to a person without an account (the
 * receipt and the notices of a case staff entered for them, until they claim it) are written in the language recorded
 * on the case — the staff intake form's choice (Chinese unless chosen); a web letter or application records the page's
 * language. The Chinese mails are byte-for-byte what they were.
 */
const requestHeaders = useTestRequest('192.0.2.81');

type Person = Actor & { user: ActorUser };
const bj = (local: string) => new Date(`${local}:00+08:00`);
const NOW = bj('2026-09-30T10:00');
const RECEIVED = '2026-09-25';
const CJK = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]/;
/** Chinese left once the person's own values (a name, a title) are taken out. */
const chineseOutside = (text: string, values: string[]) => CJK.test(values.reduce((t, v) => t.split(v).join(''), text));

let handler: Person, moderator: Person, citizen: Person;
let market: string;

beforeAll(async () => {
  await seedReferenceData(db(), new Date('2026-06-01T00:00:00Z'));
  await useRegulationReplyLimit(db());
  [handler, moderator, citizen] = await Promise.all([actorFor('handler@example.com', '192.0.2.82'), actorFor('moderator@example.com', '192.0.2.83'), actorFor('citizen@example.com', '192.0.2.84')]);
  const [row] = await db().select({ publicId: departments.publicId }).from(departments).where(eq(departments.code, 'market'));
  market = row!.publicId;
});

const letterEntry = (email: string, locale?: string) => ({
  kind: 'complaint', departmentId: market, title: '剧场演出取消后无法退票', body: '来电人反映在本市某剧场购买的演出门票因演出取消无法退款，请求处理。',
  consentToPublish: false, channel: 'phone', receivedOn: RECEIVED, onBehalfOf: { name: '王来电', email }, ...(locale ? { locale } : {}),
});
const mailsTo = (to: string) => db().select().from(emailOutbox).where(eq(emailOutbox.to, to)).orderBy(emailOutbox.id);

describe('a letter entered for a person without an account', () => {
  it('in English when the form chose English: the receipt and the answer’s notice, and the row records it', async () => {
    const email = uniqueEmail('writer-en');
    const entered = await enterLetter(handler, letterEntry(email, 'en'), { now: NOW });
    const [row] = await db().select({ locale: letters.locale }).from(letters).where(eq(letters.trackingNo, entered.trackingNo));
    expect(row!.locale).toBe('en');
    await actOnLetter(handler, entered.trackingNo, { action: 'reply', body: '您好！演出取消后的退票请向售票方申请。' }, bj('2026-10-08T10:00'));
    const [receipt, answered] = await mailsTo(email);
    expect(receipt!.subject).toBe(`[Minsheng] Your complaint has been registered: ${entered.trackingNo}`);
    expect(receipt!.body).toBe(
      `Dear 王来电,\n\nYour complaint “剧场演出取消后无法退票” of ${RECEIVED} has been registered.\nTracking number ${entered.trackingNo}, lookup code ${entered.queryCode}; ` +
      `it is due to be handled by ${entered.dueOn}.\nWith the tracking number and lookup code you can follow it at ${siteUrl('/letters/lookup')}, or register an account ` +
      `and claim the letter at ${siteUrl('/workspace/citizen/claim')}.\n\n(This e-mail was sent automatically; please do not reply.)`,
    );
    expect(answered!.subject).toBe(`[Minsheng] Your letter ${entered.trackingNo} has been answered; please rate the answer`);
    expect(answered!.body).toContain(`With tracking number ${entered.trackingNo} and the lookup code on your receipt you can follow the letter at ${siteUrl('/letters/lookup')}.`);
    for (const m of [receipt!, answered!]) expect(chineseOutside(m.subject + m.body, ['王来电', '剧场演出取消后无法退票']), m.body).toBe(false);
  });

  it('in Chinese by default, exactly as before', async () => {
    const email = uniqueEmail('writer-zh');
    const entered = await enterLetter(handler, letterEntry(email), { now: NOW });
    const [row] = await db().select({ locale: letters.locale }).from(letters).where(eq(letters.trackingNo, entered.trackingNo));
    expect(row!.locale).toBe('zh-CN');
    await actOnLetter(handler, entered.trackingNo, { action: 'reply', body: '您好！演出取消后的退票请向售票方申请。' }, bj('2026-10-08T10:00'));
    const [receipt, answered] = await mailsTo(email);
    expect(receipt!.subject).toBe(`【民声】您的投诉已登记：${entered.trackingNo}`);
    expect(receipt!.body).toBe(
      `王来电，您好：\n\n您于 ${RECEIVED} 反映的投诉“剧场演出取消后无法退票”已登记。\n查询编号 ${entered.trackingNo}，查询码 ${entered.queryCode}，办理期限至 ${entered.dueOn}。\n` +
      `您可以凭查询编号和查询码在 ${siteUrl('/letters/lookup')} 查询办理进度，或注册账号后在 ${siteUrl('/workspace/citizen/claim')} 认领这封来信。\n\n（此邮件由系统自动发送，请勿回复。）`,
    );
    expect(answered!.subject).toBe(`【民声】您的来信 ${entered.trackingNo} 已答复，请评价`);
    expect(answered!.body).toBe(`凭查询编号 ${entered.trackingNo} 和回执上的查询码，可在 ${siteUrl('/letters/lookup')} 查看办理进度。\n\n（此邮件由系统自动发送，请勿回复。）`);
  });

  it('refuses a language the site does not have (422, the field named)', async () => {
    const error = await appErrorOf(enterLetter(handler, letterEntry(uniqueEmail('writer-xx'), 'fr'), { now: NOW }));
    expect(error.status).toBe(422);
    expect(Object.keys(error.fields ?? {})).toContain('locale');
  });
});

const applicationEntry = (email: string, locale?: string) => ({
  applicantType: 'person', applicantName: '赵纸质', contactPhone: '13812345678', contactAddress: '本市解放路 12 号',
  description: '申请公开本局 2025 年度食品安全抽检计划及抽检结果汇总表。', purpose: '了解本区食品安全情况', form: 'paper',
  channel: 'paper', receivedOn: RECEIVED, contactEmail: email, ...(locale ? { locale } : {}),
});

describe('an application entered for an applicant without an account', () => {
  it('English receipt when chosen; the Chinese one as before', async () => {
    const en = uniqueEmail('applicant-en'), zh = uniqueEmail('applicant-zh');
    const a = await enterApplication(moderator, applicationEntry(en, 'en'), { now: NOW });
    const b = await enterApplication(moderator, applicationEntry(zh), { now: NOW });
    const locales = await db().select({ no: disclosureApplications.trackingNo, locale: disclosureApplications.locale }).from(disclosureApplications).where(eq(disclosureApplications.contactEmail, en));
    expect(locales).toEqual([{ no: a.trackingNo, locale: 'en' }]);
    const [enMail] = await mailsTo(en);
    expect(enMail!.subject).toBe(`[Minsheng] Your application for government information has been registered: ${a.trackingNo}`);
    expect(enMail!.body).toContain(`Application number ${a.trackingNo}, lookup code ${a.queryCode}. We will answer by ${a.dueOn} (20 working days, public holidays excluded).`);
    expect(chineseOutside(enMail!.subject + enMail!.body, ['赵纸质'])).toBe(false);
    const [zhMail] = await mailsTo(zh);
    expect(zhMail!.subject).toBe(`【民声】您的政府信息公开申请已登记：${b.trackingNo}`);
    expect(zhMail!.body).toBe(
      `赵纸质，您好：\n\n您于 ${RECEIVED} 提出的政府信息公开申请已登记。\n申请编号 ${b.trackingNo}，查询码 ${b.queryCode}，我们将在 ${b.dueOn} 前答复（20 个工作日，法定节假日除外）。` +
      `\n\n注册并登录后，可凭申请编号和查询码在 ${siteUrl('/workspace/citizen/claim')} 把申请加入您的账号。\n\n（此邮件由系统自动发送，请勿回复。）`,
    );
  });
});

describe('web intake records the page’s language', () => {
  const post = (path: string, body: unknown, cookie: string) =>
    new Request(`http://localhost:3000${path}`, { method: 'POST', headers: { 'content-type': 'application/json', cookie, 'x-minsheng-client-ip': '192.0.2.81' }, body: JSON.stringify(body) });
  const none = { params: Promise.resolve({}) };

  it('a letter and an application sent from an English page are English; from a Chinese page, Chinese', async () => {
    const session = `next-auth.session-token=${await encode({ token: { sub: citizen.user.publicId, sv: 0 }, secret: process.env.NEXTAUTH_SECRET! })}`;
    requestHeaders.cookie = session;
    for (const [cookie, locale] of [[`${session}; minsheng-locale=en`, 'en'], [session, 'zh-CN']] as const) {
      const letter = await lettersRoute.POST(post('/api/v1/letters', { kind: 'inquiry', departmentId: market, title: '图书馆周末开放时间', body: '请问市图书馆周末的开放时间是几点到几点？', consentToPublish: false }, cookie), none);
      expect(letter.status).toBe(201);
      const { trackingNo } = await letter.json() as { trackingNo: string };
      expect((await db().select({ locale: letters.locale }).from(letters).where(eq(letters.trackingNo, trackingNo)))[0]!.locale).toBe(locale);
      const application = await applicationsRoute.POST(post('/api/v1/disclosure/applications', {
        applicantType: 'person', applicantName: '张市民', description: '申请公开本局 2025 年度文化惠民演出经费使用情况。', purpose: '了解情况', form: 'electronic',
      }, cookie), none);
      expect(application.status).toBe(201);
      const { trackingNo: no } = await application.json() as { trackingNo: string };
      const [row] = await db().select({ locale: disclosureApplications.locale }).from(disclosureApplications).where(eq(disclosureApplications.trackingNo, no)).orderBy(desc(disclosureApplications.id));
      expect(row!.locale).toBe(locale);
    }
  });
});
