import { and, asc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { departments } from '@/lib/accounts/schema';
import { auditLog } from '@/lib/audit/schema';
import { calendarDays } from '@/lib/calendar/schema';
import { notifications } from '@/lib/notifications/schema';
import { caseCallbacks, caseSupervisions, caseUrges } from '@/lib/accountability/schema';
import { actOnLetter, submitLetter } from '@/lib/letters/operations';
import { getLetter } from '@/lib/letters/queries';
import { letterEvents, letters } from '@/lib/letters/schema';
import { actOnApplication, getApplication, submitApplication } from '@/lib/disclosure/applications';
import { disclosureApplicationEvents, disclosureApplications } from '@/lib/disclosure/schema';
import { seedReferenceData } from '@/lib/seed/reference';
import { appErrorOf } from './support/errors';
import { actorFor, insertUser, uniqueEmail } from './support/users';

/**
 * The accountability loop's case actions on the case engine (issue 14 items 4–5): 催办, 督办, 回访 and 重办, for
 * letters and applications, with explicit `now` (no sleeping) and a holiday and a 调休 workday in the way.
 */

const bj = (local: string) => new Date(`${local}:00+08:00`);
let market: { id: number; publicId: string };
type A = Awaited<ReturnType<typeof actorFor>>;
let citizen: A, otherCitizen: A, moderator: A, admin: A, handler: A;

beforeAll(async () => {
  await seedReferenceData(db(), bj('2026-06-01T09:00'));
  const [row] = await db().select({ id: departments.id, publicId: departments.publicId }).from(departments).where(eq(departments.code, 'market'));
  market = row!;
  [citizen, moderator, admin, handler] = await Promise.all([
    actorFor('citizen@example.com'), actorFor('moderator@example.com'), actorFor('admin@example.com'), actorFor('handler@example.com'),
  ]);
  const email = uniqueEmail('other');
  await insertUser({ email, role: 'citizen' });
  otherCitizen = await actorFor(email);
  // Thursday 2026-11-12 a holiday, Saturday 2026-11-14 a make-up workday (调休上班): the 催办 spacing counts them.
  await db().insert(calendarDays).values([
    { day: '2026-11-12', kind: 'holiday', name: '测试假日' },
    { day: '2026-11-14', kind: 'workday', name: '测试调休' },
  ]).onConflictDoNothing();
});

/** An inquiry accepted on Monday 2026-11-02: 5 working days, due Monday 2026-11-09. */
async function acceptedInquiry(title: string) {
  const { trackingNo } = await submitLetter(citizen, { kind: 'inquiry', departmentId: market.publicId, title, body: '请问图书馆周末的开放时间是几点到几点？', consentToPublish: false }, { now: bj('2026-11-02T09:00') });
  await actOnLetter(moderator, trackingNo, { action: 'accept', departmentId: market.publicId }, bj('2026-11-02T10:00'));
  const [row] = await db().select().from(letters).where(eq(letters.trackingNo, trackingNo));
  expect(row!.dueOn).toBe('2026-11-09');
  return { trackingNo, id: row!.id };
}

const eventsOf = async (letterId: number) =>
  db().select().from(letterEvents).where(eq(letterEvents.letterId, letterId)).orderBy(asc(letterEvents.id));

describe('催办 (urge) on a letter', () => {
  it('only the writer, only after the due date, at most once every 3 working days across a holiday and a 调休 workday', async () => {
    const { trackingNo, id } = await acceptedInquiry('催办测试：图书馆开放时间');

    // On the due date itself: not yet, and the page says from when.
    const early = await appErrorOf(actOnLetter(citizen, trackingNo, { action: 'urge' }, bj('2026-11-09T15:00')));
    expect(early.status).toBe(409);
    expect(early.message).toContain('2026-11-10');
    expect((await getLetter(citizen, trackingNo, {}, bj('2026-11-09T15:00'))).accountability.urge).toMatchObject({ allowed: false, from: '2026-11-10' });

    // Staff do not urge (403); another citizen learns nothing (404).
    expect((await appErrorOf(actOnLetter(handler, trackingNo, { action: 'urge' }, bj('2026-11-10T09:00')))).status).toBe(403);
    expect((await appErrorOf(actOnLetter(moderator, trackingNo, { action: 'urge' }, bj('2026-11-10T09:00')))).status).toBe(403);
    expect((await appErrorOf(actOnLetter(otherCitizen, trackingNo, { action: 'urge' }, bj('2026-11-10T09:00')))).status).toBe(404);

    const before = await db().select().from(letters).where(eq(letters.id, id));
    expect(await actOnLetter(citizen, trackingNo, { action: 'urge' }, bj('2026-11-10T09:00'))).toMatchObject({ status: 'accepted', version: before[0]!.version });
    expect(await db().select().from(caseUrges).where(and(eq(caseUrges.caseKind, 'letter'), eq(caseUrges.caseId, id)))).toMatchObject([{ urgedOn: '2026-11-10', userId: citizen.user.id }]);
    expect((await eventsOf(id)).at(-1)).toMatchObject({ type: 'urged', public: true, data: { urgedOn: '2026-11-10', dueOnBefore: '2026-11-09' } });
    // The department's staff and the supervisors (moderators, admins) hear of it.
    const told = await db().select({ userId: notifications.userId }).from(notifications).where(eq(notifications.kind, 'case.urged'));
    expect(told.map((n) => n.userId)).toEqual(expect.arrayContaining([handler.user.id, moderator.user.id, admin.user.id]));
    expect(await db().select().from(auditLog).where(and(eq(auditLog.action, 'letter.urge'), eq(auditLog.entityId, trackingNo)))).toHaveLength(1);

    // 11-10 + 3 working days: 11-11, (11-12 holiday), 11-13, 11-14 (Saturday, 调休上班) → 11-14.
    const spaced = await appErrorOf(actOnLetter(citizen, trackingNo, { action: 'urge' }, bj('2026-11-13T18:00')));
    expect(spaced.status).toBe(409);
    expect(spaced.message).toContain('2026-11-14');
    expect((await getLetter(citizen, trackingNo, {}, bj('2026-11-13T18:00'))).accountability.urge).toMatchObject({ allowed: false, from: '2026-11-14' });
    await actOnLetter(citizen, trackingNo, { action: 'urge' }, bj('2026-11-14T09:00'));
    expect(await db().select().from(caseUrges).where(eq(caseUrges.caseId, id))).toHaveLength(2);
  });

  it('not while the clock is paused (补充材料), nor after the answer', async () => {
    const { trackingNo } = await acceptedInquiry('催办测试：暂停的时限');
    await actOnLetter(handler, trackingNo, { action: 'request_info', message: '请说明是哪一个分馆。' }, bj('2026-11-03T10:00'));
    const paused = await appErrorOf(actOnLetter(citizen, trackingNo, { action: 'urge' }, bj('2026-11-20T10:00')));
    expect(paused.status).toBe(409);
    expect((await getLetter(citizen, trackingNo, {}, bj('2026-11-20T10:00'))).accountability.urge).toMatchObject({ allowed: false, from: null });
    await actOnLetter(citizen, trackingNo, { action: 'provide_info', message: '是市图书馆总馆。' }, bj('2026-11-20T11:00'));
    await actOnLetter(handler, trackingNo, { action: 'reply', body: '总馆周末开放时间为 9:00–17:00。' }, bj('2026-11-23T10:00'));
    expect((await appErrorOf(actOnLetter(citizen, trackingNo, { action: 'urge' }, bj('2026-12-20T10:00')))).status).toBe(409);
  });
});

describe('督办 (supervise) on a letter', () => {
  it('moderators and admins only, a note and a target date from today to a year ahead; resolved when answered', async () => {
    const { trackingNo, id } = await acceptedInquiry('督办测试：图书馆开放时间');
    const now = bj('2026-11-10T09:00');
    const input = { action: 'supervise', note: '请于本周内答复来信人。', targetDate: '2026-11-13' };
    expect((await appErrorOf(actOnLetter(citizen, trackingNo, input, now))).status).toBe(403);
    expect((await appErrorOf(actOnLetter(handler, trackingNo, input, now))).status).toBe(403);
    expect((await appErrorOf(actOnLetter(moderator, trackingNo, { ...input, note: '' }, now))).status).toBe(422);
    expect((await appErrorOf(actOnLetter(moderator, trackingNo, { ...input, targetDate: '2026-11-09' }, now))).fields).toEqual({ targetDate: '督办期限不能早于今天' });
    expect((await appErrorOf(actOnLetter(moderator, trackingNo, { ...input, targetDate: '2027-11-11' }, now))).status).toBe(422);
    expect((await appErrorOf(actOnLetter(moderator, trackingNo, { ...input, targetDate: '2026-02-30' }, now))).status).toBe(422);

    await actOnLetter(moderator, trackingNo, input, now);
    await actOnLetter(admin, trackingNo, { ...input, note: '再次督办。', targetDate: '2027-11-10' }, now);
    const open = await db().select().from(caseSupervisions).where(and(eq(caseSupervisions.caseKind, 'letter'), eq(caseSupervisions.caseId, id)));
    expect(open).toHaveLength(2);
    expect(open.every((s) => s.resolvedAt === null)).toBe(true);
    // The citizen sees that it was supervised, not the internal note; staff see the note.
    expect((await getLetter(citizen, trackingNo, {}, now)).events.find((e) => e.type === 'supervised')).toMatchObject({ data: {} });
    expect((await getLetter(handler, trackingNo, {}, now)).events.find((e) => e.type === 'supervised')!.data).toMatchObject({ note: '请于本周内答复来信人。', targetDate: '2026-11-13' });
    const told = await db().select({ userId: notifications.userId }).from(notifications).where(eq(notifications.kind, 'case.supervised'));
    expect(told.map((n) => n.userId)).toContain(handler.user.id);

    await actOnLetter(handler, trackingNo, { action: 'reply', body: '图书馆周末开放时间为 9:00–17:00。' }, bj('2026-11-11T10:00'));
    const resolved = await db().select().from(caseSupervisions).where(eq(caseSupervisions.caseId, id));
    expect(resolved.every((s) => s.resolvedAt?.getTime() === bj('2026-11-11T10:00').getTime())).toBe(true);
    // The answer's event keeps the due date it missed.
    expect((await eventsOf(id)).find((e) => e.type === 'answered')!.data).toMatchObject({ dueOnBefore: '2026-11-09' });
    expect((await appErrorOf(actOnLetter(moderator, trackingNo, input, bj('2026-11-11T11:00')))).status).toBe(409);
  });
});

describe('重办 (redo) and 回访 (callback)', () => {
  it('不满意 with a reason sends the letter back exactly once with a new clock; the second just closes', async () => {
    const { trackingNo, id } = await acceptedInquiry('重办测试：图书馆开放时间');
    await actOnLetter(handler, trackingNo, { action: 'reply', body: '图书馆每周一闭馆，其余时间开放。' }, bj('2026-11-03T10:00'));
    // Wednesday 11-04 + 5 working days → Wednesday 11-11.
    expect(await actOnLetter(citizen, trackingNo, { action: 'rate', rating: 'unsatisfied', comment: '没有回答周末的开放时间' }, bj('2026-11-04T09:00')))
      .toMatchObject({ status: 'accepted' });
    expect((await db().select().from(letters).where(eq(letters.id, id)))[0]).toMatchObject({
      status: 'accepted', reopened: true, clockStart: '2026-11-04', remainingDays: 5, dueOn: '2026-11-11', rating: null, closedAt: null,
    });
    expect((await eventsOf(id)).slice(-2).map((e) => [e.type, e.data])).toEqual([
      ['rated', { rating: 'unsatisfied', comment: '没有回答周末的开放时间', dueOnBefore: null }],
      ['redo', { reason: '没有回答周末的开放时间', dueOn: '2026-11-11', dueOnBefore: null }],
    ]);
    await actOnLetter(handler, trackingNo, { action: 'reply', body: '周末开放时间为 9:00–17:00。' }, bj('2026-11-05T10:00'));
    expect(await actOnLetter(citizen, trackingNo, { action: 'rate', rating: 'unsatisfied', comment: '还是不满意' }, bj('2026-11-05T12:00')))
      .toMatchObject({ status: 'closed' });
    expect((await eventsOf(id)).filter((e) => e.type === 'redo')).toHaveLength(1);
    expect((await appErrorOf(actOnLetter(citizen, trackingNo, { action: 'reopen', reason: '还是不满意' }, bj('2026-11-06T09:00')))).status).toBe(409);

    // 回访 by phone: moderators and admins, after the answer; internal (not on the citizen's timeline).
    const callback = { action: 'callback', result: 'unsatisfied', note: '电话回访，来信人希望延长开放时间。' };
    expect((await appErrorOf(actOnLetter(handler, trackingNo, callback, bj('2026-11-06T10:00')))).status).toBe(403);
    expect((await appErrorOf(actOnLetter(citizen, trackingNo, callback, bj('2026-11-06T10:00')))).status).toBe(403);
    expect((await appErrorOf(actOnLetter(moderator, trackingNo, { ...callback, result: 'angry' }, bj('2026-11-06T10:00')))).status).toBe(422);
    await actOnLetter(moderator, trackingNo, callback, bj('2026-11-06T10:00'));
    expect(await db().select().from(caseCallbacks).where(eq(caseCallbacks.caseId, id))).toMatchObject([{ caseKind: 'letter', result: 'unsatisfied' }]);
    expect((await eventsOf(id)).at(-1)).toMatchObject({ type: 'callback', public: false });
    expect((await getLetter(citizen, trackingNo, {}, bj('2026-11-06T11:00'))).events.map((e) => e.type)).not.toContain('callback');
    expect((await getLetter(moderator, trackingNo, {}, bj('2026-11-06T11:00'))).events.map((e) => e.type)).toContain('callback');
  });

  it('回访 only after the answer', async () => {
    const { trackingNo } = await acceptedInquiry('回访测试：未答复');
    expect((await appErrorOf(actOnLetter(moderator, trackingNo, { action: 'callback', result: 'unreachable' }, bj('2026-11-03T10:00')))).status).toBe(409);
  });
});

describe('applications', () => {
  it('催办 after the 20 working days, not while consulting; 督办 resolved on the reply; 回访 after it', async () => {
    const { trackingNo, dueOn } = await submitApplication(citizen, {
      applicantType: 'person', applicantName: '陈市民', contactPhone: '13912345678',
      description: '请公开 2025 年度本市公共文化服务专项资金的分配结果。', form: 'electronic',
    }, { now: bj('2026-11-02T09:00') });
    const [row] = await db().select().from(disclosureApplications).where(eq(disclosureApplications.trackingNo, trackingNo));
    await actOnApplication(moderator, trackingNo, { action: 'register' }, { now: bj('2026-11-02T10:00') });
    const dayAfter = new Date(`${dueOn}T00:00:00Z`);
    dayAfter.setUTCDate(dayAfter.getUTCDate() + 1);
    const after = dayAfter.toISOString().slice(0, 10);

    const early = await appErrorOf(actOnApplication(citizen, trackingNo, { action: 'urge' }, { now: bj(`${dueOn}T10:00`) }));
    expect(early.status).toBe(409);
    expect(early.message).toContain(after);
    expect((await appErrorOf(actOnApplication(moderator, trackingNo, { action: 'urge' }, { now: bj(`${after}T10:00`) }))).status).toBe(403);
    await actOnApplication(citizen, trackingNo, { action: 'urge' }, { now: bj(`${after}T10:00`) });
    expect(await db().select().from(caseUrges).where(and(eq(caseUrges.caseKind, 'application'), eq(caseUrges.caseId, row!.id)))).toHaveLength(1);

    expect((await appErrorOf(actOnApplication(citizen, trackingNo, { action: 'supervise', note: '督办', targetDate: after }, { now: bj(`${after}T10:00`) }))).status).toBe(403);
    await actOnApplication(moderator, trackingNo, { action: 'supervise', note: '请尽快答复。', targetDate: after }, { now: bj(`${after}T11:00`) });
    const view = await getApplication(citizen, trackingNo, bj(`${after}T12:00`));
    expect(view.events.find((e) => e.type === 'supervised')!.data).toEqual({});
    expect(view.accountability.urge).toMatchObject({ allowed: false });

    expect((await appErrorOf(actOnApplication(moderator, trackingNo, { action: 'callback', result: 'satisfied' }, { now: bj(`${after}T12:00`) }))).status).toBe(409);
    await actOnApplication(moderator, trackingNo, { action: 'reply', outcome: 'disclosed', body: '现将分配结果公开如下，详见附件。' }, { now: bj(`${after}T14:00`) });
    const supervisions = await db().select().from(caseSupervisions).where(and(eq(caseSupervisions.caseKind, 'application'), eq(caseSupervisions.caseId, row!.id)));
    expect(supervisions).toHaveLength(1);
    expect(supervisions[0]!.resolvedAt).not.toBeNull();
    const events = await db().select().from(disclosureApplicationEvents).where(eq(disclosureApplicationEvents.applicationId, row!.id)).orderBy(asc(disclosureApplicationEvents.id));
    expect(events.find((e) => e.type === 'answered')!.data).toMatchObject({ dueOnBefore: dueOn });
    await actOnApplication(moderator, trackingNo, { action: 'callback', result: 'satisfied' }, { now: bj(`${after}T15:00`) });
    expect(events.length + 1).toBe((await db().select().from(disclosureApplicationEvents).where(eq(disclosureApplicationEvents.applicationId, row!.id))).length);
  });

  it('no 催办 while the clock is paused for a consultation', async () => {
    const { trackingNo, dueOn } = await submitApplication(citizen, {
      applicantType: 'person', applicantName: '陈市民', contactPhone: '13912345678',
      description: '请公开某演出场所的行政处罚决定书。', form: 'electronic',
    }, { now: bj('2026-11-02T09:00') });
    await actOnApplication(moderator, trackingNo, { action: 'register' }, { now: bj('2026-11-02T10:00') });
    await actOnApplication(moderator, trackingNo, { action: 'consult', note: '征求该演出场所的意见。' }, { now: bj('2026-11-03T10:00') });
    const paused = await appErrorOf(actOnApplication(citizen, trackingNo, { action: 'urge' }, { now: bj(`${dueOn}T10:00`.replace(/^\d{4}/, '2027')) }));
    expect(paused.status).toBe(409);
    expect(paused.message).toContain('暂停');
  });
});
