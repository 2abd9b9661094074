import { randomBytes, randomUUID } from 'node:crypto';
import { createTranslator } from 'next-intl';
import { beforeAll, describe, expect, it } from 'vitest';
import { departments } from '@/lib/accounts/schema';
import { loadCalendarRules, workingDaysBetween } from '@/lib/calendar';
import { calendarDays } from '@/lib/calendar/schema';
import { db } from '@/lib/db';
import { disclosureApplications } from '@/lib/disclosure/schema';
import { answers, interviews, questions } from '@/lib/interviews/schema';
import { letterEvents, letters, type LetterKind, type LetterStatus, type Rating } from '@/lib/letters/schema';
import { getStatistics, statsQuery } from '@/lib/stats';
import { csvField, statisticsCsv, toCsv } from '@/lib/stats/csv';
import zhCN from '@/lib/i18n/messages/zh-CN.json';
import { actorFor, userByEmail } from './support/users';
import { actOnLetter, submitLetter } from '@/lib/letters/operations';
import { and, eq } from 'drizzle-orm';
import * as statsRoute from '@/app/api/v1/stats/route';

/**
 * The statistics of 2027 against letters, interviews and applications inserted directly at fixed dates: nothing
 * else in the file's database falls in that year (it holds only the demo accounts; no row here is made at the
 * wall clock's time, so the figures are the same in any year). The 2027 calendar is the provisional one seeded
 * from the statutory holidays (test/setup/database.ts seeds as of 2026-06-01); 国庆节 2027-10-01 (a Friday) is
 * made sure of.
 */

const YEAR = 2027;
let citizenId: number;
let moderatorId: number;
const dept: Record<'x' | 'y' | 'z', number> = { x: 0, y: 0, z: 0 };
const commaDept = '统计,测试"处"';

async function insertDept(name: string): Promise<number> {
  const [row] = await db()
    .insert(departments)
    .values({ publicId: randomUUID(), code: `S${randomBytes(3).toString('hex')}`, name, nameEn: `Stats ${name}`, sortOrder: 900 })
    .returning({ id: departments.id });
  return row!.id;
}

interface LetterSeed {
  departmentId: number | null;
  kind?: LetterKind;
  submittedAt: string;
  answeredAt?: string;
  dueOn?: string | null;
  /** dueOn recorded on `answered` events, oldest first. */
  answeredEvents?: Array<string | null>;
  rating?: Rating;
  ratedAt?: string;
}

async function insertLetter(seed: LetterSeed): Promise<number> {
  const status: LetterStatus = seed.rating ? 'closed' : seed.answeredAt ? 'answered' : 'accepted';
  const [row] = await db()
    .insert(letters)
    .values({
      trackingNo: `S${randomBytes(6).toString('hex')}`,
      queryCode: '123456',
      kind: seed.kind ?? 'inquiry',
      status,
      writerId: citizenId,
      departmentId: seed.departmentId,
      title: '统计测试来信',
      body: '统计测试正文',
      consentToPublish: false,
      submittedAt: new Date(seed.submittedAt),
      answeredAt: seed.answeredAt ? new Date(seed.answeredAt) : null,
      dueOn: seed.dueOn ?? null,
      rating: seed.rating ?? null,
      ratedAt: seed.ratedAt ? new Date(seed.ratedAt) : null,
    })
    .returning({ id: letters.id });
  for (const due of seed.answeredEvents ?? []) {
    await db().insert(letterEvents).values({
      letterId: row!.id, type: 'answered', actorRole: 'handler', at: new Date(seed.answeredAt!), data: due ? { dueOn: due } : {},
    });
  }
  return row!.id;
}

let stats: Awaited<ReturnType<typeof getStatistics>>;

beforeAll(async () => {
  citizenId = (await userByEmail('citizen@example.com')).id;
  moderatorId = (await userByEmail('moderator@example.com')).id;
  await db().insert(calendarDays).values({ day: '2027-10-01', kind: 'holiday', name: '国庆节' }).onConflictDoNothing();
  dept.x = await insertDept('统计测试一处');
  dept.y = await insertDept('统计测试二处');
  dept.z = await insertDept(commaDept);

  // Dept X: the on-time rate and the average.
  // A: due 03-05 (row), answered 03-05 → on time; 4 working days (03-02..03-05).
  await insertLetter({ departmentId: dept.x, kind: 'inquiry', submittedAt: '2027-03-01T09:00:00+08:00', answeredAt: '2027-03-05T10:00:00+08:00', dueOn: '2027-03-05', rating: 'satisfied', ratedAt: '2027-03-06T09:00:00+08:00' });
  // B: due 03-05 on the answered event (the row's due date cleared with the clock), answered 03-08 → late; 5 days.
  await insertLetter({ departmentId: dept.x, kind: 'complaint', submittedAt: '2027-03-01T09:00:00+08:00', answeredAt: '2027-03-08T10:00:00+08:00', answeredEvents: ['2027-03-05'], rating: 'unsatisfied', ratedAt: '2027-03-09T09:00:00+08:00' });
  // C: answered twice (reopened): the latest answer's due date counts (03-20 → on time), not the first one's; 1 day.
  await insertLetter({ departmentId: dept.x, kind: 'suggestion', submittedAt: '2027-03-02T09:00:00+08:00', answeredAt: '2027-03-03T16:00:00+08:00', dueOn: '2027-03-01', answeredEvents: ['2027-03-01', '2027-03-20'], rating: 'basically_satisfied', ratedAt: '2027-03-04T09:00:00+08:00' });
  // D: no due date known anywhere → answered, but not in the on-time rate; 1 day.
  await insertLetter({ departmentId: dept.x, kind: 'inquiry', submittedAt: '2027-03-03T09:00:00+08:00', answeredAt: '2027-03-04T09:00:00+08:00' });

  // Dept Y: across 国庆节: submitted Thu 09-30, answered Fri 10-08 → 10-01 holiday, 10-02/03 weekend → 5 working days.
  await insertLetter({ departmentId: dept.y, kind: 'complaint', submittedAt: '2027-09-30T10:00:00+08:00', answeredAt: '2027-10-08T09:00:00+08:00', dueOn: '2027-10-15' });

  // Dept Z: months in Beijing time.
  await insertLetter({ departmentId: dept.z, submittedAt: '2027-04-30T23:30:00+08:00' }); // April (15:30 UTC)
  await insertLetter({ departmentId: dept.z, submittedAt: '2027-05-31T16:30:00Z' }); // 06-01 00:30 Beijing → June
  await insertLetter({ departmentId: dept.z, submittedAt: '2027-06-20T10:00:00+08:00', answeredAt: '2027-06-30T16:10:00Z', dueOn: '2027-07-02' }); // answered 07-01 Beijing → July
  await insertLetter({ departmentId: dept.z, submittedAt: '2026-12-31T16:30:00Z' }); // 2027-01-01 Beijing → January 2027
  await insertLetter({ departmentId: dept.z, submittedAt: '2027-12-31T16:30:00Z' }); // 2028-01-01 Beijing → not 2027
  await insertLetter({ departmentId: null, kind: 'suggestion', submittedAt: '2027-08-08T08:00:00+08:00' }); // not routed yet

  // Interviews: one held in May with two questions, one answered; one only announced (not held).
  const [iv] = await db().insert(interviews).values({
    publicId: randomUUID(), slug: `stats-${randomBytes(4).toString('hex')}`, title: '统计测试访谈', summary: '测试', hostId: moderatorId,
    scheduledStart: new Date('2027-05-10T09:00:00+08:00'), scheduledEnd: new Date('2027-05-10T11:00:00+08:00'),
    status: 'published', startedAt: new Date('2027-05-10T09:01:00+08:00'), endedAt: new Date('2027-05-10T11:00:00+08:00'),
  }).returning({ id: interviews.id });
  await db().insert(interviews).values({
    publicId: randomUUID(), slug: `stats-${randomBytes(4).toString('hex')}`, title: '统计测试预告', summary: '测试', hostId: moderatorId,
    scheduledStart: new Date('2027-11-10T09:00:00+08:00'), scheduledEnd: new Date('2027-11-10T11:00:00+08:00'), status: 'announced',
  });
  const qs = await db().insert(questions).values([1, 2].map((n) => ({
    publicId: randomUUID(), interviewId: iv!.id, askerId: citizenId, body: `问题${n}`, originalBody: `问题${n}`,
    status: n === 1 ? ('answered' as const) : ('approved' as const), createdAt: new Date('2027-05-10T09:30:00+08:00'),
  }))).returning({ id: questions.id });
  await db().insert(answers).values({ questionId: qs[0]!.id, authorId: moderatorId, body: '答复', originalBody: '答复', publishedAt: new Date('2027-05-10T10:00:00+08:00') });

  // Applications: received in March (a company, answered 部分公开 in April) and in December (a person, open).
  const app = (n: number, values: Partial<typeof disclosureApplications.$inferInsert>) => ({
    trackingNo: `GK2027S${n}${randomBytes(3).toString('hex')}`, applicantId: citizenId, applicantName: '测试申请人', description: '申请公开测试信息',
    form: 'electronic' as const, applicantType: 'person' as const, receivedOn: '2027-03-01', ...values,
  });
  await db().insert(disclosureApplications).values([
    app(1, { applicantType: 'company', status: 'answered', outcome: 'partly_disclosed', answeredAt: new Date('2027-04-02T10:00:00+08:00') }),
    app(2, { status: 'registered', receivedOn: '2027-12-30' }),
  ]);

  stats = await getStatistics(db(), YEAR);
});

describe('letters', () => {
  it('on-time rate: answered by the due date the clock had when answered, over letters with a known due date', () => {
    const x = stats.letters.byDepartment.find((d) => d.name === '统计测试一处')!;
    expect(x).toMatchObject({ received: 4, answered: 4, timed: 3, onTime: 2 });
    expect(x.onTimeRate).toBeCloseTo(2 / 3, 10);
    // (4 + 5 + 1 + 1) / 4 = 2.75 → one decimal
    expect(x.avgWorkingDays).toBe(2.8);
    expect(x).toMatchObject({ rated: 3, satisfied: 1, basicallySatisfied: 1, unsatisfied: 1 });
    expect(x.satisfactionRate).toBeCloseTo(2 / 3, 10);
  });

  it('average working days across a holiday agree with the calendar library', async () => {
    const rules = await loadCalendarRules(db());
    expect(rules.holidays.has('2027-10-01')).toBe(true);
    expect(workingDaysBetween('2027-09-30', '2027-10-08', rules)).toBe(5);
    const y = stats.letters.byDepartment.find((d) => d.name === '统计测试二处')!;
    expect(y).toMatchObject({ received: 1, answered: 1, timed: 1, onTime: 1, avgWorkingDays: 5 });
    // Sunday 06-20 to Thursday 07-01 (Beijing): 06-21..06-25 and 06-28..07-01.
    const z = stats.letters.byDepartment.find((d) => d.name === commaDept)!;
    expect(z.avgWorkingDays).toBe(9);
  });

  it('groups by month in Beijing time at month and year boundaries', () => {
    const received = Object.fromEntries(stats.letters.byMonth.map((m) => [m.month, m.received]));
    const answered = Object.fromEntries(stats.letters.byMonth.map((m) => [m.month, m.answered]));
    expect(received).toEqual({ 1: 1, 2: 0, 3: 4, 4: 1, 5: 0, 6: 2, 7: 0, 8: 1, 9: 1, 10: 0, 11: 0, 12: 0 });
    expect(answered).toEqual({ 1: 0, 2: 0, 3: 4, 4: 0, 5: 0, 6: 0, 7: 1, 8: 0, 9: 0, 10: 1, 11: 0, 12: 0 });
    expect(stats.letters.total).toMatchObject({ received: 10, answered: 6, timed: 5, onTime: 4 });
    expect(stats.letters.byMonth).toHaveLength(12);
  });

  it('groups by kind and by department, letters not yet routed included', () => {
    const kinds = Object.fromEntries(stats.letters.byKind.map((k) => [k.kind, [k.received, k.answered]]));
    expect(kinds).toEqual({ inquiry: [6, 3], complaint: [2, 2], suggestion: [2, 1] });
    const unrouted = stats.letters.byDepartment.find((d) => d.departmentId === null)!;
    expect(unrouted).toMatchObject({ name: null, received: 1, answered: 0, onTimeRate: null, avgWorkingDays: null });
    expect(stats.letters.byDepartment.reduce((sum, d) => sum + d.received, 0)).toBe(stats.letters.total.received);
  });
});

describe('interviews and applications', () => {
  it('counts interviews held, questions asked and answered', () => {
    expect(stats.interviews).toMatchObject({ held: 1, questionsAsked: 2, questionsAnswered: 1 });
    expect(stats.interviews.byMonth[4]).toEqual({ month: 5, held: 1, questionsAnswered: 1 });
  });

  it('counts applications received and answered, by outcome and applicant type', () => {
    expect(stats.applications).toMatchObject({ received: 2, answered: 1 });
    expect(stats.applications.byOutcome).toEqual({ disclosed: 0, partly_disclosed: 1, withheld: 0, unavailable: 0, not_handled: 0, other: 0 });
    expect(stats.applications.byApplicantType).toMatchObject({ person: 1, company: 1, research: 0 });
    expect(stats.applications.byMonth[2]).toEqual({ month: 3, received: 1, answered: 0 });
    expect(stats.applications.byMonth[3]).toEqual({ month: 4, received: 0, answered: 1 });
    expect(stats.empty).toBe(false);
  });

  it('a year without data is empty, with zero figures and no rates', async () => {
    const empty = await getStatistics(db(), 2011);
    expect(empty.empty).toBe(true);
    expect(empty.letters.total).toMatchObject({ received: 0, answered: 0, onTimeRate: null, avgWorkingDays: null, satisfactionRate: null });
    expect(empty.letters.byDepartment).toEqual([]);
  });
});

describe('query, API and CSV', () => {
  it('validates the year with Chinese messages', () => {
    expect(statsQuery.parse({ year: '2027' })).toEqual({ year: 2027 });
    expect(statsQuery.parse({})).toEqual({});
    const bad = statsQuery.safeParse({ year: 'abc' });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]!.message).toMatch(/年份/);
    expect(statsQuery.safeParse({ year: '1999' }).error!.issues[0]!.message).toBe('年份不能早于 2000 年');
  });

  it('GET /api/v1/stats answers the figures, and 422 for a bad year', async () => {
    const ok = await statsRoute.GET(new Request(`http://localhost/api/v1/stats?year=${YEAR}`), {} as never);
    expect(ok.status).toBe(200);
    const body = await ok.json();
    expect(body.year).toBe(YEAR);
    expect(body.letters.total.received).toBe(10);
    const bad = await statsRoute.GET(new Request('http://localhost/api/v1/stats?year=20x7'), {} as never);
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.fields.year).toMatch(/年份/);
  });

  it('CSV: BOM, CRLF, quoting of commas and quotes, no formulas', async () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
    expect(csvField('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(csvField(-3)).toBe('-3');
    expect(csvField(null)).toBe('');
    expect(toCsv([['甲', 1], ['乙', null]])).toBe('\uFEFF甲,1\r\n乙,\r\n');

    const t = createTranslator({ locale: 'zh-CN', messages: zhCN, namespace: 'stats' });
    const csv = statisticsCsv(stats, (key, values) => t(key as never, values as never));
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[0]).toBe('民声数据统计 2027年');
    expect(lines).toContain('来信办理');
    // Year row: received 10, answered 6, on time 4 of 5 timed → 80%.
    expect(lines.find((l) => l.startsWith('全年,2027,'))).toMatch(/^全年,2027,10,6,4,5,80,/);
    expect(lines.find((l) => l.startsWith('月份,3月,'))).toMatch(/^月份,3月,4,4,2,3,66\.7,2\.8,3,1,1,1,66\.7$/);
    expect(lines).toContainEqual(expect.stringMatching(/^承办部门,"统计,测试""处""",/));
    expect(lines).toContain('答复类型,部分公开,,1');
  });
});

// Last: it adds a letter to 2027, which the figures above do not expect.
describe('a letter answered through the real operations', () => {
  it('records on the answered event the due date the answer met, and the statistics count it as timed', async () => {
    const citizen = await actorFor('citizen@example.com');
    const moderator = await actorFor('moderator@example.com');
    const handler = await actorFor('handler@example.com');
    const now = new Date('2027-02-01T09:00:00+08:00');
    const letter = await submitLetter(citizen, { kind: 'inquiry', title: '统计测试：真实办理', body: '请问博物馆周一是否开放？', consentToPublish: false }, { now });
    await actOnLetter(moderator, letter.trackingNo, { action: 'accept', departmentId: handler.user.departmentPublicId }, now);
    const [accepted] = await db().select({ id: letters.id, dueOn: letters.dueOn }).from(letters).where(eq(letters.trackingNo, letter.trackingNo));
    expect(accepted!.dueOn).toMatch(/^2027-/);
    await actOnLetter(handler, letter.trackingNo, { action: 'reply', body: '博物馆每周一闭馆，节假日除外。' }, new Date('2027-02-03T10:00:00+08:00'));
    const [answered] = await db().select({ dueOn: letters.dueOn }).from(letters).where(eq(letters.id, accepted!.id));
    expect(answered!.dueOn).toBeNull();
    const [event] = await db().select({ data: letterEvents.data }).from(letterEvents).where(and(eq(letterEvents.letterId, accepted!.id), eq(letterEvents.type, 'answered')));
    expect(event!.data).toEqual({ dueOn: accepted!.dueOn, dueOnBefore: accepted!.dueOn });
    const after = await getStatistics(db(), YEAR);
    const feb = after.letters.byMonth[1]!;
    expect(feb).toMatchObject({ received: 1, answered: 1, timed: 1, onTime: 1, avgWorkingDays: 2 });
  });
});
