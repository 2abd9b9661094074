import { and, asc, eq } from 'drizzle-orm';
import { encode } from 'next-auth/jwt';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { auditLog } from '@/lib/audit/schema';
import { departments, users } from '@/lib/accounts/schema';
import { findActiveUser, newPublicId } from '@/lib/accounts/users';
import type { Actor, ActorUser } from '@/lib/auth/permissions';
import { notifications } from '@/lib/notifications/schema';
import { seedReferenceData } from '@/lib/seed/reference';
import {
  actOnInterview, actOnQuestion, askQuestion, assignLeftoverQuestions, createInterview, publishAnswer, saveDraft, updateInterview,
} from '@/lib/interviews/operations';
import { assignedQuestions, eventsSince, getInterviewForEdit, getInterviewState, staffQuestions } from '@/lib/interviews/queries';
import { applyInterviewEvents } from '@/lib/interviews/reducer';
import { interviews, questions } from '@/lib/interviews/schema';
import { removeCalendarDay, setCalendarDay } from '@/lib/calendar/admin';
import { appErrorOf } from './support/errors';
import { actorFor, uniqueEmail, visitor } from './support/users';
import * as interviewRoute from '@/app/api/v1/interviews/[id]/route';
import * as assignRoute from '@/app/api/v1/interviews/[id]/questions/assign/route';
import * as assignedRoute from '@/app/api/v1/questions/assigned/route';
import { useTestRequest } from './support/request';

// Route handlers read the session cookie through next/headers; the tests set it per request.
const requestHeaders = useTestRequest('192.0.2.66');

type StaffActor = Actor & { user: ActorUser };
let moderator: StaffActor;
let leader: StaffActor;
let citizen: StaffActor;
/** A second leader account and a second moderator, inserted for these tests. */
let deputy: StaffActor;
let otherModerator: StaffActor;
/** A leader who is never a guest. */
let outsider: StaffActor;

/** A staff account inserted for these tests (leaders belong to a department). */
async function insertStaff(name: string, role: 'leader' | 'moderator', title: string | null = null): Promise<StaffActor> {
  const publicId = newPublicId();
  const [dept] = await db().select({ id: departments.id }).from(departments).limit(1);
  await db().insert(users).values({
    publicId, name, email: uniqueEmail(role), passwordHash: 'not-a-hash', role, title, departmentId: role === 'leader' ? dept!.id : null,
  });
  return { user: (await findActiveUser(db(), publicId))!, ip: '192.0.2.10' };
}

beforeAll(async () => {
  // The assignment due dates below use the official 2026 arrangement (国庆节 and its make-up workday).
  await seedReferenceData(db(), new Date('2026-06-01T00:00:00Z'));
  [moderator, leader, citizen] = await Promise.all([actorFor('moderator@example.com'), actorFor('leader@example.com'), actorFor('citizen@example.com')]);
  deputy = await insertStaff('李副局长', 'leader');
  otherModerator = await insertStaff('周主持', 'moderator');
  outsider = await insertStaff('赵处长', 'leader', '处长');
});

const schedule = (hours = 1) => ({
  scheduledStart: new Date(Date.now() + hours * 3600_000).toISOString(),
  scheduledEnd: new Date(Date.now() + (hours + 1) * 3600_000).toISOString(),
});

async function draftInterview(title = '全域旅游发展在线访谈') {
  return createInterview(moderator, { title, summary: '局领导介绍全域旅游发展规划并回答市民提问。', guestIds: [leader.user.publicId], ...schedule() });
}

async function auditRows(action: string, entityId: string) {
  return db().select().from(auditLog).where(and(eq(auditLog.action, action), eq(auditLog.entityId, entityId))).orderBy(asc(auditLog.id));
}

async function interviewRow(publicId: string) {
  const [row] = await db().select().from(interviews).where(eq(interviews.publicId, publicId));
  return row!;
}

describe('editing an interview before it goes live', () => {
  it('a moderator changes every field of a draft: guests in order with titles, host, department, schedule, cover, quota', async () => {
    const { id } = await draftInterview();
    const before = await getInterviewForEdit(moderator, id);
    expect(before).toMatchObject({ version: 1, editable: true, hostId: moderator.user.publicId, questionQuota: 5, departmentId: null });
    const [dept] = await db().select({ id: departments.publicId, name: departments.name }).from(departments).limit(1);
    const start = '2030-05-20T09:30:00+08:00';
    const end = '2030-05-20T11:00:00+08:00';
    const result = await updateInterview(moderator, id, {
      version: before.version,
      title: '全域旅游发展与文旅消费在线访谈',
      summary: '局领导介绍全域旅游发展规划、文旅消费券发放安排，并回答市民提问。',
      guestIds: [deputy.user.publicId, leader.user.publicId],
      guestTitles: { [deputy.user.publicId]: '党组成员、副局长' },
      hostId: otherModerator.user.publicId,
      departmentId: dept!.id,
      coverImageUrl: '/images/interview-cover.jpg',
      scheduledStart: start,
      scheduledEnd: end,
      questionQuota: 3,
    });
    expect(result.version).toBe(2);
    expect(result.seq).toBeNull(); // a draft has no public log entry
    expect(result.changed.sort()).toEqual(['coverImageUrl', 'departmentId', 'guests', 'hostId', 'questionQuota', 'scheduledEnd', 'scheduledStart', 'summary', 'title']);

    const after = await getInterviewForEdit(moderator, id);
    expect(after).toMatchObject({
      version: 2, title: '全域旅游发展与文旅消费在线访谈', hostId: otherModerator.user.publicId, departmentId: dept!.id,
      coverImageUrl: '/images/interview-cover.jpg', scheduledStart: new Date(start).toISOString(), scheduledEnd: new Date(end).toISOString(), questionQuota: 3,
    });
    // Order as given; the kept guest keeps this interview's title, the new one gets the title given.
    expect(after.guests).toEqual([
      { id: deputy.user.publicId, name: '李副局长', title: '党组成员、副局长' },
      { id: leader.user.publicId, name: '王局长', title: '副局长' },
    ]);
    const state = await getInterviewState(moderator, id);
    expect(state.host).toBe('周主持');
    expect(state.department).toBe(dept!.name);

    // One audit row with what changed; the added guest (only) is notified.
    const [audit] = await auditRows('interview.update', id);
    expect(audit!.actorId).toBe(moderator.user.id);
    expect(audit!.details).toMatchObject({ status: 'draft', before: { title: '全域旅游发展在线访谈', questionQuota: 5 }, after: { questionQuota: 3 } });
    const deputyNotes = await db().select().from(notifications).where(eq(notifications.userId, deputy.user.id));
    expect(deputyNotes.map((n) => n.title)).toEqual(['邀请您作为嘉宾参加在线访谈：全域旅游发展与文旅消费在线访谈']);
    expect(deputyNotes[0]!.link).toBe(`/workspace/leader/interviews/${id}`);
    expect((await db().select().from(notifications).where(and(eq(notifications.userId, leader.user.id), eq(notifications.kind, 'interview.guest')))).length).toBe(0);

    // Titles alone; removing a guest; clearing department and cover.
    await updateInterview(moderator, id, { version: 2, guestTitles: { [leader.user.publicId]: '局长' } });
    await updateInterview(moderator, id, { version: 3, guestIds: [leader.user.publicId], departmentId: null, coverImageUrl: null });
    expect(await getInterviewForEdit(moderator, id)).toMatchObject({ version: 4, guests: [{ id: leader.user.publicId, name: '王局长', title: '局长' }], departmentId: null, coverImageUrl: null });

    // Saving what is already stored changes nothing: no new version, no audit row.
    const same = await updateInterview(moderator, id, { version: 4, title: '全域旅游发展与文旅消费在线访谈', guestIds: [leader.user.publicId] });
    expect(same).toMatchObject({ version: 4, changed: [] });
    expect(await auditRows('interview.update', id)).toHaveLength(3);
  });

  it('refuses a stale version, bad input (422 in Chinese, checked against stored values) and other roles', async () => {
    const { id } = await draftInterview('非遗保护传承在线访谈');
    await updateInterview(moderator, id, { version: 1, title: '非遗保护与传承在线访谈' });
    const stale = await appErrorOf(updateInterview(otherModerator, id, { version: 1, title: '另一位管理员的修改' }));
    expect(stale.status).toBe(409);
    expect(stale.message).toBe('已被他人处理，请刷新后重试');
    expect((await interviewRow(id)).title).toBe('非遗保护与传承在线访谈');

    const stored = await interviewRow(id);
    // The end alone, before the stored start.
    const early = await appErrorOf(updateInterview(moderator, id, { version: 2, scheduledEnd: new Date(stored.scheduledStart.getTime() - 60_000).toISOString() }));
    expect(early.status).toBe(422);
    expect(early.fields).toEqual({ scheduledEnd: '结束时间须晚于开始时间' });
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ guestIds: [citizen.user.publicId] }, 'guestIds', '嘉宾须是在职的领导账号'],
      [{ guestIds: [] }, 'guestIds', '请选择至少一位嘉宾'],
      [{ guestIds: [leader.user.publicId, leader.user.publicId] }, 'guestIds', '嘉宾不能重复'],
      [{ guestTitles: { [deputy.user.publicId]: '副局长' } }, 'guestTitles', '只能修改本场访谈嘉宾的职务'],
      [{ hostId: leader.user.publicId }, 'hostId', '主持人须是在职的管理员账号'],
      [{ departmentId: 'no-such-department' }, 'departmentId', '没有这个部门'],
      [{ coverImageUrl: '//evil.example/cover.jpg' }, 'coverImageUrl', '图片地址须以 https:// 或 / 开头'],
      [{ coverImageUrl: 'javascript:alert(1)' }, 'coverImageUrl', '图片地址须以 https:// 或 / 开头'],
      [{ questionQuota: 0 }, 'questionQuota', '每人至少可提 1 个问题'],
      [{ title: '短' }, 'title', '标题至少 5 个字'],
      [{ scheduledStart: 'tomorrow' }, 'scheduledStart', '开始时间不是有效的时间'],
      [{ version: undefined }, 'version', '缺少版本号 version，请刷新后重试'],
      [{ version: '2' }, 'version', '版本号必须是数字'],
    ];
    for (const [patch, field, message] of cases) {
      const error = await appErrorOf(updateInterview(moderator, id, { version: 2, ...patch }));
      expect(error.status, JSON.stringify(patch)).toBe(422);
      expect(error.fields?.[field], JSON.stringify(patch)).toBe(message);
    }
    expect((await interviewRow(id)).version).toBe(2);

    for (const actor of [citizen, leader]) expect((await appErrorOf(updateInterview(actor, id, { version: 2, title: '无权修改的标题内容' }))).status).toBe(403);
    expect((await appErrorOf(updateInterview(visitor(), id, { version: 2, title: '无权修改的标题内容' }))).status).toBe(401);
    expect((await appErrorOf(updateInterview(moderator, 'no-such-interview', { version: 1, title: '没有这场访谈的标题' }))).status).toBe(404);
    expect((await appErrorOf(getInterviewForEdit(leader, id))).status).toBe(403);
  });

  it('an announced interview: viewers receive interview.updated and their page shows the new title; live, ended and published ones are refused', async () => {
    const { id } = await draftInterview('文旅消费季在线访谈');
    await actOnInterview(moderator, id, { action: 'announce' });
    const snapshot = await getInterviewState(visitor(), id);
    const version = (await interviewRow(id)).version;
    const result = await updateInterview(moderator, id, {
      version, title: '文旅消费季启动在线访谈', guestIds: [leader.user.publicId, deputy.user.publicId], scheduledStart: '2030-07-01T10:00:00+08:00', scheduledEnd: '2030-07-01T11:00:00+08:00',
    });
    expect(result.seq).toBe(snapshot.seq + 1);
    const { items } = await eventsSince(visitor(), id, snapshot.seq);
    expect(items.map((e) => e.type)).toEqual(['interview.updated']);
    expect((items[0]!.payload as Record<string, unknown>).interview).toMatchObject({ title: '文旅消费季启动在线访谈', host: '黄主持', guests: [{ name: '王局长' }, { name: '李副局长', title: '嘉宾' }] });
    // The page's reducer applies it: what an open public page shows without reloading.
    const applied = applyInterviewEvents(snapshot, items);
    expect(applied.outcome).toBe('applied');
    expect(applied.state).toMatchObject({ title: '文旅消费季启动在线访谈', scheduledStart: new Date('2030-07-01T02:00:00Z').toISOString() });
    expect(applied.state.guests.map((g) => g.name)).toEqual(['王局长', '李副局长']);
    expect(applied.state).toEqual({ ...(await getInterviewState(visitor(), id)), viewer: snapshot.viewer });
    expect((await auditRows('interview.update', id))[0]!.details).toMatchObject({ status: 'announced' });

    await actOnInterview(moderator, id, { action: 'go_live' });
    const live = await appErrorOf(updateInterview(moderator, id, { version: (await interviewRow(id)).version, title: '直播中修改标题试试' }));
    expect(live.status).toBe(409);
    expect(live.message).toBe('访谈直播中，不能再修改访谈信息（只有草稿和预告中的访谈可以修改）');
    await actOnInterview(moderator, id, { action: 'end' });
    expect((await appErrorOf(updateInterview(moderator, id, { version: (await interviewRow(id)).version, title: '结束后修改标题试试' }))).message).toContain('访谈已结束');
    await actOnInterview(moderator, id, { action: 'publish' });
    expect((await appErrorOf(updateInterview(moderator, id, { version: (await interviewRow(id)).version, title: '发布后修改标题试试' }))).status).toBe(409);
    expect((await getInterviewForEdit(moderator, id)).editable).toBe(false);
  });

  it('a guest or host whose account was disabled since may stay, but not be added', async () => {
    const retiring = await insertStaff('钱处长', 'leader', '处长');
    const { id } = await createInterview(moderator, { title: '文化市场执法在线访谈', summary: '执法支队介绍文化市场执法情况。', guestIds: [retiring.user.publicId], ...schedule() });
    await db().update(users).set({ status: 'disabled' }).where(eq(users.id, retiring.user.id));
    const kept = await updateInterview(moderator, id, { version: 1, title: '文化市场综合执法在线访谈', guestIds: [retiring.user.publicId, leader.user.publicId], hostId: moderator.user.publicId });
    expect(kept.changed.sort()).toEqual(['guests', 'title']);
    const other = await createInterview(moderator, { title: '另一场文化执法访谈', summary: '执法支队介绍文化市场执法情况。', guestIds: [leader.user.publicId], ...schedule() });
    expect((await appErrorOf(updateInterview(moderator, other.id, { version: 1, guestIds: [retiring.user.publicId] }))).fields).toEqual({ guestIds: '嘉宾须是在职的领导账号' });
  });

  it('PATCH /api/v1/interviews/{id}: JSON in, the API error shape out (never a 500)', async () => {
    const { id } = await draftInterview('公共图书馆建设在线访谈');
    const patch = (body: string) =>
      interviewRoute.PATCH(new Request(`http://localhost/api/v1/interviews/${id}`, { method: 'PATCH', body, headers: { 'content-type': 'application/json' } }), { params: Promise.resolve({ id }) });
    requestHeaders.cookie = null;
    expect((await patch(JSON.stringify({ version: 1, title: '公共图书馆建设情况在线访谈' }))).status).toBe(401);
    requestHeaders.cookie = await sessionCookie(moderator);
    expect((await patch('{"version": 1,')).status).toBe(400);
    const invalid = await patch(JSON.stringify({ version: 1, questionQuota: 'many' }));
    expect(invalid.status).toBe(422);
    expect((await invalid.json()).error.fields).toEqual({ questionQuota: '提问数必须是数字' });
    const ok = await patch(JSON.stringify({ version: 1, title: '公共图书馆建设情况在线访谈' }));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ id, version: 2, changed: ['title'], seq: null });
    const stale = await patch(JSON.stringify({ version: 1, title: '公共图书馆建设情况在线访谈二' }));
    expect(stale.status).toBe(409);
    expect(await stale.json()).toEqual({ error: { code: 'conflict', message: '已被他人处理，请刷新后重试' } });
    requestHeaders.cookie = null;
  });
});

async function sessionCookie(actor: StaffActor): Promise<string> {
  return `next-auth.session-token=${await encode({ token: { sub: actor.user.publicId, sv: 0 }, secret: process.env.NEXTAUTH_SECRET! })}`;
}

/** An ended interview with the demo leader and the deputy as guests, one answered and three leftover questions. */
async function endedInterview() {
  const { id } = await createInterview(moderator, {
    title: '旅游市场秩序整治在线访谈', summary: '局领导介绍旅游市场秩序整治情况并回答市民提问。', guestIds: [leader.user.publicId, deputy.user.publicId], ...schedule(),
  });
  await actOnInterview(moderator, id, { action: 'announce' });
  await actOnInterview(moderator, id, { action: 'go_live' });
  const asked = [];
  for (const body of ['一日游低价团怎么投诉？', '景区门票预约什么时候取消？', '导游强制购物如何处理？', '旅行社跑路了押金怎么退？', '这个问题没有被采用吧？']) {
    asked.push((await askQuestion(citizen, id, { body })).id);
  }
  for (const q of asked.slice(0, 4)) await actOnQuestion(moderator, q, { action: 'approve' });
  await publishAnswer(leader, asked[0]!, { body: '可拨打 12345 或通过本网站来信投诉，我们会及时查处。' });
  await actOnInterview(moderator, id, { action: 'end' });
  return { id, answered: asked[0]!, leftover: asked.slice(1, 4), pending: asked[4]! };
}

// 2026-09-29 is a Tuesday; 9-30 is a working day, 10-01 to 10-07 are 国庆节, 10-10 (Saturday) is a make-up workday.
const BEFORE_HOLIDAY = new Date('2026-09-29T10:00:00+08:00');
const DUE_ACROSS_HOLIDAY = '2026-10-12'; // 9-30, 10-08, 10-09, 10-10, 10-12

describe('assigning leftover questions after the end', () => {
  it('due in 5 working days on the calendar, across 国庆节 and its make-up workday; only guests, only approved, only after the end', async () => {
    const early = await createInterview(moderator, { title: '尚未结束的在线访谈', summary: '这场访谈还没有结束，不能分配问题。', guestIds: [leader.user.publicId], ...schedule() });
    await actOnInterview(moderator, early.id, { action: 'announce' });
    await actOnInterview(moderator, early.id, { action: 'go_live' });
    const liveQuestion = (await askQuestion(citizen, early.id, { body: '直播中能分配问题吗？' })).id;
    await actOnQuestion(moderator, liveQuestion, { action: 'approve' });
    const notOver = await appErrorOf(actOnQuestion(moderator, liveQuestion, { action: 'assign', guestId: leader.user.publicId }));
    expect(notOver.status).toBe(409);
    expect(notOver.message).toBe('访谈结束后才能分配会后答复的问题');
    expect((await appErrorOf(assignLeftoverQuestions(moderator, early.id, { guestId: leader.user.publicId }))).status).toBe(409);

    const { id, answered, leftover, pending } = await endedInterview();
    const [first] = leftover;
    const result = await actOnQuestion(moderator, first!, { action: 'assign', guestId: deputy.user.publicId }, BEFORE_HOLIDAY);
    expect(result).toMatchObject({ id: first, status: 'approved', assignedTo: deputy.user.publicId, dueOn: DUE_ACROSS_HOLIDAY });
    const [row] = await db().select().from(questions).where(eq(questions.publicId, first!));
    expect(row).toMatchObject({ assignedToId: deputy.user.id, assignmentDueOn: DUE_ACROSS_HOLIDAY, assignedAt: BEFORE_HOLIDAY, version: 3 });
    const [audit] = await auditRows('question.assign', first!);
    expect(audit!.details).toEqual({ interview: id, to: deputy.user.publicId, dueOn: DUE_ACROSS_HOLIDAY });
    const [note] = await db().select().from(notifications).where(and(eq(notifications.userId, deputy.user.id), eq(notifications.kind, 'interview.assigned')));
    expect(note!.title).toBe('请在 2026-10-12 前答复访谈会后问题');

    // Moderators see the assignee and due date in the console.
    const console = (await staffQuestions(moderator, id)).items.find((q) => q.id === first)!;
    expect(console).toMatchObject({ assignedTo: { id: deputy.user.publicId, name: '李副局长' }, dueOn: DUE_ACROSS_HOLIDAY });

    // Refusals: not a guest, a citizen, answered or pending questions, a stale version, other roles.
    const notGuest = await appErrorOf(actOnQuestion(moderator, leftover[1]!, { action: 'assign', guestId: outsider.user.publicId }));
    expect(notGuest.status).toBe(422);
    expect(notGuest.fields).toEqual({ guestId: '只能分配给本场访谈的嘉宾' });
    expect((await appErrorOf(actOnQuestion(moderator, leftover[1]!, { action: 'assign', guestId: citizen.user.publicId }))).fields).toEqual({ guestId: '只能分配给本场访谈的嘉宾' });
    expect((await appErrorOf(actOnQuestion(moderator, leftover[1]!, { action: 'assign' }))).fields).toEqual({ guestId: '请选择嘉宾' });
    expect((await appErrorOf(actOnQuestion(moderator, answered, { action: 'assign', guestId: leader.user.publicId }))).message).toBe('这个问题已经答复，不能再分配');
    expect((await appErrorOf(actOnQuestion(moderator, pending, { action: 'assign', guestId: leader.user.publicId }))).message).toBe('只能分配已采用、尚未答复的问题');
    expect((await appErrorOf(actOnQuestion(moderator, first!, { action: 'assign', guestId: leader.user.publicId, version: 2 }))).status).toBe(409);
    for (const actor of [leader, deputy, citizen]) expect((await appErrorOf(actOnQuestion(actor, leftover[1]!, { action: 'assign', guestId: leader.user.publicId }))).status).toBe(403);
    expect((await appErrorOf(actOnQuestion(visitor(), leftover[1]!, { action: 'assign', guestId: leader.user.publicId }))).status).toBe(401);
    expect((await appErrorOf(assignLeftoverQuestions(leader, id, { guestId: leader.user.publicId }))).status).toBe(403);

    // "All to guest X" takes the unassigned ones only, then (includeAssigned) the rest too.
    const all = await assignLeftoverQuestions(moderator, id, { guestId: leader.user.publicId }, BEFORE_HOLIDAY);
    expect(all).toEqual({ assigned: leftover.slice(1), guestId: leader.user.publicId, dueOn: DUE_ACROSS_HOLIDAY });
    expect(await auditRows('question.assign_all', id)).toHaveLength(1);
    expect((await assignLeftoverQuestions(moderator, id, { guestId: leader.user.publicId })).assigned).toEqual([]);

    // Reassigning before it is answered: the new guest, 5 working days from the reassignment.
    const later = new Date('2026-10-12T09:00:00+08:00'); // Monday
    const moved = await actOnQuestion(moderator, first!, { action: 'assign', guestId: leader.user.publicId, version: 3 }, later);
    expect(moved).toMatchObject({ assignedTo: leader.user.publicId, dueOn: '2026-10-19' });
    expect((await auditRows('question.assign', first!))[1]!.details).toMatchObject({ from: deputy.user.publicId, to: leader.user.publicId });
    const everything = await assignLeftoverQuestions(moderator, id, { guestId: deputy.user.publicId, includeAssigned: true }, later);
    expect(everything.assigned).toEqual(leftover);
    expect(everything.dueOn).toBe('2026-10-19');
  });

  it('a calendar edit moves the due dates of open assignments, as it does for letters', async () => {
    const { leftover } = await endedInterview();
    const monday = new Date('2026-11-30T09:00:00+08:00');
    const assigned = await actOnQuestion(moderator, leftover[0]!, { action: 'assign', guestId: leader.user.publicId }, monday);
    expect(assigned).toMatchObject({ dueOn: '2026-12-07' }); // Tue 12-01 … Mon 12-07
    const admin = await actorFor('admin@example.com');
    await setCalendarDay(admin, { day: '2026-12-02', kind: 'holiday', name: '测试假日' });
    const dueOn = async () => (await db().select({ d: questions.assignmentDueOn }).from(questions).where(eq(questions.publicId, leftover[0]!)))[0]!.d;
    expect(await dueOn()).toBe('2026-12-08');
    const [audit] = await db().select().from(auditLog).where(and(eq(auditLog.action, 'calendar.day.set'), eq(auditLog.entityId, '2026-12-02')));
    expect(audit?.details).toMatchObject({ assignmentDueDatesChanged: 1 });
    await removeCalendarDay(admin, { day: '2026-12-02' });
    expect(await dueOn()).toBe('2026-12-07');
  });

  it('the assigned guest answers after the end (also after publication), the answer joins the log and transcript; others cannot', async () => {
    const { id, leftover } = await endedInterview();
    const [mine, theirs, nobodys] = leftover;
    await actOnQuestion(moderator, mine!, { action: 'assign', guestId: leader.user.publicId }, BEFORE_HOLIDAY);
    await actOnQuestion(moderator, theirs!, { action: 'assign', guestId: deputy.user.publicId }, BEFORE_HOLIDAY);

    // The leader's list across interviews: due date, overdue once the day has passed.
    const onTime = await assignedQuestions(leader, {}, new Date('2026-10-12T20:00:00+08:00'));
    const listed = onTime.items.find((q) => q.id === mine)!;
    expect(listed).toMatchObject({ dueOn: DUE_ACROSS_HOLIDAY, overdue: false, status: 'approved', asker: '陈*民', interview: { id, title: '旅游市场秩序整治在线访谈', status: 'ended' } });
    expect(onTime.items.some((q) => q.id === theirs)).toBe(false);
    const late = await assignedQuestions(leader, {}, new Date('2026-10-13T08:00:00+08:00'));
    expect(late.items.find((q) => q.id === mine)!.overdue).toBe(true);
    expect(late.counts.overdue).toBeGreaterThanOrEqual(1);
    expect((await appErrorOf(assignedQuestions(citizen))).status).toBe(403);
    expect((await appErrorOf(assignedQuestions(leader, { status: 'later' }))).status).toBe(422);

    // Someone else's question, an unassigned one, and a leader who is no guest are refused.
    const other = await appErrorOf(publishAnswer(leader, theirs!, { body: '这个问题由我来答复。' }));
    expect(other.status).toBe(403);
    expect(other.message).toBe('这个问题已分配给其他嘉宾答复');
    const unassigned = await appErrorOf(publishAnswer(leader, nobodys!, { body: '这个问题由我来答复。' }));
    expect(unassigned.status).toBe(409);
    expect(unassigned.message).toBe('访谈已结束，只能答复主持人分配给您的问题；这个问题尚未分配');
    expect((await appErrorOf(publishAnswer(outsider, mine!, { body: '我来答复这个问题。' }))).status).toBe(403);

    // The draft machinery works as during the interview; publishing clears the draft.
    await saveDraft(leader, mine!, { body: '草稿：门票预约' });
    expect(((await assignedQuestions(leader)).items.find((q) => q.id === mine))!.draft).toBe('草稿：门票预约');
    const { seq } = await publishAnswer(leader, mine!, { body: '景区门票预约将逐步改为可选，现场也可购票。' });
    const state = await getInterviewState(visitor(), id);
    expect(state.questions.find((q) => q.id === mine)).toMatchObject({ status: 'answered', answer: { body: '景区门票预约将逐步改为可选，现场也可购票。', author: '王局长' } });
    expect((await eventsSince(visitor(), id, seq - 1)).items[0]).toMatchObject({ type: 'answer.published', payload: { question: { id: mine, status: 'answered' } } });
    expect((await assignedQuestions(leader)).items.some((q) => q.id === mine)).toBe(false);
    expect((await assignedQuestions(leader, { status: 'answered' })).items.map((q) => q.id)).toContain(mine);
    // Once answered, it can no longer be reassigned.
    expect((await appErrorOf(actOnQuestion(moderator, mine!, { action: 'assign', guestId: deputy.user.publicId }))).status).toBe(409);

    // After the transcript is published the assigned guest still answers; it appears in the transcript.
    await actOnInterview(moderator, id, { action: 'publish' });
    await publishAnswer(deputy, theirs!, { body: '旅行社质量保证金可依法申请先行赔付，请联系市场管理处。' });
    const published = await getInterviewState(visitor(), id);
    expect(published.status).toBe('published');
    expect(published.questions.find((q) => q.id === theirs)).toMatchObject({ status: 'answered', answer: { author: '李副局长' } });
  });

  it('POST /api/v1/interviews/{id}/questions/assign and GET /api/v1/questions/assigned', async () => {
    const { id, leftover } = await endedInterview();
    const post = (body: unknown) =>
      assignRoute.POST(new Request(`http://localhost/api/v1/interviews/${id}/questions/assign`, { method: 'POST', body: JSON.stringify(body) }), { params: Promise.resolve({ id }) });
    requestHeaders.cookie = await sessionCookie(leader);
    expect((await post({ guestId: leader.user.publicId })).status).toBe(403);
    requestHeaders.cookie = await sessionCookie(moderator);
    expect((await post({ guestId: 42 })).status).toBe(422);
    const response = await post({ guestId: deputy.user.publicId });
    expect(response.status).toBe(200);
    expect((await response.json()).assigned).toEqual(leftover);

    requestHeaders.cookie = await sessionCookie(deputy);
    const list = await assignedRoute.GET(new Request('http://localhost/api/v1/questions/assigned?status=open&page=1'), {});
    expect(list.status).toBe(200);
    const body = await list.json();
    expect(body.items.map((q: { id: string }) => q.id)).toEqual(expect.arrayContaining(leftover));
    expect(body).toMatchObject({ page: 1, pageSize: 20 });
    expect((await assignedRoute.GET(new Request('http://localhost/api/v1/questions/assigned?page=0'), {})).status).toBe(422);
    requestHeaders.cookie = null;
    expect((await assignedRoute.GET(new Request('http://localhost/api/v1/questions/assigned'), {})).status).toBe(401);
  });
});
