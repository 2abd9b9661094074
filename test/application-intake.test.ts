import { and, eq } from 'drizzle-orm';
import { encode } from 'next-auth/jwt';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { auditLog } from '@/lib/audit/schema';
import { findActiveUser } from '@/lib/accounts/users';
import { departments, users } from '@/lib/accounts/schema';
import type { Actor, ActorUser } from '@/lib/auth/permissions';
import { addWorkingDays, chinaDate, loadCalendarRules } from '@/lib/calendar';
import { emailOutbox, notifications } from '@/lib/notifications/schema';
import { actOnApplication, getApplication, listApplications } from '@/lib/disclosure/applications';
import { claimApplication, enterApplication, getApplicationReceipt } from '@/lib/disclosure/intake';
import { disclosureApplications } from '@/lib/disclosure/schema';
import { letters } from '@/lib/letters/schema';
import { seedReferenceData } from '@/lib/seed/reference';
import { applicationsByChannel, annualReportTables } from '@/lib/disclosure/annual-report';
import { getChannelRates, getDepartmentRates, ratesJson } from '@/lib/stats/rates';
import { ratesCsv } from '@/lib/stats/csv';
import * as applicationsRoute from '@/app/api/v1/disclosure/applications/route';
import * as lettersRoute from '@/app/api/v1/letters/route';
import { appErrorOf } from './support/errors';
import { useRegulationReplyLimit } from './support/regulation-limits';
import { actorFor, insertUser, uniqueEmail } from './support/users';
import { useTestRequest } from './support/request';

/**
 * Staff-entered 依申请公开 applications (issue 17 item 1) on the letters' intake rules (lib/cases/intake.ts): the
 * reply clock starts on the day received, on the working-day calendar (2026: 中秋 09-25..27, 国庆 10-01..07); the
 * applicant claims it later with the tracking number and query code; until then their notices go by e-mail. And
 * Idempotency-Key on both staff paths (letters and applications) through the route handlers.
 */

// Route handlers read the session cookie through next/headers; the tests set it per request.
const requestHeaders = useTestRequest('192.0.2.71');

type Person = Actor & { user: ActorUser };
const bj = (local: string) => new Date(`${local}:00+08:00`);
/** Wednesday 30 September 2026; "last Friday" is 25 September, 中秋 (a holiday). */
const NOW = bj('2026-09-30T10:00');
const LAST_FRIDAY = '2026-09-25';

let handler: Person;
let otherHandler: Person;
let moderator: Person;
let citizen: Person;

const entry = (changes: Record<string, unknown> = {}) => ({
  applicantType: 'person',
  applicantName: '赵纸质',
  contactPhone: '13812345678',
  contactAddress: '本市解放路 12 号',
  description: '申请公开本局 2025 年度食品安全抽检计划及抽检结果汇总表。',
  purpose: '了解本区食品安全情况',
  form: 'paper',
  channel: 'paper',
  receivedOn: LAST_FRIDAY,
  contactEmail: 'zhao.zhizhi@example.org',
  ...changes,
});

async function signIn(person: Person) {
  requestHeaders.cookie = `next-auth.session-token=${await encode({ token: { sub: person.user.publicId, sv: 0 }, secret: process.env.NEXTAUTH_SECRET! })}`;
}
const post = (path: string, body: unknown, key: string) =>
  new Request(`http://localhost:3000${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': key, 'x-minsheng-client-ip': '192.0.2.71' }, body: JSON.stringify(body) });
const none = { params: Promise.resolve({}) };

beforeAll(async () => {
  await seedReferenceData(db(), new Date('2026-06-01T00:00:00Z'));
  await useRegulationReplyLimit(db());
  handler = await actorFor('handler@example.com', '192.0.2.72');
  moderator = await actorFor('moderator@example.com', '192.0.2.73');
  const [office] = await db().select({ id: departments.id }).from(departments).where(eq(departments.code, 'office'));
  const otherId = await insertUser({ name: '另一位经办人', email: uniqueEmail('handler') });
  await db().update(users).set({ role: 'handler', departmentId: office!.id }).where(eq(users.publicId, otherId));
  otherHandler = { user: (await findActiveUser(db(), otherId))!, ip: '192.0.2.74' };
  citizen = { user: (await findActiveUser(db(), await insertUser({ name: '赵纸质', email: uniqueEmail('claimer') })))!, ip: '192.0.2.75' };
});

describe('entering an application for an applicant', () => {
  it('a paper application received last Friday: the reply clock runs from that day on the calendar', async () => {
    const entered = await enterApplication(moderator, entry(), { now: NOW });
    const rules = await loadCalendarRules(db());
    const due = addWorkingDays(LAST_FRIDAY, 20, rules);
    expect(due > '2026-10-20').toBe(true); // 国庆 is not counted
    expect(entered).toMatchObject({ status: 'submitted', channel: 'paper', receivedOn: LAST_FRIDAY, dueOn: due });
    expect(entered.trackingNo).toMatch(/^GK\d{12}$/);
    expect(entered.queryCode).toMatch(/^\d{6}$/);
    const [row] = await db().select().from(disclosureApplications).where(eq(disclosureApplications.trackingNo, entered.trackingNo));
    expect(row).toMatchObject({
      channel: 'paper', receivedOn: LAST_FRIDAY, clockStart: LAST_FRIDAY, remainingDays: 20, dueOn: due, enteredById: moderator.user.id,
      applicantId: moderator.user.id, queryCode: entered.queryCode, contactEmail: 'zhao.zhizhi@example.org', claimedAt: null, applicantName: '赵纸质',
    });
    expect(await db().select().from(auditLog).where(and(eq(auditLog.entityId, entered.trackingNo), eq(auditLog.action, 'application.intake')))).toHaveLength(1);
    const mails = await db().select().from(emailOutbox).where(eq(emailOutbox.to, 'zhao.zhizhi@example.org'));
    expect(mails.some((m) => m.body.includes(entered.trackingNo) && m.body.includes(entered.queryCode))).toBe(true);
    // The receipt for the one who entered it; the office's queue lists it; the moderator is not its applicant.
    expect(await getApplicationReceipt(moderator, entered.trackingNo)).toMatchObject({ queryCode: entered.queryCode, dueOn: due, workingDays: 20 });
    const view = await getApplication(moderator, entered.trackingNo, NOW);
    expect(view.viewer).toBe('staff');
    expect(view.channel).toBe('paper');
    expect(view.actions).not.toContain('withdraw');
  });

  it('refuses a future date, one older than 60 days, the web channel, bad e-mail and a bad applicant with field messages (422)', async () => {
    for (const [changes, field] of [
      [{ receivedOn: '2026-10-01' }, 'receivedOn'],
      [{ receivedOn: '2026-07-31' }, 'receivedOn'],
      [{ receivedOn: '30/09/2026' }, 'receivedOn'],
      [{ channel: 'web' }, 'channel'],
      [{ contactEmail: 'not-an-email' }, 'contactEmail'],
      [{ applicantType: 'company', creditCode: '123' }, 'organisationName'],
      [{ description: '短' }, 'description'],
    ] as const) {
      const error = await appErrorOf(enterApplication(moderator, entry(changes), { now: NOW }));
      expect(error.status, JSON.stringify(changes)).toBe(422);
      expect(Object.keys(error.fields ?? {}), JSON.stringify(changes)).toContain(field);
    }
    // Both sets of errors at once (the public form's and the intake's).
    const both = await appErrorOf(enterApplication(moderator, entry({ description: '', receivedOn: '' }), { now: NOW }));
    expect(Object.keys(both.fields ?? {})).toEqual(expect.arrayContaining(['description', 'receivedOn']));
    // 60 days ago is the earliest.
    expect((await enterApplication(moderator, entry({ receivedOn: '2026-08-01', contactEmail: '' }), { now: NOW })).receivedOn).toBe('2026-08-01');
  });

  it('handlers enter applications and read only the receipts they made; citizens and leaders may not enter', async () => {
    const entered = await enterApplication(handler, entry({ channel: 'in_person', contactEmail: null }), { now: NOW });
    expect(entered.channel).toBe('in_person');
    expect((await getApplicationReceipt(handler, entered.trackingNo)).trackingNo).toBe(entered.trackingNo);
    expect((await appErrorOf(getApplicationReceipt(otherHandler, entered.trackingNo))).status).toBe(404);
    // Entering it does not make the handler its applicant or its office.
    expect((await appErrorOf(getApplication(handler, entered.trackingNo, NOW))).status).toBe(404);
    expect((await appErrorOf(actOnApplication(handler, entered.trackingNo, { action: 'withdraw' }, { now: NOW }))).status).toBe(404);
    expect((await appErrorOf(enterApplication(citizen, entry(), { now: NOW }))).status).toBe(403);
    const leader = await actorFor('leader@example.com', '192.0.2.76');
    expect((await appErrorOf(enterApplication(leader, entry(), { now: NOW }))).status).toBe(403);
  });

  it('until claimed, the applicant is told by e-mail, not the staff member; the claim makes it the citizen\'s', async () => {
    const entered = await enterApplication(handler, entry({ contactEmail: 'zhao.claim@example.org' }), { now: NOW });
    const later = bj('2026-10-09T09:00');
    await actOnApplication(moderator, entered.trackingNo, { action: 'register' }, { now: later });
    const told = await db().select().from(notifications).where(and(eq(notifications.userId, handler.user.id), eq(notifications.kind, 'application.registered')));
    expect(told).toHaveLength(0);
    const mails = await db().select().from(emailOutbox).where(eq(emailOutbox.to, 'zhao.claim@example.org'));
    expect(mails.some((m) => m.subject.includes('已登记办理'))).toBe(true);

    expect((await appErrorOf(claimApplication(citizen, { trackingNo: entered.trackingNo, queryCode: entered.queryCode === '000000' ? '000001' : '000000' }, later))).status).toBe(404);
    expect((await appErrorOf(claimApplication(handler, { trackingNo: entered.trackingNo, queryCode: entered.queryCode }, later))).status).toBe(403);
    expect(await claimApplication(citizen, { trackingNo: entered.trackingNo, queryCode: entered.queryCode }, later)).toEqual({ trackingNo: entered.trackingNo });
    expect((await appErrorOf(claimApplication(citizen, { trackingNo: entered.trackingNo, queryCode: entered.queryCode }, later))).status).toBe(409);
    const view = await getApplication(citizen, entered.trackingNo, later);
    expect(view.viewer).toBe('applicant');
    expect(view.actions).toContain('withdraw');
    expect((await listApplications(citizen, { scope: 'mine' }, later)).items.map((i) => i.trackingNo)).toContain(entered.trackingNo);
    // The receipt is gone once claimed (it shows the query code).
    expect((await appErrorOf(getApplicationReceipt(handler, entered.trackingNo))).status).toBe(404);
    // Now the citizen is told in the workspace.
    await actOnApplication(moderator, entered.trackingNo, { action: 'extend', workingDays: 5, reason: '需要调取档案' }, { now: later });
    expect(await db().select().from(notifications).where(and(eq(notifications.userId, citizen.user.id), eq(notifications.kind, 'application.extended')))).toHaveLength(1);
  });
});

describe('Idempotency-Key on the staff paths', () => {
  const today = chinaDate(new Date());

  it('a retried staff application entry creates one application', async () => {
    await signIn(moderator);
    const key = `intake-app-${Date.now()}`;
    const body = entry({ receivedOn: today, applicantName: '钱重试' });
    const first = await applicationsRoute.POST(post('/api/v1/disclosure/applications', body, key), none);
    expect(first.status).toBe(201);
    const second = await applicationsRoute.POST(post('/api/v1/disclosure/applications', body, key), none);
    expect(second.status).toBe(201);
    const [a, b] = [await first.json(), await second.json()];
    expect(b).toEqual(a);
    expect(a).toMatchObject({ channel: 'paper', receivedOn: today, status: 'submitted' });
    expect(await db().select().from(disclosureApplications).where(eq(disclosureApplications.idempotencyKey, key))).toHaveLength(1);
    // Without the key, a second entry is a second application.
    const third = await applicationsRoute.POST(new Request('http://localhost:3000/api/v1/disclosure/applications', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }), none);
    expect((await third.json()).trackingNo).not.toBe(a.trackingNo);
  });

  it('a retried staff letter entry creates one letter (the citizen path already did)', async () => {
    await signIn(handler);
    const key = `intake-letter-${Date.now()}`;
    const body = {
      kind: 'inquiry', departmentId: handler.user.departmentPublicId, title: '重试登记的来信标题', body: '来电人询问个体工商户年报的截止日期和补报办法。',
      consentToPublish: false, channel: 'phone', receivedOn: today, onBehalfOf: { name: '孙重试' },
    };
    const first = await lettersRoute.POST(post('/api/v1/letters', body, key), none);
    expect(first.status).toBe(201);
    const second = await lettersRoute.POST(post('/api/v1/letters', body, key), none);
    expect(second.status).toBe(201);
    const [a, b] = [await first.json(), await second.json()];
    expect(b).toEqual(a);
    expect(a).toMatchObject({ channel: 'phone', receivedOn: today, status: 'accepted' });
    expect(await db().select().from(letters).where(eq(letters.idempotencyKey, key))).toHaveLength(1);
    // A bad key is refused, not ignored.
    const bad = await lettersRoute.POST(post('/api/v1/letters', body, 'x'), none);
    expect(bad.status).toBe(422);
  });
});

describe('channels counted in the annual report and the 三率', () => {
  it('section 三 counts staff-entered applications with the web ones; the staff table splits them by channel and adds up', async () => {
    const before = await applicationsByChannel(db(), 2026);
    const tablesBefore = await annualReportTables(db(), 2026);
    await enterApplication(moderator, entry({ channel: 'hotline_12345', contactEmail: null }), { now: NOW });
    const after = await applicationsByChannel(db(), 2026);
    const tables = await annualReportTables(db(), 2026);
    expect(after.map((c) => c.channel)).toEqual(['web', 'phone', 'paper', 'in_person', 'email', 'hotline_12345']);
    expect(after.find((c) => c.channel === 'hotline_12345')!.received).toBe(before.find((c) => c.channel === 'hotline_12345')!.received + 1);
    expect(tables.applications.cells.new.person).toBe(tablesBefore.applications.cells.new.person + 1);
    // The channels add up to the template's 新收 total (every channel, counted by the day received).
    expect(after.reduce((n, c) => n + c.received, 0)).toBe(tables.applications.cells.new.total);
    expect(after.find((c) => c.channel === 'paper')!.received).toBeGreaterThanOrEqual(3);
  });

  it('the bureau\'s 三率 per channel add up to the bureau figures exactly', async () => {
    const year = Number(chinaDate(new Date()).slice(0, 4));
    const [report, channels] = [await getDepartmentRates(db(), year, null), await getChannelRates(db(), year, null)];
    expect(channels.map((c) => c.channel)).toEqual(['web', 'phone', 'paper', 'in_person', 'email', 'hotline_12345']);
    for (const key of ['accepted', 'acceptedOnTime', 'answered', 'answeredOnTime', 'rated', 'satisfied', 'urged', 'supervised'] as const) {
      expect(channels.reduce((n, c) => n + c[key], 0), key).toBe(report.bureau[key]);
    }
    // The staff-entered letter of the retry test was accepted at entry today: one phone acceptance at least.
    expect(channels.find((c) => c.channel === 'phone')!.accepted).toBeGreaterThanOrEqual(1);
    const csv = ratesCsv(ratesJson(report), String(year), (key: string) => key, channels);
    expect(csv).toContain('channels.hotline_12345');
  });
});
