import { and, desc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { departments, users } from '@/lib/accounts/schema';
import { emailOutbox, notifications } from '@/lib/notifications/schema';
import { actOnLetter, submitLetter } from '@/lib/letters/operations';
import { seedReferenceData } from '@/lib/seed/reference';
import { noticeMail, noticeText, type NoticeMessage } from '@/lib/notifications/texts';
import { newPublicId } from '@/lib/accounts/users';
import { actorFor, uniqueEmail } from './support/users';

/**
 * Staff notices of the accountability loop with message keys (issue 15 item 5): the daily overdue digest, due-soon,
 * the system's 催办, 督办 overdue, a writer's 催办, a 督办, the monthly 通报 and the radar's alerts — plus the writer's
 * rating reminder and 未评价 closing. Each key gives exactly the Chinese stored before (so old and new rows read
 * alike) and English with no Chinese outside the people's values (titles, department names without an English name).
 */
const CJK = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]/;
const chineseOutside = (text: string, message: NoticeMessage) =>
  CJK.test((message.user ?? []).reduce((t, k) => t.split(String(message.values?.[k] ?? '')).join(''), text));

const NO = '20261203000001';
const CASES: Array<{ kind: string; title: string; body: string; message: NoticeMessage; en: RegExp }> = [
  {
    kind: 'letter.overdue_digest', title: '文化市场管理处有 3 封来信已超过办理期限', body: '截至 2026-12-03，文化市场管理处共有 3 封来信超过办理期限，请尽快办理。',
    message: { key: 'letterOverdueDigest', values: { department: '文化市场管理处', departmentEn: 'Cultural Market Division', count: 3, day: '2026-12-03' }, user: ['department', 'departmentEn'] },
    en: /^As of 2026-12-03, Cultural Market Division has 3 letters past the deadline\./,
  },
  {
    kind: 'letter.due_soon', title: `来信 ${NO} 将于 2026-12-08 到期：图书馆开放时间`, body: '请在办理期限 2026-12-08 前答复。',
    message: { key: 'letterDueSoon', values: { trackingNo: NO, dueOn: '2026-12-08', title: '图书馆开放时间' }, user: ['title'] },
    en: /^Please answer by the deadline, 2026-12-08\.$/,
  },
  {
    kind: 'letter.overdue_urge', title: `系统催办：来信 ${NO} 已超过办理期限（2026-12-01）`, body: '来信“图书馆开放时间”的办理期限 2026-12-01 已过，尚未答复，请尽快办理。',
    message: { key: 'letterOverdueUrge', values: { trackingNo: NO, dueOn: '2026-12-01', title: '图书馆开放时间' }, user: ['title'] },
    en: /^The deadline of the letter “图书馆开放时间”, 2026-12-01, has passed/,
  },
  {
    kind: 'letter.supervision_overdue', title: `督办逾期：来信 ${NO} 未在督办期限 2026-12-02 前办结`, body: '来信“图书馆开放时间”的督办期限 2026-12-02 已过，尚未答复。',
    message: { key: 'letterSupervisionOverdue', values: { trackingNo: NO, targetDate: '2026-12-02', title: '图书馆开放时间' }, user: ['title'] },
    en: /^The supervision date of the letter “图书馆开放时间”, 2026-12-02, has passed without an answer\.$/,
  },
  {
    kind: 'application.due_soon', title: `政府信息公开申请 ${NO} 将于 2026-12-08 到期`, body: '请在答复期限 2026-12-08 前答复。',
    message: { key: 'applicationDueSoon', values: { trackingNo: NO, dueOn: '2026-12-08' } },
    en: /^Please answer by the deadline, 2026-12-08\.$/,
  },
  {
    kind: 'application.overdue_urge', title: `系统催办：政府信息公开申请 ${NO} 已超过答复期限（2026-12-01）`, body: '',
    message: { key: 'applicationOverdueUrge', values: { trackingNo: NO, dueOn: '2026-12-01' } },
    en: /^Reminder from the system: application for government information 20261203000001 is past its answer deadline \(2026-12-01\)$/,
  },
  {
    kind: 'application.supervision_overdue', title: `督办逾期：政府信息公开申请 ${NO} 未在督办期限 2026-12-02 前答复`, body: '',
    message: { key: 'applicationSupervisionOverdue', values: { trackingNo: NO, targetDate: '2026-12-02' } },
    en: /^Supervision overdue: application for government information 20261203000001 was not answered by the supervision date, 2026-12-02$/,
  },
  {
    kind: 'case.urged', title: `来信 ${NO} 已超过办理期限，来信人催办`, body: '图书馆开放时间\n办理期限：2026-12-01',
    message: { key: 'caseUrged', values: { kind: 'letter', trackingNo: NO, title: '图书馆开放时间', dueOn: '2026-12-01' }, user: ['title'] },
    en: /^Letter 20261203000001 is past its deadline: the writer asks for it to be hurried\n图书馆开放时间\nDeadline: 2026-12-01$/,
  },
  {
    kind: 'case.urged', title: `政府信息公开申请 ${NO} 已超过办理期限，申请人催办`, body: '公开2025年预算\n办理期限：2026-12-01',
    message: { key: 'caseUrged', values: { kind: 'application', trackingNo: NO, title: '公开2025年预算', dueOn: '2026-12-01' }, user: ['title'] },
    en: /^Application for government information 20261203000001 is past its deadline: the applicant asks for it to be hurried\n公开2025年预算\nDeadline: 2026-12-01$/,
  },
  {
    kind: 'case.supervised', title: `来信 ${NO} 被督办，请于 2026-12-20 前办结`, body: '请加快办理',
    message: { key: 'caseSupervised', values: { kind: 'letter', trackingNo: NO, targetDate: '2026-12-20', note: '请加快办理' }, user: ['note'] },
    en: /^Letter 20261203000001 is under supervision: conclude it by 2026-12-20\n请加快办理$/,
  },
  {
    kind: 'letter.bulletin', title: '2026-11 月度通报：文化市场管理处', body: '答复 12 件（按期 10，逾期 2），在办 5 件（超期 1），催办 3 次，督办 1 件。',
    message: { key: 'letterBulletin', values: { month: '2026-11', department: '文化市场管理处', departmentEn: '文化市场管理处', answered: 12, onTime: 10, late: 2, open: 5, overdue: 1, urged: 3, supervised: 1 }, user: ['department', 'departmentEn'] },
    en: /^Answered 12 \(on time 10, late 2\); open 5 \(overdue 1\); reminded 3 times; supervised 1\.$/,
  },
  {
    kind: 'letter.bulletin', title: '2026-11 月度通报已生成（4 个部门）', body: '',
    message: { key: 'letterBulletinReady', values: { month: '2026-11', count: 4 } },
    en: /^The monthly bulletin 2026-11 is ready \(4 departments\)$/,
  },
  {
    kind: 'compliance.alert', title: '检查指标预警：留言超过 3 个月未回复（有风险）', body: '留言超过 3 个月未回复：2 封留言将在 7 天内满 3 个月未回复，距不达标还有 5 天。',
    message: {
      key: 'complianceAlert', values: { status: 'at_risk', hasDays: 'yes', days: 5, name: '', detail: '' },
      refs: { name: { key: 'complianceUi.names.letters_unanswered_3_months' }, detail: { key: 'complianceUi.details.lettersRisk', values: { count: 2, days: 7 } } },
    },
    en: /^Letters unanswered for over 3 months: 2 letters will reach 3 months unanswered within 7 days, 5 days before it fails\.$/,
  },
  {
    kind: 'compliance.alert', title: '检查指标预警：2026 年度报告 1 月 31 日前发布（不达标）', body: '2026 年度报告 1 月 31 日前发布：2026 年度报告未在 2027-01-31 前发布。',
    message: {
      key: 'complianceAlert', values: { status: 'fail', hasDays: 'no', days: 0, name: '', detail: '' },
      refs: { name: { key: 'complianceUi.names.annual_report_31_january', values: { year: 2026 } }, detail: { key: 'complianceUi.details.reportMissing', values: { year: 2026, lastDay: '2027-01-31' } } },
    },
    en: /^2026 annual report published by 31 January: The 2026 annual report was not published by 2027-01-31\.$/,
  },
  {
    kind: 'letter.rating_reminder', title: `请评价来信 ${NO} 的答复`, body: '您的来信“图书馆开放时间”已答复，请评价办理结果。答复后 10 个工作日内未评价的，来信将办结并记为“未评价”。',
    message: { key: 'letterRatingReminder', values: { trackingNo: NO, title: '图书馆开放时间', days: 10 }, user: ['title'] },
    en: /^Your letter “图书馆开放时间” has been answered: please rate how it was handled\. If it is not rated within 10 working days/,
  },
  {
    kind: 'letter.closed_unrated', title: `您的来信 ${NO} 已办结（未评价）`, body: '答复后 10 个工作日内未评价，来信已办结，记为“未评价”。',
    message: { key: 'letterClosedUnrated', values: { trackingNo: NO, days: 10 } },
    en: /^The answer was not rated within 10 working days/,
  },
  {
    kind: 'letter.submitted', title: `来信 ${NO} 已加入您的账号`, body: '“图书馆开放时间”的办理进度和答复会通知您。',
    message: { key: 'letterClaimed', values: { trackingNo: NO, title: '图书馆开放时间' }, user: ['title'] },
    en: /^You will be told how “图书馆开放时间” is handled and when it is answered\.$/,
  },
  {
    kind: 'application.new', title: `新的政府信息公开申请（代为登记）：GK${NO.slice(2)}`, body: '',
    message: { key: 'applicationNewEntered', values: { trackingNo: `GK${NO.slice(2)}` } },
    en: /^New application for government information \(entered by staff\): GK\d{12}$/,
  },
  {
    kind: 'application.submitted', title: `政府信息公开申请 GK${NO.slice(2)} 已加入您的账号`, body: '办理进度和答复会通知您。',
    message: { key: 'applicationClaimed', values: { trackingNo: `GK${NO.slice(2)}` } },
    en: /^You will be told how it is handled and when it is answered\.$/,
  },
];

describe('staff notices of the accountability loop in the reader’s language', () => {
  it('each key gives the Chinese as stored, and English with no Chinese outside the people’s values', async () => {
    for (const c of CASES) {
      const zh = await noticeText('zh-CN', c);
      expect({ key: c.message.key, title: zh.title, body: zh.body }).toEqual({ key: c.message.key, title: c.title, body: c.body });
      const en = await noticeText('en', c);
      expect(en.asSent, c.message.key).toBe(false);
      expect(en.body ? (c.en.source.includes('\\n') ? `${en.title}\n${en.body}` : en.body) : en.title, c.message.key).toMatch(c.en);
      expect(chineseOutside(en.title, c.message) || chineseOutside(en.body, c.message), `${c.message.key}: ${en.title} / ${en.body}`).toBe(false);
      const mail = await noticeMail('en', c, 'https://example.org/x');
      expect(chineseOutside(mail.subject, c.message) || chineseOutside(mail.body, c.message), mail.subject).toBe(false);
    }
  });
});

const bj = (local: string) => new Date(`${local}:00+08:00`);

describe('a writer’s 催办 and a 督办 reach an English handler in English', () => {
  let market: { id: number; publicId: string };
  beforeAll(async () => {
    await seedReferenceData(db(), bj('2026-06-01T09:00'));
    const [row] = await db().select({ id: departments.id, publicId: departments.publicId }).from(departments).where(eq(departments.code, 'market'));
    market = row!;
  });

  it('the rows keep key and Chinese; the English handler’s mail is English, the Chinese handler’s as before', async () => {
    const [citizen, moderator] = await Promise.all([actorFor('citizen@example.com'), actorFor('moderator@example.com')]);
    const enMail = uniqueEmail('handler-en'), zhMail = uniqueEmail('handler-zh');
    await db().insert(users).values([enMail, zhMail].map((email) => ({
      publicId: newPublicId(), name: '测试办理人', email, passwordHash: 'not-a-hash', role: 'handler' as const, departmentId: market.id, locale: email === enMail ? 'en' : 'zh-CN',
    })));

    const { trackingNo } = await submitLetter(citizen, { kind: 'inquiry', departmentId: market.publicId, title: '英文通知测试：图书馆开放时间', body: '请问图书馆周末的开放时间是几点到几点？', consentToPublish: false }, { now: bj('2026-11-02T09:00') });
    await actOnLetter(moderator, trackingNo, { action: 'accept', departmentId: market.publicId }, bj('2026-11-02T10:00'));
    await actOnLetter(citizen, trackingNo, { action: 'urge' }, bj('2026-11-10T09:00'));
    await actOnLetter(moderator, trackingNo, { action: 'supervise', note: '请加快办理', targetDate: '2026-11-20' }, bj('2026-11-10T10:00'));

    const [enUser] = await db().select({ id: users.id }).from(users).where(eq(users.email, enMail));
    const rows = await db().select().from(notifications).where(eq(notifications.userId, enUser!.id)).orderBy(desc(notifications.id));
    const urged = rows.find((r) => r.kind === 'case.urged')!;
    expect(urged.title).toBe(`来信 ${trackingNo} 已超过办理期限，来信人催办`);
    expect((urged.message as NoticeMessage).key).toBe('caseUrged');
    expect(rows.find((r) => r.kind === 'case.supervised')!.message).toMatchObject({ key: 'caseSupervised', values: { targetDate: '2026-11-20' } });

    const mails = async (to: string) => db().select().from(emailOutbox).where(and(eq(emailOutbox.to, to))).orderBy(desc(emailOutbox.id));
    const en = await mails(enMail);
    expect(en.map((m) => m.subject)).toEqual(expect.arrayContaining([
      `[Minsheng] Letter ${trackingNo} is past its deadline: the writer asks for it to be hurried`,
      `[Minsheng] Letter ${trackingNo} is under supervision: conclude it by 2026-11-20`,
    ]));
    expect(en.find((m) => m.subject.includes('hurried'))!.body).toContain('英文通知测试：图书馆开放时间\nDeadline: 2026-11-09');
    const zh = await mails(zhMail);
    expect(zh.map((m) => m.subject)).toEqual(expect.arrayContaining([
      `【民声】来信 ${trackingNo} 已超过办理期限，来信人催办`,
      `【民声】来信 ${trackingNo} 被督办，请于 2026-11-20 前办结`,
    ]));
  });
});
