import { and, desc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { users } from '@/lib/accounts/schema';
import { newPublicId } from '@/lib/accounts/users';
import { actOnApplication, submitApplication } from '@/lib/disclosure/applications';
import { emailOutbox, notifications } from '@/lib/notifications/schema';
import { noticeMail, noticeText, type NoticeMessage } from '@/lib/notifications/texts';
import { seedReferenceData } from '@/lib/seed/reference';
import { actorFor, uniqueEmail, userByEmail } from './support/users';

/**
 * The notices that were still stored as fixed Chinese (issue 15 item 5, english4): the archive's consent-withdrawn
 * notice, the applicant's needs-correction / extended / answered notices, the office's corrected / withdrawn
 * notices, consultation closed / feedback published, a transfer's notice to the new department, a merge, and the
 * notices of a department's deactivation. Each key gives exactly the Chinese the code stored before (the literal is
 * copied here from the old code), and English with no Chinese outside the people's values.
 */
const CJK = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]/;
const chineseOutside = (text: string, message: NoticeMessage) =>
  CJK.test((message.user ?? []).reduce((t, k) => t.split(String(message.values?.[k] ?? '')).join(''), text));

const NO = '20261203000001';
const GK = 'GK261203000001';
const CASES: Array<{ kind: string; title: string; body: string; message: NoticeMessage; en: RegExp }> = [
  {
    kind: 'archive.consent_withdrawn', title: `来信 ${NO} 的来信人撤回了公开同意`, body: '其答复公开条目已自动撤下，并已从政府信息公开目录中撤回；不能再次发布。',
    message: { key: 'archiveConsentWithdrawn', values: { trackingNo: NO, was: 'published' } },
    en: /^The writer of letter 20261203000001 has withdrawn consent to publication\nIts archive entry has been taken down automatically and withdrawn from the government information catalogue; it cannot be published again\.$/,
  },
  {
    kind: 'archive.consent_withdrawn', title: `来信 ${NO} 的来信人撤回了公开同意`, body: '其答复公开条目已移入“已撤下”，不能发布。',
    message: { key: 'archiveConsentWithdrawn', values: { trackingNo: NO, was: 'other' } },
    en: /^The writer of letter 20261203000001 has withdrawn consent to publication\nIts archive entry has been moved to “Unpublished”; it cannot be published\.$/,
  },
  {
    kind: 'application.needs_correction', title: `您的政府信息公开申请 ${GK} 需要补正`, body: '请写明所需信息的年度。\n\n请于 2026-12-18 前补正；逾期未补正的，视为放弃申请。',
    message: { key: 'applicationNeedsCorrection', values: { trackingNo: GK, note: '请写明所需信息的年度。', dueOn: '2026-12-18' }, user: ['note'] },
    en: /^Your application GK261203000001 needs correcting\n请写明所需信息的年度。\n\nPlease correct it by 2026-12-18; an application not corrected in time is deemed withdrawn\.$/,
  },
  {
    kind: 'application.corrected', title: `政府信息公开申请 ${GK} 已补正`, body: '',
    message: { key: 'applicationCorrectedStaff', values: { trackingNo: GK } },
    en: /^Application for government information GK261203000001 has been corrected$/,
  },
  {
    kind: 'application.extended', title: `您的政府信息公开申请 ${GK} 答复期限延长 10 个工作日`, body: '需要调取档案。\n\n新的答复期限：2027-01-08',
    message: { key: 'applicationExtended', values: { trackingNo: GK, days: 10, reason: '需要调取档案。', dueOn: '2027-01-08' }, user: ['reason'] },
    en: /^The answer deadline of your application GK261203000001 has been extended by 10 working days\n需要调取档案。\n\nNew answer deadline: 2027-01-08$/,
  },
  ...(['disclosed', 'partly_disclosed', 'withheld', 'unavailable', 'not_handled', 'other'] as const).map((outcome) => ({
    kind: 'application.answered',
    title: `您的政府信息公开申请 ${GK} 已答复：${{ disclosed: '予以公开', partly_disclosed: '部分公开', withheld: '不予公开', unavailable: '无法提供', not_handled: '不予处理', other: '其他处理' }[outcome]}`,
    body: '',
    message: { key: 'applicationAnswered', values: { trackingNo: GK, outcome } },
    en: new RegExp(`^Your application GK261203000001 has been answered: ${{ disclosed: 'disclosed', partly_disclosed: 'partly disclosed', withheld: 'not disclosed', unavailable: 'cannot be provided', not_handled: 'not handled', other: 'other handling' }[outcome]}$`),
  })),
  {
    kind: 'application.withdrawn', title: `政府信息公开申请 ${GK} 已由申请人撤回`, body: '已通过其他途径获得。',
    message: { key: 'applicationWithdrawnStaff', values: { trackingNo: GK, reason: '已通过其他途径获得。' }, user: ['reason'] },
    en: /^The applicant has withdrawn application for government information GK261203000001\n已通过其他途径获得。$/,
  },
  {
    kind: 'consultation.closed', title: '您关注的意见征集已截止：公共文化服务条例（征求意见稿）', body: '《公共文化服务条例（征求意见稿）》的意见征集已截止。反馈意见采纳情况发布后，我们会再通知您。',
    message: { key: 'consultationClosed', values: { title: '公共文化服务条例（征求意见稿）' }, user: ['title'] },
    en: /^A consultation you follow has closed: 公共文化服务条例（征求意见稿）\nComments on “公共文化服务条例（征求意见稿）” are closed\./,
  },
  {
    kind: 'consultation.feedback', title: '意见征集已发布反馈：公共文化服务条例（征求意见稿）', body: '《公共文化服务条例（征求意见稿）》的意见采纳情况已公布：采纳 3 条，部分采纳 1 条，不予采纳 2 条。',
    message: { key: 'consultationFeedback', values: { title: '公共文化服务条例（征求意见稿）', adopted: 3, partly: 1, notAdopted: 2 }, user: ['title'] },
    en: /^Feedback published for the consultation: 公共文化服务条例（征求意见稿）\nHow the comments on “公共文化服务条例（征求意见稿）” were used is published: 3 adopted, 1 partly adopted, 2 not adopted\.$/,
  },
  {
    kind: 'letter.assigned', title: '转办来信：图书馆开放时间', body: '属于本处职责。',
    message: { key: 'letterTransferredStaff', values: { title: '图书馆开放时间', reason: '属于本处职责。' }, user: ['title', 'reason'] },
    en: /^Letter transferred to your department: 图书馆开放时间\n属于本处职责。$/,
  },
  {
    kind: 'letter.merged', title: `您的来信 ${NO} 与同一事项的来信合并办理`, body: '该事项已答复，答复显示在您的来信页面。',
    message: { key: 'letterMerged', values: { trackingNo: NO, answered: 'yes' } },
    en: /^Your letter 20261203000001 is handled together with a letter on the same matter\nThe matter has been answered; the answer is shown on your letter's page\.$/,
  },
  {
    kind: 'letter.merged', title: `您的来信 ${NO} 与同一事项的来信合并办理`, body: '答复将在您的来信页面显示。',
    message: { key: 'letterMerged', values: { trackingNo: NO, answered: 'no' } },
    en: /^Your letter 20261203000001 is handled together with a letter on the same matter\nThe answer will be shown on your letter's page\.$/,
  },
  {
    kind: 'letter.transferred', title: `您的来信 ${NO} 已转由文化市场管理处办理`, body: '',
    message: { key: 'letterTransferred', values: { trackingNo: NO, department: '文化市场管理处', departmentEn: 'Cultural Market Division' } },
    en: /^Your letter 20261203000001 has been transferred to Cultural Market Division$/,
  },
  {
    kind: 'letter.assigned', title: '3 件未办结来信由已停用的艺术处转入本部门', body: '',
    message: { key: 'lettersFromDeactivated', values: { count: 3, department: '艺术处', departmentEn: 'Arts Division' }, user: ['department', 'departmentEn'] },
    en: /^3 open letters have been moved to your department from Arts Division, which was deactivated$/,
  },
  {
    kind: 'letter.assigned', title: '1 件未办结来信由已停用的艺术处转入本部门', body: '',
    message: { key: 'lettersFromDeactivated', values: { count: 1, department: '艺术处', departmentEn: '艺术处' }, user: ['department', 'departmentEn'] },
    en: /^1 open letter has been moved to your department from 艺术处, which was deactivated$/,
  },
];

describe('the notices keyed last, in the reader’s language', () => {
  it('each key gives the Chinese as stored before, and English with no Chinese outside the people’s values', async () => {
    for (const c of CASES) {
      const zh = await noticeText('zh-CN', c);
      expect({ key: c.message.key, title: zh.title, body: zh.body }).toEqual({ key: c.message.key, title: c.title, body: c.body });
      const en = await noticeText('en', c);
      expect(en.asSent, c.message.key).toBe(false);
      expect(en.body ? `${en.title}\n${en.body}` : en.title, c.message.key).toMatch(c.en);
      expect(chineseOutside(en.title, c.message) || chineseOutside(en.body, c.message), `${c.message.key}: ${en.title} / ${en.body}`).toBe(false);
      const mail = await noticeMail('en', c, 'https://example.org/x');
      expect(chineseOutside(mail.subject, c.message) || chineseOutside(mail.body, c.message), mail.subject).toBe(false);
      const zhMail = await noticeMail('zh-CN', c, null);
      expect(zhMail.subject).toBe(`【民声】${c.title}`);
    }
  });
});

const bj = (local: string) => new Date(`${local}:00+08:00`);

describe('an English applicant is told in English, the office in its own language', () => {
  beforeAll(async () => {
    await seedReferenceData(db(), bj('2026-06-01T09:00'));
  });

  it('needs correction, extended and answered reach the applicant by key; the office’s corrected notice too', async () => {
    const email = uniqueEmail('applicant-en');
    await db().insert(users).values({ publicId: newPublicId(), name: '英文申请人', email, passwordHash: 'not-a-hash', role: 'citizen', locale: 'en' });
    const applicant = { user: await userByEmail(email), ip: '192.0.2.77' };
    const moderator = await actorFor('moderator@example.com');
    const at = (local: string) => ({ now: bj(local) });
    const { trackingNo } = await submitApplication(applicant, {
      applicantType: 'person', applicantName: 'Chen', contactPhone: '13912345678', form: 'electronic',
      description: '请公开 2025 年度本市公共文化服务专项资金的分配结果。', purpose: '了解资金来源',
    }, at('2026-11-02T09:00'));
    await actOnApplication(moderator, trackingNo, { action: 'register' }, at('2026-11-02T10:00'));
    await actOnApplication(moderator, trackingNo, { action: 'request_correction', note: '请写明所需信息的年度和项目名称。' }, at('2026-11-03T09:00'));
    await actOnApplication(applicant, trackingNo, { action: 'provide_correction', message: '2025 年度“文化惠民工程”。' }, at('2026-11-04T09:00'));
    await actOnApplication(moderator, trackingNo, { action: 'extend', workingDays: 10, reason: '需要调取多个年度档案。' }, at('2026-11-05T09:00'));
    await actOnApplication(moderator, trackingNo, { action: 'reply', outcome: 'unavailable', reasonCode: 'not_held', body: '经检索，本机关未制作或获取该信息。' }, at('2026-11-06T09:00'));

    const rows = await db().select().from(notifications).where(eq(notifications.userId, applicant.user.id)).orderBy(desc(notifications.id));
    const byKind = (kind: string) => rows.find((r) => r.kind === kind)!;
    expect(byKind('application.needs_correction').title).toBe(`您的政府信息公开申请 ${trackingNo} 需要补正`);
    expect(byKind('application.needs_correction').message).toMatchObject({ key: 'applicationNeedsCorrection', values: { note: '请写明所需信息的年度和项目名称。' } });
    expect(byKind('application.extended').message).toMatchObject({ key: 'applicationExtended', values: { days: 10 } });
    expect(byKind('application.answered').title).toBe(`您的政府信息公开申请 ${trackingNo} 已答复：无法提供`);
    expect(byKind('application.answered').message).toMatchObject({ key: 'applicationAnswered', values: { outcome: 'unavailable' } });

    const mails = await db().select().from(emailOutbox).where(and(eq(emailOutbox.to, email))).orderBy(desc(emailOutbox.id));
    expect(mails.map((m) => m.subject)).toEqual(expect.arrayContaining([
      `[Minsheng] Your application ${trackingNo} needs correcting`,
      expect.stringMatching(new RegExp(`^\\[Minsheng\\] The answer deadline of your application ${trackingNo} has been extended by 10 working days$`)),
      `[Minsheng] Your application ${trackingNo} has been answered: cannot be provided`,
    ]));
    for (const m of mails) expect(CJK.test(m.subject), m.subject).toBe(false);
    const correction = mails.find((m) => m.subject.includes('needs correcting'))!;
    expect(correction.body).toMatch(/^请写明所需信息的年度和项目名称。\n\nPlease correct it by \d{4}-\d{2}-\d{2}; an application not corrected in time is deemed withdrawn\./);

    // The office: the moderator registered it, so the corrected notice goes to them, keyed, Chinese as before.
    const [office] = await db().select().from(notifications)
      .where(and(eq(notifications.userId, moderator.user.id), eq(notifications.kind, 'application.corrected'))).orderBy(desc(notifications.id)).limit(1);
    expect(office!.title).toBe(`政府信息公开申请 ${trackingNo} 已补正`);
    expect(office!.message).toMatchObject({ key: 'applicationCorrectedStaff', values: { trackingNo } });
  });
});
