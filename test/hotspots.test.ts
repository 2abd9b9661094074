import { and, eq } from 'drizzle-orm';
import { encode } from 'next-auth/jwt';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { departments } from '@/lib/accounts/schema';
import { findActiveUser } from '@/lib/accounts/users';
import { auditLog } from '@/lib/audit/schema';
import type { Actor, ActorUser } from '@/lib/auth/permissions';
import { computeHotspots, weeklyHotspots } from '@/lib/hotspots';
import { actionForEdit, actOnMilestone, createAction, listPublicActions, readAction, updateAction } from '@/lib/hotspots/actions';
import { actionLetters } from '@/lib/hotspots/schema';
import { currentWeek, mondayOf, shiftWeek, weekOfDate } from '@/lib/hotspots/week';
import { letters } from '@/lib/letters/schema';
import { districts } from '@/lib/topics/schema';
import { topicIdByPath } from '@/lib/topics/seed';
import { appErrorOf } from './support/errors';
import { actorFor, insertUser, uniqueEmail, visitor } from './support/users';
import * as hotspotsRoute from '@/app/api/v1/hotspots/route';
import * as actionsRoute from '@/app/api/v1/actions/route';
import * as actionRoute from '@/app/api/v1/actions/[id]/route';
import * as milestonesRoute from '@/app/api/v1/actions/[id]/milestones/route';
import { updateActionForm } from '@/app/workspace/hotspots/actions';
import { useTestRequest } from './support/request';

const requestHeaders = useTestRequest('192.0.2.93');
// The workspace form revalidates the pages; outside Next there is none.

/**
 * 热点分析 and 每月一题 (issue 17 item 6): the ranking from letters inserted across five weeks (a week of 2021 no
 * other letter falls in), who may read it, an action's lifecycle with its audit rows, and the public reads carrying
 * nothing of the letters but their number.
 */

type Signed = Actor & { user: ActorUser };
let moderator: Signed;
let handler: Signed;
let leader: Signed;
let citizen: Signed;
let market: string;
let tickets: number;
let libraries: number;
let museums: number;
let siming: number;

const WEEK = '2021-W10';
const WRITER_NAME = '郑秘密';
const SECRET_BODY = '我的手机是13912345678，住在某小区8号楼';
let seq = 0;

async function insertLetter(writerId: number, week: string, dayOffset: number, values: { title: string; topicId?: number; districtId?: number; place?: string; status?: 'merged' }) {
  const at = new Date(Date.parse(`${mondayOf(week)}T02:00:00Z`) + dayOffset * 86_400_000 + seq * 1000);
  seq++;
  const [row] = await db().insert(letters).values({
    trackingNo: `2021${String(seq).padStart(8, '0')}`, queryCode: '123456', kind: 'complaint', writerId,
    title: values.title, body: SECRET_BODY, consentToPublish: true, submittedAt: at,
    topicId: values.topicId ?? null, districtId: values.districtId ?? null, place: values.place ?? null, status: values.status ?? 'submitted',
  }).returning({ id: letters.id, trackingNo: letters.trackingNo });
  return row!;
}

async function sessionCookie(actor: Signed): Promise<string> {
  return `next-auth.session-token=${await encode({ token: { sub: actor.user.publicId, sv: 0 }, secret: process.env.NEXTAUTH_SECRET! })}`;
}

beforeAll(async () => {
  [moderator, handler, leader] = await Promise.all(['moderator', 'handler', 'leader'].map((r) => actorFor(`${r}@example.com`)));
  const publicId = await insertUser({ name: WRITER_NAME, email: uniqueEmail('hotspot'), role: 'citizen' });
  citizen = { user: (await findActiveUser(db(), publicId))!, ip: '192.0.2.94' };
  const [m] = await db().select({ publicId: departments.publicId }).from(departments).where(eq(departments.code, 'market'));
  market = m!.publicId;
  tickets = (await topicIdByPath(db(), ['旅游市场', '景区管理', '门票与预约']))!;
  libraries = (await topicIdByPath(db(), ['公共文化服务', '图书馆']))!;
  museums = (await topicIdByPath(db(), ['文物与遗产', '博物馆']))!;
  const [d] = await db().select({ id: districts.id }).from(districts).where(eq(districts.code, 'siming'));
  siming = d!.id;

  const w = citizen.user.id;
  // Tickets: one letter in each of the four weeks before, six this week (rise 5), all in 思明区.
  for (let b = 1; b <= 4; b++) await insertLetter(w, shiftWeek(WEEK, -b), 1, { title: '景区停车收费太贵了', topicId: tickets, districtId: siming });
  for (let i = 0; i < 6; i++) await insertLetter(w, WEEK, i % 7, { title: `鼓浪屿门票预约难${i}`, topicId: tickets, districtId: siming });
  // Libraries: three a week throughout (no rise: not a hotspot).
  for (let b = 0; b <= 4; b++) for (let i = 0; i < 3; i++) await insertLetter(w, shiftWeek(WEEK, -b), i, { title: '图书馆开放时间延长', topicId: libraries });
  // Museums: nothing before, two this week (rise 2), at a named place; and a merged duplicate that does not count.
  for (let i = 0; i < 2; i++) await insertLetter(w, WEEK, 2 + i, { title: '华侨博物院闭馆装修', topicId: museums, place: '华侨博物院' });
  await insertLetter(w, WEEK, 4, { title: '华侨博物院闭馆装修', topicId: museums, place: '华侨博物院', status: 'merged' });
});

describe('ISO weeks', () => {
  it('numbers weeks as ISO 8601 does, on the Beijing calendar', () => {
    expect(weekOfDate('2021-01-03')).toBe('2020-W53');
    expect(weekOfDate('2021-01-04')).toBe('2021-W01');
    expect(mondayOf('2021-W10')).toBe('2021-03-08');
    expect(mondayOf('2021-W53')).toBeNull();
    expect(shiftWeek('2021-W01', -1)).toBe('2020-W53');
    // Sunday 2026-12-06 20:00 UTC is Monday 04:00 in Beijing.
    expect(currentWeek(new Date('2026-12-06T20:00:00Z'))).toBe('2026-W50');
  });
});

describe('the weekly hotspots', () => {
  it('ranks topics, places and terms by rise over the 4-week mean, each with its letters', async () => {
    const week = await computeHotspots(db(), WEEK);
    expect(week.from).toBe('2021-03-08');
    expect(week.to).toBe('2021-03-14');
    expect(week.total).toBe(6 + 3 + 2);
    expect(week.topics.map((t) => [t.label, t.current, t.baseline, t.rise])).toEqual([
      ['旅游市场 > 景区管理 > 门票与预约', 6, 1, 5],
      ['文物与遗产 > 博物馆', 2, 0, 2],
    ]);
    expect(week.topics[0]!.previous).toEqual([1, 1, 1, 1]);
    expect(week.topics[0]!.letters).toHaveLength(6);
    expect(week.topics[0]!.letters[0]!.url).toMatch(/^\/letters\/2021\d{8}$/);
    expect(week.topics[0]!.letters.every((l) => l.title.startsWith('鼓浪屿门票预约难'))).toBe(true);
    expect(week.topics[1]!.letters).toHaveLength(2);

    expect(week.places.map((p) => [p.label, p.key.slice(0, 1), p.current, p.rise])).toEqual([['思明区', 'd', 6, 5], ['华侨博物院', 'p', 2, 2]]);
    // The title's bigrams join back into the phrase; the generic and the steady words are not hotspots.
    expect(week.terms[0]!.label).toBe('鼓浪屿门票预约难');
    expect(week.terms[0]!.current).toBe(6);
    expect(week.terms[0]!.letters).toHaveLength(6);
    expect(week.terms.map((t) => t.label)).toContain('华侨博物院闭馆装修');
    expect(week.terms.map((t) => t.label).join()).not.toMatch(/图书馆/);
  });

  it('is empty for a week without letters, and links the weeks around', async () => {
    const week = await computeHotspots(db(), '2020-W20');
    expect(week.total).toBe(0);
    expect([week.topics, week.places, week.terms]).toEqual([[], [], []]);
    expect(week.previousWeek).toBe('2020-W19');
    expect(week.nextWeek).toBe('2020-W21');
    expect((await weeklyHotspots(moderator, {})).nextWeek).toBeNull();
  });

  it('is for leaders, moderators and admins: a citizen and a handler get 403, a visitor 401, a bad week 422', async () => {
    expect((await weeklyHotspots(leader, { week: WEEK })).topics).toHaveLength(2);
    expect((await appErrorOf(weeklyHotspots(citizen, { week: WEEK }))).status).toBe(403);
    expect((await appErrorOf(weeklyHotspots(handler, { week: WEEK }))).status).toBe(403);
    expect((await appErrorOf(weeklyHotspots(visitor(), { week: WEEK }))).status).toBe(401);
    expect((await appErrorOf(weeklyHotspots(moderator, { week: '2021-W60' }))).status).toBe(422);

    const get = (q: string) => hotspotsRoute.GET(new Request(`http://localhost/api/v1/hotspots${q}`));
    requestHeaders.cookie = await sessionCookie(citizen);
    expect((await get(`?week=${WEEK}`)).status).toBe(403);
    requestHeaders.cookie = await sessionCookie(moderator);
    const ok = await get(`?week=${WEEK}`);
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { topics: unknown[] }).topics).toHaveLength(2);
    const bad = await get('?week=2021-10');
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { error: { fields: Record<string, string> } }).error.fields.week).toContain('YYYY-Www');
    requestHeaders.cookie = null;
  });
});

describe('每月一题 actions', () => {
  it('adopts a hotspot with its letters and milestones; the owner marks progress; every change audited', async () => {
    const created = await createAction(moderator, {
      title: '鼓浪屿门票预约难专项整治', description: '优化预约系统，增加现场票。', ownerDepartmentId: market,
      milestones: [{ title: '调研预约系统', targetOn: '2021-04-01' }, { title: '上线新预约系统', targetOn: '2021-05-01' }],
      source: { kind: 'topic', key: String(tickets), week: WEEK },
    });
    expect(created.letters).toBe(6);
    const linked = await db().select().from(actionLetters).innerJoin(letters, eq(letters.id, actionLetters.letterId));
    expect(linked.filter((l) => l.action_letters.actionId).every((l) => l.letters.topicId === tickets)).toBe(true);

    const audit = (action: string) => db().select().from(auditLog).where(and(eq(auditLog.entityId, created.id), eq(auditLog.action, action)));
    expect(await audit('action.create')).toHaveLength(1);

    let action = (await readAction(created.id))!;
    expect([action.milestonesDone, action.milestonesTotal, action.letterCount]).toEqual([0, 2, 6]);
    const [first, second] = action.milestones;

    // The owner (a handler of 文化市场) marks the first done; a leader of another department and a citizen may not.
    expect((await appErrorOf(actOnMilestone(leader, created.id, { action: 'done', milestoneId: first!.id }))).status).toBe(403);
    expect((await appErrorOf(actOnMilestone(citizen, created.id, { action: 'done', milestoneId: first!.id }))).status).toBe(403);
    expect((await appErrorOf(actOnMilestone(handler, created.id, { action: 'add', title: '新增节点', targetOn: '2021-06-01' }))).status).toBe(403);
    const done = await actOnMilestone(handler, created.id, { action: 'done', milestoneId: first!.id, doneOn: '2021-03-30' });
    expect([done.done, done.total]).toEqual([1, 2]);
    expect((await appErrorOf(actOnMilestone(handler, created.id, { action: 'done', milestoneId: second!.id, doneOn: '2999-01-01' }))).status).toBe(422);
    expect((await appErrorOf(actOnMilestone(handler, created.id, { action: 'done', milestoneId: 'nope' }))).status).toBe(404);
    const added = await actOnMilestone(moderator, created.id, { action: 'add', title: '回访市民', targetOn: '2021-06-01' });
    expect([added.done, added.total]).toEqual([1, 3]);
    expect(await audit('action.milestone_done')).toHaveLength(1);
    expect(await audit('action.milestone_add')).toHaveLength(1);

    // Edits: moderators only, with the version; a stale one is refused.
    action = (await readAction(created.id))!;
    expect((await appErrorOf(updateAction(handler, created.id, { title: '改标题试试' }))).status).toBe(403);
    const updated = await updateAction(moderator, created.id, { title: '鼓浪屿门票预约专项整治', version: action.version });
    expect(updated.version).toBe(action.version + 1);
    expect((await appErrorOf(updateAction(moderator, created.id, { title: '再改一次标题', version: action.version }))).status).toBe(409);
    expect(await audit('action.update')).toHaveLength(1);

    const listed = (await listPublicActions()).find((a) => a.id === created.id)!;
    expect(listed).toMatchObject({ title: '鼓浪屿门票预约专项整治', milestonesDone: 1, milestonesTotal: 3, letterCount: 6, owner: { kind: 'department' } });
  });

  it('validates: one owner, real dates, known letters (422); a citizen cannot create (403)', async () => {
    const base = { title: '测试行动标题', description: '', milestones: [] };
    expect((await appErrorOf(createAction(moderator, base))).fields?.ownerDepartmentId).toContain('二选一');
    expect((await appErrorOf(createAction(moderator, { ...base, ownerDepartmentId: market, ownerUserId: handler.user.publicId }))).status).toBe(422);
    expect((await appErrorOf(createAction(moderator, { ...base, ownerDepartmentId: market, milestones: [{ title: '节点一', targetOn: '2021-02-30' }] }))).status).toBe(422);
    expect((await appErrorOf(createAction(moderator, { ...base, ownerDepartmentId: market, letters: ['999999999999'] }))).fields?.letters).toContain('999999999999');
    expect((await appErrorOf(createAction(moderator, { ...base, ownerUserId: citizen.user.publicId }))).fields?.ownerUserId).toBeDefined();
    expect((await appErrorOf(createAction(citizen, { ...base, ownerDepartmentId: market }))).status).toBe(403);
    // A staff member as owner updates the milestones; the department's other staff may not.
    const { id } = await createAction(moderator, { ...base, ownerUserId: leader.user.publicId, milestones: [{ title: '节点一', targetOn: '2021-04-01' }] });
    const m = (await readAction(id))!.milestones[0]!;
    expect((await appErrorOf(actOnMilestone(handler, id, { action: 'done', milestoneId: m.id }))).status).toBe(403);
    expect((await actOnMilestone(leader, id, { action: 'done', milestoneId: m.id })).done).toBe(1);
    expect((await actOnMilestone(leader, id, { action: 'reopen', milestoneId: m.id })).done).toBe(0);
  });

  it('the public API shows what, who and how far, never a letter or its writer', async () => {
    requestHeaders.cookie = await sessionCookie(citizen);
    const post = (route: typeof actionsRoute.POST, path: string, data: unknown, id?: string) => route(
      new Request(`http://localhost${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(data) }),
      { params: Promise.resolve((id ? { id } : {}) as Record<string, string>) },
    );
    const input = { title: '华侨博物院闭馆期间替代展览', description: '闭馆期间在社区设临时展。', ownerDepartmentId: market,
      milestones: [{ title: '选定场地', targetOn: '2021-04-01' }, { title: '开展', targetOn: '2021-05-01' }], source: { kind: 'term', key: '华侨博物院', week: WEEK } };
    expect((await post(actionsRoute.POST, '/api/v1/actions', input)).status).toBe(403);
    requestHeaders.cookie = await sessionCookie(moderator);
    expect((await post(actionsRoute.POST, '/api/v1/actions', { ...input, title: '' })).status).toBe(422);
    const created = await post(actionsRoute.POST, '/api/v1/actions', input);
    expect(created.status).toBe(201);
    const { id, letters: linked } = (await created.json()) as { id: string; letters: number };
    expect(linked).toBe(2);
    const milestoneId = (await readAction(id))!.milestones[0]!.id;
    const done = await post(milestonesRoute.POST as typeof actionsRoute.POST, `/api/v1/actions/${id}/milestones`, { action: 'done', milestoneId }, id);
    expect(done.status).toBe(200);
    expect((await post(milestonesRoute.POST as typeof actionsRoute.POST, `/api/v1/actions/${id}/milestones`, { action: 'finish' }, id)).status).toBe(422);

    requestHeaders.cookie = null;
    const one = await actionRoute.GET(new Request(`http://localhost/api/v1/actions/${id}`), { params: Promise.resolve({ id }) });
    expect(one.status).toBe(200);
    const text = await one.text();
    const body = JSON.parse(text) as Record<string, unknown>;
    expect(body).toMatchObject({ title: input.title, milestonesDone: 1, milestonesTotal: 2, letterCount: 2, publishedAnswers: [] });
    const list = await (await actionsRoute.GET(new Request('http://localhost/api/v1/actions'))).text();
    for (const surface of [text, list]) {
      expect(surface).not.toContain(WRITER_NAME);
      expect(surface).not.toContain('13912345678');
      expect(surface).not.toContain('闭馆装修'); // a letter's title
      expect(surface).not.toMatch(/2021\d{8}/); // a tracking number
      expect(surface).not.toContain('ownerDepartmentId');
    }
    expect((await actionRoute.GET(new Request('http://localhost/api/v1/actions/nope'), { params: Promise.resolve({ id: 'nope' }) })).status).toBe(404);
  });

  it('the workspace form edits title, owner and the linked letters through the PATCH\'s function; moderators only', async () => {
    const [a, b] = [await insertLetter(citizen.user.id, WEEK, 5, { title: '表单关联来信一' }), await insertLetter(citizen.user.id, WEEK, 6, { title: '表单关联来信二' })];
    const { id } = await createAction(moderator, { title: '表单修改的行动', description: '', ownerDepartmentId: market, letters: [a.trackingNo] });
    const before = (await actionForEdit(moderator, id))!;
    expect(before).toMatchObject({ title: '表单修改的行动', owner: `department:${market}`, letters: [a.trackingNo] });
    expect(before.staff.map((s) => s.id)).toContain(leader.user.publicId);
    expect((await appErrorOf(actionForEdit(handler, id))).status).toBe(403);

    const send = async (who: Signed | null, fields: Record<string, string>) => {
      requestHeaders.cookie = who ? await sessionCookie(who) : null;
      const form = new FormData();
      for (const [k, v] of Object.entries(fields)) form.set(k, v);
      try {
        return await updateActionForm(id, { ok: false, message: null, fields: {} }, form);
      } finally {
        requestHeaders.cookie = null;
      }
    };
    const fields = { version: String(before.version), title: '表单修改后的标题', description: '由表单修改。', owner: `user:${leader.user.publicId}`, letters: `${a.trackingNo}\n${b.trackingNo}` };
    expect((await send(handler, fields)).ok).toBe(false);
    expect((await send(moderator, { ...fields, letters: '999999999999' })).fields.letters).toContain('999999999999');
    expect((await send(moderator, { ...fields, owner: '' })).fields.owner).toContain('二选一');
    expect((await send(moderator, fields)).ok).toBe(true);
    const after = (await actionForEdit(moderator, id))!;
    expect(after).toMatchObject({ title: '表单修改后的标题', description: '由表单修改。', owner: `user:${leader.user.publicId}`, version: before.version + 1 });
    expect(after.letters.sort()).toEqual([a.trackingNo, b.trackingNo].sort());
    // A stale version (the form opened before this save) is refused.
    expect((await send(moderator, { ...fields, title: '过期版本的修改' })).ok).toBe(false);
    const audits = await db().select().from(auditLog).where(and(eq(auditLog.entityId, id), eq(auditLog.action, 'action.update')));
    expect(audits).toHaveLength(1);
    expect(audits[0]!.actorId).toBe(moderator.user.id);
  });
});
