import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { encode } from 'next-auth/jwt';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as reviewsRoute from '@/app/api/v1/disclosure/reviews/route';
import * as reportRoute from '@/app/api/v1/disclosure/annual-report/route';
import { auditLog } from '@/lib/audit/schema';
import type { Actor, ActorUser } from '@/lib/auth/permissions';
import { db } from '@/lib/db';
import { categoryIdByCode } from '@/lib/disclosure/catalogue';
import { annualReportReminder, annualReportTables, getAnnualReport, saveProactiveFigures } from '@/lib/disclosure/annual-report';
import { buildAnnualReportPdf } from '@/lib/disclosure/annual-report-pdf';
import { annualReports } from '@/lib/disclosure/schema';
import { actOnApplication } from '@/lib/disclosure/applications';
import { recordReview } from '@/lib/disclosure/reviews';
import { listUncodedReplies, setReplyReasonCode } from '@/lib/disclosure/reply-codes';
import {
  catalogueItems, disclosureApplicationEvents, disclosureApplications,
  type ApplicantType, type ApplicationOutcome, type ApplicationReasonCode, type ApplicationStatus,
} from '@/lib/disclosure/schema';
import { appErrorOf } from './support/errors';
import { commandFound, requires } from './support/prerequisites';
import { actorFor } from './support/users';
import { useTestRequest } from './support/request';

/**
 * The decisive check of issue 19: a year (2022) of applications and review cases covering every row and sub-row
 * of the national template (国办公开办函〔2021〕30号), its generated tables compared cell by cell with the tables
 * below, written by hand from the template.
 */

// The route handlers read the session cookie through next/headers; the tests set it per request.
const requestHeaders = useTestRequest('192.0.2.67');
afterEach(() => {
  requestHeaders.cookie = null;
});

let moderator: Actor & { user: ActorUser };
let citizen: Actor & { user: ActorUser };
let seq = 0;

interface Seed {
  type: ApplicantType;
  receivedOn: string;
  status?: ApplicationStatus;
  outcome?: ApplicationOutcome;
  reasonCode?: ApplicationReasonCode;
  answeredAt?: string;
  withdrawnAt?: string;
}

async function insert(seed: Seed): Promise<string> {
  const trackingNo = `GK${seed.receivedOn.replaceAll('-', '')}${String(++seq).padStart(4, '0')}`;
  const [row] = await db().insert(disclosureApplications).values({
    trackingNo, applicantId: citizen.user.id, applicantType: seed.type, applicantName: '测试申请人',
    organisationName: seed.type === 'person' ? null : '测试单位', description: '申请公开测试信息', form: 'electronic',
    status: seed.status ?? (seed.answeredAt ? 'answered' : 'registered'), receivedOn: seed.receivedOn,
    outcome: seed.outcome ?? null, reasonCode: seed.reasonCode ?? null,
    answeredAt: seed.answeredAt ? new Date(seed.answeredAt) : null, submittedAt: new Date(`${seed.receivedOn}T09:00:00+08:00`),
  }).returning({ id: disclosureApplications.id });
  if (seed.withdrawnAt) await db().insert(disclosureApplicationEvents).values({ applicationId: row!.id, type: 'withdrawn', actorRole: 'citizen', at: new Date(seed.withdrawnAt) });
  return trackingNo;
}

type Col = 'person' | 'company' | 'research' | 'nonprofit' | 'legal' | 'other';
const COLS: Col[] = ['person', 'company', 'research', 'nonprofit', 'legal', 'other'];

/** Replies of 2022 to applications received in 2022, by template row and applicant column (a leaf row's counts). */
const ANSWERED_2022: Array<[string, number[]]> = [
  //                                         person company research nonprofit legal other
  ['disclosed',                              [2, 1, 0, 0, 1, 0]],
  ['partly_disclosed',                       [1, 1, 0, 0, 0, 0]],
  ['withheld.state_secret',                  [1, 0, 0, 0, 0, 0]],
  ['withheld.law_forbids',                   [0, 1, 0, 0, 0, 0]],
  ['withheld.three_safeties_one_stability',  [0, 0, 1, 0, 0, 0]],
  ['withheld.third_party',                   [1, 1, 0, 0, 0, 0]],
  ['withheld.internal_affairs',              [0, 0, 0, 1, 0, 0]],
  ['withheld.process_information',           [1, 0, 0, 0, 0, 1]],
  ['withheld.enforcement_files',             [0, 0, 0, 0, 1, 0]],
  ['withheld.query_matter',                  [1, 0, 0, 0, 0, 0]],
  ['unavailable.not_held',                   [2, 0, 0, 0, 0, 0]],
  ['unavailable.needs_creation',             [0, 0, 0, 0, 0, 0]],
  ['unavailable.unclear_after_correction',   [0, 0, 0, 0, 0, 1]],
  ['not_handled.petition_or_complaint',      [1, 0, 0, 0, 0, 0]],
  ['not_handled.repeated',                   [0, 0, 0, 0, 1, 0]],
  ['not_handled.publications',               [0, 0, 1, 0, 0, 0]],
  ['not_handled.excessive_or_abusive',       [1, 0, 0, 0, 0, 0]],
  ['not_handled.confirm_or_reissue',         [0, 0, 0, 1, 0, 0]],
  ['other.no_correction',                    [1, 0, 0, 0, 0, 0]],
  ['other.fee_not_paid',                     [0, 1, 0, 0, 0, 0]],
  ['other.other',                            [0, 0, 0, 0, 0, 1]],
];

/** The expected section 三, by hand: [label, 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计]. */
const EXPECTED: Array<[string, ...Array<number | null>]> = [
  ['一、本年新收政府信息公开申请数量',                                  14, 5, 2, 2, 4, 3, 30],
  ['二、上年结转政府信息公开申请数量',                                  2, 1, 0, 1, 0, 0, 4],
  ['三、本年度办理结果',                                               null, null, null, null, null, null, null],
  ['（一）予以公开',                                                  3, 1, 0, 0, 1, 0, 5],
  ['（二）部分公开（区分处理的，只计这一情形，不计其他情形）',             1, 1, 0, 0, 0, 0, 2],
  ['（三）不予公开',                                                  5, 2, 1, 1, 1, 1, 11],
  ['1.属于国家秘密',                                                  1, 0, 0, 0, 0, 0, 1],
  ['2.其他法律行政法规禁止公开',                                       0, 1, 0, 0, 0, 0, 1],
  ['3.危及“三安全一稳定”',                                            0, 0, 1, 0, 0, 0, 1],
  ['4.保护第三方合法权益',                                            2, 1, 0, 0, 0, 0, 3],
  ['5.属于三类内部事务信息',                                           0, 0, 0, 1, 0, 0, 1],
  ['6.属于四类过程性信息',                                            1, 0, 0, 0, 0, 1, 2],
  ['7.属于行政执法案卷',                                              0, 0, 0, 0, 1, 0, 1],
  ['8.属于行政查询事项',                                              1, 0, 0, 0, 0, 0, 1],
  ['（四）无法提供',                                                  2, 1, 0, 0, 0, 1, 4],
  ['1.本机关不掌握相关政府信息',                                       2, 0, 0, 0, 0, 0, 2],
  ['2.没有现成信息需要另行制作',                                       0, 1, 0, 0, 0, 0, 1],
  ['3.补正后申请内容仍不明确',                                         0, 0, 0, 0, 0, 1, 1],
  ['（五）不予处理',                                                  2, 0, 1, 1, 1, 0, 5],
  ['1.信访举报投诉类申请',                                             1, 0, 0, 0, 0, 0, 1],
  ['2.重复申请',                                                      0, 0, 0, 0, 1, 0, 1],
  ['3.要求提供公开出版物',                                             0, 0, 1, 0, 0, 0, 1],
  ['4.无正当理由大量反复申请',                                         1, 0, 0, 0, 0, 0, 1],
  ['5.要求行政机关确认或重新出具已获取信息',                             0, 0, 0, 1, 0, 0, 1],
  ['（六）其他处理',                                                  2, 1, 0, 0, 0, 1, 4],
  ['1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请',        1, 0, 0, 0, 0, 0, 1],
  ['2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请', 0, 1, 0, 0, 0, 0, 1],
  ['3.其他',                                                         1, 0, 0, 0, 0, 1, 2],
  ['（七）总计',                                                      15, 6, 2, 2, 3, 3, 31],
  ['四、结转下年度继续办理',                                           1, 0, 0, 1, 1, 0, 3],
];

let feeTrackingNo = '';

beforeAll(async () => {
  moderator = await actorFor('moderator@example.com');
  citizen = await actorFor('citizen@example.com');

  // Replies of 2022 to 2022 applications, one application per count.
  let day = 0;
  for (const [code, counts] of ANSWERED_2022) {
    const [outcome, reasonCode] = code.split('.') as [ApplicationOutcome, ApplicationReasonCode | undefined];
    for (const [i, n] of counts.entries()) {
      for (let k = 0; k < n; k++) {
        const received = new Date(Date.UTC(2022, 1, 1 + (day++ % 200))).toISOString().slice(0, 10);
        await insert({ type: COLS[i]!, receivedOn: received, outcome, reasonCode, answeredAt: `${received}T16:00:00+08:00` });
      }
    }
  }
  // Carried in from 2021 and answered in 2022: 予以公开 (person), 保护第三方合法权益 (person), 没有现成信息需要另行制作 (company).
  await insert({ type: 'person', receivedOn: '2021-12-20', outcome: 'disclosed', answeredAt: '2022-01-10T10:00:00+08:00' });
  await insert({ type: 'person', receivedOn: '2021-12-27', outcome: 'withheld', reasonCode: 'third_party', answeredAt: '2022-01-05T10:00:00+08:00' });
  await insert({ type: 'company', receivedOn: '2021-12-28', outcome: 'unavailable', reasonCode: 'needs_creation', answeredAt: '2022-01-20T10:00:00+08:00' });
  // Carried in from 2021 and still open at the end of 2022 (社会公益组织: in a consultation).
  await insert({ type: 'nonprofit', receivedOn: '2021-11-15', status: 'consulting' });
  // Withdrawn by the applicant in 2022: 其他处理 / 其他 (person).
  await insert({ type: 'person', receivedOn: '2022-05-10', status: 'withdrawn', withdrawnAt: '2022-05-12T10:00:00+08:00' });
  // Received in 2022 and still open at its end: one person (open), one 法律服务机构 answered on 2023-01-01 00:30 Beijing.
  feeTrackingNo = await insert({ type: 'person', receivedOn: '2022-12-26' });
  await insert({ type: 'legal', receivedOn: '2022-12-29', outcome: 'disclosed', answeredAt: '2022-12-31T16:30:00Z' });
  // Outside 2022: all in 2021; received in 2023.
  await insert({ type: 'research', receivedOn: '2021-03-01', outcome: 'withheld', reasonCode: 'state_secret', answeredAt: '2021-03-10T10:00:00+08:00' });
  await insert({ type: 'other', receivedOn: '2023-01-03', outcome: 'disclosed', answeredAt: '2023-01-04T10:00:00+08:00' });

  // Section 四: 2022 cases of each kind and outcome (one in 2021 that must not count).
  const cases: Array<[string, string, number]> = [
    ['reconsideration', 'upheld', 2], ['reconsideration', 'corrected', 1], ['reconsideration', 'other', 1], ['reconsideration', 'pending', 1],
    ['litigation_direct', 'upheld', 1], ['litigation_direct', 'corrected', 0], ['litigation_direct', 'other', 1], ['litigation_direct', 'pending', 2],
    ['litigation_after', 'upheld', 0], ['litigation_after', 'corrected', 1], ['litigation_after', 'other', 0], ['litigation_after', 'pending', 1],
  ];
  for (const [kind, outcome, n] of cases) for (let k = 0; k < n; k++) await recordReview(moderator, { kind, outcome, filedOn: `2022-0${3 + k}-15` });
  await recordReview(moderator, { kind: 'reconsideration', outcome: 'upheld', filedOn: '2021-06-01' });
});

describe('section 三 exactly as the template', () => {
  it('generates every row and sub-row in the template order and words, cell by cell as written by hand', async () => {
    const { applications } = await annualReportTables(db(), 2022);
    const generated = applications.rows.map((r) => [r.label, ...(r.values ? [...COLS, 'total' as const].map((c) => r.values![c]) : Array(7).fill(null))]);
    expect(generated.map((r) => r[0])).toEqual(EXPECTED.map((r) => r[0]));
    for (const [i, row] of EXPECTED.entries()) expect(generated[i], row[0]).toEqual(row);
    expect(applications.check).toEqual({ ok: true, mismatches: [], rowMismatches: [] });
    // Stable codes for API clients.
    expect(applications.rows.find((r) => r.label === '4.保护第三方合法权益')!.code).toBe('withheld.third_party');
  });

  it('a reply without a reason code (made before codes existed) breaks the sub-row check and is named', async () => {
    await insert({ type: 'other', receivedOn: '2020-03-01', outcome: 'not_handled', answeredAt: '2020-03-05T10:00:00+08:00' });
    const { applications } = await annualReportTables(db(), 2020);
    expect(applications.check.ok).toBe(false);
    expect(applications.check.mismatches).toEqual([]);
    expect(applications.check.rowMismatches).toEqual([
      { row: 'not_handled', label: '（五）不予处理', column: 'other', value: 1, sumOfParts: 0 },
      { row: 'not_handled', label: '（五）不予处理', column: 'total', value: 1, sumOfParts: 0 },
    ]);
  });

  it('a moderator sets the reason code of such a reply (its outcome\'s codes only, once, audited); the report then counts it', async () => {
    const trackingNo = await insert({ type: 'company', receivedOn: '2019-03-01', outcome: 'withheld', answeredAt: '2019-03-05T10:00:00+08:00' });
    await insert({ type: 'person', receivedOn: '2019-04-01', outcome: 'disclosed', answeredAt: '2019-04-05T10:00:00+08:00' });
    expect((await listUncodedReplies(moderator, 2019)).map((r) => [r.trackingNo, r.outcome, r.codes.length])).toEqual([[trackingNo, 'withheld', 8]]);
    expect((await appErrorOf(listUncodedReplies(citizen, 2019))).status).toBe(403);
    expect((await appErrorOf(setReplyReasonCode(citizen, { trackingNo, reasonCode: 'third_party' }))).status).toBe(403);
    expect((await appErrorOf(setReplyReasonCode(moderator, { trackingNo, reasonCode: 'not_held' }))).fields).toEqual({ reasonCode: '该理由类别不属于这条答复的办理结果，请重新选择' });
    expect((await appErrorOf(setReplyReasonCode(moderator, { trackingNo, reasonCode: 'bogus' }))).fields).toEqual({ reasonCode: '请选择年度报告格式中的理由类别' });
    expect((await appErrorOf(setReplyReasonCode(moderator, { trackingNo: 'GK2019', reasonCode: 'third_party' }))).status).toBe(422);
    expect((await appErrorOf(setReplyReasonCode(moderator, { trackingNo: 'GK201901019999', reasonCode: 'third_party' }))).status).toBe(404);

    expect(await setReplyReasonCode(moderator, { trackingNo, reasonCode: 'third_party' })).toEqual({ trackingNo, outcome: 'withheld', reasonCode: 'third_party' });
    const { applications } = await annualReportTables(db(), 2019);
    expect(applications.check.ok).toBe(true);
    expect(applications.rows.find((r) => r.code === 'withheld.third_party')!.values).toMatchObject({ company: 1, total: 1 });
    expect(await listUncodedReplies(moderator, 2019)).toEqual([]);
    // Once only.
    expect((await appErrorOf(setReplyReasonCode(moderator, { trackingNo, reasonCode: 'state_secret' }))).status).toBe(409);
    const audit = await db().select().from(auditLog).where(and(eq(auditLog.action, 'application.reason_code'), eq(auditLog.entityId, trackingNo)));
    expect(audit.map((a) => a.details)).toEqual([{ outcome: 'withheld', reasonCode: 'third_party' }]);
  });
});

describe('section 四: 行政复议 and 行政诉讼', () => {
  it('counts the year\'s cases by kind and outcome, as written by hand', async () => {
    const { reviews } = await annualReportTables(db(), 2022);
    expect(reviews.columns.map((c) => c.label)).toEqual(['结果维持', '结果纠正', '其他结果', '尚未审结', '总计']);
    expect(reviews.groups.map((g) => [g.parent, g.label, g.values.upheld, g.values.corrected, g.values.other, g.values.pending, g.values.total])).toEqual([
      ['行政复议', '行政复议', 2, 1, 1, 1, 5],
      ['行政诉讼', '未经复议直接起诉', 1, 0, 1, 2, 4],
      ['行政诉讼', '复议后起诉', 0, 1, 0, 1, 2],
    ]);
  });

  it('links a case to an application by tracking number; validates with Chinese messages; moderators only; audited', async () => {
    const linked = await recordReview(moderator, { kind: 'litigation_after', outcome: 'pending', filedOn: '2022-11-01', applicationTrackingNo: feeTrackingNo.toLowerCase() });
    expect(linked.applicationTrackingNo).toBe(feeTrackingNo);
    const unknown = await appErrorOf(recordReview(moderator, { kind: 'reconsideration', outcome: 'upheld', filedOn: '2022-11-01', applicationTrackingNo: 'GK202201019999' }));
    expect(unknown).toMatchObject({ status: 422, fields: { applicationTrackingNo: '没有这个编号的政府信息公开申请' } });
    const bad = await appErrorOf(recordReview(moderator, { kind: 'appeal', outcome: 'won', filedOn: '2022-02-30' }));
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.fields!).sort()).toEqual(['filedOn', 'kind', 'outcome']);
    expect((await appErrorOf(recordReview(moderator, { kind: 'reconsideration', outcome: 'upheld', filedOn: '2099-01-01' }))).fields).toEqual({ filedOn: '日期不能晚于今天' });
    expect((await appErrorOf(recordReview(citizen, { kind: 'reconsideration', outcome: 'upheld', filedOn: '2022-11-01' }))).status).toBe(403);
    const audit = await db().select().from(auditLog).where(and(eq(auditLog.action, 'disclosure_review.record'), eq(auditLog.entityId, String(linked.id))));
    expect(audit[0]!.details).toMatchObject({ kind: 'litigation_after', outcome: 'pending', application: feeTrackingNo });
  });
});

describe('section 二 (2021 format) and section 六 fees', () => {
  it('derives 规章 and 行政规范性文件 from their catalogue categories and takes the rest as entered, each cell with its source', async () => {
    const item = async (code: string, publishedAt: string, withdrawnAt?: string) => db().insert(catalogueItems).values({
      publicId: randomUUID(), indexNo: `T-${randomUUID()}`, categoryId: (await categoryIdByCode(db(), code))!, title: '测试', summary: '测试', publisher: '测试局',
      attribute: 'proactive', status: withdrawnAt ? 'withdrawn' : 'published', generatedOn: publishedAt.slice(0, 10),
      publishedAt: new Date(publishedAt), withdrawnAt: withdrawnAt ? new Date(withdrawnAt) : null,
    });
    await item('03', '2022-03-01T10:00:00+08:00'); // 规章 made in 2022, in force
    await item('03', '2020-03-01T10:00:00+08:00', '2022-06-01T10:00:00+08:00'); // repealed in 2022
    await item('03', '2019-03-01T10:00:00+08:00'); // in force since 2019
    await item('04', '2022-04-01T10:00:00+08:00', '2023-02-01T10:00:00+08:00'); // 规范性文件 made in 2022, repealed in 2023
    await item('04', '2022-12-31T16:30:00Z'); // published 2023-01-01 Beijing: not 2022

    expect((await appErrorOf(saveProactiveFigures(moderator, { year: 2022, figures: { 'penalty.decisions': '1.5', 'fees.amount': '-3' } }))).fields).toEqual({
      'figures.fees.amount': '应为不小于 0 的数字（最多 4 位小数）', 'figures.penalty.decisions': '件数应为整数',
    });
    await saveProactiveFigures(moderator, { year: 2022, figures: { 'licensing.decisions': '120', 'penalty.decisions': '8', 'fees.amount': '12.35' } });
    const { proactive2021 } = await annualReportTables(db(), 2022);
    expect(proactive2021.map((c) => [c.row, c.column, c.value, c.source])).toEqual([
      ['规章', '本年制发件数', '1', 'catalogue'],
      ['规章', '本年废止件数', '1', 'catalogue'],
      ['规章', '现行有效件数', '2', 'catalogue'],
      ['行政规范性文件', '本年制发件数', '1', 'catalogue'],
      ['行政规范性文件', '本年废止件数', '0', 'catalogue'],
      ['行政规范性文件', '现行有效件数', '1', 'catalogue'],
      ['行政许可', '本年处理决定数量', '120', 'entered'],
      ['行政处罚', '本年处理决定数量', '8', 'entered'],
      ['行政强制', '本年处理决定数量', null, 'missing'],
      ['行政事业性收费', '本年收费金额（单位：万元）', '12.35', 'entered'],
    ]);
    // An empty value removes an entry.
    await saveProactiveFigures(moderator, { year: 2022, figures: { 'penalty.decisions': '' } });
    expect((await annualReportTables(db(), 2022)).proactive2021.find((c) => c.cell === 'penalty.decisions')).toMatchObject({ value: null, source: 'missing' });
  });

  it('a fee notice and its payment are recorded on the application; section 六 reports the amounts', async () => {
    const bad = await appErrorOf(actOnApplication(moderator, feeTrackingNo, { action: 'record_fee', amountYuan: '0', notifiedOn: '2022-12-27' }, { now: new Date('2022-12-28T10:00:00+08:00') }));
    expect(bad.fields).toEqual({ amountYuan: '收费金额应为大于 0 的数字（元，最多 2 位小数）' });
    const early = await appErrorOf(actOnApplication(moderator, feeTrackingNo, { action: 'record_fee', amountYuan: '50', notifiedOn: '2022-12-01' }, { now: new Date('2022-12-28T10:00:00+08:00') }));
    expect(early.fields).toHaveProperty('notifiedOn');
    await actOnApplication(moderator, feeTrackingNo, { action: 'record_fee', amountYuan: '150.5', notifiedOn: '2022-12-27' }, { now: new Date('2022-12-28T10:00:00+08:00') });
    expect((await annualReportTables(db(), 2022)).fees).toEqual({ noticed: 1, noticedYuan: '150.50', paid: 0, paidYuan: '0.00' });
    await actOnApplication(moderator, feeTrackingNo, { action: 'record_fee', amountYuan: '150.5', notifiedOn: '2022-12-27', paidOn: '2023-01-04' }, { now: new Date('2023-01-05T10:00:00+08:00') });
    expect((await annualReportTables(db(), 2022)).fees).toEqual({ noticed: 1, noticedYuan: '150.50', paid: 0, paidYuan: '0.00' });
    expect((await annualReportTables(db(), 2023)).fees).toEqual({ noticed: 0, noticedYuan: '0.00', paid: 1, paidYuan: '150.50' });
    const [row] = await db().select().from(disclosureApplications).where(eq(disclosureApplications.trackingNo, feeTrackingNo));
    expect(row).toMatchObject({ feeAmountFen: 15050, feeNotifiedOn: '2022-12-27', feePaidOn: '2023-01-04' });
  });
});

describe('the API', () => {
  it('POST /api/v1/disclosure/reviews: 401 without a session, 422 for bad input, 201 for a moderator; the report carries the template tables', async () => {
    const post = (body: unknown) => reviewsRoute.POST(new Request('http://localhost/api/v1/disclosure/reviews', {
      method: 'POST', headers: { 'content-type': 'application/json', origin: 'http://localhost' }, body: JSON.stringify(body),
    }), {} as never);
    expect((await post({ kind: 'reconsideration', outcome: 'upheld', filedOn: '2022-10-10' })).status).toBe(401);
    requestHeaders.cookie = `next-auth.session-token=${await encode({ token: { sub: moderator.user.publicId, sv: 0 }, secret: process.env.NEXTAUTH_SECRET! })}`;
    const bad = await post({ kind: 'reconsideration', outcome: 'upheld' });
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.fields).toEqual({ filedOn: '请填写立案（收到）日期' });
    const created = await post({ kind: 'litigation_direct', outcome: 'corrected', filedOn: '2022-10-10', applicationTrackingNo: feeTrackingNo });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ kind: 'litigation_direct', outcome: 'corrected', applicationTrackingNo: feeTrackingNo });

    const report = await (await reportRoute.GET(new Request('http://localhost/api/v1/disclosure/annual-report?year=2022'), {} as never)).json();
    expect(report.tables.applications.rows[9]).toEqual({ code: 'withheld.third_party', label: '4.保护第三方合法权益', depth: 2, values: { person: 2, company: 1, research: 0, nonprofit: 0, legal: 0, other: 0, total: 3 } });
    expect(report.tables.reviews.groups[1].values).toEqual({ upheld: 1, corrected: 1, other: 1, pending: 2, total: 5 });
    expect(report.tables.proactive2021).toHaveLength(10);
  });
});

describe('the 31 January deadline', () => {
  it('counts the days to 31 January in Beijing time, stays on an unpublished report once overdue, moves on once published', async () => {
    // 2025-01-30 17:00 UTC is 2025-01-31 01:00 in Beijing: the day of the deadline for 2024.
    expect(await annualReportReminder(db(), new Date('2025-01-30T17:00:00Z'))).toEqual({ year: 2024, deadline: '2025-01-31', daysLeft: 0 });
    expect(await annualReportReminder(db(), new Date('2025-01-01T02:00:00Z'))).toEqual({ year: 2024, deadline: '2025-01-31', daysLeft: 30 });
    expect(await annualReportReminder(db(), new Date('2025-02-10T02:00:00Z'))).toEqual({ year: 2024, deadline: '2025-01-31', daysLeft: -10 });
    await db().insert(annualReports).values({ year: 2024, status: 'published', publishedAt: new Date('2025-02-11T02:00:00Z') });
    expect(await annualReportReminder(db(), new Date('2025-02-12T02:00:00Z'))).toEqual({ year: 2025, deadline: '2026-01-31', daysLeft: 353 });
  });
});

const canReadPdf = await requires('annual report PDF text', commandFound('pdftotext', 'apt-get install -y poppler-utils'));

describe('the PDF of the report', () => {
  it.runIf(canReadPdf)('holds sections 一 to 六 and every row of the generated tables as real (extractable) Chinese text', async () => {
    const report = await getAnnualReport(moderator, { year: 2022 });
    const started = performance.now();
    const pdf = await buildAnnualReportPdf(report, new Date('2023-01-20T02:00:00Z'));
    const ms = performance.now() - started;
    expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe('%PDF-');
    const text = pdfText(pdf);
    expect(text).toContain('示范市文化和旅游局2022年政府信息公开工作年度报告');
    for (const heading of ['一、总体情况', '二、主动公开政府信息情况', '三、收到和处理政府信息公开申请情况', '四、政府信息公开行政复议、行政诉讼情况', '五、存在的主要问题及改进情况', '六、其他需要报告的事项']) {
      expect(text).toContain(heading);
    }
    // Section 三: each row's label followed by its seven numbers, as generated (pdftotext -layout keeps a row on one line).
    const lines = text.split('\n').map((l) => l.replace(/\s+/g, ' ').trim());
    for (const row of report.tables.applications.rows.filter((r) => r.values && r.depth === 2 && r.label.length < 20)) {
      const numbers = [...COLS, 'total' as const].map((c) => row.values![c]).join(' ');
      expect(lines.some((l) => l.startsWith(row.label) && l.endsWith(numbers)), `${row.label} ${numbers}`).toBe(true);
    }
    expect(lines).toContain('（三）不予公开 5 2 1 1 1 1 11');
    expect(lines).toContain('（七）总计 15 6 2 2 3 3 31');
    expect(lines).toContain('四、结转下年度继续办理 1 0 0 1 1 0 3');
    // Section 四's counts and section 六's fees sentence.
    const reviewCounts = report.tables.reviews.groups.flatMap((g) => report.tables.reviews.columns.map((c) => g.values[c.key])).join(' ');
    expect(lines).toContain(reviewCounts);
    expect(text.replace(/\s+/g, '')).toContain('本年度发出信息处理费收费通知');
    console.info(`annual report PDF: ${pdf.byteLength} bytes in ${Math.round(ms)} ms`);
  });
});

/** The PDF's text as poppler's pdftotext extracts it (README prerequisites: poppler-utils). */
function pdfText(pdf: Uint8Array): string {
  return execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', '-', '-'], { input: pdf, encoding: 'utf8' });
}
