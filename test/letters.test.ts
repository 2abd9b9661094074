import { and, asc, eq, inArray, like } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { auditLog } from '@/lib/audit/schema';
import { departments, users } from '@/lib/accounts/schema';
import { listDepartments } from '@/lib/accounts/departments';
import { findActiveUser, newPublicId } from '@/lib/accounts/users';
import type { Actor, ActorUser } from '@/lib/auth/permissions';
import { addWorkingDays, loadCalendarRules } from '@/lib/calendar';
import { emailOutbox, notifications } from '@/lib/notifications/schema';
import { letterEvents, letterMessages, letters, type LetterKind } from '@/lib/letters/schema';
import { actOnLetter, submitLetter } from '@/lib/letters/operations';
import { getLetter, listLetters, type LetterSummary } from '@/lib/letters/queries';
import { DEMO_DEPARTMENTS } from '@/lib/seed/demo';
import { seedReferenceData } from '@/lib/seed/reference';
import { appErrorOf } from './support/errors';
import { actorFor, insertUser, uniqueEmail, visitor } from './support/users';

/**
 * The letters domain on a real database (DESIGN.md §4, API.md "Letters"): lib/letters/operations.ts and
 * queries.ts, driven with explicit `now` values. Dates are Beijing times; the 2026 calendar is the State
 * Council's (中秋 09-25..27, 国庆 10-01..07, make-up workdays Sunday 09-20 and Saturday 10-10; no holidays in
 * March, November or December).
 *
 * Tracking numbers count per Beijing day, so the tests that check exact sequence numbers use days (2026-03-06,
 * 2026-03-07, 2026-03-10) no other test in this file submits on.
 */

type StaffActor = Actor & { user: ActorUser };

/** A Beijing wall-clock time, e.g. bj('2026-09-18T10:00'). */
const bj = (local: string) => new Date(`${local}:00+08:00`);

let citizen: StaffActor;
let otherCitizen: StaffActor;
let handler: StaffActor; // market
let leader: StaffActor; // office
let moderator: StaffActor;
let admin: StaffActor;
/** Department public ids and internal ids by code. */
const deptPublicId: Record<string, string> = {};
const deptId: Record<string, number> = {};

async function actorOf(publicId: string, ip = '192.0.2.20'): Promise<StaffActor> {
  const user = await findActiveUser(db(), publicId);
  expect(user).not.toBeNull();
  return { user: user!, ip };
}

beforeAll(async () => {
  // The deadline tests use the 2026 calendar whatever the machine's clock says (idempotent when present).
  await seedReferenceData(db(), new Date('2026-06-01T00:00:00Z'));
  citizen = await actorFor('citizen@example.com', '192.0.2.11');
  handler = await actorFor('handler@example.com', '192.0.2.12');
  leader = await actorFor('leader@example.com', '192.0.2.13');
  moderator = await actorFor('moderator@example.com', '192.0.2.14');
  admin = await actorFor('admin@example.com', '192.0.2.15');
  otherCitizen = await actorOf(await insertUser({ name: '李路人', email: uniqueEmail('other') }), '192.0.2.16');

  const listed = await listDepartments(db());
  const rows = await db().select({ id: departments.id, code: departments.code, publicId: departments.publicId }).from(departments);
  for (const d of DEMO_DEPARTMENTS) {
    const r = rows.find((x) => x.code === d.code)!;
    const l = listed.find((x) => x.name === d.name)!;
    expect(l.id).toBe(r.publicId);
    deptPublicId[d.code] = l.id;
    deptId[d.code] = r.id;
  }
  expect(handler.user.departmentId).toBe(deptId.market);
  expect(leader.user.departmentId).toBe(deptId.office);
});

const input = (changes: Record<string, unknown> = {}) => ({
  kind: 'complaint',
  title: '演出场所深夜噪音扰民',
  body: '小区旁边的演出场所每晚十一点以后仍然播放很响的音乐，严重影响居民休息，请予以查处。',
  consentToPublish: false,
  ...changes,
});

async function letterRow(trackingNo: string) {
  const [row] = await db().select().from(letters).where(eq(letters.trackingNo, trackingNo));
  expect(row, `letter ${trackingNo}`).toBeDefined();
  return row!;
}

async function eventsOf(trackingNo: string) {
  const row = await letterRow(trackingNo);
  return db().select().from(letterEvents).where(eq(letterEvents.letterId, row.id)).orderBy(asc(letterEvents.id));
}

async function auditOf(trackingNo: string) {
  return db().select().from(auditLog).where(and(eq(auditLog.entityType, 'letter'), eq(auditLog.entityId, trackingNo))).orderBy(asc(auditLog.id));
}

/** Submits a letter and has the moderator accept it to a department. */
async function acceptedLetter(options: { kind?: LetterKind; dept?: string; acceptedAt: Date; submittedAt?: Date; writer?: StaffActor; title?: string }) {
  const submitted = await submitLetter(options.writer ?? citizen, input({ kind: options.kind ?? 'complaint', title: options.title ?? '演出场所深夜噪音扰民' }), {
    now: options.submittedAt ?? new Date(options.acceptedAt.getTime() - 3_600_000),
  });
  const accepted = await actOnLetter(moderator, submitted.trackingNo, { action: 'accept', departmentId: deptPublicId[options.dept ?? 'market'] }, options.acceptedAt);
  expect(accepted).toEqual({ trackingNo: submitted.trackingNo, status: 'accepted', version: 2 });
  return submitted;
}

/** Every page of a list. */
async function wholeList(actor: Actor, query: Record<string, unknown>, now: Date): Promise<{ items: LetterSummary[]; total: number }> {
  const items: LetterSummary[] = [];
  for (let page = 1; ; page++) {
    const result = await listLetters(actor, { ...query, page }, now);
    items.push(...result.items);
    if (items.length >= result.total || result.items.length === 0) return { items, total: result.total };
  }
}

describe('submitLetter', () => {
  it('returns a tracking number of the Beijing date plus a daily sequence, a 6-digit query code and status submitted', async () => {
    // 2026-03-05 20:00 UTC is Friday 2026-03-06 04:00 in Beijing.
    const first = await submitLetter(citizen, input({ kind: 'inquiry' }), { now: new Date('2026-03-05T20:00:00Z') });
    const second = await submitLetter(citizen, input({ kind: 'suggestion' }), { now: bj('2026-03-06T16:30') });
    expect(first).toEqual({ trackingNo: '202603060001', queryCode: expect.stringMatching(/^\d{6}$/), status: 'submitted' });
    expect(second).toEqual({ trackingNo: '202603060002', queryCode: expect.stringMatching(/^\d{6}$/), status: 'submitted' });
    // The next Beijing day starts again at 0001 (2026-03-06 16:30 UTC is 2026-03-07 00:30 in Beijing).
    const nextDay = await submitLetter(citizen, input(), { now: new Date('2026-03-06T16:30:00Z') });
    expect(nextDay.trackingNo).toBe('202603070001');

    const row = await letterRow(first.trackingNo);
    expect(row).toMatchObject({
      status: 'submitted',
      kind: 'inquiry',
      writerId: citizen.user.id,
      queryCode: first.queryCode,
      departmentId: null,
      requestedDepartmentId: null,
      consentToPublish: false,
      version: 1,
      extensionDays: 0,
      reopened: false,
    });
    expect(row.submittedAt.toISOString()).toBe('2026-03-05T20:00:00.000Z');
  });

  it('gives moderators one working day to triage, across a weekend', async () => {
    // Friday → Monday.
    const friday = await submitLetter(citizen, input(), { now: bj('2026-03-06T18:00') });
    expect(await letterRow(friday.trackingNo)).toMatchObject({ clockStart: '2026-03-06', remainingDays: 1, dueOn: '2026-03-09' });
    // Saturday → Monday.
    const saturday = await submitLetter(citizen, input(), { now: bj('2026-03-07T09:00') });
    expect(await letterRow(saturday.trackingNo)).toMatchObject({ clockStart: '2026-03-07', remainingDays: 1, dueOn: '2026-03-09' });
    // Thursday → Friday.
    const thursday = await submitLetter(citizen, input(), { now: bj('2026-03-12T09:00') });
    expect(await letterRow(thursday.trackingNo)).toMatchObject({ dueOn: '2026-03-13' });
  });

  it('stores the requested department', async () => {
    const submitted = await submitLetter(citizen, input({ departmentId: deptPublicId.tourism }), { now: bj('2026-03-12T10:00') });
    expect(await letterRow(submitted.trackingNo)).toMatchObject({ requestedDepartmentId: deptId.tourism, departmentId: null });
    const view = await getLetter(citizen, submitted.trackingNo, {}, bj('2026-03-12T10:00'));
    expect(view.requestedDepartment).toBe('旅游发展处');
    expect(view.department).toBeNull();
  });

  it.each([
    ['a title under 5 characters', { title: '噪音扰民' }, 'title', '标题至少 5 个字'],
    ['a title over 50 characters', { title: '噪'.repeat(51) }, 'title', '标题最多 50 个字'],
    ['a title that is only spaces', { title: '        ' }, 'title', '标题至少 5 个字'],
    ['a missing title', { title: undefined }, 'title', '请填写标题'],
    ['a body under 10 characters', { body: '晚上噪音很大很吵' }, 'body', '内容至少 10 个字'],
    ['a body over 3000 characters', { body: '吵'.repeat(3001) }, 'body', '内容最多 3000 个字'],
    ['an unknown kind', { kind: 'praise' }, 'kind', '请选择来信类别（咨询、投诉或建议）'],
    ['a missing consent choice', { consentToPublish: undefined }, 'consentToPublish', '请选择是否同意公开'],
    ['a consent given as a string', { consentToPublish: 'yes' }, 'consentToPublish', '请选择是否同意公开'],
  ])('refuses %s with a Chinese field message (422)', async (_label, changes, field, message) => {
    const before = await db().$count(letters);
    const error = await appErrorOf(submitLetter(citizen, input(changes), { now: bj('2026-03-12T11:00') }));
    expect(error.code).toBe('invalid_input');
    expect(error.status).toBe(422);
    expect(error.fields?.[field]).toBe(message);
    expect(await db().$count(letters)).toBe(before);
  });

  it('accepts the limits exactly: 5 and 50 characters of title, 10 and 3000 of body', async () => {
    for (const [title, body] of [['噪音扰民啊', '吵'.repeat(10)], ['噪'.repeat(50), '吵'.repeat(3000)]] as const) {
      const submitted = await submitLetter(citizen, input({ title, body }), { now: bj('2026-03-12T11:30') });
      expect(await letterRow(submitted.trackingNo)).toMatchObject({ title, body });
    }
  });

  it('refuses an unknown department id (422 on departmentId)', async () => {
    const before = await db().$count(letters);
    const error = await appErrorOf(submitLetter(citizen, input({ departmentId: newPublicId() }), { now: bj('2026-03-12T12:00') }));
    expect(error.code).toBe('invalid_input');
    expect(error.fields).toEqual({ departmentId: '没有这个部门' });
    expect(await db().$count(letters)).toBe(before);
  });

  it('stores HTML in title and body as the text it is (pages render it as text)', async () => {
    const title = '<b>噪音</b> & "扰民" <i>问题</i>';
    const body = `<script>alert('x')</script><img src=x onerror=alert(1)> 晚上十一点后 <p>仍然很吵</p>`;
    const submitted = await submitLetter(citizen, input({ title, body }), { now: bj('2026-03-12T12:30') });
    expect(await letterRow(submitted.trackingNo)).toMatchObject({ title, body });
    const view = await getLetter(citizen, submitted.trackingNo, {}, bj('2026-03-12T12:30'));
    expect(view.title).toBe(title);
    expect(view.body).toBe(body);
  });

  it('may not be used by staff (403) or visitors (401)', async () => {
    const before = await db().$count(letters);
    for (const staff of [handler, leader, moderator, admin]) {
      const error = await appErrorOf(submitLetter(staff, input(), { now: bj('2026-03-12T13:00') }));
      expect(error.code, staff.user.role).toBe('forbidden');
      expect(error.status).toBe(403);
    }
    const error = await appErrorOf(submitLetter(visitor(), input(), { now: bj('2026-03-12T13:00') }));
    expect(error.code).toBe('unauthenticated');
    expect(error.status).toBe(401);
    expect(await db().$count(letters)).toBe(before);
  });

  it('with the same idempotency key returns the first letter; a different key makes a new one', async () => {
    const now = bj('2026-03-10T09:00');
    const first = await submitLetter(citizen, input(), { idempotencyKey: 'retry-key-0001', now });
    const again = await submitLetter(citizen, input({ title: '重试时改了标题也一样' }), { idempotencyKey: 'retry-key-0001', now });
    expect(again).toEqual(first);
    expect(first.trackingNo).toBe('202603100001');
    expect(await db().$count(letters, and(eq(letters.writerId, citizen.user.id), eq(letters.idempotencyKey, 'retry-key-0001')))).toBe(1);

    // Three at once with one key: one letter, and the losers leave no gap in the day's sequence.
    const concurrent = await Promise.all([1, 2, 3].map(() => submitLetter(citizen, input(), { idempotencyKey: 'retry-key-0002', now })));
    expect(new Set(concurrent.map((c) => c.trackingNo)).size).toBe(1);
    expect(concurrent[1]).toEqual(concurrent[0]);
    expect(concurrent[2]).toEqual(concurrent[0]);
    expect(concurrent[0]!.trackingNo).toBe('202603100002');
    expect(await db().$count(letters, and(eq(letters.writerId, citizen.user.id), eq(letters.idempotencyKey, 'retry-key-0002')))).toBe(1);

    const other = await submitLetter(citizen, input(), { idempotencyKey: 'retry-key-0003', now });
    expect(other.trackingNo).toBe('202603100003');
    // The key belongs to the writer: another citizen's identical key is another letter.
    const someoneElse = await submitLetter(otherCitizen, input(), { idempotencyKey: 'retry-key-0001', now });
    expect(someoneElse.trackingNo).toBe('202603100004');
    expect(await db().$count(letters, like(letters.trackingNo, '20260310%'))).toBe(4);
  });

  it('refuses a malformed idempotency key (422)', async () => {
    const error = await appErrorOf(submitLetter(citizen, input(), { idempotencyKey: 'short', now: bj('2026-03-12T14:00') }));
    expect(error.code).toBe('invalid_input');
    expect(error.fields?._).toBe('Idempotency-Key 至少 8 个字符');
  });

  it('notifies the writer and every moderator, with email, and writes the audit row', async () => {
    const title = '通知测试：图书馆开放时间咨询';
    const submitted = await submitLetter(citizen, input({ kind: 'inquiry', title }), { now: bj('2026-03-12T15:00') });
    const { trackingNo, queryCode } = submitted;

    const mine = await db().select().from(notifications).where(and(eq(notifications.userId, citizen.user.id), eq(notifications.link, `/letters/${trackingNo}`)));
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ kind: 'letter.submitted', title: `您的咨询已提交：${trackingNo}`, readAt: null });
    expect(mine[0]!.body).toContain(queryCode);

    const moderators = await db().select({ id: users.id, email: users.email }).from(users).where(and(eq(users.role, 'moderator'), eq(users.status, 'active')));
    expect(moderators.length).toBeGreaterThanOrEqual(1);
    const triage = await db().select().from(notifications).where(and(eq(notifications.kind, 'letter.triage'), eq(notifications.link, `/letters/${trackingNo}`)));
    expect(triage.map((n) => n.userId).sort()).toEqual(moderators.map((m) => m.id).sort());
    for (const n of triage) expect(n).toMatchObject({ kind: 'letter.triage', title: `新来信待分办：${title}` });

    const toWriter = await db().select().from(emailOutbox).where(eq(emailOutbox.subject, `【民声】您的咨询已提交：${trackingNo}`));
    expect(toWriter).toHaveLength(1);
    expect(toWriter[0]).toMatchObject({ to: 'citizen@example.com', sentAt: null });
    expect(toWriter[0]!.body).toContain(queryCode);
    // E-mails carry absolute links on the site's public address.
    expect(toWriter[0]!.body).toContain(`http://localhost:3000/letters/${trackingNo}`);
    const toModerators = await db().select().from(emailOutbox).where(eq(emailOutbox.subject, `【民声】新来信待分办：${title}`));
    expect(toModerators.map((m) => m.to).sort()).toEqual(moderators.map((m) => m.email).filter(Boolean).sort());

    const audit = await auditOf(trackingNo);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'letter.submit', actorId: citizen.user.id, actorRole: 'citizen', ip: '192.0.2.11', details: { kind: 'inquiry' } });
    const events = await eventsOf(trackingNo);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'submitted', actorId: citizen.user.id, actorRole: 'citizen', public: true });
  });
});

describe('the lifecycle', () => {
  it('happy path: accepted to market, answered, rated satisfied → closed; complaint due 15 working days across National Day', async () => {
    const submittedAt = bj('2026-09-17T15:00'); // Thursday
    const acceptedAt = bj('2026-09-18T10:00'); // Friday
    const repliedAt = bj('2026-10-12T09:30');
    const ratedAt = bj('2026-10-13T20:00');
    const { trackingNo } = await submitLetter(citizen, input({ departmentId: deptPublicId.market }), { now: submittedAt });
    expect(await letterRow(trackingNo)).toMatchObject({ status: 'submitted', version: 1, dueOn: '2026-09-18' });

    expect(await actOnLetter(moderator, trackingNo, { action: 'accept', departmentId: deptPublicId.market, version: 1 }, acceptedAt))
      .toEqual({ trackingNo, status: 'accepted', version: 2 });
    // 15 working days from Friday 09-18, by hand: 09-20 (Sunday, make-up workday) 1, 09-21..24 2–5, 09-25 中秋 and
    // the weekend off, 09-28..30 6–8, 10-01..07 国庆 off, 10-08 9, 10-09 10, 10-10 (Saturday, make-up workday) 11,
    // 10-12..15 12–15.
    let row = await letterRow(trackingNo);
    expect(row).toMatchObject({ status: 'accepted', version: 2, departmentId: deptId.market, clockStart: '2026-09-18', remainingDays: 15, dueOn: '2026-10-15' });
    expect(row.acceptedAt?.toISOString()).toBe(acceptedAt.toISOString());
    expect(addWorkingDays('2026-09-18', 15, await loadCalendarRules(db()))).toBe('2026-10-15');

    const answer = '经查，该演出场所已被责令整改，夜间十点后停止营业性演出。感谢您的监督。';
    expect(await actOnLetter(handler, trackingNo, { action: 'reply', body: answer, version: 2 }, repliedAt))
      .toEqual({ trackingNo, status: 'answered', version: 3 });
    row = await letterRow(trackingNo);
    expect(row).toMatchObject({ status: 'answered', version: 3, dueOn: null, clockStart: null, remainingDays: null });
    expect(row.answeredAt?.toISOString()).toBe(repliedAt.toISOString());

    expect(await actOnLetter(citizen, trackingNo, { action: 'rate', rating: 'satisfied', comment: '处理及时', version: 3 }, ratedAt))
      .toEqual({ trackingNo, status: 'closed', version: 4 });
    row = await letterRow(trackingNo);
    expect(row).toMatchObject({ status: 'closed', version: 4, rating: 'satisfied', ratingComment: '处理及时', reopened: false });
    expect(row.closedAt?.toISOString()).toBe(ratedAt.toISOString());
    expect(row.ratedAt?.toISOString()).toBe(ratedAt.toISOString());

    const events = await eventsOf(trackingNo);
    expect(events.map((e) => [e.type, e.actorRole, e.actorId, e.at.toISOString()])).toEqual([
      ['submitted', 'citizen', citizen.user.id, submittedAt.toISOString()],
      ['accepted', 'moderator', moderator.user.id, acceptedAt.toISOString()],
      ['answered', 'handler', handler.user.id, repliedAt.toISOString()],
      ['rated', 'citizen', citizen.user.id, ratedAt.toISOString()],
    ]);
    // Each event carries the due date in force before it (lib/cases/runner.ts), for the 按期办结率 of the event log.
    expect(events[1]!.data).toEqual({ department: '文化市场管理处', dueOnBefore: events[1]!.data.dueOnBefore });
    expect(events[1]!.data.dueOnBefore).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(events[3]!.data).toEqual({ rating: 'satisfied', comment: '处理及时', dueOnBefore: null });

    const messages = await db().select().from(letterMessages).where(eq(letterMessages.letterId, row.id));
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ kind: 'answer', body: answer, authorId: handler.user.id, departmentId: deptId.market });
    expect(messages[0]!.createdAt.toISOString()).toBe(repliedAt.toISOString());

    const audit = await auditOf(trackingNo);
    expect(audit.map((a) => [a.action, a.actorId, a.actorRole])).toEqual([
      ['letter.submit', citizen.user.id, 'citizen'],
      ['letter.accept', moderator.user.id, 'moderator'],
      ['letter.reply', handler.user.id, 'handler'],
      ['letter.rate', citizen.user.id, 'citizen'],
    ]);
    expect(audit[1]!.details).toEqual({ from: 'submitted', to: 'accepted' });
    expect(audit[2]!.details).toEqual({ from: 'accepted', to: 'answered' });
    expect(audit[3]!.details).toEqual({ from: 'answered', to: 'closed' });

    const kindsFor = async (userId: number) =>
      (await db().select({ kind: notifications.kind }).from(notifications).where(and(eq(notifications.userId, userId), like(notifications.link, `%/${trackingNo}`))).orderBy(asc(notifications.id))).map((n) => n.kind);
    expect(await kindsFor(citizen.user.id)).toEqual(['letter.submitted', 'letter.accepted', 'letter.answered']);
    expect(await kindsFor(handler.user.id)).toEqual(['letter.assigned', 'letter.rated']);

    const view = await getLetter(citizen, trackingNo, {}, ratedAt);
    expect(view).toMatchObject({
      trackingNo, status: 'closed', kind: 'complaint', department: '文化市场管理处', requestedDepartment: '文化市场管理处',
      dueAt: null, version: 4, viewer: 'writer', rating: { rating: 'satisfied', comment: '处理及时' },
    });
    expect(view.replies).toEqual([{ kind: 'answer', body: answer, department: '文化市场管理处', author: null, createdAt: repliedAt, attachments: [] }]);
    expect(view.events.map((e) => e.type)).toEqual(['submitted', 'accepted', 'answered', 'rated']);
  });

  it('needs_info stops the clock; the writer\'s answer restarts it with the working days left', async () => {
    // Complaint accepted Monday 2026-11-02: due 11-23 (15 working days, no holidays in November).
    const { trackingNo } = await acceptedLetter({ kind: 'complaint', acceptedAt: bj('2026-11-02T10:00') });
    expect(await letterRow(trackingNo)).toMatchObject({ clockStart: '2026-11-02', remainingDays: 15, dueOn: '2026-11-23' });

    // Thursday 11-05: three working days used (Tuesday, Wednesday, Thursday).
    const asked = await actOnLetter(handler, trackingNo, { action: 'request_info', message: '请提供演出场所的具体地址和噪音发生的时间段。' }, bj('2026-11-05T15:00'));
    expect(asked).toEqual({ trackingNo, status: 'needs_info', version: 3 });
    expect(await letterRow(trackingNo)).toMatchObject({ status: 'needs_info', clockStart: null, dueOn: null, remainingDays: 12 });
    expect((await getLetter(citizen, trackingNo, {}, bj('2026-11-06T09:00'))).dueAt).toBeNull();
    // The clock does not run while the letter waits: not in the handler's overdue counts either.
    const waiting = await listLetters(handler, { scope: 'queue', status: 'needs_info' }, bj('2026-12-31T09:00'));
    expect(waiting.items.find((i) => i.trackingNo === trackingNo)?.badges).toEqual([]);

    // Only the writer answers, only while the letter waits.
    expect((await appErrorOf(actOnLetter(handler, trackingNo, { action: 'reply', body: '在补正期间答复应当被拒绝。' }, bj('2026-11-10T09:00')))).status).toBe(409);
    expect((await appErrorOf(actOnLetter(otherCitizen, trackingNo, { action: 'provide_info', message: '我不是来信人' }, bj('2026-11-10T09:00')))).status).toBe(404);

    // Ten days later, on Sunday 11-15: 12 working days from there → 11-16..20 (5), 11-23..27 (10), 11-30, 12-01.
    const provided = await actOnLetter(citizen, trackingNo, { action: 'provide_info', message: '地址是文化路 100 号，噪音在每晚 23 点至次日 1 点。' }, bj('2026-11-15T20:00'));
    expect(provided).toEqual({ trackingNo, status: 'accepted', version: 4 });
    expect(await letterRow(trackingNo)).toMatchObject({ status: 'accepted', clockStart: '2026-11-15', remainingDays: 12, dueOn: '2026-12-01' });

    const row = await letterRow(trackingNo);
    const messages = await db().select().from(letterMessages).where(eq(letterMessages.letterId, row.id)).orderBy(asc(letterMessages.id));
    expect(messages.map((m) => [m.kind, m.authorId, m.departmentId])).toEqual([
      ['info_request', handler.user.id, deptId.market],
      ['info_provided', citizen.user.id, null],
    ]);
    expect((await eventsOf(trackingNo)).map((e) => e.type)).toEqual(['submitted', 'accepted', 'info_requested', 'info_provided']);
    const staffNotified = await db().select().from(notifications).where(and(eq(notifications.userId, handler.user.id), eq(notifications.kind, 'letter.info_provided'), like(notifications.link, `%/${trackingNo}`)));
    expect(staffNotified).toHaveLength(1);
  });

  it('the moderator may ask for information before routing; the answer restarts the triage clock', async () => {
    const { trackingNo } = await submitLetter(citizen, input(), { now: bj('2026-11-02T09:00') });
    expect(await actOnLetter(moderator, trackingNo, { action: 'request_info', message: '请说明您反映的是哪个区的演出场所。' }, bj('2026-11-02T10:00')))
      .toEqual({ trackingNo, status: 'needs_info', version: 2 });
    // Same day: nothing of the one triage day is used.
    expect(await letterRow(trackingNo)).toMatchObject({ status: 'needs_info', remainingDays: 1, dueOn: null, departmentId: null });
    expect(await actOnLetter(citizen, trackingNo, { action: 'provide_info', message: '思明区文化路。' }, bj('2026-11-06T10:00')))
      .toEqual({ trackingNo, status: 'submitted', version: 3 });
    expect(await letterRow(trackingNo)).toMatchObject({ status: 'submitted', clockStart: '2026-11-06', remainingDays: 1, dueOn: '2026-11-09' });
  });

  it('extends once: +5 working days moves the due date by 5; a second extension is 409; more than the kind\'s limit is 422', async () => {
    // Inquiry (5 working days) accepted Monday 2026-11-02 → due Monday 11-09.
    const { trackingNo } = await acceptedLetter({ kind: 'inquiry', acceptedAt: bj('2026-11-02T10:00') });
    expect(await letterRow(trackingNo)).toMatchObject({ dueOn: '2026-11-09', remainingDays: 5 });

    const tooLong = await appErrorOf(actOnLetter(handler, trackingNo, { action: 'extend', workingDays: 6, reason: '需要现场核查' }, bj('2026-11-04T10:00')));
    expect(tooLong.status).toBe(422);
    expect(tooLong.fields).toEqual({ workingDays: '延期不能超过 5 个工作日' });
    const wayTooLong = await appErrorOf(actOnLetter(handler, trackingNo, { action: 'extend', workingDays: 31, reason: '需要现场核查' }, bj('2026-11-04T10:00')));
    expect(wayTooLong.status).toBe(422);
    expect(wayTooLong.fields?.workingDays).toBe('延期最多 30 个工作日');
    expect(await letterRow(trackingNo)).toMatchObject({ version: 2, extensionDays: 0, dueOn: '2026-11-09' });

    expect(await actOnLetter(handler, trackingNo, { action: 'extend', workingDays: 5, reason: '需要会同执法支队现场核查' }, bj('2026-11-04T10:00')))
      .toEqual({ trackingNo, status: 'accepted', version: 3 });
    expect(await letterRow(trackingNo)).toMatchObject({ status: 'accepted', extensionDays: 5, clockStart: '2026-11-02', remainingDays: 10, dueOn: '2026-11-16' });
    const events = await eventsOf(trackingNo);
    expect(events.at(-1)).toMatchObject({ type: 'extended', data: { workingDays: 5, reason: '需要会同执法支队现场核查' } });
    // The reason is shown to the writer.
    const view = await getLetter(citizen, trackingNo, {}, bj('2026-11-04T10:00'));
    expect(view.events.at(-1)).toMatchObject({ type: 'extended', data: { reason: '需要会同执法支队现场核查' } });
    expect(view.extensionDays).toBe(5);

    const second = await appErrorOf(actOnLetter(handler, trackingNo, { action: 'extend', workingDays: 1, reason: '再延一天' }, bj('2026-11-05T10:00')));
    expect(second.status).toBe(409);
    expect(second.message).toBe('每封来信只能延期一次');
    expect(await letterRow(trackingNo)).toMatchObject({ version: 3, extensionDays: 5, dueOn: '2026-11-16' });
  });

  it('transfer: the letter leaves the first department\'s queue for the second\'s; the old department may no longer reply; the deadline stays', async () => {
    const now = bj('2026-11-04T10:00');
    const { trackingNo } = await acceptedLetter({ kind: 'complaint', acceptedAt: bj('2026-11-02T10:00') });
    expect((await wholeList(handler, { scope: 'queue' }, now)).items.map((i) => i.trackingNo)).toContain(trackingNo);
    expect((await wholeList(leader, { scope: 'queue' }, now)).items.map((i) => i.trackingNo)).not.toContain(trackingNo);

    const sameDept = await appErrorOf(actOnLetter(handler, trackingNo, { action: 'transfer', departmentId: deptPublicId.market, reason: '转给自己' }, now));
    expect(sameDept.status).toBe(422);
    expect(sameDept.fields).toEqual({ departmentId: '请选择其他部门' });

    expect(await actOnLetter(handler, trackingNo, { action: 'transfer', departmentId: deptPublicId.office, reason: '涉及多部门协调，由办公室牵头' }, now))
      .toEqual({ trackingNo, status: 'accepted', version: 3 });
    expect(await letterRow(trackingNo)).toMatchObject({ status: 'accepted', departmentId: deptId.office, clockStart: '2026-11-02', remainingDays: 15, dueOn: '2026-11-23' });

    expect((await wholeList(handler, { scope: 'queue' }, now)).items.map((i) => i.trackingNo)).not.toContain(trackingNo);
    const officeQueue = await wholeList(leader, { scope: 'queue' }, now);
    expect(officeQueue.items.find((i) => i.trackingNo === trackingNo)).toMatchObject({ department: '办公室', dueAt: '2026-11-23', status: 'accepted' });

    // The old department has no part in the letter any more: like anyone without a part it learns nothing about
    // it, so the refusal is a 404 (actOnLetter hides letters from non-participants, as getLetter does).
    const refused = await appErrorOf(actOnLetter(handler, trackingNo, { action: 'reply', body: '原承办部门不能再答复这封信。' }, now));
    expect(refused.status).toBe(404);
    expect(refused.code).toBe('not_found');
    expect((await appErrorOf(actOnLetter(handler, trackingNo, { action: 'extend', workingDays: 2, reason: '延期' }, now))).status).toBe(404);
    expect((await appErrorOf(getLetter(handler, trackingNo, {}, now))).status).toBe(404);
    expect(await letterRow(trackingNo)).toMatchObject({ version: 3, status: 'accepted' });

    expect((await eventsOf(trackingNo)).at(-1)).toMatchObject({ type: 'transferred', actorId: handler.user.id, data: { from: '文化市场管理处', to: '办公室' } });
    expect((await auditOf(trackingNo)).at(-1)).toMatchObject({ action: 'letter.transfer', details: { from: 'accepted', to: 'accepted', reason: '涉及多部门协调，由办公室牵头' } });
    const assigned = await db().select().from(notifications).where(and(eq(notifications.userId, leader.user.id), eq(notifications.kind, 'letter.assigned'), like(notifications.link, `%/${trackingNo}`)));
    expect(assigned).toHaveLength(1);

    // The leader of the new department works it as its handler.
    expect(await actOnLetter(leader, trackingNo, { action: 'reply', body: '经办公室协调，相关部门已完成处置。' }, bj('2026-11-05T10:00')))
      .toEqual({ trackingNo, status: 'answered', version: 4 });
  });

  it('reject with a reason → not_accepted; nothing else can happen to the letter afterwards', async () => {
    const { trackingNo } = await submitLetter(citizen, input(), { now: bj('2026-11-02T09:00') });
    expect(await actOnLetter(moderator, trackingNo, { action: 'reject', reason: '来信反映的事项不属于本局职责，请向市场监督管理局反映。' }, bj('2026-11-02T11:00')))
      .toEqual({ trackingNo, status: 'not_accepted', version: 2 });
    const rejected = await letterRow(trackingNo);
    expect(rejected).toMatchObject({ status: 'not_accepted', version: 2, dueOn: null, clockStart: null, departmentId: null });
    expect(rejected.closedAt?.toISOString()).toBe(bj('2026-11-02T11:00').toISOString());

    // The reason is shown to the writer.
    const view = await getLetter(citizen, trackingNo, {}, bj('2026-11-02T12:00'));
    expect(view.events.at(-1)).toMatchObject({ type: 'not_accepted', actor: '管理员', data: { reason: '来信反映的事项不属于本局职责，请向市场监督管理局反映。' } });

    const later = bj('2026-11-03T09:00');
    // The moderator, who had a part, gets 409 for every further step.
    for (const action of [
      { action: 'accept', departmentId: deptPublicId.market },
      { action: 'reject', reason: '再次不予受理' },
      { action: 'request_info', message: '请补充材料' },
      { action: 'transfer', departmentId: deptPublicId.market, reason: '转办' },
    ]) {
      const error = await appErrorOf(actOnLetter(moderator, trackingNo, action, later));
      expect(error.status, action.action).toBe(409);
      expect(error.message).toContain('已被他人处理');
    }
    // No handler ever had the letter (it was never routed to a department), so a reply has no one to come from:
    // for a handler the letter is someone else's (404), never a 409.
    expect((await appErrorOf(actOnLetter(handler, trackingNo, { action: 'reply', body: '答复一封不予受理的来信。' }, later))).status).toBe(404);
    // The writer may neither rate nor reopen it.
    expect((await appErrorOf(actOnLetter(citizen, trackingNo, { action: 'rate', rating: 'unsatisfied' }, later))).status).toBe(409);
    expect((await appErrorOf(actOnLetter(citizen, trackingNo, { action: 'reopen', reason: '我不同意' }, later))).status).toBe(409);
    expect(await letterRow(trackingNo)).toMatchObject({ status: 'not_accepted', version: 2 });
    expect(await eventsOf(trackingNo)).toHaveLength(2);

    // Months later the refused letter, never answered, carries no alarm, neither as a badge nor in the counts.
    const refused = await listLetters(moderator, { scope: 'queue', status: 'not_accepted' }, bj('2027-03-01T10:00'));
    expect(refused.items.find((i) => i.trackingNo === trackingNo)).toMatchObject({ status: 'not_accepted', badges: [] });
    expect(refused.counts).toEqual({ overdue: 0, due_soon: 0, unanswered_60: 0 });
  });

  it('a reply to an answered letter is 409 and changes nothing', async () => {
    const { trackingNo } = await acceptedLetter({ acceptedAt: bj('2026-11-02T10:00') });
    await actOnLetter(handler, trackingNo, { action: 'reply', body: '已答复：场所已整改完毕。' }, bj('2026-11-03T10:00'));
    const error = await appErrorOf(actOnLetter(handler, trackingNo, { action: 'reply', body: '第二次答复应当被拒绝。' }, bj('2026-11-03T11:00')));
    expect(error.status).toBe(409);
    expect(await letterRow(trackingNo)).toMatchObject({ status: 'answered', version: 3 });
    expect(await db().$count(letterMessages, eq(letterMessages.letterId, (await letterRow(trackingNo)).id))).toBe(1);
  });

  it('rating: another citizen gets 404; an unsatisfied rating allows one reopening, with the full limit again', async () => {
    const { trackingNo } = await acceptedLetter({ kind: 'inquiry', acceptedAt: bj('2026-11-02T10:00') });
    await actOnLetter(handler, trackingNo, { action: 'reply', body: '图书馆周一闭馆，其余时间 9:00–21:00 开放。' }, bj('2026-11-03T10:00'));

    const stranger = await appErrorOf(actOnLetter(otherCitizen, trackingNo, { action: 'rate', rating: 'satisfied' }, bj('2026-11-03T12:00')));
    expect(stranger.status).toBe(404);
    expect(stranger.code).toBe('not_found');
    // Same answer as for a letter that does not exist.
    expect((await appErrorOf(actOnLetter(otherCitizen, '209901010001', { action: 'rate', rating: 'satisfied' }))).message).toBe(stranger.message);
    // Staff do not rate.
    expect((await appErrorOf(actOnLetter(handler, trackingNo, { action: 'rate', rating: 'satisfied' }, bj('2026-11-03T12:00')))).status).toBe(403);
    expect(await letterRow(trackingNo)).toMatchObject({ status: 'answered', version: 3, rating: null });

    // Reopening needs a closed letter with an unsatisfied rating.
    expect((await appErrorOf(actOnLetter(citizen, trackingNo, { action: 'reopen', reason: '答复不完整' }, bj('2026-11-03T12:00')))).status).toBe(409);
    // (With a comment, 不满意 sends the letter back as 重办 at once: test/accountability-actions.test.ts.)
    expect(await actOnLetter(citizen, trackingNo, { action: 'rate', rating: 'unsatisfied' }, bj('2026-11-03T13:00')))
      .toEqual({ trackingNo, status: 'closed', version: 4 });
    expect((await appErrorOf(actOnLetter(otherCitizen, trackingNo, { action: 'reopen', reason: '不是我的信' }, bj('2026-11-04T09:00')))).status).toBe(404);

    // Wednesday 11-04 + 5 working days → Wednesday 11-11.
    expect(await actOnLetter(citizen, trackingNo, { action: 'reopen', reason: '没有回答周末的开放时间' }, bj('2026-11-04T09:00')))
      .toEqual({ trackingNo, status: 'accepted', version: 5 });
    expect(await letterRow(trackingNo)).toMatchObject({
      // answeredAt keeps the first answer, so a reopened letter does not raise the 60-days-unanswered alarm.
      status: 'accepted', reopened: true, rating: null, ratingComment: null, ratedAt: null, closedAt: null, answeredAt: bj('2026-11-03T10:00'),
      clockStart: '2026-11-04', remainingDays: 5, dueOn: '2026-11-11', departmentId: deptId.market,
    });
    expect((await eventsOf(trackingNo)).at(-1)).toMatchObject({ type: 'reopened', data: { reason: '没有回答周末的开放时间', previousRating: 'unsatisfied' } });
    expect((await letterRow(trackingNo)).reopened).toBe(true);
    expect((await getLetter(citizen, trackingNo, {}, bj('2026-11-04T09:00'))).reopened).toBe(true);

    await actOnLetter(handler, trackingNo, { action: 'reply', body: '补充答复：周末开放时间为 9:00–17:00。' }, bj('2026-11-05T10:00'));
    await actOnLetter(citizen, trackingNo, { action: 'rate', rating: 'unsatisfied' }, bj('2026-11-05T12:00'));
    const again = await appErrorOf(actOnLetter(citizen, trackingNo, { action: 'reopen', reason: '还是不满意' }, bj('2026-11-06T09:00')));
    expect(again.status).toBe(409);
    expect(again.message).toBe('每封来信只能申请一次重新办理');
    expect(await letterRow(trackingNo)).toMatchObject({ status: 'closed', version: 7, rating: 'unsatisfied' });
  });

  it('a satisfied or basically satisfied rating cannot be reopened', async () => {
    for (const rating of ['satisfied', 'basically_satisfied'] as const) {
      const { trackingNo } = await acceptedLetter({ kind: 'suggestion', acceptedAt: bj('2026-11-02T10:00') });
      await actOnLetter(handler, trackingNo, { action: 'reply', body: '感谢您的建议，我们将认真研究采纳。' }, bj('2026-11-03T10:00'));
      await actOnLetter(citizen, trackingNo, { action: 'rate', rating }, bj('2026-11-03T11:00'));
      const error = await appErrorOf(actOnLetter(citizen, trackingNo, { action: 'reopen', reason: '想再办一次' }, bj('2026-11-03T12:00')));
      expect(error.status).toBe(409);
      expect(error.message).toBe('只有评价为不满意的来信可以申请重新办理');
    }
  });

  it('participants get 403 for actions that are not theirs; non-participants 404', async () => {
    const { trackingNo } = await acceptedLetter({ acceptedAt: bj('2026-11-02T10:00') });
    const now = bj('2026-11-03T10:00');
    // The writer may see the letter, so a staff action is a plain 403.
    const writer = await appErrorOf(actOnLetter(citizen, trackingNo, { action: 'reply', body: '来信人不能自己答复自己的来信。' }, now));
    expect(writer.status).toBe(403);
    expect(writer.code).toBe('forbidden');
    // The department's handler may not route; the moderator may not reply.
    expect((await appErrorOf(actOnLetter(handler, trackingNo, { action: 'reject', reason: '不予受理' }, now))).status).toBe(403);
    expect((await appErrorOf(actOnLetter(moderator, trackingNo, { action: 'reply', body: '分办人员不能直接答复来信。' }, now))).status).toBe(403);
    const moderatorAsks = await appErrorOf(actOnLetter(moderator, trackingNo, { action: 'request_info', message: '请补充' }, now));
    expect(moderatorAsks.status).toBe(403);
    expect(moderatorAsks.message).toBe('已分办的来信由承办部门要求补正');
    // An admin is a moderator too (issue 13): refused like the moderator.
    expect((await appErrorOf(actOnLetter(admin, trackingNo, { action: 'reply', body: '分办人员不能直接答复来信。' }, now))).status).toBe(403);
    // Another department, another citizen: 404.
    for (const stranger of [leader, otherCitizen]) {
      const error = await appErrorOf(actOnLetter(stranger, trackingNo, { action: 'reply', body: '与这封来信无关的人的答复。' }, now));
      expect(error.status, stranger.user.role).toBe(404);
    }
    expect(await letterRow(trackingNo)).toMatchObject({ status: 'accepted', version: 2 });
  });

  it('validates actions: unknown action, bad tracking number, short reply (422); visitors 401', async () => {
    const { trackingNo } = await acceptedLetter({ acceptedAt: bj('2026-11-02T10:00') });
    expect((await appErrorOf(actOnLetter(handler, trackingNo, { action: 'delete' }))).status).toBe(422);
    expect((await appErrorOf(actOnLetter(handler, 'abc', { action: 'reply', body: '这是一条足够长的答复内容。' }))).status).toBe(422);
    const short = await appErrorOf(actOnLetter(handler, trackingNo, { action: 'reply', body: '已阅' }));
    expect(short.status).toBe(422);
    expect(short.fields?.body).toBe('答复内容至少 10 个字');
    expect((await appErrorOf(actOnLetter(visitor(), trackingNo, { action: 'reply', body: '这是一条足够长的答复内容。' }))).status).toBe(401);
    expect((await appErrorOf(actOnLetter(handler, '209901010001', { action: 'reply', body: '这是一条足够长的答复内容。' }))).status).toBe(404);
    expect(await letterRow(trackingNo)).toMatchObject({ version: 2 });
  });
});

describe('concurrency', () => {
  it('two moderators accept at once: exactly one wins, the other gets 409 已被他人处理', async () => {
    const secondModerator = await actorOf(await insertUser({ name: '周分办', email: uniqueEmail('moderator'), role: 'moderator' }), '192.0.2.17');
    const { trackingNo } = await submitLetter(citizen, input(), { now: bj('2026-11-02T09:00') });
    const now = bj('2026-11-02T10:00');
    const results = await Promise.allSettled([
      actOnLetter(moderator, trackingNo, { action: 'accept', departmentId: deptPublicId.market }, now),
      actOnLetter(secondModerator, trackingNo, { action: 'accept', departmentId: deptPublicId.office }, now),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    const error = await appErrorOf(Promise.reject(lost[0]!.reason));
    expect(error.status).toBe(409);
    expect(error.code).toBe('conflict');
    expect(error.message).toContain('已被他人处理');

    const row = await letterRow(trackingNo);
    expect(row).toMatchObject({ status: 'accepted', version: 2 });
    expect([deptId.market, deptId.office]).toContain(row.departmentId);
    expect((await eventsOf(trackingNo)).filter((e) => e.type === 'accepted')).toHaveLength(1);
    expect((await auditOf(trackingNo)).filter((a) => a.action === 'letter.accept')).toHaveLength(1);
  });

  it('two different staff actions at once on one letter (reply and extend by two handlers): one wins', async () => {
    const [inserted] = await db().insert(users).values({
      publicId: newPublicId(), name: '吴执法', email: uniqueEmail('market'), passwordHash: 'not-a-hash', role: 'handler', departmentId: deptId.market,
    }).returning({ publicId: users.publicId });
    const secondHandler = await actorOf(inserted!.publicId);
    const { trackingNo } = await acceptedLetter({ acceptedAt: bj('2026-11-02T10:00') });
    const now = bj('2026-11-03T10:00');
    const results = await Promise.allSettled([
      actOnLetter(handler, trackingNo, { action: 'reply', body: '已责令整改，感谢监督。', version: 2 }, now),
      actOnLetter(secondHandler, trackingNo, { action: 'extend', workingDays: 3, reason: '需要现场核查', version: 2 }, now),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')!;
    const error = await appErrorOf(Promise.reject(lost.reason));
    expect(error.status).toBe(409);
    expect(error.message).toContain('已被他人处理');
    expect(await letterRow(trackingNo)).toMatchObject({ version: 3 });
  });

  it('a stale version is refused with 409 and changes nothing', async () => {
    const { trackingNo } = await acceptedLetter({ acceptedAt: bj('2026-11-02T10:00') });
    const error = await appErrorOf(actOnLetter(handler, trackingNo, { action: 'reply', body: '基于旧版本页面的答复。', version: 1 }, bj('2026-11-03T10:00')));
    expect(error.status).toBe(409);
    expect(error.message).toContain('已被他人处理');
    expect(await letterRow(trackingNo)).toMatchObject({ status: 'accepted', version: 2 });
    expect(await actOnLetter(handler, trackingNo, { action: 'reply', body: '基于最新版本页面的答复。', version: 2 }, bj('2026-11-03T10:00')))
      .toEqual({ trackingNo, status: 'answered', version: 3 });
  });
});

describe('listLetters', () => {
  it('mine: the writer\'s own letters, newest first', async () => {
    const writer = await actorOf(await insertUser({ name: '赵写信', email: uniqueEmail('writer') }));
    const older = await submitLetter(writer, input({ title: '第一封来信的标题' }), { now: bj('2026-11-02T09:00') });
    const newer = await submitLetter(writer, input({ kind: 'suggestion', title: '第二封来信的标题' }), { now: bj('2026-11-03T09:00') });
    const mine = await listLetters(writer, { scope: 'mine' }, bj('2026-11-04T09:00'));
    expect(mine.total).toBe(2);
    expect(mine.items.map((i) => [i.trackingNo, i.title, i.status])).toEqual([
      [newer.trackingNo, '第二封来信的标题', 'submitted'],
      [older.trackingNo, '第一封来信的标题', 'submitted'],
    ]);
    const citizens = await wholeList(citizen, { scope: 'mine' }, bj('2026-11-04T09:00'));
    expect(citizens.items.map((i) => i.trackingNo)).not.toContain(newer.trackingNo);
    expect(citizens.total).toBe(await db().$count(letters, eq(letters.writerId, citizen.user.id)));

    expect((await listLetters(writer, { scope: 'mine', status: 'closed' }, bj('2026-11-04T09:00'))).total).toBe(0);
    expect((await appErrorOf(listLetters(handler, { scope: 'mine' }))).status).toBe(403);
    expect((await appErrorOf(listLetters(writer, { scope: 'queue' }))).status).toBe(403);
    // An admin is a moderator too (issue 13): the triage queue.
    expect((await listLetters(admin, { scope: 'queue' })).total).toBe((await listLetters(moderator, { scope: 'queue' })).total);
    expect((await appErrorOf(listLetters(visitor(), { scope: 'mine' }))).status).toBe(401);
  });

  it('queue for the moderator: submitted letters only', async () => {
    const now = bj('2026-11-20T10:00');
    const waiting = await submitLetter(citizen, input({ title: '等待分办的来信标题' }), { now: bj('2026-11-19T10:00') });
    const routed = await acceptedLetter({ acceptedAt: bj('2026-11-19T11:00') });
    const queue = await wholeList(moderator, { scope: 'queue' }, now);
    expect(queue.total).toBe(await db().$count(letters, eq(letters.status, 'submitted')));
    expect(queue.items.length).toBe(queue.total);
    expect(queue.items.every((i) => i.status === 'submitted')).toBe(true);
    const trackingNos = queue.items.map((i) => i.trackingNo);
    expect(trackingNos).toContain(waiting.trackingNo);
    expect(trackingNos).not.toContain(routed.trackingNo);
    // Earliest due first.
    const due = queue.items.map((i) => i.dueAt!);
    expect(due).toEqual([...due].sort());
  });

  it('queue for a handler: own department only, overdue first, with badges and counts', async () => {
    const [inserted] = await db().insert(users).values({
      publicId: newPublicId(), name: '郑文保', email: uniqueEmail('heritage'), passwordHash: 'not-a-hash', role: 'handler', departmentId: deptId.heritage,
    }).returning({ publicId: users.publicId });
    const heritage = await actorOf(inserted!.publicId);
    const now = bj('2026-11-20T10:00'); // Friday; "due soon" = by Tuesday 11-24

    // Accepted Monday 11-02, inquiry: due 11-09 → overdue.
    const overdue = await acceptedLetter({ kind: 'inquiry', dept: 'heritage', acceptedAt: bj('2026-11-02T10:00'), title: '逾期的来信标题' });
    // Accepted Thursday 11-19, complaint: due 12-10.
    const later = await acceptedLetter({ kind: 'complaint', dept: 'heritage', acceptedAt: bj('2026-11-19T10:00'), title: '不急的来信标题' });
    // Accepted Monday 11-16, inquiry: due Monday 11-23 → due soon.
    const soon = await acceptedLetter({ kind: 'inquiry', dept: 'heritage', acceptedAt: bj('2026-11-16T10:00'), title: '快到期的来信标题' });
    // Submitted 61 days before now, waiting for the writer since: no due date, but unanswered for 60 days.
    const old = await acceptedLetter({ kind: 'inquiry', dept: 'heritage', submittedAt: bj('2026-09-20T10:00'), acceptedAt: bj('2026-09-20T11:00'), title: '六十一天未答复的来信' });
    await actOnLetter(heritage, old.trackingNo, { action: 'request_info', message: '请补充文物所在位置。' }, bj('2026-09-21T10:00'));
    // Another department's overdue letter, and an answered one of this department: not in the queue.
    const elsewhere = await acceptedLetter({ kind: 'inquiry', dept: 'arts', acceptedAt: bj('2026-11-02T10:00') });
    const answered = await acceptedLetter({ kind: 'inquiry', dept: 'heritage', acceptedAt: bj('2026-11-02T10:00') });
    await actOnLetter(heritage, answered.trackingNo, { action: 'reply', body: '已答复：文物保护单位名录已公布。' }, bj('2026-11-03T10:00'));

    const queue = await listLetters(heritage, { scope: 'queue' }, now);
    expect(queue.total).toBe(4);
    expect(queue.items.map((i) => [i.trackingNo, i.status, i.dueAt, i.badges])).toEqual([
      [overdue.trackingNo, 'accepted', '2026-11-09', ['overdue']],
      [soon.trackingNo, 'accepted', '2026-11-23', ['due_soon']],
      [later.trackingNo, 'accepted', '2026-12-10', []],
      [old.trackingNo, 'needs_info', null, ['unanswered_60']],
    ]);
    expect(queue.counts).toEqual({ overdue: 1, due_soon: 1, unanswered_60: 1 });
    expect(queue.items.every((i) => i.department === '文物与遗产处')).toBe(true);
    expect(queue.items.map((i) => i.trackingNo)).not.toContain(elsewhere.trackingNo);
    expect(queue.items.map((i) => i.trackingNo)).not.toContain(answered.trackingNo);

    // 59 days after submission there is no alarm yet.
    const earlier = await listLetters(heritage, { scope: 'queue' }, bj('2026-11-18T09:00'));
    expect(earlier.items.find((i) => i.trackingNo === old.trackingNo)?.badges).toEqual([]);
    expect(earlier.counts.unanswered_60).toBe(0);

    // The status filter stays within the department.
    const answeredOnly = await listLetters(heritage, { scope: 'queue', status: 'answered' }, now);
    expect(answeredOnly.items.map((i) => i.trackingNo)).toEqual([answered.trackingNo]);
    expect(answeredOnly.counts).toEqual({ overdue: 0, due_soon: 0, unanswered_60: 0 });
  });
});

describe('getLetter', () => {
  let trackingNo: string;
  let queryCode: string;
  const now = bj('2026-11-10T10:00');

  beforeAll(async () => {
    const submitted = await acceptedLetter({ kind: 'inquiry', acceptedAt: bj('2026-11-02T10:00'), title: '查看权限测试的来信' });
    trackingNo = submitted.trackingNo;
    queryCode = submitted.queryCode;
    await actOnLetter(handler, trackingNo, { action: 'reply', body: '经核实，您反映的问题已处理完毕。' }, bj('2026-11-03T10:00'));
  });

  it('the writer gets the writer view, without staff names', async () => {
    const view = await getLetter(citizen, trackingNo, {}, now);
    expect(view).toMatchObject({ trackingNo, viewer: 'writer', status: 'answered', title: '查看权限测试的来信' });
    expect(view.events.map((e) => [e.type, e.actor])).toEqual([['submitted', '来信人'], ['accepted', '管理员'], ['answered', '承办部门']]);
    expect(view.replies).toMatchObject([{ kind: 'answer', author: null, department: '文化市场管理处' }]);
    expect(JSON.stringify(view)).not.toContain('林办事');
    expect(JSON.stringify(view)).not.toContain('黄主持');
  });

  it('staff of the letter get the staff view with names in the events', async () => {
    for (const staff of [moderator, handler]) {
      const view = await getLetter(staff, trackingNo, {}, now);
      expect(view.viewer).toBe('staff');
      expect(view.events.map((e) => [e.type, e.actor])).toEqual([
        ['submitted', '陈市民（来信人）'],
        ['accepted', '黄主持（管理员）'],
        ['answered', '林办事（承办部门）'],
      ]);
      expect(view.replies[0]!.author).toBe('林办事');
    }
  });

  it('anyone else gets 404: another citizen, another department, a visitor without a code (an admin reads it as a moderator)', async () => {
    expect((await getLetter(admin, trackingNo, {}, now)).trackingNo).toBe(trackingNo);
    for (const actor of [otherCitizen, leader, visitor()]) {
      const error = await appErrorOf(getLetter(actor, trackingNo, {}, now));
      expect(error.status, actor.user?.role ?? 'visitor').toBe(404);
      expect(error.message).toBe('没有这封来信，或您无权查看');
    }
    // The same answer as for a letter that does not exist.
    expect((await appErrorOf(getLetter(otherCitizen, '209901010001', {}, now))).message).toBe('没有这封来信，或您无权查看');
  });

  it('lists the actions each viewer may take now', async () => {
    const { trackingNo: open } = await acceptedLetter({ kind: 'inquiry', acceptedAt: bj('2026-11-02T10:00') });
    const actionsOf = async (actor: Actor, letter: string, code?: string) => (await getLetter(actor, letter, { code }, now)).actions.sort();
    // set_topic: staff correct the 诉求分类 in any state (lib/topics).
    expect(await actionsOf(handler, open)).toEqual(['extend', 'reply', 'request_info', 'set_topic', 'transfer']);
    expect(await actionsOf(moderator, open)).toEqual(['set_topic', 'transfer']);
    // The writer's consent to publication can change in any state (PIPL art. 15); this letter was written without it.
    expect(await actionsOf(citizen, open)).toEqual(['give_consent']);
    // The answered letter: only the writer's rating is left (and the consent).
    expect(await actionsOf(citizen, trackingNo)).toEqual(['give_consent', 'rate']);
    expect(await actionsOf(handler, trackingNo)).toEqual(['set_topic']);
    expect(await actionsOf(visitor('198.51.100.3'), trackingNo, queryCode)).toEqual([]);
  });

  it('a visitor with the right code gets the code view without any names', async () => {
    const view = await getLetter(visitor('198.51.100.1'), trackingNo, { code: queryCode }, now);
    expect(view.viewer).toBe('code');
    expect(view.events.map((e) => [e.type, e.actor])).toEqual([['submitted', '来信人'], ['accepted', '管理员'], ['answered', '承办部门']]);
    expect(view.replies).toMatchObject([{ kind: 'answer', body: '经核实，您反映的问题已处理完毕。', author: null }]);
    const text = JSON.stringify(view);
    for (const name of ['林办事', '黄主持', '陈市民']) expect(text).not.toContain(name);
    expect(view).not.toHaveProperty('queryCode');
    // Another citizen with the code sees what a visitor sees.
    expect((await getLetter(otherCitizen, trackingNo, { code: queryCode }, now)).viewer).toBe('code');
  });

  it('a wrong code is 404; a malformed one 422', async () => {
    const wrong = queryCode === '000000' ? '000001' : '000000';
    const error = await appErrorOf(getLetter(visitor('198.51.100.2'), trackingNo, { code: wrong }, now));
    expect(error.status).toBe(404);
    expect(error.message).toBe('查询编号或查询码不正确');
    expect((await appErrorOf(getLetter(visitor('198.51.100.2'), trackingNo, { code: '12ab56' }, now))).status).toBe(422);
    // An unknown tracking number with any code: the same 404.
    expect((await appErrorOf(getLetter(visitor('198.51.100.2'), '209901010001', { code: queryCode }, now))).message).toBe('查询编号或查询码不正确');
  });

  it('after 10 wrong codes from one address: 429 with retryAfterSeconds, even with the right code', async () => {
    const ip = '198.51.100.77';
    // Ten wrong guesses at other (non-existent) letters lock the address, not this letter.
    for (let i = 0; i < 10; i++) {
      const error = await appErrorOf(getLetter(visitor(ip), `20991101${String(1000 + i)}`, { code: '123456' }, now));
      expect(error.status, `guess ${i + 1}`).toBe(404);
    }
    const locked = await appErrorOf(getLetter(visitor(ip), trackingNo, { code: queryCode }, now));
    expect(locked.status).toBe(429);
    expect(locked.code).toBe('rate_limited');
    expect(locked.retryAfterSeconds).toBe(15 * 60);
    expect(locked.message).toBe('查询错误次数过多，请 15 分钟后再试');
    const aMinuteLater = await appErrorOf(getLetter(visitor(ip), trackingNo, { code: queryCode }, new Date(now.getTime() + 60_000)));
    expect(aMinuteLater.retryAfterSeconds).toBe(14 * 60);

    // Another address is not affected, and the lock ends.
    expect((await getLetter(visitor('198.51.100.78'), trackingNo, { code: queryCode }, now)).viewer).toBe('code');
    expect((await getLetter(visitor(ip), trackingNo, { code: queryCode }, new Date(now.getTime() + 16 * 60_000))).viewer).toBe('code');
  });

  it('an IPv6 guesser is counted by its /64: ten wrong codes from ten of its addresses lock them all', async () => {
    const net = '2001:db8:77:1';
    for (let i = 0; i < 10; i++) {
      const error = await appErrorOf(getLetter(visitor(`${net}::${(i + 1).toString(16)}`), `20991102${String(1000 + i)}`, { code: '123456' }, now));
      expect(error.status, `guess ${i + 1}`).toBe(404);
    }
    expect(await appErrorOf(getLetter(visitor(`${net}:ffff::abcd`), trackingNo, { code: queryCode }, now))).toMatchObject({ status: 429, code: 'rate_limited' });
    // The next /64 is another client.
    expect((await getLetter(visitor('2001:db8:77:2::1'), trackingNo, { code: queryCode }, now)).viewer).toBe('code');
  });

  it('wrong codes from many addresses do not lock the letter: a clean address with the right code still reads it', async () => {
    const { trackingNo: target, queryCode: code } = await submitLetter(citizen, input({ title: '被人猜查询码的来信' }), { now: bj('2026-11-09T10:00') });
    const wrong = code === '000000' ? '000001' : '000000';
    // An attack from thirty addresses, one wrong code each (LOOKUP_LIMITS.letterPressure is 10).
    for (let i = 0; i < 30; i++) {
      expect((await appErrorOf(getLetter(visitor(`198.51.100.${100 + i}`), target, { code: wrong }, now))).status, `guess ${i + 1}`).toBe(404);
    }
    // The writer's right code from an address that has not guessed wrong: shown.
    expect((await getLetter(visitor('198.51.100.200'), target, { code }, now)).viewer).toBe('code');
    // Under attack each address has one try at this letter per window: a second one waits, even with the right code…
    const second = await appErrorOf(getLetter(visitor('198.51.100.100'), target, { code }, now));
    expect(second).toMatchObject({ status: 429, code: 'rate_limited', retryAfterSeconds: 15 * 60 });
    // …until its window ends.
    expect((await getLetter(visitor('198.51.100.100'), target, { code }, new Date(now.getTime() + 15 * 60_000))).viewer).toBe('code');
    // The writer, signed in, is not affected.
    expect((await getLetter(citizen, target, {}, now)).viewer).toBe('writer');
  });

  it('an attack from 30 addresses, 4 guesses each: one compared guess per address once the letter is under attack', async () => {
    const { trackingNo: target, queryCode: code } = await submitLetter(citizen, input({ title: '三十个地址轮番猜查询码' }), { now: bj('2026-11-09T10:00') });
    let compared = 0;
    let refused = 0;
    for (let a = 0; a < 30; a++) {
      for (let g = 0; g < 4; g++) {
        const guess = String((Number(code) + 1 + a * 4 + g) % 1_000_000).padStart(6, '0');
        const error = await appErrorOf(getLetter(visitor(`198.51.101.${a + 1}`), target, { code: guess }, now));
        if (error.status === 404) compared++;
        else if (error.status === 429) refused++;
      }
    }
    // 4 + 4 + 2 before the letter is under attack (10 wrong codes), then one per address: 27 more.
    console.log(`lookup attack on one letter: 30 addresses × 4 guesses → ${compared} compared, ${refused} refused (P(hit) ≤ ${compared}/1,000,000 per window)`);
    expect({ compared, refused }).toEqual({ compared: 37, refused: 83 });
    expect((await getLetter(visitor('198.51.101.200'), target, { code }, now)).viewer).toBe('code');
  });

  it('one address guessing one letter: five wrong codes, then it waits for that letter only', async () => {
    const { trackingNo: target, queryCode: code } = await submitLetter(citizen, input({ title: '一个地址反复猜查询码' }), { now: bj('2026-11-09T10:00') });
    const { trackingNo: other, queryCode: otherCode } = await submitLetter(citizen, input({ title: '同一地址查询另一封来信' }), { now: bj('2026-11-09T10:00') });
    const wrong = code === '000000' ? '000001' : '000000';
    const ip = '198.51.100.150';
    for (let i = 0; i < 5; i++) expect((await appErrorOf(getLetter(visitor(ip), target, { code: wrong }, now))).status, `guess ${i + 1}`).toBe(404);
    expect((await appErrorOf(getLetter(visitor(ip), target, { code }, now))).status).toBe(429);
    // The same address may still look up another letter; another address this one.
    expect((await getLetter(visitor(ip), other, { code: otherCode }, now)).viewer).toBe('code');
    expect((await getLetter(visitor('198.51.100.151'), target, { code }, now)).viewer).toBe('code');
  });

  it('parallel wrong codes from one address cannot slip past the limit: five are compared, the rest refused', async () => {
    const { trackingNo: target, queryCode: code } = await submitLetter(citizen, input({ title: '并发猜查询码' }), { now: bj('2026-11-09T10:00') });
    const ip = '198.51.100.160';
    const guesses = Array.from({ length: 9 }, (_, i) => String((Number(code) + 1 + i) % 1_000_000).padStart(6, '0'));
    const errors = await Promise.all(guesses.map((guess) => appErrorOf(getLetter(visitor(ip), target, { code: guess }, now))));
    expect(errors.filter((e) => e.status === 404)).toHaveLength(5);
    expect(errors.filter((e) => e.status === 429)).toHaveLength(4);
  });

  it('with the query code the writer\'s personal data are masked; the writer signed in reads them', async () => {
    const { trackingNo: target, queryCode: code } = await submitLetter(citizen, input({
      title: '陈市民反映演出噪音',
      body: '我是陈市民，住在幸福路88号，身份证号110105199003071239，电话13812345678，邮箱chen.shimin@example.com，请尽快回复。',
    }), { now: bj('2026-11-09T10:00') });
    const byCode = await getLetter(visitor('198.51.100.170'), target, { code }, now);
    const text = JSON.stringify(byCode);
    for (const secret of ['陈市民', '110105199003071239', '13812345678', 'chen.shimin@example.com', '88号']) expect(text, secret).not.toContain(secret);
    expect(byCode.title).toBe('陈某反映演出噪音');
    expect(byCode.body).toContain('138****5678');
    const own = await getLetter(citizen, target, {}, now);
    expect(own.body).toContain('110105199003071239');
    expect(own.title).toBe('陈市民反映演出噪音');
  });
});

describe('deadlines stored on letters', () => {
  it('due dates are stored for running clocks only', async () => {
    const open = await db().select({ status: letters.status, dueOn: letters.dueOn }).from(letters).where(inArray(letters.status, ['answered', 'closed', 'not_accepted', 'needs_info']));
    expect(open.length).toBeGreaterThan(0);
    expect(open.every((l) => l.dueOn === null)).toBe(true);
  });
});
