import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { auditLog } from '@/lib/audit/schema';
import { departments } from '@/lib/accounts/schema';
import { findActiveUser } from '@/lib/accounts/users';
import type { Actor, ActorUser } from '@/lib/auth/permissions';
import { addWorkingDays, loadCalendarRules } from '@/lib/calendar';
import { emailOutbox, notifications } from '@/lib/notifications/schema';
import { letters } from '@/lib/letters/schema';
import { claimLetter, enterLetter } from '@/lib/letters/intake';
import { actOnLetter, submitLetter } from '@/lib/letters/operations';
import { getLetter, listLetters } from '@/lib/letters/queries';
import { getStatistics } from '@/lib/stats';
import { statisticsCsv } from '@/lib/stats/csv';
import { seedReferenceData } from '@/lib/seed/reference';
import { appErrorOf } from './support/errors';
import { actorFor, insertUser, uniqueEmail } from './support/users';

/**
 * Staff-entered letters (issue 17 item 1, API.md "Intake"): a handler or moderator enters a letter received by
 * phone, paper, in person, e-mail or 12345 for a person; the clock starts on the day received, on the working-day
 * calendar (2026: 中秋 09-25..27, 国庆 10-01..07); the person claims it later with the tracking number and query code;
 * the channel is counted in the statistics. Dates are Beijing times.
 */

type Person = Actor & { user: ActorUser };
const bj = (local: string) => new Date(`${local}:00+08:00`);
/** Wednesday 30 September 2026; "last Friday" is 25 September, 中秋 (a holiday). */
const NOW = bj('2026-09-30T10:00');
const LAST_FRIDAY = '2026-09-25';

let handler: Person; // market
let moderator: Person;
let citizen: Person;
let otherCitizen: Person;
let market: string;
let office: string;

const entry = (changes: Record<string, unknown> = {}) => ({
  kind: 'inquiry',
  departmentId: market,
  title: '剧场演出票务退款咨询',
  body: '来电人反映在本市某剧场购买的演出门票因演出取消无法退款，询问应当向哪个部门申请退款。',
  consentToPublish: false,
  channel: 'phone',
  receivedOn: LAST_FRIDAY,
  onBehalfOf: { name: '王来电', phone: '13912345678', email: 'wang.laidian@example.org' },
  ...changes,
});

beforeAll(async () => {
  await seedReferenceData(db(), new Date('2026-06-01T00:00:00Z'));
  handler = await actorFor('handler@example.com', '192.0.2.41');
  moderator = await actorFor('moderator@example.com', '192.0.2.42');
  citizen = { user: (await findActiveUser(db(), await insertUser({ name: '王来电', email: uniqueEmail('claimer') })))!, ip: '192.0.2.43' };
  otherCitizen = { user: (await findActiveUser(db(), await insertUser({ name: '李路人', email: uniqueEmail('other') })))!, ip: '192.0.2.44' };
  const rows = await db().select({ id: departments.id, code: departments.code, publicId: departments.publicId }).from(departments);
  market = rows.find((d) => d.code === 'market')!.publicId;
  office = rows.find((d) => d.code === 'office')!.publicId;
  expect(handler.user.departmentId).toBe(rows.find((d) => d.code === 'market')!.id);
});

describe('entering a letter for a person', () => {
  it('received last Friday: accepted in the handler\'s department, due 5 working days later on the calendar (over 国庆)', async () => {
    const entered = await enterLetter(handler, entry(), { now: NOW });
    const rules = await loadCalendarRules(db());
    expect(addWorkingDays(LAST_FRIDAY, 5, rules)).toBe('2026-10-09'); // 9-28, 9-29, 9-30, 10-08, 10-09
    expect(entered).toMatchObject({ status: 'accepted', channel: 'phone', receivedOn: LAST_FRIDAY, dueOn: '2026-10-09' });
    expect(entered.queryCode).toMatch(/^\d{6}$/);
    const [row] = await db().select().from(letters).where(eq(letters.trackingNo, entered.trackingNo));
    expect(row).toMatchObject({
      channel: 'phone', receivedOn: LAST_FRIDAY, enteredById: handler.user.id, onBehalfName: '王来电', onBehalfPhone: '13912345678',
      onBehalfEmail: 'wang.laidian@example.org', claimedAt: null, clockStart: LAST_FRIDAY, remainingDays: 5, dueOn: '2026-10-09',
      status: 'accepted', departmentId: handler.user.departmentId,
    });
    const audit = await db().select().from(auditLog).where(and(eq(auditLog.entityId, entered.trackingNo), eq(auditLog.action, 'letter.intake')));
    expect(audit).toHaveLength(1);
    // The person's receipt by e-mail (the outbox), with both numbers.
    const mails = await db().select().from(emailOutbox).where(eq(emailOutbox.to, 'wang.laidian@example.org'));
    expect(mails.some((m) => m.body.includes(entered.trackingNo) && m.body.includes(entered.queryCode))).toBe(true);
    // The channel is in the letter's JSON and the queue filters by it.
    const staffView = await getLetter(handler, entered.trackingNo);
    expect(staffView.channel).toBe('phone');
    expect(staffView.intake).toEqual({ receivedOn: LAST_FRIDAY, person: { name: '王来电', phone: '13912345678', email: 'wang.laidian@example.org' }, claimed: false });
    // With the query code: when and how, never the person's contact details.
    const byCode = await getLetter({ user: null, ip: '192.0.2.49' }, entered.trackingNo, { code: entered.queryCode }, NOW);
    expect(byCode.intake).toEqual({ receivedOn: LAST_FRIDAY, person: null, claimed: false });
    const queue = await listLetters(handler, { scope: 'queue', channel: 'phone' }, NOW);
    expect(queue.items.map((i) => i.trackingNo)).toContain(entered.trackingNo);
    expect((await listLetters(handler, { scope: 'queue', channel: 'paper' }, NOW)).items.map((i) => i.trackingNo)).not.toContain(entered.trackingNo);
  });

  it('a moderator may enter one without a department: it waits for routing, on the triage clock from the day received', async () => {
    const entered = await enterLetter(moderator, entry({ departmentId: null, channel: 'hotline_12345', onBehalfOf: { name: '赵热线' } }), { now: NOW });
    expect(entered).toMatchObject({ status: 'submitted', dueOn: '2026-09-28' });
  });

  it('a handler of another department is refused; so is a citizen', async () => {
    expect((await appErrorOf(enterLetter(handler, entry({ departmentId: office }), { now: NOW }))).status).toBe(403);
    expect((await appErrorOf(enterLetter(handler, entry({ departmentId: null }), { now: NOW }))).status).toBe(422);
    expect((await appErrorOf(enterLetter(citizen, entry(), { now: NOW }))).status).toBe(403);
  });

  it('a future date, one more than 60 days ago and a web channel are refused with field messages', async () => {
    const future = await appErrorOf(enterLetter(handler, entry({ receivedOn: '2026-10-01' }), { now: NOW }));
    expect(future.status).toBe(422);
    expect(future.fields?.receivedOn).toBe('收到日期不能晚于今天');
    const old = await appErrorOf(enterLetter(handler, entry({ receivedOn: '2026-07-01' }), { now: NOW }));
    expect(old.fields?.receivedOn).toMatch(/60 天/);
    const web = await appErrorOf(enterLetter(handler, entry({ channel: 'web' }), { now: NOW }));
    expect(Object.keys(web.fields ?? {})).toEqual(['channel']);
    const person = await appErrorOf(enterLetter(handler, entry({ onBehalfOf: { name: '', phone: '123', email: 'x' } }), { now: NOW }));
    expect(Object.keys(person.fields ?? {}).sort()).toEqual(['onBehalfOf.email', 'onBehalfOf.name', 'onBehalfOf.phone']);
  });
});

describe('claiming it into an account', () => {
  it('with the right code the letter becomes the citizen\'s; a wrong code is 404; a second claim and a web letter 409', async () => {
    const entered = await enterLetter(handler, entry(), { now: NOW });
    expect((await appErrorOf(claimLetter(citizen, { trackingNo: entered.trackingNo, queryCode: entered.queryCode === '000000' ? '000001' : '000000' }, NOW))).status).toBe(404);
    // The staff member who entered it never plays the writer; nor does the citizen before claiming.
    expect((await appErrorOf(getLetter(citizen, entered.trackingNo))).status).toBe(404);
    expect(await claimLetter(citizen, { trackingNo: entered.trackingNo, queryCode: entered.queryCode }, NOW)).toEqual({ trackingNo: entered.trackingNo });
    const view = await getLetter(citizen, entered.trackingNo);
    expect(view.viewer).toBe('writer');
    const mine = await listLetters(citizen, { scope: 'mine' });
    expect(mine.items.map((i) => i.trackingNo)).toContain(entered.trackingNo);
    const [row] = await db().select({ writerId: letters.writerId, claimedAt: letters.claimedAt }).from(letters).where(eq(letters.trackingNo, entered.trackingNo));
    expect(row!.writerId).toBe(citizen.user.id);
    expect(row!.claimedAt).not.toBeNull();
    expect((await appErrorOf(claimLetter(otherCitizen, { trackingNo: entered.trackingNo, queryCode: entered.queryCode }, NOW))).status).toBe(409);
    const web = await submitLetter(otherCitizen, { kind: 'inquiry', title: '网上来信不能认领', body: '这是一封在网站上提交的来信，不能被别人认领。', consentToPublish: false }, { now: NOW });
    expect((await appErrorOf(claimLetter(citizen, { trackingNo: web.trackingNo, queryCode: web.queryCode }, NOW))).status).toBe(409);
    // Handlers cannot claim.
    expect((await appErrorOf(claimLetter(handler, { trackingNo: entered.trackingNo, queryCode: entered.queryCode }, NOW))).status).toBe(403);
    // After the claim the writer works it as their own: the department answers, the writer rates.
    await actOnLetter(handler, entered.trackingNo, { action: 'reply', body: '您好！演出取消后的退票请向售票方申请，可拨打市场监管热线。' }, bj('2026-10-08T10:00'));
    await actOnLetter(citizen, entered.trackingNo, { action: 'rate', rating: 'satisfied' }, bj('2026-10-08T12:00'));
    expect((await getLetter(citizen, entered.trackingNo)).status).toBe('closed');
  });
});

describe('notices before a claim', () => {
  it('what the writer would be told goes to the person\'s e-mail, not to the staff member who entered it', async () => {
    const email = uniqueEmail('person');
    const entered = await enterLetter(handler, entry({ onBehalfOf: { name: '钱纸信', email } , channel: 'paper' }), { now: NOW });
    await actOnLetter(handler, entered.trackingNo, { action: 'reply', body: '您好！演出取消后的退票请向售票方申请，可拨打市场监管热线。' }, bj('2026-10-08T10:00'));
    const mails = await db().select().from(emailOutbox).where(eq(emailOutbox.to, email));
    expect(mails).toHaveLength(2); // the receipt, then the answer
    expect(mails[1]!.subject).toContain(entered.trackingNo);
    const told = await db().select().from(notifications)
      .where(and(eq(notifications.userId, handler.user.id), eq(notifications.link, `/letters/${entered.trackingNo}`)));
    expect(told.filter((n) => n.kind === 'letter.answered')).toEqual([]);
  });
});

describe('statistics', () => {
  it('counts every channel, zeros included', async () => {
    const before = await getStatistics(db(), 2026);
    const count = (s: typeof before, c: string) => s.letters.byChannel.find((x) => x.channel === c)!.received;
    await enterLetter(handler, entry({ channel: 'paper' }), { now: NOW });
    await enterLetter(handler, entry({ channel: 'paper' }), { now: NOW });
    const after = await getStatistics(db(), 2026);
    expect(after.letters.byChannel.map((c) => c.channel)).toEqual(['web', 'phone', 'paper', 'in_person', 'email', 'hotline_12345']);
    expect(count(after, 'paper') - count(before, 'paper')).toBe(2);
    expect(count(after, 'in_person')).toBe(count(before, 'in_person'));
    expect(after.letters.byChannel.reduce((n, c) => n + c.received, 0)).toBe(after.letters.total.received);
    // The CSV export has a row per channel when given the channel labels.
    const csv = statisticsCsv(after, (key) => key, false, (key) => key);
    expect(csv).toContain(`statsChannel,channels.paper,${count(after, 'paper')},`);
    expect(statisticsCsv(after, (key) => key)).not.toContain('channels.paper');
  });
});
