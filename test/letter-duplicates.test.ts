import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { departments } from '@/lib/accounts/schema';
import { findActiveUser } from '@/lib/accounts/users';
import type { Actor, ActorUser } from '@/lib/auth/permissions';
import { auditLog } from '@/lib/audit/schema';
import { duplicateCandidates, mergeDuplicate, textSimilarity, titleTerms } from '@/lib/letters/duplicates';
import { actOnLetter, submitLetter } from '@/lib/letters/operations';
import { enterLetter } from '@/lib/letters/intake';
import { letters } from '@/lib/letters/schema';
import { PRIVATE_ANSWER_MESSAGE } from '@/lib/letters/merge';
import { getLetter } from '@/lib/letters/queries';
import { listNotifications } from '@/lib/notifications';
import { districts } from '@/lib/topics/schema';
import { topicIdByPath } from '@/lib/topics/seed';
import { appErrorOf } from './support/errors';
import { actorFor, insertUser, uniqueEmail, visitor } from './support/users';

/**
 * Duplicates for staff (issue 17 item 5) on a real database: the candidates of a letter awaiting routing (open and
 * recently answered letters, ranked by text, topic, district and place), staff only, and the one-step merge through
 * the panel's server function (the existing merge action: audited). Ends with a measurement at a few thousand letters.
 */

type Person = Actor & { user: ActorUser };
const bj = (local: string) => new Date(`${local}:00+08:00`);
const NOW = bj('2026-11-20T10:00');

let moderator: Person;
let handler: Person;
let qian: Person;
let sun: Person;
let zhou: Person;
let market: string;
let ticketTopic: number;
let otherTopic: number;
let siming: number;
let huli: number;

async function citizen(name: string, ip: string): Promise<Person> {
  const publicId = await insertUser({ name, email: uniqueEmail('dup') });
  return { user: (await findActiveUser(db(), publicId))!, ip };
}

beforeAll(async () => {
  [moderator, handler] = await Promise.all([actorFor('moderator@example.com'), actorFor('handler@example.com')]);
  qian = await citizen('钱多多', '192.0.2.41');
  sun = await citizen('孙小美', '192.0.2.42');
  zhou = await citizen('周路人', '192.0.2.43');
  const [row] = await db().select({ publicId: departments.publicId }).from(departments).where(eq(departments.code, 'market'));
  market = row!.publicId;
  ticketTopic = (await topicIdByPath(db(), ['旅游市场', '景区管理', '门票与预约']))!;
  const all = await db().select({ id: districts.id, name: districts.name }).from(districts);
  siming = all.find((d) => d.name === '思明区')!.id;
  huli = all.find((d) => d.name === '湖里区')!.id;
  const [other] = await db().execute(sql`select id from topics where id <> ${ticketTopic} and level = 3 order by id limit 1`).then((r) => (Array.isArray(r) ? r : (r as { rows: unknown[] }).rows) as Array<{ id: number }>);
  otherTopic = Number(other!.id);
});

async function write(writer: Person, letter: { title: string; body: string; topicId?: number | null; districtId?: number | null; place?: string; consent?: boolean }, at = bj('2026-11-18T09:00')) {
  const { trackingNo } = await submitLetter(writer, {
    kind: 'complaint', consentToPublish: letter.consent ?? true, title: letter.title, body: letter.body,
    topicId: letter.topicId ?? null, districtId: letter.districtId ?? null, place: letter.place ?? '',
  }, { now: at });
  return trackingNo;
}

async function sqlTerms(title: string): Promise<string[]> {
  const [row] = await db().execute(sql`select letter_title_terms(${title}) as t`).then((r) => (Array.isArray(r) ? r : (r as { rows: unknown[] }).rows) as Array<{ t: string[] | string }>);
  return typeof row!.t === 'string' ? row!.t.replace(/[{}]/g, '').split(',').filter(Boolean) : row!.t;
}

const FERRY = { title: '鼓浪屿轮渡码头排队时间过长', body: '周末在三丘田码头排队购买轮渡船票要两个多小时，现场秩序混乱，希望增加售票窗口和班次。' };

describe('candidates of a letter awaiting routing', () => {
  let first: string;
  let second: string;
  let sameTopicOnly: string;
  let oldAnswered: string;
  let recentAnswered: string;
  let rejected: string;

  beforeAll(async () => {
    first = await write(qian, { ...FERRY, topicId: ticketTopic, districtId: siming, place: '鼓浪屿三丘田码头' }, bj('2026-11-17T09:00'));
    // Same topic and district, another matter: not a duplicate.
    sameTopicOnly = await write(zhou, { title: '景区门票网上预约系统无法支付', body: '用微信支付景区门票时一直提示失败，客服电话也打不通。', topicId: ticketTopic, districtId: siming });
    // The same matter, answered 30 days ago (a candidate) and 120 days ago (too old).
    recentAnswered = await write(zhou, { title: '鼓浪屿轮渡码头排队时间太长', body: '三丘田码头排队买轮渡船票要等很久，建议增加售票窗口。', topicId: ticketTopic, districtId: siming }, bj('2026-10-10T09:00'));
    oldAnswered = await write(zhou, { title: '鼓浪屿轮渡码头排队时间过长问题', body: '三丘田码头排队购买轮渡船票时间过长。', topicId: ticketTopic, districtId: siming }, bj('2026-07-01T09:00'));
    await db().update(letters).set({ status: 'answered', answeredAt: bj('2026-10-21T09:00') }).where(eq(letters.trackingNo, recentAnswered));
    await db().update(letters).set({ status: 'closed', answeredAt: bj('2026-07-20T09:00') }).where(eq(letters.trackingNo, oldAnswered));
    // Refused letters are never candidates.
    rejected = await write(zhou, { ...FERRY, title: '鼓浪屿轮渡码头排队时间过长！' });
    await actOnLetter(moderator, rejected, { action: 'reject', reason: '重复来信，不予受理' }, bj('2026-11-18T10:00'));
    // The letter the moderator routes: near-identical to the first, another writer, another topic chosen by mistake.
    second = await write(sun, { title: '鼓浪屿轮渡码头排队时间过长', body: '周末在三丘田码头排队买轮渡船票要两个多小时，秩序混乱，请增加售票窗口。', topicId: otherTopic, districtId: siming, place: '三丘田码头' });
  });

  it('the tokens of the index and of the code agree', async () => {
    const titles = ['鼓浪屿 ferry 码头，排队！', '鼓浪屿轮渡码头排队时间过长', 'G15 高速 ETC 扣费', 'iPhone维修ＥＴＣ A区 3号楼 ｉＰａｄ２', '12345热线 转办 2026年', 'x', ''];
    for (const title of titles) expect([...await sqlTerms(title)].sort(), title).toEqual(titleTerms(title).sort());
    // Chinese titles: the CJK bigrams, as before Latin words were added.
    expect(titleTerms('鼓浪屿轮渡码头排队时间过长')).toEqual(['鼓浪', '浪屿', '屿轮', '轮渡', '渡码', '码头', '头排', '排队', '队时', '时间', '间过', '过长']);
    // Latin/digit words: whole, lower-cased, full-width folded, two characters or more, in title order.
    expect(titleTerms('鼓浪屿 ferry 码头，排队！')).toEqual(['鼓浪', '浪屿', 'ferry', '码头', '排队']);
    expect(titleTerms('G15 高速 ETC 扣费')).toEqual(['g15', '高速', 'etc', '扣费']);
    expect(titleTerms('iPhone维修ＥＴＣ A区 3号楼 ｉＰａｄ２')).toEqual(['iphone', '维修', 'etc', '号楼', 'ipad2']);
    expect(titleTerms('12345热线 转办 2026年')).toEqual(['12345', '热线', '转办', '2026']);
    expect(textSimilarity(FERRY, FERRY)).toBeCloseTo(1, 5);
  });

  it('ranks the near-identical open letter first, the recently answered one next; never old, refused or unrelated ones', async () => {
    const result = await duplicateCandidates(moderator, second, { now: NOW });
    const numbers = result.items.map((i) => i.trackingNo);
    console.log(`duplicate candidates of ${second}:`, result.items.map((i) => `${i.trackingNo} ${i.score} ${JSON.stringify(i.reasons)}`));
    expect(result.canMerge).toBe(true);
    expect(numbers[0]).toBe(first);
    expect(numbers).toContain(recentAnswered);
    expect(numbers).not.toContain(oldAnswered);
    expect(numbers).not.toContain(rejected);
    expect(numbers).not.toContain(sameTopicOnly);
    expect(numbers).not.toContain(second);
    expect(result.items.length).toBeLessThanOrEqual(5);
    const top = result.items[0]!;
    expect(top.reasons).toMatchObject({ sameTopic: false, sameDistrict: true, samePlace: true });
    expect(top.reasons.text).toBeGreaterThan(0.5);
    expect(top.mergeable).toBe(true);
    expect(top.district?.name).toBe('思明区');
    expect(top.topic?.path).toEqual(['旅游市场', '景区管理', '门票与预约']);
  });

  it('the same topic and place lift a candidate above one with the same text alone', async () => {
    const base = { title: '湖里公园公厕长期无人保洁', body: '湖里公园东门附近的公厕长期无人打扫，气味很大。' };
    const withTopic = await write(qian, { ...base, topicId: otherTopic, districtId: huli, place: '湖里公园东门' });
    const textOnly = await write(zhou, { ...base });
    const asked = await write(sun, { ...base, title: '湖里公园公厕无人保洁', topicId: otherTopic, districtId: huli, place: '湖里公园东门公厕' });
    const numbers = (await duplicateCandidates(moderator, asked, { now: NOW })).items.map((i) => i.trackingNo);
    expect(numbers.indexOf(withTopic)).toBeGreaterThanOrEqual(0);
    expect(numbers.indexOf(withTopic)).toBeLessThan(numbers.indexOf(textOnly));
  });

  it('is for moderators and admins only: citizens (even the writer), handlers and visitors are refused', async () => {
    for (const who of [sun, qian, handler]) expect((await appErrorOf(duplicateCandidates(who, second, { now: NOW }))).code).toBe('forbidden');
    expect((await appErrorOf(duplicateCandidates(visitor(), second, { now: NOW }))).code).toBe('unauthenticated');
    expect((await appErrorOf(duplicateCandidates(moderator, 'nonsense', { now: NOW }))).code).toBe('invalid_input');
    expect((await appErrorOf(duplicateCandidates(moderator, '999999999999', { now: NOW }))).code).toBe('not_found');
    expect((await appErrorOf(mergeDuplicate(sun, second, { intoTrackingNo: first }))).code).toBe('forbidden');
  });

  it('merges in one step through the panel\'s server function, audited; the merged letter is no candidate any more', async () => {
    const before = await db().select().from(letters).where(eq(letters.trackingNo, second));
    const done = await mergeDuplicate(moderator, second, { intoTrackingNo: first, version: before[0]!.version });
    expect(done.status).toBe('merged');
    const [row] = await db().select({ status: letters.status, mergedIntoId: letters.mergedIntoId }).from(letters).where(eq(letters.trackingNo, second));
    const [target] = await db().select({ id: letters.id }).from(letters).where(eq(letters.trackingNo, first));
    expect(row).toEqual({ status: 'merged', mergedIntoId: target!.id });
    const audit = await db().select().from(auditLog).where(and(eq(auditLog.action, 'letter.merge'), eq(auditLog.entityId, second)));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actorId).toBe(moderator.user.id);
    const again = await duplicateCandidates(moderator, first, { now: NOW });
    expect(again.items.map((i) => i.trackingNo)).not.toContain(second);
    // Merging again: the letter no longer awaits routing (the case engine refuses: 409).
    expect((await appErrorOf(mergeDuplicate(moderator, second, { intoTrackingNo: first }))).code).toBe('conflict');
    expect((await appErrorOf(mergeDuplicate(moderator, first, { intoTrackingNo: 'x' }))).code).toBe('invalid_input');
  });
});

describe('Latin words and numbers in titles find candidates', () => {
  // No topic, no district: only the title pool can find these letters. The asked title and the candidate share one
  // CJK bigram (扣费) — too few to find it by Chinese alone (two terms are needed) — and the words G15 and ETC.
  const BODY = '昨天下午经过沈海高速集美收费站，ETC 同一笔通行费被扣了两次，请核查并退款。';
  let asked: string;
  let sameWords: string;
  let longerWords: string;
  let otherWords: string;

  beforeAll(async () => {
    const wu = await citizen('吴通行', '192.0.2.44');
    const zheng = await citizen('郑开车', '192.0.2.45');
    sameWords = await write(wu, { title: 'g15 Etc 扣费重复', body: '前天经过沈海高速集美收费站，ETC 同一笔通行费扣了两次，请核查退款。' });
    // Whole words only: G150 is not G15, ETCS is not ETC (the body is the asked letter's own, so only the title
    // pool keeps it out).
    longerWords = await write(wu, { title: 'G150 ETCS 扣费', body: BODY });
    // Other Latin words, the same one bigram.
    otherWords = await write(zheng, { title: 'iPad APP 扣费异常', body: '在平板电脑上订阅应用后每月自动扣费，无法取消。' });
    asked = await write(zheng, { title: 'G15 ETC 扣费两次', body: BODY });
  });

  it('finds a letter by the same words, case-folded; not by longer or other words', async () => {
    const cjk = (title: string) => titleTerms(title).filter((t) => !/[a-z0-9]/.test(t));
    expect(cjk('g15 Etc 扣费重复').filter((t) => cjk('G15 ETC 扣费两次').includes(t))).toEqual(['扣费']);
    const result = await duplicateCandidates(moderator, asked, { now: NOW });
    const numbers = result.items.map((i) => i.trackingNo);
    console.log(`duplicate candidates of ${asked}:`, result.items.map((i) => `${i.trackingNo} ${i.score} ${JSON.stringify(i.reasons)}`));
    expect(numbers[0]).toBe(sameWords);
    expect(result.items[0]!.reasons).toMatchObject({ sameTopic: false, sameDistrict: false, samePlace: false });
    expect(numbers).not.toContain(longerWords);
    expect(numbers).not.toContain(otherWords);
  });

  it('the GIN index holds the words', async () => {
    const rowsOf = <T>(r: unknown) => (Array.isArray(r) ? r : (r as { rows: unknown[] }).rows) as T[];
    const query = sql`select tracking_no from letters where letter_title_terms(title) @> array['g15', 'etc']::text[] order by id`;
    const { found, plan } = await db().transaction(async (tx) => {
      await tx.execute(sql`select set_config('enable_seqscan', 'off', true)`);
      const plan = rowsOf<Record<string, string>>(await tx.execute(sql`explain ${query}`)).map((r) => Object.values(r)[0]).join('\n');
      return { found: rowsOf<{ tracking_no: string }>(await tx.execute(query)).map((x) => x.tracking_no), plan };
    });
    expect(plan).toContain('letters_title_terms_idx');
    expect(found).toEqual([sameWords, asked]);
  });
});

describe('merging into a recently answered letter (the writer gets the existing answer)', () => {
  // The panel's one-step merge goes either way in time: into an open letter (above) or into one already answered,
  // whose answer the merged writer then reads at once — another citizen's answer as the public would read it
  // (masked), and only if that citizen consented (lib/letters/merge.ts).
  const PARKING = { title: '集美学村停车场收费标准不明确', body: '集美学村景区停车场收费没有公示标准，每次收费都不一样，请核查。' };
  let answered: string;
  let privateAnswered: string;
  let asked: string;
  let askedWriter: Person;

  beforeAll(async () => {
    const feng = await citizen('冯先知', '192.0.2.46');
    const he = await citizen('何保密', '192.0.2.47');
    askedWriter = await citizen('韩后来', '192.0.2.48');
    const jimei = (await db().select({ id: districts.id, name: districts.name }).from(districts)).find((d) => d.name === '集美区')!.id;
    answered = await write(feng, { ...PARKING, districtId: jimei }, bj('2026-11-02T09:00'));
    privateAnswered = await write(he, { ...PARKING, title: '集美学村停车场收费标准不明', districtId: jimei, consent: false }, bj('2026-11-03T09:00'));
    for (const no of [answered, privateAnswered]) {
      await actOnLetter(moderator, no, { action: 'accept', departmentId: market }, bj('2026-11-04T09:00'));
      await actOnLetter(handler, no, { action: 'reply', body: '冯先知您好：经核查，该停车场已按物价部门核定的标准重新公示收费，并退还多收费用。' }, bj('2026-11-06T09:00'));
    }
    asked = await write(askedWriter, { ...PARKING, title: '集美学村停车场收费标准不公开', districtId: jimei }, bj('2026-11-19T09:00'));
  });

  it('offers the answered letter; merging gives the writer its answer, masked, and tells them', async () => {
    const result = await duplicateCandidates(moderator, asked, { now: NOW });
    expect(result.canMerge).toBe(true);
    const candidate = result.items.find((i) => i.trackingNo === answered)!;
    expect(candidate).toMatchObject({ status: 'answered', mergeable: true });
    expect(candidate.answeredAt).toBe(bj('2026-11-06T09:00').toISOString());
    const [{ version }] = await db().select({ version: letters.version }).from(letters).where(eq(letters.trackingNo, asked));
    expect((await mergeDuplicate(moderator, asked, { intoTrackingNo: answered, version }, NOW)).status).toBe('merged');

    const view = await getLetter(askedWriter, asked, {}, NOW);
    expect(view).toMatchObject({ status: 'merged', mergedInto: answered, mergedAnswer: 'masked' });
    const answers = view.replies.filter((r) => r.kind === 'answer').map((r) => r.body);
    expect(answers).toHaveLength(1);
    expect(answers[0]).toContain('重新公示收费');
    expect(answers[0]).not.toContain('冯先知');
    const titles = (await listNotifications(db(), askedWriter.user.id)).map((n) => n.title);
    expect(titles).toContain(`您的来信 ${asked} 已随来信 ${answered} 答复`);
    expect(await db().select().from(auditLog).where(and(eq(auditLog.action, 'letter.merge'), eq(auditLog.entityId, asked)))).toHaveLength(1);
  });

  it('does not offer an answered letter whose writer did not consent; the merge is refused', async () => {
    const other = await write(askedWriter, { ...PARKING, title: '集美学村停车场乱收费问题', districtId: null }, bj('2026-11-19T10:00'));
    const result = await duplicateCandidates(moderator, other, { now: NOW });
    expect(result.items.find((i) => i.trackingNo === privateAnswered)).toMatchObject({ status: 'answered', mergeable: false });
    const [{ version }] = await db().select({ version: letters.version }).from(letters).where(eq(letters.trackingNo, other));
    const refused = await appErrorOf(mergeDuplicate(moderator, other, { intoTrackingNo: privateAnswered, version }, NOW));
    expect(refused.code).toBe('invalid_input');
    expect(refused.fields).toEqual({ intoTrackingNo: PRIVATE_ANSWER_MESSAGE });
  });
});

describe('the staff intake form takes the topic, district and place (issue 17 items 1 and 3)', () => {
  const entry = (extra: Record<string, unknown>) => ({
    kind: 'complaint', departmentId: null, title: '电话反映码头排队问题', body: '来电人反映三丘田码头周末排队购票时间过长。',
    consentToPublish: false, channel: 'phone', receivedOn: '2026-11-19', onBehalfOf: { name: '吴先生', phone: '13900001111' }, ...extra,
  });
  it('stores them on the letter, checked as on the citizen form', async () => {
    const { trackingNo } = await enterLetter(moderator, entry({ topicId: String(ticketTopic), districtId: String(siming), place: '三丘田码头' }), { now: NOW });
    const [row] = await db().select({ topicId: letters.topicId, districtId: letters.districtId, place: letters.place, channel: letters.channel }).from(letters).where(eq(letters.trackingNo, trackingNo));
    expect(row).toEqual({ topicId: ticketTopic, districtId: siming, place: '三丘田码头', channel: 'phone' });
    const refused = await appErrorOf(enterLetter(moderator, entry({ topicId: '999999' }), { now: NOW }));
    expect(refused.code).toBe('invalid_input');
    expect(refused.fields).toHaveProperty('topicId');
  });
});

describe('at a few thousand letters', () => {
  // Finds candidates for most letters of a realistic spread; how fast is printed (p50, p95), not asserted: a loaded
  // machine fails any bound; the figures at scale come from `ONLY=api-duplicates npm run bench:web`.
  it('finds candidates at a few thousand letters (p95 printed)', async () => {
    const N = 4000;
    const inserting = performance.now();
    // Letters of a realistic spread: 40 subjects × 100 wordings, 6 districts, the seeded topics, over a year.
    await db().execute(sql`
      insert into letters (tracking_no, query_code, kind, status, writer_id, title, body, consent_to_publish, submitted_at, answered_at, topic_id, district_id)
      select '9' || lpad(g::text, 11, '0'), '000000', 'complaint',
        (case when g % 3 = 0 then 'answered' else 'submitted' end)::letter_status, ${zhou.user.id},
        (array['鼓浪屿','中山路','曾厝垵','环岛路','植物园','胡里山','白城沙滩','南普陀','集美学村','园博苑'])[1 + g % 10]
          || (array['停车收费','排队时间','噪音扰民','垃圾清运','门票价格'])[1 + (g / 10) % 5]
          || (array['问题反映','过长','太贵','无人管理','请求处理'])[1 + (g / 50) % 5] || ' ' || g,
        '市民反映第 ' || g || ' 号事项，现场情况需要核实处理。',
        true, ${NOW.toISOString()}::timestamptz - ((g % 365) || ' days')::interval,
        case when g % 3 = 0 then ${NOW.toISOString()}::timestamptz - ((g % 200) || ' days')::interval end,
        (select id from topics where level = 3 order by id offset (g % 10) limit 1),
        (select id from districts order by id offset (g % 6) limit 1)
      from generate_series(1, ${N}) g`);
    console.log(`inserted ${N} letters in ${(performance.now() - inserting).toFixed(0)} ms`);
    await db().execute(sql`analyze letters`);
    const [{ n }] = await db().execute(sql`select count(*)::int as n from letters`).then((r) => (Array.isArray(r) ? r : (r as { rows: unknown[] }).rows) as Array<{ n: number }>);
    const samples = await db().select({ trackingNo: letters.trackingNo }).from(letters).where(sql`${letters.trackingNo} like '9%' and ${letters.status} = 'submitted'`).limit(60);
    const times: number[] = [];
    let found = 0;
    for (const s of samples) {
      const started = performance.now();
      const result = await duplicateCandidates(moderator, s.trackingNo, { now: NOW });
      times.push(performance.now() - started);
      if (result.items.length) found++;
    }
    times.sort((a, b) => a - b);
    const p95 = times[Math.floor(times.length * 0.95) - 1]!;
    console.log(`duplicate candidates at ${n} letters: ${times.length} calls, p50 ${times[Math.floor(times.length / 2)]!.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, ${found} with candidates`);
    expect(found).toBeGreaterThan(samples.length / 2);
  }, 120_000);
});
