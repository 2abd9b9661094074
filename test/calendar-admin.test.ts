import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { encode } from 'next-auth/jwt';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { auditLog } from '@/lib/audit/schema';
import { addWorkingDays, listCalendarYears, loadCalendarRules } from '@/lib/calendar';
import { calendarDays } from '@/lib/calendar/schema';
import { officialYear } from '@/lib/calendar/official';
import { listCalendar, removeCalendarDay, setCalendarDay, setCalendarYear } from '@/lib/calendar/admin';
import { getDeadlines, updateDeadlines } from '@/lib/letters/deadline-settings';
import { DEFAULT_DEADLINES as LETTER_DEADLINES } from '@/lib/letters/deadlines';
import { disclosureApplications } from '@/lib/disclosure/schema';

/** The letters' limits and the applications' reply limit (the regulation's 20 working days). */
const DEFAULT_DEADLINES = { ...LETTER_DEADLINES, applicationReplyDays: 20 };
import { letters, type LetterKind, type LetterStatus } from '@/lib/letters/schema';
import { seedReferenceData } from '@/lib/seed/reference';
import type { Actor, ActorUser } from '@/lib/auth/permissions';
import { appErrorOf } from './support/errors';
import { actorFor, visitor } from './support/users';
import * as calendarRoute from '@/app/api/v1/admin/calendar/route';
import * as deadlinesRoute from '@/app/api/v1/admin/deadlines/route';
import { deleteDay, saveDay, saveDeadlines, saveYear } from '@/app/workspace/admin/calendar/actions';
import type { FormState } from '@/lib/forms';
import { useTestRequest } from './support/request';

// Route handlers and server actions read the session cookie through next/headers; the tests set it per request.
const requestHeaders = useTestRequest('192.0.2.55');

let admin: Actor & { user: ActorUser };
let citizen: Actor & { user: ActorUser };

beforeAll(async () => {
  // December 2026 has no holidays or make-up workdays in the official arrangement; make sure 2026 is present
  // whatever the machine's clock says (idempotent when it is already seeded).
  await seedReferenceData(db(), new Date('2026-06-01T00:00:00Z'));
  admin = await actorFor('admin@example.com', '192.0.2.77');
  citizen = await actorFor('citizen@example.com');
});

async function insertLetter(values: { kind: LetterKind; status: LetterStatus; clockStart: string; remainingDays: number }) {
  const rules = await loadCalendarRules(db());
  const [row] = await db()
    .insert(letters)
    .values({
      trackingNo: `T${randomBytes(8).toString('hex')}`,
      queryCode: '123456',
      kind: values.kind,
      status: values.status,
      writerId: citizen.user.id,
      title: '测试来信',
      body: '测试正文',
      consentToPublish: false,
      clockStart: values.clockStart,
      remainingDays: values.remainingDays,
      dueOn: addWorkingDays(values.clockStart, values.remainingDays, rules),
    })
    .returning({ id: letters.id, dueOn: letters.dueOn });
  return row!;
}

async function letterClock(id: number) {
  const [row] = await db().select({ remainingDays: letters.remainingDays, dueOn: letters.dueOn }).from(letters).where(eq(letters.id, id));
  return row!;
}

async function auditRows(action: string, entityId: string) {
  return db().select().from(auditLog).where(and(eq(auditLog.action, action), eq(auditLog.entityId, entityId))).orderBy(auditLog.id);
}

/** The session cookie of a demo account (or none) for the next route handler or server action call. */
async function signIn(email: string | null) {
  requestHeaders.cookie = email
    ? `next-auth.session-token=${await encode({ token: { sub: (await actorFor(email)).user.publicId, sv: 0 }, secret: process.env.NEXTAUTH_SECRET! })}`
    : null;
}

describe('permissions', () => {
  const operations = {
    listCalendar: (a: Actor) => listCalendar(a),
    setCalendarDay: (a: Actor) => setCalendarDay(a, { day: '2026-12-03', kind: 'holiday', name: '测试' }),
    removeCalendarDay: (a: Actor) => removeCalendarDay(a, { day: '2026-10-01' }),
    setCalendarYear: (a: Actor) => setCalendarYear(a, { year: 2027, status: 'announced', source: '测试' }),
    getDeadlines: (a: Actor) => getDeadlines(a),
    updateDeadlines: (a: Actor) => updateDeadlines(a, { complaint: 20 }),
  };

  it.each(['citizen@example.com', 'handler@example.com', 'leader@example.com', 'moderator@example.com'])(
    '%s gets 403 from every operation, and nothing changes',
    async (email) => {
      const actor = await actorFor(email);
      const before = await listCalendarYears(db());
      for (const [name, run] of Object.entries(operations)) {
        expect(await appErrorOf(run(actor)), name).toMatchObject({ code: 'forbidden', status: 403 });
      }
      expect(await listCalendarYears(db())).toEqual(before);
      expect(await getDeadlines(admin)).toEqual(DEFAULT_DEADLINES);
    },
  );

  it('a visitor gets 401', async () => {
    for (const [name, run] of Object.entries(operations)) {
      expect(await appErrorOf(run(visitor())), name).toMatchObject({ code: 'unauthenticated', status: 401 });
    }
  });
});

describe('validation', () => {
  it('renames a holiday that falls on a weekend (2026-02-15, a Sunday of the Spring Festival break)', async () => {
    const year = await setCalendarDay(admin, { day: '2026-02-15', kind: 'holiday', name: '春节（除夕前一日）' });
    expect(year.days.find((d) => d.day === '2026-02-15')).toEqual({ day: '2026-02-15', kind: 'holiday', name: '春节（除夕前一日）' });
  });

  it.each([
    [{ day: '2026-02-30', kind: 'holiday', name: '测试' }, 'day', '不是有效的日期'],
    [{ day: '2026/12/03', kind: 'holiday', name: '测试' }, 'day', '日期格式应为 YYYY-MM-DD'],
    [{ kind: 'holiday', name: '测试' }, 'day', '请填写日期'],
    [{ day: '2026-12-02', kind: 'workday', name: '测试' }, 'kind', '2026-12-02 是星期三，本来就是工作日，不能设为调休上班'],
    [{ day: '2026-12-03', kind: 'rest', name: '测试' }, 'kind', '类型只能是节假日（holiday）或调休上班（workday）'],
    [{ day: '2026-12-03', kind: 'holiday', name: '长'.repeat(21) }, 'name', '名称最多 20 个字'],
    [{ day: '2026-12-03', kind: 'holiday', name: '   ' }, 'name', '请填写名称'],
    [{ day: '2026-12-03', kind: 'holiday', name: '测试', extra: 1 }, '_', '不支持的字段：extra'],
  ])('setCalendarDay %j → 422', async (input, field, message) => {
    const error = await appErrorOf(setCalendarDay(admin, input));
    expect(error).toMatchObject({ code: 'invalid_input', status: 422, fields: { [field]: message } });
  });

  it('setCalendarDay refuses a day in a year the calendar does not have (422)', async () => {
    const error = await appErrorOf(setCalendarDay(admin, { day: '2029-01-02', kind: 'holiday', name: '测试' }));
    expect(error).toMatchObject({ code: 'invalid_input', status: 422, fields: { day: '工作日历中没有 2029 年，请先添加该年份' } });
    expect(await db().select().from(calendarDays).where(eq(calendarDays.day, '2029-01-02'))).toEqual([]);
  });

  it('a name of exactly 20 Chinese characters is accepted', async () => {
    const view = await setCalendarDay(admin, { day: '2026-12-04', kind: 'holiday', name: '字'.repeat(20) });
    expect(view.days.find((d) => d.day === '2026-12-04')).toEqual({ day: '2026-12-04', kind: 'holiday', name: '字'.repeat(20) });
    await removeCalendarDay(admin, { day: '2026-12-04' });
  });

  it('removeCalendarDay: 422 for a bad date, 404 for a day that is not in the calendar', async () => {
    expect(await appErrorOf(removeCalendarDay(admin, { day: '2026-13-01' }))).toMatchObject({ status: 422, fields: { day: '不是有效的日期' } });
    expect(await appErrorOf(removeCalendarDay(admin, { day: '2026-12-03' }))).toMatchObject({
      code: 'not_found',
      status: 404,
      message: '工作日历中没有 2026-12-03',
    });
  });

  it.each([
    [{ year: 1999, status: 'announced', source: '测试' }, 'year', '年份须为 2000 至 2100 之间的整数'],
    [{ year: 2028.5, status: 'announced', source: '测试' }, 'year', '年份须为 2000 至 2100 之间的整数'],
    [{ year: 2028, status: 'final', source: '测试' }, 'status', '状态只能是已公布（announced）或尚未公布（provisional）'],
    [{ year: 2028, status: 'announced', source: '' }, 'source', '请填写依据'],
    [{ year: 2028, status: 'announced', source: '依'.repeat(201) }, 'source', '依据最多 200 个字'],
  ])('setCalendarYear %j → 422', async (input, field, message) => {
    expect(await appErrorOf(setCalendarYear(admin, input))).toMatchObject({ code: 'invalid_input', status: 422, fields: { [field]: message } });
  });

  it.each([
    [{ complaint: 0 }, 'complaint', '投诉期限须为 1 至 60 之间的整数（工作日）'],
    [{ inquiry: 61 }, 'inquiry', '咨询期限须为 1 至 60 之间的整数（工作日）'],
    [{ suggestion: 2.5 }, 'suggestion', '建议期限须为 1 至 60 之间的整数（工作日）'],
    [{ triage: '2' }, 'triage', '分办期限须为 1 至 60 之间的整数（工作日）'],
    [{ appeal: 3 }, '_', '不支持的字段：appeal'],
    [{ applicationReplyDays: 21 }, 'applicationReplyDays', '政府信息公开申请答复期限须为 1 至 20 之间的整数（工作日，不超过《条例》规定的 20 个工作日）'],
    [{ applicationReplyDays: 0 }, 'applicationReplyDays', '政府信息公开申请答复期限须为 1 至 20 之间的整数（工作日，不超过《条例》规定的 20 个工作日）'],
  ])('updateDeadlines %j → 422', async (input, field, message) => {
    expect(await appErrorOf(updateDeadlines(admin, input))).toMatchObject({ code: 'invalid_input', status: 422, fields: { [field]: message } });
    expect(await getDeadlines(admin)).toEqual(DEFAULT_DEADLINES);
  });
});

describe('calendar edits move the due dates of open letters', () => {
  afterEach(async () => {
    // Leave December 2026 as the official arrangement has it: no exceptions.
    await db().delete(calendarDays).where(eq(calendarDays.day, '2026-12-03'));
    await db().delete(calendarDays).where(eq(calendarDays.day, '2026-12-05'));
  });

  it('a new holiday shifts the due date one working day later; removing it moves it back', async () => {
    // Tuesday 2026-12-01 + 5 working days = Tuesday 2026-12-08.
    const letter = await insertLetter({ kind: 'complaint', status: 'accepted', clockStart: '2026-12-01', remainingDays: 5 });
    expect(letter.dueOn).toBe('2026-12-08');

    const view = await setCalendarDay(admin, { day: '2026-12-03', kind: 'holiday', name: '临时休假' });
    expect(view).toMatchObject({ year: 2026, status: 'announced' });
    expect(view.days.find((d) => d.day === '2026-12-03')).toEqual({ day: '2026-12-03', kind: 'holiday', name: '临时休假' });
    expect(await letterClock(letter.id)).toEqual({ remainingDays: 5, dueOn: '2026-12-09' });

    const audit = await auditRows('calendar.day.set', '2026-12-03');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorId: admin.user.id,
      actorRole: 'admin',
      ip: '192.0.2.77',
      entityType: 'calendar_day',
      details: { before: null, after: { kind: 'holiday', name: '临时休假' } },
    });
    expect((audit[0]!.details as { dueDatesChanged: number }).dueDatesChanged).toBeGreaterThanOrEqual(1);

    // Renaming the same day is an update of the row, audited with what it was.
    await setCalendarDay(admin, { day: '2026-12-03', kind: 'holiday', name: '临时休假日' });
    const renamed = await auditRows('calendar.day.set', '2026-12-03');
    expect(renamed).toHaveLength(2);
    expect(renamed[1]!.details).toMatchObject({ before: { kind: 'holiday', name: '临时休假' }, after: { name: '临时休假日' }, dueDatesChanged: 0 });

    const after = await removeCalendarDay(admin, { day: '2026-12-03' });
    expect(after.days.some((d) => d.day === '2026-12-03')).toBe(false);
    expect(await letterClock(letter.id)).toEqual({ remainingDays: 5, dueOn: '2026-12-08' });
    const removal = await auditRows('calendar.day.remove', '2026-12-03');
    expect(removal).toHaveLength(1);
    expect(removal[0]).toMatchObject({ actorId: admin.user.id, details: { before: { kind: 'holiday', name: '临时休假日' } } });
  });

  it('a make-up workday on a Saturday pulls a due date earlier', async () => {
    const letter = await insertLetter({ kind: 'inquiry', status: 'accepted', clockStart: '2026-12-01', remainingDays: 5 });
    expect(letter.dueOn).toBe('2026-12-08');
    await setCalendarDay(admin, { day: '2026-12-05', kind: 'workday', name: '调休上班' });
    expect(await letterClock(letter.id)).toEqual({ remainingDays: 5, dueOn: '2026-12-07' });
    expect(await auditRows('calendar.day.set', '2026-12-05')).toHaveLength(1);
  });

  it('letters whose clock does not run keep their due date', async () => {
    const answered = await insertLetter({ kind: 'complaint', status: 'answered', clockStart: '2026-12-01', remainingDays: 5 });
    await setCalendarDay(admin, { day: '2026-12-03', kind: 'holiday', name: '临时休假' });
    expect(await letterClock(answered.id)).toEqual({ remainingDays: 5, dueOn: '2026-12-08' });
  });
});

describe('setCalendarYear', () => {
  it('adds 2028 with its provisional statutory holidays, audited', async () => {
    expect((await listCalendar(admin)).some((y) => y.year === 2028)).toBe(false);
    const source = '《全国年节及纪念日放假办法》法定节日（2028 年放假安排尚未公布）';
    const view = await setCalendarYear(admin, { year: 2028, status: 'provisional', source });
    const official = officialYear(2028);
    expect(official.status).toBe('provisional');
    expect(view).toEqual({ year: 2028, status: 'provisional', source, days: official.days });
    // 13 statutory holiday days, but 中秋节 falls on 国庆节's 10-03 in 2028: one row with both names.
    expect(view.days).toHaveLength(12);
    expect(view.days.every((d) => d.kind === 'holiday')).toBe(true);
    expect(view.days.find((d) => d.day === '2028-01-01')).toEqual({ day: '2028-01-01', kind: 'holiday', name: '元旦' });
    expect(view.days.find((d) => d.day === '2028-10-03')).toEqual({ day: '2028-10-03', kind: 'holiday', name: '中秋节、国庆节' });
    expect((await listCalendar(admin)).find((y) => y.year === 2028)).toEqual(view);

    const audit = await auditRows('calendar.year.create', '2028');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: admin.user.id, entityType: 'calendar_year', details: { before: null, seededDays: 12 } });

    // Days of the new year can now be edited.
    const edited = await setCalendarDay(admin, { day: '2028-01-03', kind: 'holiday', name: '元旦' });
    expect(edited.days).toHaveLength(13);
  });

  it('updates an existing year without reseeding its days', async () => {
    const before = (await listCalendar(admin)).find((y) => y.year === 2027)!;
    const view = await setCalendarYear(admin, { year: 2027, status: 'announced', source: '国务院办公厅关于 2027 年部分节假日安排的通知' });
    expect(view).toEqual({ ...before, status: 'announced', source: '国务院办公厅关于 2027 年部分节假日安排的通知' });
    const audit = await auditRows('calendar.year.update', '2027');
    expect(audit).toHaveLength(1);
    expect(audit[0]!.details).toMatchObject({ before: { status: before.status }, after: { status: 'announced' }, seededDays: 0 });
  });
});

describe('updateDeadlines', () => {
  it('changes the limit, the remaining days and the due date of open letters; answered letters stay', async () => {
    expect(await getDeadlines(admin)).toEqual(DEFAULT_DEADLINES);
    const complaint = await insertLetter({ kind: 'complaint', status: 'accepted', clockStart: '2026-12-01', remainingDays: 5 });
    const inquiry = await insertLetter({ kind: 'inquiry', status: 'accepted', clockStart: '2026-12-01', remainingDays: 5 });
    const submitted = await insertLetter({ kind: 'complaint', status: 'submitted', clockStart: '2026-12-01', remainingDays: 1 });
    const answered = await insertLetter({ kind: 'complaint', status: 'answered', clockStart: '2026-12-01', remainingDays: 5 });

    const limits = await updateDeadlines(admin, { complaint: 17 });
    expect(limits).toEqual({ ...DEFAULT_DEADLINES, complaint: 17 });
    expect(await getDeadlines(admin)).toEqual(limits);
    expect(await letterClock(complaint.id)).toEqual({ remainingDays: 7, dueOn: '2026-12-10' });
    expect(await letterClock(inquiry.id)).toEqual({ remainingDays: 5, dueOn: '2026-12-08' });
    expect(await letterClock(submitted.id)).toEqual({ remainingDays: 1, dueOn: '2026-12-02' });
    expect(await letterClock(answered.id)).toEqual({ remainingDays: 5, dueOn: '2026-12-08' });

    const audit = await auditRows('letters.deadlines.update', 'complaint');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorId: admin.user.id,
      entityType: 'letter_deadlines',
      details: { before: { complaint: 15 }, after: { complaint: 17 } },
    });

    // The triage limit moves submitted letters only.
    await updateDeadlines(admin, { triage: 3 });
    expect(await letterClock(submitted.id)).toEqual({ remainingDays: 3, dueOn: '2026-12-04' });
    expect(await letterClock(complaint.id)).toEqual({ remainingDays: 7, dueOn: '2026-12-10' });

    // Remaining days never go below 0: the letter is then due on its clock start.
    await updateDeadlines(admin, { complaint: 1 });
    expect(await letterClock(complaint.id)).toEqual({ remainingDays: 0, dueOn: '2026-12-01' });
    expect(await letterClock(answered.id)).toEqual({ remainingDays: 5, dueOn: '2026-12-08' });

    // Saving unchanged values writes nothing.
    const auditCount = (await db().select().from(auditLog).where(eq(auditLog.action, 'letters.deadlines.update'))).length;
    await updateDeadlines(admin, { complaint: 1, triage: 3 });
    expect((await db().select().from(auditLog).where(eq(auditLog.action, 'letters.deadlines.update'))).length).toBe(auditCount);

    expect(await updateDeadlines(admin, { ...DEFAULT_DEADLINES })).toEqual(DEFAULT_DEADLINES);
    expect(await auditRows('letters.deadlines.update', 'complaint,triage')).toHaveLength(1);
  });
});

describe('the applications\' reply limit', () => {
  async function insertApplication(status: 'registered' | 'consulting' | 'answered', clockStart: string | null, remainingDays: number) {
    const [row] = await db().insert(disclosureApplications).values({
      trackingNo: `GK20261201${randomBytes(2).readUInt16BE(0).toString().padStart(5, '0')}`, applicantId: citizen.user.id, applicantType: 'person',
      applicantName: '测试', description: '申请公开测试信息', form: 'electronic', status, receivedOn: '2026-12-01',
      clockStart, remainingDays, dueOn: clockStart ? addWorkingDays(clockStart, remainingDays, await loadCalendarRules(db())) : null,
    }).returning({ id: disclosureApplications.id });
    return row!.id;
  }
  const clockOf = async (id: number) => {
    const [row] = await db().select({ remainingDays: disclosureApplications.remainingDays, dueOn: disclosureApplications.dueOn }).from(disclosureApplications).where(eq(disclosureApplications.id, id));
    return row;
  };

  it('15 working days (the seed bureau\'s promise) moves open applications\' clocks like a calendar edit; answered ones stay', async () => {
    const running = await insertApplication('registered', '2026-12-01', 20);
    const paused = await insertApplication('consulting', null, 12);
    const answered = await insertApplication('answered', '2026-12-01', 20);
    const before = await clockOf(answered);
    const limits = await updateDeadlines(admin, { applicationReplyDays: 15 });
    expect(limits).toEqual({ ...DEFAULT_DEADLINES, applicationReplyDays: 15 });
    expect(await getDeadlines(admin)).toEqual(limits);
    expect(await clockOf(running)).toEqual({ remainingDays: 15, dueOn: addWorkingDays('2026-12-01', 15, await loadCalendarRules(db())) });
    expect(await clockOf(paused)).toEqual({ remainingDays: 7, dueOn: null });
    expect(await clockOf(answered)).toEqual(before);
    const audit = await auditRows('letters.deadlines.update', 'applicationReplyDays');
    expect(audit[0]!.details).toMatchObject({ before: { applicationReplyDays: 20 }, after: { applicationReplyDays: 15 }, applicationsAdjusted: 2 });
    await updateDeadlines(admin, { applicationReplyDays: 20 });
    expect(await clockOf(running)).toMatchObject({ remainingDays: 20 });
  });
});

describe('route handlers', () => {
  const base = 'http://localhost/api/v1/admin';
  const send = (method: string, path: string, body?: string) =>
    new Request(`${base}${path}`, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body });
  const noContext = {} as never;

  afterEach(() => {
    requestHeaders.cookie = null;
  });

  it('GET calendar and deadlines: 401 for a visitor, 403 for a citizen, 200 for an admin', async () => {
    await signIn(null);
    expect((await calendarRoute.GET(send('GET', '/calendar'), noContext)).status).toBe(401);
    expect((await deadlinesRoute.GET(send('GET', '/deadlines'), noContext)).status).toBe(401);
    await signIn('citizen@example.com');
    const forbidden = await calendarRoute.GET(send('GET', '/calendar'), noContext);
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toEqual({ error: { code: 'forbidden', message: '您没有权限进行此操作' } });
    await signIn('admin@example.com');
    const calendar = await calendarRoute.GET(send('GET', '/calendar'), noContext);
    expect(calendar.status).toBe(200);
    expect((await calendar.json()).items).toEqual(await listCalendarYears(db()));
    const deadlines = await deadlinesRoute.GET(send('GET', '/deadlines'), noContext);
    expect(await deadlines.json()).toEqual(await getDeadlines(admin));
  });

  it('POST and DELETE a day, with 422, 400 and 404 as the API promises', async () => {
    await signIn('admin@example.com');
    const invalid = await calendarRoute.POST(send('POST', '/calendar', JSON.stringify({ day: '2026-12-02', kind: 'workday', name: '测试' })), noContext);
    expect(invalid.status).toBe(422);
    expect((await invalid.json()).error.fields).toEqual({ kind: '2026-12-02 是星期三，本来就是工作日，不能设为调休上班' });
    expect((await calendarRoute.POST(send('POST', '/calendar', '{'), noContext)).status).toBe(400);

    const created = await calendarRoute.POST(send('POST', '/calendar', JSON.stringify({ day: '2026-12-03', kind: 'holiday', name: '接口测试' })), noContext);
    expect(created.status).toBe(200);
    expect((await created.json()).days).toContainEqual({ day: '2026-12-03', kind: 'holiday', name: '接口测试' });
    const audit = await auditRows('calendar.day.set', '2026-12-03');
    expect(audit.at(-1)).toMatchObject({ actorId: admin.user.id, ip: '192.0.2.55', details: { after: { name: '接口测试' } } });

    const removed = await calendarRoute.DELETE(send('DELETE', '/calendar?day=2026-12-03'), noContext);
    expect(removed.status).toBe(200);
    expect((await removed.json()).days.some((d: { day: string }) => d.day === '2026-12-03')).toBe(false);
    expect((await calendarRoute.DELETE(send('DELETE', '/calendar?day=2026-12-03'), noContext)).status).toBe(404);
    const missing = await calendarRoute.DELETE(send('DELETE', '/calendar'), noContext);
    expect(missing.status).toBe(422);
    expect((await missing.json()).error.fields).toEqual({ day: '请填写日期' });
  });

  it('PATCH deadlines', async () => {
    await signIn('moderator@example.com');
    expect((await deadlinesRoute.PATCH(send('PATCH', '/deadlines', JSON.stringify({ triage: 2 })), noContext)).status).toBe(403);
    await signIn('admin@example.com');
    const invalid = await deadlinesRoute.PATCH(send('PATCH', '/deadlines', JSON.stringify({ triage: 0 })), noContext);
    expect(invalid.status).toBe(422);
    expect((await invalid.json()).error.fields).toEqual({ triage: '分办期限须为 1 至 60 之间的整数（工作日）' });
    const changed = await deadlinesRoute.PATCH(send('PATCH', '/deadlines', JSON.stringify({ triage: 2 })), noContext);
    expect(changed.status).toBe(200);
    expect(await changed.json()).toEqual({ ...DEFAULT_DEADLINES, triage: 2 });
    await updateDeadlines(admin, { triage: DEFAULT_DEADLINES.triage });
  });
});

describe('server actions of the admin page', () => {
  const initial: FormState = { ok: false, message: null, fields: {} };
  const form = (values: Record<string, string>) => {
    const data = new FormData();
    for (const [key, value] of Object.entries(values)) data.set(key, value);
    return data;
  };

  afterEach(() => {
    requestHeaders.cookie = null;
  });

  it('turn refusals into form state with field errors and the values sent, never throwing', async () => {
    await signIn(null);
    expect(await saveDeadlines(initial, form({ inquiry: '5', suggestion: '10', complaint: '15', triage: '1' }))).toMatchObject({
      ok: false,
      message: '请先登录',
    });
    await signIn('handler@example.com');
    expect(await deleteDay(initial, form({ day: '2026-10-01' }))).toMatchObject({ ok: false, message: '您没有权限进行此操作' });

    await signIn('admin@example.com');
    const invalid = await saveDeadlines(initial, form({ inquiry: '', suggestion: '10', complaint: 'abc', triage: '1', applicationReplyDays: '20' }));
    expect(invalid).toEqual({
      ok: false,
      message: '提交的内容有误，请检查标出的项目',
      fields: { inquiry: '咨询期限须为 1 至 60 之间的整数（工作日）', complaint: '投诉期限须为 1 至 60 之间的整数（工作日）' },
      values: { inquiry: '', suggestion: '10', complaint: 'abc', triage: '1', applicationReplyDays: '20' },
      at: expect.any(Number),
    });
    expect(await saveDay(initial, form({ day: '2026-12-02', kind: 'workday', name: '补班' }))).toMatchObject({
      ok: false,
      fields: { kind: '2026-12-02 是星期三，本来就是工作日，不能设为调休上班' },
      values: { day: '2026-12-02', kind: 'workday', name: '补班' },
    });
    expect(await saveYear(initial, form({ year: '20x8', status: 'provisional', source: '测试' }))).toMatchObject({
      ok: false,
      fields: { year: '年份须为 2000 至 2100 之间的整数' },
    });
    expect(await getDeadlines(admin)).toEqual(DEFAULT_DEADLINES);
  });

  it('save and report success', async () => {
    await signIn('admin@example.com');
    const ok = { ok: true, message: null, fields: {}, at: expect.any(Number) };
    expect(await saveDeadlines(initial, form({ inquiry: '6', suggestion: '10', complaint: '15', triage: '1', applicationReplyDays: '20' }))).toEqual(ok);
    expect(await getDeadlines(admin)).toEqual({ ...DEFAULT_DEADLINES, inquiry: 6 });
    expect(await saveDay(initial, form({ day: '2026-12-03', kind: 'holiday', name: '表单测试' }))).toEqual(ok);
    expect(await deleteDay(initial, form({ day: '2026-12-03' }))).toEqual(ok);
    expect(await deleteDay(initial, form({ day: '2026-12-03' }))).toMatchObject({ ok: false, message: '工作日历中没有 2026-12-03' });
    const year = (await listCalendar(admin)).find((y) => y.year === 2027)!;
    expect(await saveYear(initial, form({ year: '2027', status: 'provisional', source: year.source }))).toEqual(ok);
    expect((await listCalendar(admin)).find((y) => y.year === 2027)).toMatchObject({ status: 'provisional' });
    await updateDeadlines(admin, DEFAULT_DEADLINES);
  });
});
