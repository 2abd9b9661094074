import { randomBytes, randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { departments } from '@/lib/accounts/schema';
import { addWorkingDays, loadCalendarRules, workingDaysBetween, type CalendarRules } from '@/lib/calendar';
import { db } from '@/lib/db';
import { loadDeadlines } from '@/lib/letters/deadlines';
import { letterEvents, letterMessages, letters, type LetterKind } from '@/lib/letters/schema';
import { messageStatistics } from '@/lib/accountability/schema';
import { getDepartmentRates, periodBounds, ratesQuery, refreshRates, type RateCounts } from '@/lib/stats/rates';
import { getMessageStatistics, publishMessageStatistics } from '@/lib/stats/messages';
import { periodFromParams } from '@/lib/stats/period';
import { userByEmail } from './support/users';
import * as ratesRoute from '@/app/api/v1/stats/departments/route';
import { desc, eq } from 'drizzle-orm';
import { seedDemoLetters } from '@/lib/seed/demo-letters';

/**
 * The 三率 against an independent recomputation. A generated set of letters (fixed seed) with histories written
 * straight into letter_events at dates from November 2027 to February 2028 (a month and a year boundary; nothing
 * else in the file's database falls there): 补正 pauses, transfers (before and after an answer), extensions,
 * 催办 and 督办, answers rated 满意/基本满意/不满意, closed 未评价, 重办 (with its own `rated` event or carrying the
 * rating), answers with and without `dueOnBefore` / legacy `dueOn`. The reference below is plain JavaScript over
 * the raw rows, written the simple way (every question answered by scanning the letter's events again), and
 * compared with getDepartmentRates for every month, both years, every department and the bureau — then again
 * after more events arrive (the rollup's incremental path).
 */

let seed = 20_271_130;
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
const chance = (p: number) => random() < p;
const pick = <T,>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;

interface Ev { id?: number; letterId: number; type: string; at: Date; data: Record<string, unknown> }
interface Dept { id: number; name: string }

let citizenId: number;
let handlerId: number;
const depts: Dept[] = [];
let rules: CalendarRules;
let limits: Awaited<ReturnType<typeof loadDeadlines>>;

const bj = (at: Date) => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

/** A letter's history: times move on by 1 hour … 9 days per step. */
function history(letterId: number, start: Date, kind: LetterKind): { events: Ev[]; finalDept: number; answerDepts: Array<{ at: Date; dept: number }> } {
  let t = start.getTime();
  const step = () => new Date((t += int(3600, 9 * 86_400) * 1000));
  const events: Ev[] = [];
  const answerDepts: Array<{ at: Date; dept: number }> = [];
  const ev = (type: string, data: Record<string, unknown> = {}, at = step()) => events.push({ letterId, type, at, data });
  const randomDue = (at: Date) => addWorkingDays(bj(at), int(0, 4), rules).replace(/^/, '') as string;
  ev('submitted', {}, new Date(t));
  if (chance(0.15)) {
    ev('info_requested', { message: '请补充' });
    ev('info_provided');
  }
  if (chance(0.08)) {
    ev('not_accepted', { reason: '不属于受理范围' });
    return { events, finalDept: 0, answerDepts };
  }
  let dept = pick(depts);
  const acceptedAt = step();
  ev('accepted', chance(0.4) ? { department: dept.name, dueOnBefore: chance(0.5) ? bj(acceptedAt) : randomDue(new Date(acceptedAt.getTime() - 5 * 86_400_000)) } : { department: dept.name }, acceptedAt);
  let rounds = 0;
  while (rounds < 3) {
    rounds++;
    if (chance(0.15)) ev('info_requested', { message: '请补充' }), ev('info_provided');
    if (chance(0.25)) {
      const to = pick(depts.filter((d) => d.id !== dept.id));
      ev('transferred', { from: dept.name, to: to.name });
      dept = to;
    }
    if (chance(0.15)) ev('extended', { workingDays: int(1, 10), reason: '情况复杂' });
    const urges = chance(0.3) ? int(1, 3) : 0;
    for (let i = 0; i < urges; i++) ev('urged');
    if (chance(0.15)) ev('supervised', { note: '请加快办理', targetDate: '2028-01-10' });
    if (chance(0.1)) return { events, finalDept: dept.id, answerDepts }; // still open
    const answeredAt = step();
    const variant = random();
    const data: Record<string, unknown> = variant < 0.35 ? { dueOnBefore: randomDue(answeredAt) } : variant < 0.5 ? { dueOn: randomDue(answeredAt) } : variant < 0.55 ? { dueOnBefore: null } : {};
    ev('answered', data, answeredAt);
    if (chance(0.7)) answerDepts.push({ at: answeredAt, dept: dept.id });
    const outcome = random();
    if (outcome < 0.3) {
      ev('rated', { rating: pick(['satisfied', 'basically_satisfied'] as const) });
      return { events, finalDept: dept.id, answerDepts };
    }
    if (outcome < 0.45) {
      ev('closed_unrated');
      return { events, finalDept: dept.id, answerDepts };
    }
    if (outcome < 0.55) return { events, finalDept: dept.id, answerDepts }; // awaiting a rating
    // 不满意 → 重办 (or, once, a reopening after a rating)
    if (chance(0.5)) {
      ev('rated', { rating: 'unsatisfied', comment: '没有解决' });
      ev(chance(0.7) ? 'redo' : 'reopened', { reason: '没有解决' });
    } else {
      ev('redo', { rating: 'unsatisfied', comment: '没有解决' });
    }
  }
  return { events, finalDept: dept.id, answerDepts };
}

// ---------------------------------------------------------------- the independent reference

interface Row { letterId: number; kind: LetterKind; events: Ev[]; answerDepts: Array<{ at: Date; dept: number }> }
const rows: Row[] = [];

function reference(from: string, to: string, deptId: number | 'bureau'): RateCounts {
  const c: RateCounts = { accepted: 0, acceptedTimed: 0, acceptedOnTime: 0, answered: 0, answeredTimed: 0, answeredOnTime: 0, daysCounted: 0, workingDays: 0, rated: 0, satisfied: 0, urged: 0, supervised: 0 };
  const byName = new Map(depts.map((d) => [d.name, d.id]));
  for (const row of rows) {
    const evs = row.events;
    // The department at event i: the last accepted/transferred at or before it, forwards by name.
    const deptAt = (i: number) => {
      let d = 0;
      for (let j = 0; j <= i; j++) {
        if (evs[j]!.type === 'accepted') d = byName.get(String(evs[j]!.data.department)) ?? 0;
        if (evs[j]!.type === 'transferred') d = byName.get(String(evs[j]!.data.to)) ?? 0;
      }
      return d;
    };
    // The due date before event i, replayed from scratch over events 0..i-1.
    const replay = (i: number): string | null => {
      let start: string | null = null;
      let left: number | null = null;
      let accepted = false;
      for (let j = 0; j < i; j++) {
        const e = evs[j]!;
        const d = bj(e.at);
        if (e.type === 'submitted') { start = d; left = limits.triage; }
        if (e.type === 'accepted' || e.type === 'redo' || e.type === 'reopened') { start = d; left = limits[row.kind]; accepted = true; }
        if (e.type === 'info_requested') { left = Math.max(0, left! - (start ? workingDaysBetween(start, d, rules) : 0)); start = null; }
        if (e.type === 'info_provided') { start = d; left ??= accepted ? limits[row.kind] : limits.triage; }
        if (e.type === 'extended') { left = (left ?? 0) + Number(e.data.workingDays); start ??= d; }
        if (e.type === 'answered') { start = null; left = null; }
      }
      return start !== null && left !== null ? addWorkingDays(start, left, rules) : null;
    };
    const due = (i: number, legacy: boolean) => {
      const data = evs[i]!.data;
      if ('dueOnBefore' in data) return (data.dueOnBefore as string | null) ?? null;
      if (legacy && typeof data.dueOn === 'string') return data.dueOn;
      return replay(i);
    };
    const counts = (day: string, d: number) => day >= from && day <= to && (deptId === 'bureau' || d === deptId);
    evs.forEach((e, i) => {
      const day = bj(e.at);
      if (e.type === 'accepted' && counts(day, deptAt(i))) {
        const dd = due(i, false);
        c.accepted++;
        if (dd) { c.acceptedTimed++; if (day <= dd) c.acceptedOnTime++; }
      }
      if ((e.type === 'urged' || e.type === 'supervised') && counts(day, deptAt(i))) c[e.type]++;
      if (e.type === 'answered') {
        const d = row.answerDepts.find((a) => a.at.getTime() === e.at.getTime())?.dept ?? deptAt(i);
        if (!counts(day, d)) return;
        const dd = due(i, true);
        c.answered++;
        if (dd) { c.answeredTimed++; if (day <= dd) c.answeredOnTime++; }
        // Start of handling: the latest accepted / redo / reopened before the answer.
        const startEvent = evs.slice(0, i).reverse().find((x) => ['accepted', 'redo', 'reopened'].includes(x.type));
        if (startEvent) { c.daysCounted++; c.workingDays += workingDaysBetween(bj(startEvent.at), day, rules); }
        // Its rating: the first of rated / redo-with-rating before the next answer, redo, reopening or closing.
        for (const x of evs.slice(i + 1)) {
          if (x.type === 'rated' || ((x.type === 'redo' || x.type === 'reopened') && typeof x.data.rating === 'string')) {
            c.rated++;
            if (x.data.rating === 'satisfied' || x.data.rating === 'basically_satisfied') c.satisfied++;
            break;
          }
          if (['answered', 'redo', 'reopened', 'closed_unrated'].includes(x.type)) break;
        }
      }
    });
  }
  return c;
}

async function insertGenerated(n: number): Promise<void> {
  const startDays = Date.parse('2027-11-01T00:00:00+08:00');
  for (let k = 0; k < n; k++) {
    const kind = pick(['inquiry', 'suggestion', 'complaint'] as const);
    const start = new Date(startDays + int(0, 80 * 86_400) * 1000);
    const [letter] = await db().insert(letters).values({
      trackingNo: `R${randomBytes(6).toString('hex')}`, queryCode: '123456', kind, status: 'accepted', writerId: citizenId,
      title: '三率测试来信', body: '三率测试正文', consentToPublish: false, submittedAt: start,
    }).returning({ id: letters.id });
    const h = history(letter!.id, start, kind);
    await db().update(letters).set({ departmentId: h.finalDept || null }).where(eq(letters.id, letter!.id));
    const inserted = await db().insert(letterEvents).values(h.events.map((e) => ({ letterId: e.letterId, type: e.type, actorRole: 'handler', at: e.at, data: e.data }))).returning({ id: letterEvents.id });
    h.events.forEach((e, i) => (e.id = inserted[i]!.id));
    for (const a of h.answerDepts) {
      await db().insert(letterMessages).values({ letterId: letter!.id, kind: 'answer', authorId: handlerId, departmentId: a.dept, body: '答复', createdAt: a.at });
    }
    rows.push({ letterId: letter!.id, kind, events: h.events, answerDepts: h.answerDepts });
  }
}

const PERIODS: Array<[number, number | null]> = [[2027, 11], [2027, 12], [2028, 1], [2028, 2], [2028, 3], [2027, null], [2028, null]];

async function compareAll(): Promise<number> {
  let compared = 0;
  for (const [year, month] of PERIODS) {
    const report = await getDepartmentRates(db(), year, month);
    const { from, to } = periodBounds(year, month);
    const check = (label: string, got: Record<string, unknown>, want: RateCounts) => {
      const exp = {
        cases: want.answered,
        acceptedOnTimeRate: want.acceptedTimed ? want.acceptedOnTime / want.acceptedTimed : null,
        answeredOnTimeRate: want.answeredTimed ? want.answeredOnTime / want.answeredTimed : null,
        satisfactionRate: want.rated ? want.satisfied / want.rated : null,
        ratedRate: want.answered ? want.rated / want.answered : null,
        avgWorkingDays: want.daysCounted ? Math.round((want.workingDays / want.daysCounted) * 10) / 10 : null,
        urged: want.urged, supervised: want.supervised, accepted: want.accepted, acceptedOnTime: want.acceptedOnTime,
        answered: want.answered, answeredOnTime: want.answeredOnTime, rated: want.rated, satisfied: want.satisfied,
      };
      const actual = Object.fromEntries(Object.keys(exp).map((k) => [k, got[k]]));
      expect(actual, `${label} ${year}-${month ?? 'year'}`).toEqual(exp);
      compared++;
    };
    check('bureau', report.bureau as never, reference(from, to, 'bureau'));
    for (const d of depts) {
      const item = report.items.find((i) => i.department === d.name);
      const want = reference(from, to, d.id);
      if (!item) expect(Object.values(want).every((v) => v === 0), `${d.name} missing in ${year}-${month}`).toBe(true);
      else check(d.name, item as never, want);
    }
  }
  return compared;
}

beforeAll(async () => {
  citizenId = (await userByEmail('citizen@example.com')).id;
  handlerId = (await userByEmail('handler@example.com')).id;
  for (const n of [1, 2, 3]) {
    const name = `三率测试${n}处`;
    const [row] = await db().insert(departments).values({ publicId: randomUUID(), code: `R${randomBytes(3).toString('hex')}`, name, nameEn: `Rates ${n}`, sortOrder: 950 + n }).returning({ id: departments.id });
    depts.push({ id: row!.id, name });
  }
  rules = await loadCalendarRules(db());
  limits = await loadDeadlines(db());
  await insertGenerated(160);
});

describe('the demo seed', () => {
  it('publishes the 留言统计 of the ended months its letters cover', async () => {
    await seedDemoLetters(db(), new Date('2026-11-16T10:00:00+08:00'));
    const [latest] = await db().select().from(messageStatistics).orderBy(desc(messageStatistics.month)).limit(1);
    expect(latest?.month).toBe('2026-10');
    const october = await getMessageStatistics(db(), '2026-10');
    expect(october!.figures.received).toBeGreaterThanOrEqual(1);
  });
});

describe('三率 from the event log', () => {
  it('equals the independent recomputation for every month, year, department and the bureau', async () => {
    const compared = await compareAll();
    expect(compared).toBeGreaterThan(20);
    // The data set exercises what it claims to.
    const all = rows.flatMap((r) => r.events.map((e) => e.type));
    for (const type of ['rated', 'closed_unrated', 'redo', 'reopened', 'transferred', 'urged', 'supervised', 'info_requested', 'extended']) {
      expect(all, type).toContain(type);
    }
    const bureau2027 = reference('2027-01-01', '2027-12-31', 'bureau');
    const bureau2028 = reference('2028-01-01', '2028-12-31', 'bureau');
    expect(bureau2027.answered).toBeGreaterThan(10);
    expect(bureau2028.answered).toBeGreaterThan(10);
    expect(bureau2027.rated + bureau2028.rated).toBeGreaterThan(10);
  });

  it('stays exact as events arrive: more letters, and ratings of earlier answers', async () => {
    await insertGenerated(40);
    // A 满意 for every answer still awaiting its rating: it counts in the answer's month, not the rating's.
    for (const row of rows) {
      const last = row.events.at(-1)!;
      if (last.type !== 'answered') continue;
      const e: Ev = { letterId: row.letterId, type: 'rated', at: new Date(last.at.getTime() + 40 * 86_400_000), data: { rating: 'satisfied' } };
      const [ins] = await db().insert(letterEvents).values({ letterId: e.letterId, type: e.type, actorRole: 'citizen', at: e.at, data: e.data }).returning({ id: letterEvents.id });
      e.id = ins!.id;
      row.events.push(e);
    }
    await compareAll();
    expect(await refreshRates(db())).toBe(0); // nothing new: the fast path
  });

  it('folds new events in once when several readers refresh at the same time', async () => {
    await insertGenerated(15);
    const counts = await Promise.all([refreshRates(db()), refreshRates(db()), getDepartmentRates(db(), 2028, 1).then(() => 0), refreshRates(db())]);
    expect(counts.filter((n) => n > 0).length).toBeLessThanOrEqual(1);
    await compareAll();
  });

  it('reads the period from search params: empty month is the whole year, bad input is a message', () => {
    const now = new Date('2027-05-05T12:00:00+08:00');
    expect(periodFromParams({ year: '2026', month: '' }, now)).toEqual({ year: 2026, month: null, error: null });
    expect(periodFromParams({ month: '3' }, now)).toEqual({ year: 2027, month: 3, error: null });
    expect(periodFromParams({ year: '2026', month: '13' }, now)).toEqual({ year: 2027, month: null, error: '月份应为 1 至 12' });
    expect(periodFromParams({ year: ['abc', '2026'] }, now).error).toBe('年份应为数字，例如 2026');
  });

  it('ranks only when every department has at least 20 cases', async () => {
    const year = await getDepartmentRates(db(), 2028, null);
    const month = await getDepartmentRates(db(), 2027, 11);
    for (const report of [year, month]) {
      const everyone = report.items.length >= 2 && report.items.every((i) => i.cases >= 20);
      expect(report.rankable).toBe(everyone);
      expect(report.ranking.byAnsweredOnTime.length).toBe(everyone ? report.items.length : 0);
      if (everyone) {
        const rates = report.ranking.byAnsweredOnTime.map((id) => report.items.find((i) => i.departmentId === id)!.answeredOnTimeRate ?? -1);
        expect([...rates].sort((a, b) => b - a)).toEqual(rates);
      }
    }
  });
});

describe('GET /api/v1/stats/departments', () => {
  it('answers in API.md shape, and refuses bad input with 422', async () => {
    const ok = await ratesRoute.GET(new Request('http://localhost/api/v1/stats/departments?year=2027&month=12'), {} as never);
    expect(ok.status).toBe(200);
    const body = await ok.json();
    expect(Object.keys(body)).toEqual(expect.arrayContaining(['items', 'bureau', 'rankable']));
    expect(Object.keys(body.items[0]).sort()).toEqual(['acceptedOnTimeRate', 'answeredOnTimeRate', 'avgWorkingDays', 'cases', 'department', 'departmentId', 'ratedRate', 'satisfactionRate', 'supervised', 'urged']);
    // Issue 17: the bureau's figures per channel, all six, adding up to the bureau's cases.
    expect(body.channels.map((c: { channel: string }) => c.channel)).toEqual(['web', 'phone', 'paper', 'in_person', 'email', 'hotline_12345']);
    expect(body.channels.reduce((n: number, c: { cases: number }) => n + c.cases, 0)).toBe(body.bureau.cases);
    for (const q of ['year=20x7', 'year=2027&month=13', 'month=0', 'month=abc']) {
      const bad = await ratesRoute.GET(new Request(`http://localhost/api/v1/stats/departments?${q}`), {} as never);
      expect(bad.status, q).toBe(422);
    }
    expect(ratesQuery.safeParse({ year: '2027', month: '2' }).success).toBe(true);
  });
});

describe('留言统计', () => {
  it('publishes each ended month once, even from several processes at once, and never rewrites it', async () => {
    const now = new Date('2028-02-10T12:00:00+08:00');
    await db().delete(messageStatistics);
    const results = await Promise.all([publishMessageStatistics(db(), now), publishMessageStatistics(db(), now), publishMessageStatistics(db(), now)]);
    const published = results.flat().sort();
    expect(new Set(published).size).toBe(published.length);
    expect(published).toContain('2028-01');
    expect(published).not.toContain('2028-02');
    const jan = await getMessageStatistics(db(), '2028-01');
    const rates = await getDepartmentRates(db(), 2028, 1);
    expect(jan!.figures.rates.bureau.cases).toBe(rates.bureau.cases);
    expect(jan!.figures.received).toBeGreaterThan(0);
    // The month after, only February is added.
    expect(await publishMessageStatistics(db(), new Date('2028-03-01T00:30:00+08:00'))).toEqual(['2028-02']);
    expect(await publishMessageStatistics(db(), new Date('2028-03-20T00:30:00+08:00'))).toEqual([]);
  });
});
