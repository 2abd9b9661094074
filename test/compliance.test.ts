import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { accountabilitySettings, messageStatistics } from '@/lib/accountability/schema';
import { addMonths, complianceReport, sendComplianceAlerts, type ComplianceId, type ComplianceItem } from '@/lib/accountability/compliance';
import { auditLog } from '@/lib/audit/schema';
import type { Actor, ActorUser } from '@/lib/auth/permissions';
import { calendarDays } from '@/lib/calendar/schema';
import { db } from '@/lib/db';
import { createCatalogueItem } from '@/lib/disclosure/manage';
import { annualReports, disclosureApplications } from '@/lib/disclosure/schema';
import { interviews } from '@/lib/interviews/schema';
import { letters, type LetterStatus } from '@/lib/letters/schema';
import { notifications } from '@/lib/notifications/schema';
import { actorFor } from './support/users';

/**
 * The inspection radar on crafted data, each indicator read at an explicit `now` (Beijing dates). The file's
 * database holds only the demo accounts and what the tests insert, in order.
 */

const NOW = new Date('2026-11-10T10:00:00+08:00');
let moderator: Actor & { user: ActorUser };
let citizenId: number;

async function indicator(id: ComplianceId, now = NOW): Promise<ComplianceItem> {
  const report = await complianceReport(now);
  return report.items.find((i) => i.id === id)!;
}

async function insertLetter(status: LetterStatus, submittedAt: string, answeredAt: string | null = null) {
  const trackingNo = `2026${randomBytes(4).toString('hex')}`;
  await db().insert(letters).values({
    trackingNo, queryCode: '123456', kind: 'inquiry', status, writerId: citizenId, title: '雷达测试来信', body: '雷达测试正文', consentToPublish: false,
    submittedAt: new Date(submittedAt), answeredAt: answeredAt ? new Date(answeredAt) : null,
  });
  return trackingNo;
}

beforeAll(async () => {
  moderator = await actorFor('moderator@example.com');
  citizenId = (await actorFor('citizen@example.com')).user.id;
  await db().insert(calendarDays).values({ day: '2026-11-11', kind: 'holiday', name: '雷达测试假日' }).onConflictDoNothing();
  await db().insert(accountabilitySettings).values({ key: 'dueSoon', workingDays: 3 }).onConflictDoUpdate({ target: accountabilitySettings.key, set: { workingDays: 3 } });
});

describe('date arithmetic', () => {
  it('adds months clamped to the month end', () => {
    expect(addMonths('2026-08-20', 3)).toBe('2026-11-20');
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
    expect(addMonths('2026-01-31', -2)).toBe('2025-11-30');
  });
});

describe('indicators', () => {
  it('returns every indicator with a Chinese name, in a fixed order', async () => {
    const report = await complianceReport(NOW);
    expect(report.today).toBe('2026-11-10');
    expect(report.items.map((i) => i.id)).toEqual([
      'letters_unanswered_3_months', 'message_stats_2_months', 'interviews_12_months', 'proactive_20_days', 'applications_on_time',
      'annual_report_31_january', 'consultations_feedback',
    ]);
    for (const item of report.items) expect(item.name).toMatch(/[\u4e00-\u9fff]/);
  });

  it('letters_unanswered_3_months: pass, at_risk 30 days before, fail after 3 months; not_accepted and merged do not count', async () => {
    expect(await indicator('letters_unanswered_3_months')).toMatchObject({ status: 'pass', count: 0 });
    await insertLetter('not_accepted', '2026-06-01T09:00:00+08:00');
    await insertLetter('merged', '2026-06-01T09:00:00+08:00');
    await insertLetter('closed', '2026-06-01T09:00:00+08:00', '2026-06-10T09:00:00+08:00');
    // Submitted 2026-08-20: 3 months end 2026-11-20, the breach is 11-21 — 11 days after 11-10.
    const soon = await insertLetter('accepted', '2026-08-20T09:00:00+08:00');
    // Submitted 2026-07-01: 3 months ended 10-01; still unanswered.
    expect(await indicator('letters_unanswered_3_months')).toMatchObject({ status: 'at_risk', daysLeft: 11, count: 1, items: [{ label: soon, href: `/letters/${soon}` }] });
    const late = await insertLetter('needs_info', '2026-07-01T09:00:00+08:00');
    const failing = await indicator('letters_unanswered_3_months');
    expect(failing).toMatchObject({ status: 'fail', count: 1 });
    expect(failing.items.map((i) => i.label)).toEqual([late, soon]);
    expect(failing.daysLeft).toBeUndefined();
    // Answered: back to at risk.
    await db().update(letters).set({ status: 'answered', answeredAt: new Date('2026-11-09T09:00:00+08:00') }).where(eq(letters.trackingNo, late));
    expect(await indicator('letters_unanswered_3_months')).toMatchObject({ status: 'at_risk', daysLeft: 11 });
    // 40 days earlier the young letter is outside the alert window.
    expect(await indicator('letters_unanswered_3_months', new Date('2026-10-01T10:00:00+08:00'))).toMatchObject({ status: 'pass' });
  });

  it('message_stats_2_months: fail with none, at risk within 30 days of 2 months, pass when fresh', async () => {
    expect(await indicator('message_stats_2_months')).toMatchObject({ status: 'fail', detail: '尚未发布留言统计' });
    await db().insert(messageStatistics).values({ month: '2026-09', figures: {}, publishedAt: new Date('2026-10-01T08:00:00+08:00') });
    // 2 months end 2026-12-01: breach on 12-02, 22 days after 11-10.
    expect(await indicator('message_stats_2_months')).toMatchObject({ status: 'at_risk', daysLeft: 22 });
    expect(await indicator('message_stats_2_months', new Date('2026-12-02T10:00:00+08:00'))).toMatchObject({ status: 'fail' });
    await db().insert(messageStatistics).values({ month: '2026-10', figures: {}, publishedAt: new Date('2026-11-01T08:00:00+08:00') });
    expect(await indicator('message_stats_2_months')).toMatchObject({ status: 'pass', items: [{ label: '2026-10 留言统计' }] });
  });

  it('interviews_12_months: fail with none, at risk in the last 30 days, fail after 12 months', async () => {
    expect(await indicator('interviews_12_months')).toMatchObject({ status: 'fail' });
    const row = (slug: string, endedAt: string, status: 'ended' | 'published' | 'announced') => ({
      publicId: randomBytes(8).toString('hex'), slug, title: `雷达测试访谈 ${slug}`, summary: '雷达测试', hostId: moderator.user.id, status,
      scheduledStart: new Date(new Date(endedAt).getTime() - 3600_000), scheduledEnd: new Date(endedAt), startedAt: new Date(new Date(endedAt).getTime() - 3600_000),
      endedAt: new Date(endedAt), publishedAt: status === 'published' ? new Date(endedAt) : null,
    });
    // An announced interview is not activity.
    await db().insert(interviews).values(row(`radar-a-${randomBytes(3).toString('hex')}`, '2026-11-01T10:00:00+08:00', 'announced'));
    expect(await indicator('interviews_12_months')).toMatchObject({ status: 'fail' });
    const slug = `radar-${randomBytes(3).toString('hex')}`;
    await db().insert(interviews).values(row(slug, '2025-11-20T10:00:00+08:00', 'published'));
    // Held 2025-11-20: 12 months end 2026-11-20, breach 11-21: 11 days.
    expect(await indicator('interviews_12_months')).toMatchObject({ status: 'at_risk', daysLeft: 11, items: [{ href: `/interviews/${slug}` }] });
    expect(await indicator('interviews_12_months', new Date('2026-11-21T10:00:00+08:00'))).toMatchObject({ status: 'fail' });
    await db().insert(interviews).values(row(`radar-b-${randomBytes(3).toString('hex')}`, '2026-06-01T10:00:00+08:00', 'ended'));
    expect(await indicator('interviews_12_months')).toMatchObject({ status: 'pass' });
  });

  it('proactive_20_days: a draft near its limit is at risk, a draft past it fails', async () => {
    expect(await indicator('proactive_20_days')).toMatchObject({ status: 'pass' });
    const base = { categoryCode: '0701', summary: '雷达测试。', body: '正文', publisher: '民声市某局办公室', attribute: 'proactive' };
    // Made 2026-10-20: 20 working days later (the 11-11 holiday skipped) is 2026-11-18 — 9 days left on 11-10.
    const near = await createCatalogueItem(moderator, { ...base, title: '雷达测试主动公开（将到期）', generatedOn: '2026-10-20' });
    const nearItem = await indicator('proactive_20_days');
    expect(nearItem).toMatchObject({ status: 'at_risk', count: 1, daysLeft: 9 });
    expect(nearItem.items[0]!.href).toBe(`/workspace/moderator/disclosure/items/${near.id}`);
    // An on_request item is never counted.
    await createCatalogueItem(moderator, { ...base, attribute: 'on_request', title: '雷达测试依申请', generatedOn: '2026-08-03' });
    expect(await indicator('proactive_20_days')).toMatchObject({ status: 'at_risk' });
    await createCatalogueItem(moderator, { ...base, title: '雷达测试主动公开（已逾期）', generatedOn: '2026-08-03' });
    expect(await indicator('proactive_20_days')).toMatchObject({ status: 'fail', count: 1 });
  });

  it('applications_on_time: overdue fails, due within the due-soon window is at risk, paused never counts', async () => {
    expect(await indicator('applications_on_time')).toMatchObject({ status: 'pass' });
    const app = (status: 'registered' | 'consulting', dueOn: string | null) => ({
      trackingNo: `GK2026${randomBytes(4).toString('hex')}`, applicantId: citizenId, applicantType: 'person' as const, applicantName: '雷达', description: '雷达测试申请',
      form: 'electronic' as const, status, receivedOn: '2026-10-12', dueOn,
    });
    await db().insert(disclosureApplications).values(app('consulting', null));
    await db().insert(disclosureApplications).values(app('registered', '2026-11-30'));
    expect(await indicator('applications_on_time')).toMatchObject({ status: 'pass' });
    // Due 11-13: 2 working days (11-11 is a holiday) ≤ 3 → at risk, 4 calendar days to the breach on 11-14.
    const soon = app('registered', '2026-11-13');
    await db().insert(disclosureApplications).values(soon);
    expect(await indicator('applications_on_time')).toMatchObject({ status: 'at_risk', count: 1, daysLeft: 4, items: [{ label: soon.trackingNo }] });
    const late = app('registered', '2026-11-09');
    await db().insert(disclosureApplications).values(late);
    expect(await indicator('applications_on_time')).toMatchObject({ status: 'fail', count: 1, items: [{ label: late.trackingNo, href: `/workspace/moderator/applications/${late.trackingNo}` }] });
  });

  it('annual_report_31_january: the previous year’s report by 31 January', async () => {
    // No 2025 report on 2026-11-10: failed.
    expect(await indicator('annual_report_31_january')).toMatchObject({ status: 'fail', name: '2025 年度报告 1 月 31 日前发布' });
    await db().insert(annualReports).values({ year: 2025, status: 'published', publishedAt: new Date('2026-02-03T10:00:00+08:00') });
    expect(await indicator('annual_report_31_january')).toMatchObject({ status: 'fail' });
    await db().update(annualReports).set({ publishedAt: new Date('2026-01-30T10:00:00+08:00') }).where(eq(annualReports.year, 2025));
    expect(await indicator('annual_report_31_january')).toMatchObject({ status: 'pass', detail: '2025 年度报告已于 2026-01-30 发布' });
    // In January 2027 the 2026 report is due: at risk with the days left (01-10 → breach on 02-01: 22 days).
    expect(await indicator('annual_report_31_january', new Date('2027-01-10T10:00:00+08:00'))).toMatchObject({ status: 'at_risk', daysLeft: 22 });
    expect(await indicator('annual_report_31_january', new Date('2027-02-01T10:00:00+08:00'))).toMatchObject({ status: 'fail' });
  });

  it('consultations_feedback passes while there are no consultations', async () => {
    expect(await indicator('consultations_feedback')).toMatchObject({ status: 'pass', detail: '暂无意见征集' });
  });
});

describe('alerts', () => {
  const alertCount = async (userId: number) => (await db().select({ id: notifications.id }).from(notifications)
    .where(and(eq(notifications.userId, userId), eq(notifications.kind, 'compliance.alert')))).length;

  it('notifies moderators and admins once per indicator per breach window', async () => {
    const admin = await actorFor('admin@example.com');
    const handler = await actorFor('handler@example.com');
    const report = await complianceReport(NOW);
    const bad = report.items.filter((i) => i.status !== 'pass').map((i) => i.id);
    expect(bad.length).toBeGreaterThan(0);
    const first = await sendComplianceAlerts(NOW);
    expect(first.map((s) => s.id).sort()).toEqual([...bad].sort());
    expect(await alertCount(moderator.user.id)).toBe(bad.length);
    expect(await alertCount(admin.user.id)).toBe(bad.length);
    expect(await alertCount(handler.user.id)).toBe(0);
    // Again, and concurrently: nothing new.
    expect(await Promise.all([sendComplianceAlerts(NOW), sendComplianceAlerts(NOW)])).toEqual([[], []]);
    expect(await alertCount(moderator.user.id)).toBe(bad.length);

    // The applications indicator recovers (pass), then breaks again: a new window, one more alert.
    await db().update(disclosureApplications).set({ status: 'answered', dueOn: null }).where(eq(disclosureApplications.status, 'registered'));
    expect(await sendComplianceAlerts(NOW)).toEqual([]);
    await db().insert(disclosureApplications).values({
      trackingNo: `GK2026${randomBytes(4).toString('hex')}`, applicantId: citizenId, applicantType: 'person', applicantName: '雷达', description: '雷达测试申请',
      form: 'electronic', status: 'registered', receivedOn: '2026-10-12', dueOn: '2026-11-12',
    });
    expect(await sendComplianceAlerts(NOW)).toEqual([{ id: 'applications_on_time', status: 'at_risk' }]);
    expect(await alertCount(moderator.user.id)).toBe(bad.length + 1);
    const audits = await db().select({ id: auditLog.id }).from(auditLog).where(eq(auditLog.action, 'compliance.alert'));
    expect(audits).toHaveLength(bad.length + 1);
  });
});
