import { randomBytes, randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { encode } from 'next-auth/jwt';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { departments, organisation, users } from '@/lib/accounts/schema';
import { updateUser } from '@/lib/accounts/admin';
import { createDepartment, listDepartments, listDepartmentsForAdmin, updateDepartment } from '@/lib/accounts/departments';
import { getOrganisationProfile, updateOrganisation } from '@/lib/accounts/organisation';
import { auditLog } from '@/lib/audit/schema';
import { notifications } from '@/lib/notifications/schema';
import type { Actor, ActorUser } from '@/lib/auth/permissions';
import { allocateIndexNo } from '@/lib/disclosure/catalogue';
import { createCategory, updateCategory } from '@/lib/disclosure/category-admin';
import { categoryTree } from '@/lib/disclosure/categories';
import { catalogueCategories } from '@/lib/disclosure/schema';
import { getLetter } from '@/lib/letters/queries';
import { letterEvents, letterMessages, letters, replyTemplates, type LetterStatus } from '@/lib/letters/schema';
import { createTemplate, deleteTemplate, listManagedTemplates, listReplyTemplates, updateTemplate } from '@/lib/letters/templates';
import { appErrorOf } from './support/errors';
import { actorFor, visitor } from './support/users';
import * as organisationRoute from '@/app/api/v1/admin/organisation/route';
import * as departmentsRoute from '@/app/api/v1/admin/departments/route';
import * as departmentRoute from '@/app/api/v1/admin/departments/[id]/route';
import * as publicDepartmentsRoute from '@/app/api/v1/departments/route';
import { useTestRequest } from './support/request';

const requestHeaders = useTestRequest('192.0.2.56');

let admin: Actor & { user: ActorUser };
let moderator: Actor & { user: ActorUser };
let handler: Actor & { user: ActorUser };
let leader: Actor & { user: ActorUser };
let citizen: Actor & { user: ActorUser };

beforeAll(async () => {
  admin = await actorFor('admin@example.com');
  moderator = await actorFor('moderator@example.com');
  handler = await actorFor('handler@example.com'); // 文化市场管理处
  leader = await actorFor('leader@example.com'); // 办公室
  citizen = await actorFor('citizen@example.com');
});

async function signIn(email: string | null) {
  requestHeaders.cookie = email
    ? `next-auth.session-token=${await encode({ token: { sub: (await actorFor(email)).user.publicId, sv: 0 }, secret: process.env.NEXTAUTH_SECRET! })}`
    : null;
}
afterEach(() => {
  requestHeaders.cookie = null;
});
const send = (method: string, path: string, body?: unknown) =>
  new Request(`http://localhost/api/v1${path}`, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
const auditCount = async (action: string) => (await db().select().from(auditLog).where(eq(auditLog.action, action))).length;
const unique = (label: string) => `${label}${randomBytes(3).toString('hex')}`;

async function insertLetter(status: LetterStatus, departmentId: number | null, requestedDepartmentId: number | null = null) {
  const [row] = await db().insert(letters).values({
    trackingNo: `19${String(randomBytes(6).readUIntBE(0, 6) % 10 ** 11).padStart(11, '0')}`, queryCode: '123456', kind: 'inquiry', status, writerId: citizen.user.id,
    title: '测试来信标题', body: '测试来信正文内容', consentToPublish: false, departmentId, requestedDepartmentId,
  }).returning({ id: letters.id, trackingNo: letters.trackingNo });
  return row!;
}
async function deptId(publicId: string) {
  const [row] = await db().select({ id: departments.id }).from(departments).where(eq(departments.publicId, publicId));
  return row!.id;
}

describe('organisation profile', () => {
  it('is for admins only', async () => {
    for (const actor of [visitor(), citizen, handler, moderator]) {
      expect((await appErrorOf(getOrganisationProfile(actor))).status).toBe(actor.user ? 403 : 401);
      expect((await appErrorOf(updateOrganisation(actor, { phone: '0592-1234567' }))).status).toBe(actor.user ? 403 : 401);
    }
  });

  it('saves the fields sent with an audit row of what changed; an unchanged save records nothing', async () => {
    const before = await getOrganisationProfile(admin);
    const result = await updateOrganisation(admin, { address: '示范市湖里区新路 8 号', phone: '0592-7654321', officeHours: before.officeHours });
    expect(result).toMatchObject({ changed: true, changedFields: ['address', 'phone'] });
    expect(await getOrganisationProfile(admin)).toEqual({ ...before, address: '示范市湖里区新路 8 号', phone: '0592-7654321' });
    const [audit] = await db().select().from(auditLog).where(eq(auditLog.action, 'organisation.update')).orderBy(auditLog.id);
    expect(audit!.details).toEqual({ changed: { address: { from: before.address, to: '示范市湖里区新路 8 号' }, phone: { from: before.phone, to: '0592-7654321' } } });

    const audits = await auditCount('organisation.update');
    expect(await updateOrganisation(admin, { address: '  示范市湖里区新路 8 号 ', phone: '0592-7654321' })).toMatchObject({ changed: false, changedFields: [] });
    expect(await auditCount('organisation.update')).toBe(audits);
  });

  it('refuses bad values and unknown fields with Chinese field messages, changing nothing', async () => {
    const before = await getOrganisationProfile(admin);
    const error = await appErrorOf(updateOrganisation(admin, { name: 'x', code: '文旅', email: 'nope', postcode: '12', phone: 'call me', nameEn: '英文' }));
    expect(error.status).toBe(422);
    expect(error.fields).toMatchObject({ name: expect.stringContaining('至少 2'), code: expect.stringContaining('机构代码'), email: expect.stringContaining('邮箱'), postcode: expect.stringContaining('6 位'), phone: expect.any(String), nameEn: expect.any(String) });
    expect((await appErrorOf(updateOrganisation(admin, { naam: '示范局' }))).message).toBeTruthy();
    expect(await getOrganisationProfile(admin)).toEqual(before);
  });

  it('a new bureau code applies to new index numbers only; issued ones stay', async () => {
    const [category] = await db().select().from(catalogueCategories).where(eq(catalogueCategories.code, '0101'));
    const issued = await db().transaction((tx) => allocateIndexNo(tx, category!.id, 2026));
    const before = await getOrganisationProfile(admin);
    await updateOrganisation(admin, { code: 'xm-wl' });
    const next = await db().transaction((tx) => allocateIndexNo(tx, category!.id, 2026));
    expect(issued.startsWith(`${before.code}-0101-2026-`)).toBe(true);
    expect(next.startsWith('XM-WL-0101-2026-')).toBe(true);
    await updateOrganisation(admin, { code: before.code });
  });

  it('GET and PATCH /api/v1/admin/organisation', async () => {
    await signIn(null);
    expect((await organisationRoute.GET(send('GET', '/admin/organisation'), {} as never)).status).toBe(401);
    await signIn('moderator@example.com');
    expect((await organisationRoute.PATCH(send('PATCH', '/admin/organisation', { phone: '0592-1111111' }), {} as never)).status).toBe(403);
    await signIn('admin@example.com');
    const got = await organisationRoute.GET(send('GET', '/admin/organisation'), {} as never);
    expect(got.status).toBe(200);
    const profile = await got.json();
    expect(Object.keys(profile).sort()).toEqual(['address', 'code', 'disclosureOffice', 'email', 'name', 'nameEn', 'officeHours', 'phone', 'postcode']);
    const patched = await organisationRoute.PATCH(send('PATCH', '/admin/organisation', { disclosureOffice: '局办公室（信息公开）' }), {} as never);
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({ changed: true, organisation: { disclosureOffice: '局办公室（信息公开）' } });
    const bad = await organisationRoute.PATCH(send('PATCH', '/admin/organisation', { email: 'x' }), {} as never);
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.fields.email).toContain('邮箱');
  });
});

describe('departments', () => {
  it('admins create one (public list shows it), duplicate names are refused', async () => {
    const name = unique('审批服务处');
    const { id } = await createDepartment(admin, { name, description: '行政审批和政务服务', phone: '0592-5370000' });
    expect((await listDepartments(db())).find((d) => d.id === id)).toMatchObject({ name, duties: '行政审批和政务服务', phone: '0592-5370000' });
    const dup = await appErrorOf(createDepartment(admin, { name: ` ${name} ` }));
    expect(dup.status).toBe(409);
    expect(dup.fields).toEqual({ name: '部门名称重复' });
    expect((await appErrorOf(createDepartment(admin, { name: '办公室' }))).status).toBe(409);
    expect((await appErrorOf(createDepartment(moderator, { name: unique('某处') }))).status).toBe(403);
    expect((await appErrorOf(createDepartment(admin, { name: 'x', phone: 'abc' }))).fields).toMatchObject({ name: expect.any(String), phone: expect.any(String) });
    expect(await auditCount('department.create')).toBeGreaterThanOrEqual(1);
  });

  it('rename, describe and reorder; unchanged saves say so; finished letters keep the old name', async () => {
    const name = unique('旧名处');
    const { id } = await createDepartment(admin, { name });
    const internal = await deptId(id);
    const closed = await insertLetter('closed', internal);
    const open = await insertLetter('accepted', internal);
    await db().insert(letterMessages).values({ letterId: closed.id, kind: 'answer', authorId: handler.user.id, departmentId: internal, body: '答复内容' });

    const renamed = unique('新名处');
    const result = await updateDepartment(admin, id, { name: renamed, description: '新职责', sortOrder: 3 });
    expect(result).toMatchObject({ changed: true, department: { name: renamed, duties: '新职责', sortOrder: 3, active: true, openLetters: 1 } });
    expect(await updateDepartment(admin, id, { name: renamed, sortOrder: 3 })).toMatchObject({ changed: false });

    const [closedRow] = await db().select({ departmentName: letters.departmentName }).from(letters).where(eq(letters.id, closed.id));
    const [openRow] = await db().select({ departmentName: letters.departmentName }).from(letters).where(eq(letters.id, open.id));
    expect(closedRow!.departmentName).toBe(name);
    expect(openRow!.departmentName).toBeNull();
    // The writer sees the letter under the name it was handled under; the open one under the new name.
    const writerView = await getLetter(citizen, closed.trackingNo);
    expect(writerView.department).toBe(name);
    expect(writerView.replies[0]?.department).toBe(name);
    expect((await getLetter(citizen, open.trackingNo)).department).toBe(renamed);
  });

  it('deactivating with open letters needs a target; with one, the letters move in the same step', async () => {
    const { id } = await createDepartment(admin, { name: unique('撤并处') });
    const { id: targetId } = await createDepartment(admin, { name: unique('接收处') });
    const internal = await deptId(id);
    const accepted = await insertLetter('accepted', internal);
    const waiting = await insertLetter('submitted', null, internal);
    const done = await insertLetter('closed', internal);

    const refused = await appErrorOf(updateDepartment(admin, id, { active: false }));
    expect(refused.status).toBe(409);
    expect(refused.message).toContain('2 件未办结');
    expect((await listDepartments(db())).some((d) => d.id === id)).toBe(true);
    expect((await appErrorOf(updateDepartment(admin, id, { active: false, moveOpenTo: id }))).status).toBe(422);
    expect((await appErrorOf(updateDepartment(admin, id, { moveOpenTo: targetId }))).status).toBe(422);

    const result = await updateDepartment(admin, id, { active: false, moveOpenTo: targetId });
    expect(result).toMatchObject({ changed: true, moved: 2, department: { active: false, openLetters: 0 } });
    const target = await deptId(targetId);
    const rows = await db().select({ id: letters.id, departmentId: letters.departmentId, requested: letters.requestedDepartmentId }).from(letters)
      .where(eq(letters.writerId, citizen.user.id));
    expect(rows.find((r) => r.id === accepted.id)).toMatchObject({ departmentId: target });
    expect(rows.find((r) => r.id === waiting.id)).toMatchObject({ departmentId: null, requested: target });
    expect(rows.find((r) => r.id === done.id)).toMatchObject({ departmentId: internal });
    const [event] = await db().select().from(letterEvents).where(and(eq(letterEvents.letterId, accepted.id), eq(letterEvents.type, 'transferred')));
    expect(event!.data).toMatchObject({ reason: '原承办部门停用' });
    const told = await db().select().from(notifications).where(and(eq(notifications.userId, citizen.user.id), eq(notifications.kind, 'letter.transferred')));
    expect(told.some((n) => n.title.includes(accepted.trackingNo) && n.link === `/letters/${accepted.trackingNo}`)).toBe(true);
    expect((await listDepartments(db())).some((d) => d.id === id)).toBe(false);
    expect((await listDepartmentsForAdmin(admin)).find((d) => d.id === id)).toMatchObject({ active: false });
    // Moving letters into an inactive department is refused.
    const { id: third } = await createDepartment(admin, { name: unique('三处') });
    expect((await appErrorOf(updateDepartment(admin, third, { active: false, moveOpenTo: id }))).status).toBe(422);
    // Reactivating brings it back to the public list.
    await updateDepartment(admin, id, { active: true });
    expect((await listDepartments(db())).some((d) => d.id === id)).toBe(true);
  });

  it('its handlers and leaders move with it: deactivating needs a target, staff move there and sign in again; nobody is placed in an inactive one', async () => {
    const { id } = await createDepartment(admin, { name: unique('撤销处') });
    const { id: targetId } = await createDepartment(admin, { name: unique('承接处') });
    const internal = await deptId(id);
    const staffIds: string[] = [];
    const staffOf = async (name: string, role: 'handler' | 'leader', status: 'active' | 'disabled' = 'active') => {
      const publicId = randomUUID();
      await db().insert(users).values({ publicId, name, email: `${publicId}@example.org`, passwordHash: 'not-a-hash', role, departmentId: internal, status });
      return publicId;
    };
    for (const role of ['handler', 'leader'] as const) staffIds.push(await staffOf(role === 'handler' ? '办理员甲' : '领导乙', role));
    // A disabled account is not in the way.
    const gone = await staffOf('已停用丙', 'handler', 'disabled');
    const versions = async () => new Map((await db().select({ publicId: users.publicId, departmentId: users.departmentId, sv: users.sessionVersion }).from(users))
      .filter((u) => staffIds.includes(u.publicId)).map((u) => [u.publicId, u]));
    const before = await versions();

    const refused = await appErrorOf(updateDepartment(admin, id, { active: false }));
    expect(refused.status).toBe(409);
    expect(refused.message).toContain('2 名在岗工作人员');
    expect(refused.fields).toEqual({ moveOpenTo: '还有2 名在岗工作人员，请选择接收部门' });
    expect((await listDepartmentsForAdmin(admin)).find((d) => d.id === id)).toMatchObject({ active: true, staff: 2 });

    const result = await updateDepartment(admin, id, { active: false, moveOpenTo: targetId });
    expect(result).toMatchObject({ changed: true, moved: 0, department: { active: false, staff: 0 } });
    const after = await versions();
    for (const publicId of staffIds) {
      expect(after.get(publicId)!.departmentId, publicId).toBe(await deptId(targetId));
      expect(after.get(publicId)!.sv, publicId).toBe(before.get(publicId)!.sv + 1);
    }
    const [audit] = await db().select().from(auditLog).where(and(eq(auditLog.action, 'department.deactivate'), eq(auditLog.entityId, id)));
    expect(audit!.details).toMatchObject({ movedTo: targetId, moved: 0, movedStaff: staffIds });
    const [disabled] = await db().select({ departmentId: users.departmentId }).from(users).where(eq(users.publicId, gone));
    expect(disabled!.departmentId).toBe(internal);

    // Nobody is placed in the deactivated department afterwards; an account already in one may stay (its other fields change).
    const refusedMove = await appErrorOf(updateUser(admin, staffIds[0]!, { departmentId: id }));
    expect(refusedMove.fields).toEqual({ departmentId: '该部门已停用，请选择在用的部门' });
    expect((await updateUser(admin, gone, { title: '科员' })).title).toBe('科员');
  });

  it('a department without open letters is deactivated directly; unknown ids are 404', async () => {
    const { id } = await createDepartment(admin, { name: unique('空处') });
    expect(await updateDepartment(admin, id, { active: false })).toMatchObject({ changed: true, moved: 0 });
    expect(await auditCount('department.deactivate')).toBeGreaterThanOrEqual(1);
    expect((await appErrorOf(updateDepartment(admin, 'not-a-uuid', { name: '某某处' }))).status).toBe(404);
    expect((await appErrorOf(updateDepartment(admin, '00000000-0000-4000-8000-000000000000', { name: '某某处' }))).status).toBe(404);
  });

  it('POST and PATCH /api/v1/admin/departments, GET /api/v1/departments public', async () => {
    await signIn('handler@example.com');
    expect((await departmentsRoute.POST(send('POST', '/admin/departments', { name: unique('处') }), {} as never)).status).toBe(403);
    await signIn('admin@example.com');
    const name = unique('接口处');
    const created = await departmentsRoute.POST(send('POST', '/admin/departments', { name, phone: '0592-5370001' }), {} as never);
    expect(created.status).toBe(201);
    const { id } = await created.json();
    const patched = await departmentRoute.PATCH(send('PATCH', `/admin/departments/${id}`, { active: false }), { params: Promise.resolve({ id }) });
    expect(patched.status).toBe(200);
    expect((await patched.json()).department.active).toBe(false);
    const dup = await departmentsRoute.POST(send('POST', '/admin/departments', { name }), {} as never);
    expect(dup.status).toBe(409);
    await signIn(null);
    const list = await (await publicDepartmentsRoute.GET(send('GET', '/departments'), {} as never)).json();
    expect(list.items.some((d: { id: string }) => d.id === id)).toBe(false);
  });
});

describe('reply templates', () => {
  it('a handler edits their own department\'s, a moderator any; the reply editor offers them', async () => {
    const { id } = await createTemplate(handler, { title: '检查结果答复', body: '您好！经现场检查，（情况），已依法处理。' });
    expect((await listReplyTemplates(db(), handler.user.departmentId)).map((t) => t.title)).toContain('检查结果答复');
    expect((await listReplyTemplates(db(), leader.user.departmentId)).map((t) => t.title)).not.toContain('检查结果答复');
    // Another department's staff cannot see or change it.
    expect((await listManagedTemplates(leader)).some((t) => t.id === id)).toBe(false);
    expect((await appErrorOf(updateTemplate(leader, id, { title: '改标题了', body: '改正文内容，十个字以上。' }))).status).toBe(404);
    expect((await appErrorOf(deleteTemplate(leader, id))).status).toBe(404);
    expect((await appErrorOf(createTemplate(handler, { title: '别的部门', body: '正文正文正文正文正文', departmentId: leader.user.departmentPublicId }))).status).toBe(403);
    // Citizens and admins have no templates.
    expect((await appErrorOf(createTemplate(citizen, { title: '标题', body: '正文正文正文正文正文' }))).status).toBe(403);

    expect(await updateTemplate(moderator, id, { title: '检查结果答复', body: '您好！经现场检查，（情况），已依法处理。' })).toEqual({ changed: false });
    expect(await updateTemplate(moderator, id, { title: '现场检查答复', body: '您好！经现场检查，（情况），已依法处理。' })).toEqual({ changed: true });
    const wide = await createTemplate(moderator, { title: '全局通用', body: '您好！来信收悉，现答复如下。' });
    expect((await listReplyTemplates(db(), leader.user.departmentId)).map((t) => t.id)).toContain(wide.id);
    expect((await appErrorOf(updateTemplate(handler, wide.id, { title: '改改改', body: '正文正文正文正文正文' }))).status).toBe(404);
    const bad = await appErrorOf(createTemplate(handler, { title: '', body: '短' }));
    expect(bad.fields).toMatchObject({ title: expect.any(String), body: expect.any(String) });

    await deleteTemplate(handler, id);
    expect(await db().select().from(replyTemplates).where(eq(replyTemplates.id, id))).toEqual([]);
    expect(await auditCount('reply_template.delete')).toBe(1);
  });
});

describe('catalogue categories', () => {
  it('admins add and rename categories; codes and issued index numbers never change', async () => {
    expect((await appErrorOf(createCategory(moderator, { name: '新分类' }))).status).toBe(403);
    const [parent] = await db().select().from(catalogueCategories).where(eq(catalogueCategories.code, '07'));
    const issued = await db().transaction((tx) => allocateIndexNo(tx, parent!.id, 2026));

    const { code } = await createCategory(admin, { name: '专项资金', nameEn: 'Special funds', parentCode: '07' });
    expect(code).toMatch(/^07\d{2}$/);
    const top = await createCategory(admin, { name: '营商环境' });
    expect(top.code).toMatch(/^\d{2}$/);
    expect((await appErrorOf(createCategory(admin, { name: '专项资金', parentCode: '07' }))).status).toBe(409);
    expect((await appErrorOf(createCategory(admin, { name: '三级分类', parentCode: code }))).status).toBe(422);

    expect(await updateCategory(admin, '07', { name: '财政资金' })).toEqual({ changed: true });
    expect(await updateCategory(admin, '07', { name: '财政资金' })).toEqual({ changed: false });
    const tree = await categoryTree(db());
    const node = tree.find((c) => c.code === '07')!;
    expect(node.name).toBe('财政资金');
    expect(node.children.map((c) => c.code)).toContain(code);
    const again = await db().transaction((tx) => allocateIndexNo(tx, parent!.id, 2026));
    expect(again.split('-').slice(0, -1)).toEqual(issued.split('-').slice(0, -1));
    expect((await appErrorOf(updateCategory(admin, '9899', { name: '不存在' }))).status).toBe(404);
    expect(await auditCount('catalogue_category.update')).toBe(1);
    const [org] = await db().select().from(organisation);
    expect(issued.startsWith(`${org!.code}-07-2026-`)).toBe(true);
  });
});
