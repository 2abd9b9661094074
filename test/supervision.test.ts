import { randomBytes, randomUUID } from 'node:crypto';
import { createTranslator } from 'next-intl';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { departments, users } from '@/lib/accounts/schema';
import { findActiveUser, newPublicId } from '@/lib/accounts/users';
import { accountabilitySettings, caseSupervisions, caseUrges } from '@/lib/accountability/schema';
import { officialYear } from '@/lib/calendar/official';
import { classifyRisk, listSupervision, listSupervisionForExport, SUPERVISION_PAGE_SIZE } from '@/lib/accountability/supervision';
import { supervisionCsv } from '@/lib/accountability/supervision-csv';
import type { Actor, ActorUser } from '@/lib/auth/permissions';
import { workingDayCounter, workingDaysBetween, type CalendarRules } from '@/lib/calendar';
import { calendarDays } from '@/lib/calendar/schema';
import { db } from '@/lib/db';
import { disclosureApplications, type ApplicationStatus } from '@/lib/disclosure/schema';
import { letters, type LetterStatus } from '@/lib/letters/schema';
import zhCN from '@/lib/i18n/messages/zh-CN.json';
import { appErrorOf } from './support/errors';
import { actorFor, visitor } from './support/users';

/**
 * The supervision board (督办台) against rows inserted at fixed dates, read at an explicit `now`: Tuesday
 * 2026-11-10 in Beijing. The test calendar adds a holiday on Wednesday 2026-11-11 and a make-up working Saturday
 * (调休) on 2026-11-14, so the working-day counts below cross both.
 */

const NOW = new Date('2026-11-10T10:00:00+08:00');
const TODAY = '2026-11-10';
const RULES: CalendarRules = { holidays: new Set(['2026-11-11']), workdays: new Set(['2026-11-14']) };

describe('risk classification (pure, working days across a holiday and a 调休 Saturday)', () => {
  const at = (dueOn: string | null, submittedOn = '2026-11-02', today = TODAY) => classifyRisk({ dueOn, submittedOn }, today, RULES, 3);

  it('counts remaining working days, skipping the holiday and counting the make-up Saturday', () => {
    // 11-12, 11-13 (11-11 is a holiday)
    expect(at('2026-11-13')).toMatchObject({ remainingWorkingDays: 2, risk: 'due_soon' });
    // 11-12, 11-13, 11-14 (调休), 11-16
    expect(at('2026-11-16')).toMatchObject({ remainingWorkingDays: 4, risk: null });
    expect(at('2026-11-14')).toMatchObject({ remainingWorkingDays: 3, risk: 'due_soon' });
    expect(at(TODAY)).toMatchObject({ remainingWorkingDays: 0, risk: 'due_soon' });
  });

  it('is negative once the due date has passed, at least −1 over a weekend', () => {
    expect(at('2026-11-09')).toMatchObject({ remainingWorkingDays: -1, risk: 'overdue' });
    expect(at('2026-11-06')).toMatchObject({ remainingWorkingDays: -2, risk: 'overdue' });
    // Due Friday, read on the (ordinary) Saturday after: overdue by one day, not zero.
    expect(at('2026-11-06', '2026-11-02', '2026-11-07')).toMatchObject({ remainingWorkingDays: -1, risk: 'overdue' });
  });

  it('paused clocks are neither overdue nor due soon, but their age still counts', () => {
    expect(at(null)).toMatchObject({ remainingWorkingDays: null, risk: null });
    expect(at(null, '2026-08-01')).toMatchObject({ remainingWorkingDays: null, risk: 'days90', ageDays: 101 });
  });

  it('ages in working days and calendar days: ≥ 60 and ≥ 90 days outrank overdue', () => {
    // 11-10, 11-12, 11-13, 11-14, 11-16
    expect(classifyRisk({ dueOn: null, submittedOn: '2026-11-09' }, '2026-11-16', RULES, 3)).toMatchObject({ ageWorkingDays: 5, ageDays: 7 });
    expect(at('2026-10-01', '2026-09-11')).toMatchObject({ ageDays: 60, risk: 'days60' });
    expect(at('2026-10-01', '2026-09-12')).toMatchObject({ ageDays: 59, risk: 'overdue' });
    expect(at('2026-10-01', '2026-08-12')).toMatchObject({ ageDays: 90, risk: 'days90' });
  });
});

describe('the page-wide working-day counter', () => {
  it('agrees with workingDaysBetween for every pair in its range, and outside it', () => {
    const counter = workingDayCounter('2026-10-28', '2026-11-20', RULES);
    const days = Array.from({ length: 30 }, (_, i) => new Date(Date.UTC(2026, 9, 25 + i)).toISOString().slice(0, 10));
    for (const a of days) for (const b of days) expect(counter(a, b), `${a} → ${b}`).toBe(workingDaysBetween(a, b, RULES));
  });

  it('agrees over three years of the official calendar (holidays, make-up workdays, year ends)', () => {
    const days = [2024, 2025, 2026, 2027].flatMap((y) => officialYear(y).days);
    const rules: CalendarRules = { holidays: new Set(days.filter((d) => d.kind === 'holiday').map((d) => d.day)), workdays: new Set(days.filter((d) => d.kind === 'workday').map((d) => d.day)) };
    expect(rules.workdays.size).toBeGreaterThan(10);
    const counter = workingDayCounter('2024-01-01', '2027-01-10', rules);
    const day = (i: number) => new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10);
    for (let a = 0; a < 1105; a += 97) for (let b = a; b < 1106; b += 5) expect(counter(day(a), day(b)), `${day(a)} → ${day(b)}`).toBe(workingDaysBetween(day(a), day(b), rules));
  });
});

// ----------------------------------------------------------------- the board on a database

let citizenId: number;
let moderator: Actor & { user: ActorUser };
let admin: Actor & { user: ActorUser };
let handler: Actor & { user: ActorUser };
let citizen: Actor & { user: ActorUser };
let leaderA: Actor & { user: ActorUser };
const dept = { a: { id: 0, publicId: '' }, b: { id: 0, publicId: '' }, c: { id: 0, publicId: '' } };
const no: Record<string, string> = {};

async function insertDept(name: string) {
  const publicId = randomUUID();
  const [row] = await db().insert(departments).values({ publicId, code: `V${randomBytes(3).toString('hex')}`, name, nameEn: `Board ${name}`, sortOrder: 950 }).returning({ id: departments.id });
  return { id: row!.id, publicId };
}

async function insertLetter(key: string, values: { departmentId: number | null; status?: LetterStatus; dueOn: string | null; submittedAt: string; trackingNo?: string }) {
  const trackingNo = values.trackingNo ?? `2026${randomBytes(4).toString('hex')}`;
  const [row] = await db().insert(letters).values({
    trackingNo, queryCode: '123456', kind: 'complaint', status: values.status ?? 'accepted', writerId: citizenId, departmentId: values.departmentId,
    title: `督办测试 ${key}`, body: '督办测试正文', consentToPublish: false, submittedAt: new Date(values.submittedAt), dueOn: values.dueOn,
  }).returning({ id: letters.id });
  no[key] = trackingNo;
  return row!.id;
}

async function insertApplication(key: string, values: { status: ApplicationStatus; dueOn: string | null; receivedOn: string }) {
  const trackingNo = `GK2026${randomBytes(4).toString('hex')}`;
  const [row] = await db().insert(disclosureApplications).values({
    trackingNo, applicantId: citizenId, applicantType: 'person', applicantName: '张三测试', description: `申请公开督办测试信息 ${key}`, form: 'electronic',
    status: values.status, receivedOn: values.receivedOn, dueOn: values.dueOn, submittedAt: new Date(`${values.receivedOn}T09:00:00+08:00`),
  }).returning({ id: disclosureApplications.id });
  no[key] = trackingNo;
  return row!.id;
}

async function staffActor(role: 'leader' | 'handler', departmentId: number): Promise<Actor & { user: ActorUser }> {
  const publicId = newPublicId();
  await db().insert(users).values({ publicId, name: `督办测试${role}`, email: `${role}-${randomBytes(4).toString('hex')}@example.org`, passwordHash: 'x', role, departmentId });
  return { user: (await findActiveUser(db(), publicId))!, ip: '192.0.2.10' };
}

const trackingNos = (items: Array<{ trackingNo: string }>) => items.map((i) => i.trackingNo);

beforeAll(async () => {
  await db().insert(calendarDays).values([
    { day: '2026-11-11', kind: 'holiday', name: '督办测试假日' },
    { day: '2026-11-14', kind: 'workday', name: '督办测试调休' },
  ]).onConflictDoNothing();
  await db().insert(accountabilitySettings).values({ key: 'dueSoon', workingDays: 3 }).onConflictDoUpdate({ target: accountabilitySettings.key, set: { workingDays: 3 } });
  moderator = await actorFor('moderator@example.com');
  admin = await actorFor('admin@example.com');
  handler = await actorFor('handler@example.com');
  citizen = await actorFor('citizen@example.com');
  citizenId = citizen.user.id;
  dept.a = await insertDept('督办测试甲处');
  dept.b = await insertDept('督办测试乙处');
  dept.c = await insertDept('督办测试丙处');
  leaderA = await staffActor('leader', dept.a.id);

  // Department A: one of each risk, one paused, one calm.
  const overdueA = await insertLetter('overdueA', { departmentId: dept.a.id, dueOn: '2026-11-06', submittedAt: '2026-10-20T09:00:00+08:00' });
  await insertLetter('dueSoonA', { departmentId: dept.a.id, dueOn: '2026-11-13', submittedAt: '2026-10-28T09:00:00+08:00' });
  await insertLetter('calmA', { departmentId: dept.a.id, dueOn: '2026-11-20', submittedAt: '2026-11-05T09:00:00+08:00' });
  await insertLetter('pausedA', { departmentId: dept.a.id, status: 'needs_info', dueOn: null, submittedAt: '2026-10-30T09:00:00+08:00' });
  await insertLetter('days90A', { departmentId: dept.a.id, dueOn: '2026-08-20', submittedAt: '2026-08-01T09:00:00+08:00' });
  await insertLetter('days60A', { departmentId: dept.a.id, dueOn: '2026-09-30', submittedAt: '2026-09-08T09:00:00+08:00' });
  // Finished letters never show.
  await insertLetter('answeredA', { departmentId: dept.a.id, status: 'answered', dueOn: '2026-11-01', submittedAt: '2026-10-01T09:00:00+08:00' });
  await insertLetter('notAcceptedA', { departmentId: dept.a.id, status: 'not_accepted', dueOn: null, submittedAt: '2026-10-01T09:00:00+08:00' });
  // Department B and the triage desk.
  await insertLetter('overdueB', { departmentId: dept.b.id, dueOn: '2026-11-09', submittedAt: '2026-10-26T09:00:00+08:00' });
  await insertLetter('triage', { departmentId: null, status: 'submitted', dueOn: '2026-11-12', submittedAt: '2026-11-09T09:00:00+08:00' });
  // Applications: one overdue, one paused (consultation), one answered (not shown).
  await insertApplication('appOverdue', { status: 'registered', dueOn: '2026-11-05', receivedOn: '2026-10-09' });
  await insertApplication('appPaused', { status: 'consulting', dueOn: null, receivedOn: '2026-10-15' });
  await insertApplication('appAnswered', { status: 'answered', dueOn: null, receivedOn: '2026-10-01' });

  // 催办 and 督办 on the overdue letter of A: an unresolved supervision whose target date has passed.
  await db().insert(caseUrges).values({ caseKind: 'letter', caseId: overdueA, userId: citizenId, urgedOn: '2026-11-09' });
  await db().insert(caseSupervisions).values({ caseKind: 'letter', caseId: overdueA, note: '请尽快办理', targetDate: '2026-11-09', createdBy: moderator.user.id });
  // A resolved supervision does not count.
  const dueSoonId = (await db().select({ id: letters.id }).from(letters).where(eq(letters.trackingNo, no.dueSoonA!)))[0]!.id;
  await db().insert(caseSupervisions).values({ caseKind: 'letter', caseId: dueSoonId, note: '已办结', targetDate: '2026-11-20', createdBy: moderator.user.id, resolvedAt: NOW });
});

describe('the board for moderators and admins', () => {
  it('lists every open letter and application, most urgent first, paused clocks last', async () => {
    const list = await listSupervision(moderator, {}, NOW);
    const mine = list.items.filter((i) => Object.values(no).includes(i.trackingNo));
    expect(trackingNos(mine)).toEqual([
      no.days90A, no.days60A, no.appOverdue, no.overdueA, no.overdueB, no.triage, no.dueSoonA, no.calmA, no.appPaused, no.pausedA,
    ]);
    const by = Object.fromEntries(list.items.map((i) => [i.trackingNo, i]));
    expect(by[no.overdueA!]).toMatchObject({
      kind: 'letter', department: { id: dept.a.publicId, name: '督办测试甲处' }, status: 'accepted', dueAt: '2026-11-06', remainingWorkingDays: -2,
      risk: 'overdue', urged: true, supervised: true, supervision: { targetDate: '2026-11-09', overdue: true },
    });
    // 10-20 → 11-10: 15 working days (国庆 is over; 11-10 counts).
    expect(by[no.overdueA!]!.ageWorkingDays).toBe(15);
    expect(by[no.dueSoonA!]).toMatchObject({ remainingWorkingDays: 2, risk: 'due_soon', urged: false, supervised: false, supervision: null });
    expect(by[no.pausedA!]).toMatchObject({ dueAt: null, remainingWorkingDays: null, paused: true, risk: null });
    expect(by[no.days90A!]).toMatchObject({ risk: 'days90' });
    expect(by[no.days60A!]).toMatchObject({ risk: 'days60' });
    expect(by[no.triage!]).toMatchObject({ department: null, status: 'submitted', risk: 'due_soon' });
    expect(by[no.appOverdue!]).toMatchObject({ kind: 'application', department: null, title: '申请公开督办测试信息 appOverdue', risk: 'overdue', submittedOn: '2026-10-09' });
    expect(by[no.appPaused!]).toMatchObject({ kind: 'application', paused: true, risk: null });
    expect(by[no.answeredA!]).toBeUndefined();
    expect(by[no.notAcceptedA!]).toBeUndefined();
    expect(by[no.appAnswered!]).toBeUndefined();
    // No application leaks the applicant's name into the board.
    expect(JSON.stringify(list.items)).not.toContain('张三测试');
    expect((await listSupervision(admin, {}, NOW)).total).toBe(list.total);
  });

  it('filters by risk (the item’s one risk), kind and department', async () => {
    const overdue = await listSupervision(moderator, { risk: 'overdue' }, NOW);
    expect(new Set(overdue.items.map((i) => i.risk))).toEqual(new Set(['overdue']));
    expect(trackingNos(overdue.items)).toEqual([no.appOverdue, no.overdueA, no.overdueB]);
    expect(overdue.total).toBe(3);
    expect(trackingNos((await listSupervision(moderator, { risk: 'due_soon' }, NOW)).items)).toEqual([no.triage, no.dueSoonA]);
    expect(trackingNos((await listSupervision(moderator, { risk: 'days60' }, NOW)).items)).toEqual([no.days60A]);
    expect(trackingNos((await listSupervision(moderator, { risk: 'days90' }, NOW)).items)).toEqual([no.days90A]);

    const apps = await listSupervision(moderator, { kind: 'application' }, NOW);
    expect(trackingNos(apps.items)).toEqual([no.appOverdue, no.appPaused]);
    const a = await listSupervision(moderator, { departmentId: dept.a.publicId }, NOW);
    expect(trackingNos(a.items)).toEqual([no.days90A, no.days60A, no.overdueA, no.dueSoonA, no.calmA, no.pausedA]);
    expect(a.items.every((i) => i.kind === 'letter')).toBe(true);
    expect(trackingNos((await listSupervision(moderator, { departmentId: dept.b.publicId, risk: 'overdue', kind: 'letter' }, NOW)).items)).toEqual([no.overdueB]);
    // An unknown department matches nothing.
    expect((await listSupervision(moderator, { departmentId: 'no-such-department' }, NOW)).total).toBe(0);
  });

  it('orders newest first on request, letters and applications together, under the same filters', async () => {
    const newest = await listSupervision(moderator, { sort: 'newest' }, NOW);
    const mine = newest.items.filter((i) => Object.values(no).includes(i.trackingNo));
    expect(trackingNos(mine)).toEqual([
      no.triage, no.calmA, no.pausedA, no.dueSoonA, no.overdueB, no.overdueA, no.appPaused, no.appOverdue, no.days60A, no.days90A,
    ]);
    expect(newest.total).toBe((await listSupervision(moderator, {}, NOW)).total);
    expect(trackingNos((await listSupervision(moderator, { sort: 'newest', risk: 'overdue' }, NOW)).items)).toEqual([no.overdueB, no.overdueA, no.appOverdue]);
    const { items } = await listSupervisionForExport(moderator, { sort: 'newest', risk: 'overdue' }, NOW);
    expect(trackingNos(items)).toEqual([no.overdueB, no.overdueA, no.appOverdue]);
  });

  it('refuses bad filters with 422', async () => {
    for (const bad of [{ risk: 'late' }, { sort: 'oldest' }, { kind: 'petition' }, { page: '0' }, { page: 'x' }, { departmentId: 'a b' }]) {
      expect((await appErrorOf(listSupervision(moderator, bad, NOW))).status).toBe(422);
    }
  });

  it('pages with a stable order when due dates and submission times tie', async () => {
    const at = '2026-11-03T09:00:00+08:00';
    const seeded: string[] = [];
    for (let i = 0; i < SUPERVISION_PAGE_SIZE + 2; i++) {
      const trackingNo = `2026C${String(i).padStart(4, '0')}`;
      await insertLetter(`c${i}`, { departmentId: dept.c.id, dueOn: '2026-11-18', submittedAt: at, trackingNo });
      seeded.push(trackingNo);
    }
    const first = await listSupervision(moderator, { departmentId: dept.c.publicId }, NOW);
    const second = await listSupervision(moderator, { departmentId: dept.c.publicId, page: '2' }, NOW);
    expect(first.total).toBe(SUPERVISION_PAGE_SIZE + 2);
    expect([...trackingNos(first.items), ...trackingNos(second.items)]).toEqual(seeded);
  });

  it('exports the same rows as CSV with a BOM', async () => {
    const { items } = await listSupervisionForExport(moderator, { risk: 'overdue' }, NOW);
    const t = createTranslator({ locale: 'zh-CN', messages: zhCN, namespace: 'supervision' });
    const csv = supervisionCsv(items, (key, values) => t(key as never, values as never));
    expect(csv.startsWith('\uFEFF类型,编号,标题,办理部门,状态,')).toBe(true);
    const lines = csv.slice(1).trim().split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toContain(no.appOverdue);
    expect(lines[1]).toContain('信息公开工作机构');
    expect(lines[2]).toContain(`${no.overdueA},督办测试 overdueA,督办测试甲处,办理中,2026-10-20,2026-11-06,-2,15,21,已逾期,是,是,2026-11-09`);
  });
});

describe('receive-side authorisation', () => {
  it('a leader sees the letters of the own department and the bureau\'s applications, read-only (no link to the office\'s page)', async () => {
    const list = await listSupervision(leaderA, {}, NOW);
    const mine = list.items.filter((i) => Object.values(no).includes(i.trackingNo));
    expect(trackingNos(mine)).toEqual([no.days90A, no.days60A, no.appOverdue, no.overdueA, no.dueSoonA, no.calmA, no.appPaused, no.pausedA]);
    // Letters: the own department's only (B's and the triage desk's are not there); applications: every open one.
    expect(list.items.filter((i) => i.kind === 'letter').every((i) => i.department?.id === dept.a.publicId)).toBe(true);
    const moderatorsApps = await listSupervision(moderator, { kind: 'application' }, NOW);
    const leadersApps = await listSupervision(leaderA, { kind: 'application' }, NOW);
    expect(trackingNos(leadersApps.items)).toEqual(trackingNos(moderatorsApps.items));
    expect(leadersApps.total).toBe(moderatorsApps.total);
    expect(leadersApps.items.length).toBeGreaterThan(0);
    // Read-only: a leader cannot open the disclosure office's page (disclosure.handle), so the row carries no link;
    // the moderator's does. The applicant's name is on neither.
    expect(leadersApps.items.every((i) => i.url === null)).toBe(true);
    expect(moderatorsApps.items.find((i) => i.trackingNo === no.appOverdue)!.url).toBe(`/workspace/moderator/applications/${no.appOverdue}`);
    expect(list.items.find((i) => i.trackingNo === no.overdueA)!.url).toBe(`/letters/${no.overdueA}`);
    expect(JSON.stringify(list.items)).not.toContain('张三测试');
    expect(trackingNos((await listSupervision(leaderA, { risk: 'overdue' }, NOW)).items.filter((i) => Object.values(no).includes(i.trackingNo)))).toEqual([no.appOverdue, no.overdueA]);
    // A department filter (the own one) shows its letters only, as for moderators; another department is 403.
    expect(trackingNos((await listSupervision(leaderA, { departmentId: dept.a.publicId, risk: 'overdue' }, NOW)).items)).toEqual([no.overdueA]);
    expect((await appErrorOf(listSupervision(leaderA, { departmentId: dept.b.publicId }, NOW))).status).toBe(403);
    expect((await appErrorOf(listSupervision(leaderA, { departmentId: dept.b.publicId, kind: 'application' }, NOW))).status).toBe(403);
    const csv = await listSupervisionForExport(leaderA, {}, NOW);
    expect(csv.items.every((i) => (i.kind === 'letter' ? i.department?.id === dept.a.publicId : i.url === null))).toBe(true);
    expect(trackingNos(csv.items)).toEqual(expect.arrayContaining([no.appOverdue, no.appPaused]));
    expect(trackingNos(csv.items)).not.toContain(no.overdueB);
  });

  it('handlers and citizens get 403, visitors 401, API tokens without the scope 403', async () => {
    const handlerB = await staffActor('handler', dept.b.id);
    for (const actor of [handler, handlerB, citizen]) {
      expect((await appErrorOf(listSupervision(actor, {}, NOW))).status).toBe(403);
      expect((await appErrorOf(listSupervisionForExport(actor, {}, NOW))).status).toBe(403);
    }
    expect((await appErrorOf(listSupervision(visitor(), {}, NOW))).status).toBe(401);
    expect((await appErrorOf(listSupervision({ ...moderator, token: { id: 't', scopes: ['letters.triage'] } }, {}, NOW))).status).toBe(403);
    expect((await listSupervision({ ...moderator, token: { id: 't', scopes: ['supervision.read', 'disclosure.handle'] } }, {}, NOW)).total).toBeGreaterThan(0);
    // A token with the board's scope alone reads the board's application rows (as a leader does), without links.
    const boardOnly = await listSupervision({ ...moderator, token: { id: 't', scopes: ['supervision.read'] } }, { kind: 'application' }, NOW);
    expect(boardOnly.total).toBeGreaterThan(0);
    expect(boardOnly.items.every((i) => i.url === null)).toBe(true);
  });
});
