import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { auditLog } from '@/lib/audit/schema';
import { notifications } from '@/lib/notifications/schema';
import { findActiveUser } from '@/lib/accounts/users';
import type { Actor, ActorUser } from '@/lib/auth/permissions';
import { setCalendarDay } from '@/lib/calendar/admin';
import { actOnApplication, getApplication, listApplications, submitApplication } from '@/lib/disclosure/applications';
import { readActionRequest } from '@/lib/disclosure/application-http';
import { creditCodeWithCheck } from '@/lib/disclosure/application-validation';
import { contentDisposition, readDownloadableFile, storeUploadedFile } from '@/lib/disclosure/files';
import { catalogueCategories, catalogueItems, disclosureApplications, disclosureFiles } from '@/lib/disclosure/schema';
import { seedReferenceData } from '@/lib/seed/reference';
import { seedDemoApplications } from '@/lib/seed/demo-applications';
import { appErrorOf } from './support/errors';
import { actorFor, insertUser, uniqueEmail, visitor } from './support/users';

/**
 * 依申请公开 on a real database: lib/disclosure/applications.ts driven with explicit `now` values in 2026 (the State
 * Council's calendar: 中秋 09-25..27, 国庆 10-01..07, make-up workdays 09-20 and 10-10). Each test submits on a
 * Beijing day of its own, so tracking numbers are predictable.
 */

type SignedIn = Actor & { user: ActorUser };
const bj = (local: string) => new Date(`${local}:00+08:00`);

let citizen: SignedIn;
let otherCitizen: SignedIn;
let handler: SignedIn;
let moderator: SignedIn;
let admin: SignedIn;

const PDF = new TextEncoder().encode('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const pdf = (fileName = '答复告知书.pdf') => ({ fileName, mimeType: 'application/pdf', bytes: PDF });

const person = (changes: Record<string, unknown> = {}) => ({
  applicantType: 'person',
  applicantName: '陈市民',
  contactPhone: '13912345678',
  description: '请公开 2025 年度本市公共文化服务专项资金的分配结果及使用情况。',
  purpose: '了解本社区文化设施的建设资金来源',
  form: 'electronic',
  ...changes,
});

async function submit(now: Date, changes: Record<string, unknown> = {}) {
  return submitApplication(citizen, person(changes), { now });
}

async function auditActions(trackingNo: string): Promise<string[]> {
  const rows = await db().select({ action: auditLog.action }).from(auditLog)
    .where(and(eq(auditLog.entityType, 'disclosure_application'), eq(auditLog.entityId, trackingNo))).orderBy(asc(auditLog.id));
  return rows.map((r) => r.action);
}

beforeAll(async () => {
  await seedReferenceData(db(), new Date('2026-06-01T00:00:00Z'));
  citizen = await actorFor('citizen@example.com', '192.0.2.31');
  handler = await actorFor('handler@example.com', '192.0.2.32');
  moderator = await actorFor('moderator@example.com', '192.0.2.33');
  admin = await actorFor('admin@example.com', '192.0.2.34');
  const otherId = await insertUser({ name: '李路人', email: uniqueEmail('other') });
  otherCitizen = { user: (await findActiveUser(db(), otherId))!, ip: '192.0.2.35' };
});

describe('submitting', () => {
  it('gives a GK tracking number from the shared counter, a 20-working-day clock, a timeline event, audit row and notifications', async () => {
    const first = await submit(bj('2026-09-18T09:00'));
    const second = await submit(bj('2026-09-18T15:00'));
    expect(first).toEqual({ trackingNo: 'GK202609180001', status: 'submitted', receivedOn: '2026-09-18', dueOn: '2026-10-22' });
    expect(second.trackingNo).toBe('GK202609180002');

    const view = await getApplication(citizen, first.trackingNo, bj('2026-09-18T10:00'));
    expect(view).toMatchObject({ viewer: 'applicant', status: 'submitted', remainingDays: 20, applicant: '陈市民', actions: ['withdraw'] });
    expect(view.events.map((e) => e.type)).toEqual(['submitted']);
    expect(await auditActions(first.trackingNo)).toEqual(['application.submit']);
    const notes = await db().select().from(notifications).where(eq(notifications.link, `/disclosure/applications/${first.trackingNo}`));
    expect(notes.map((n) => n.userId)).toEqual([citizen.user.id]);
    const staffNotes = await db().select().from(notifications).where(eq(notifications.link, `/workspace/moderator/applications/${first.trackingNo}`));
    expect(staffNotes.map((n) => n.userId)).toContain(moderator.user.id);
  });

  it('honours the idempotency key: a retry returns the first application', async () => {
    const key = `apply-${randomUUID()}`;
    const a = await submitApplication(citizen, person(), { now: bj('2026-09-21T09:00'), idempotencyKey: key });
    const b = await submitApplication(citizen, person(), { now: bj('2026-09-21T09:01'), idempotencyKey: key });
    expect(b).toEqual(a);
    const rows = await db().select().from(disclosureApplications).where(eq(disclosureApplications.idempotencyKey, key));
    expect(rows).toHaveLength(1);
  });

  it('organisations give their type, name and a valid credit code; bad input is a 422 with Chinese field messages', async () => {
    const code = creditCodeWithCheck('91350200MA3123456');
    const org = await submit(bj('2026-09-22T09:00'), { applicantType: 'company', organisationName: '示范文化传媒有限公司', creditCode: code.toLowerCase() });
    const [row] = await db().select().from(disclosureApplications).where(eq(disclosureApplications.trackingNo, org.trackingNo));
    expect(row).toMatchObject({ applicantType: 'company', organisationName: '示范文化传媒有限公司', creditCode: code });

    const missing = await appErrorOf(submit(bj('2026-09-22T09:00'), { applicantType: 'research' }));
    expect(missing).toMatchObject({ status: 422, fields: { organisationName: '法人或其他组织请填写单位名称', creditCode: '法人或其他组织请填写统一社会信用代码' } });
    const badCode = await appErrorOf(submit(bj('2026-09-22T09:00'), { applicantType: 'company', organisationName: '某公司', creditCode: `${code.slice(0, 17)}${code[17] === '1' ? '2' : '1'}` }));
    expect(badCode.fields).toEqual({ creditCode: '统一社会信用代码应为 18 位，且校验位正确' });
    const paper = await appErrorOf(submit(bj('2026-09-22T09:00'), { form: 'paper' }));
    expect(paper.fields).toEqual({ contactAddress: '选择纸质文本时请填写通信地址' });
    const empty = await appErrorOf(submitApplication(citizen, {}, { now: bj('2026-09-22T09:00') }));
    expect(Object.keys(empty.fields ?? {}).sort()).toEqual(['applicantName', 'applicantType', 'description', 'form']);
    expect(empty.fields!.form).toBe('请选择获取信息的方式（电子版或纸质）');
    const phone = await appErrorOf(submit(bj('2026-09-22T09:00'), { contactPhone: '12345' }));
    expect(phone.fields).toEqual({ contactPhone: '请填写手机号或带区号的固定电话' });
  });

  it('only signed-in citizens apply', async () => {
    expect((await appErrorOf(submitApplication(visitor(), person()))).status).toBe(401);
    expect((await appErrorOf(submitApplication(moderator, person()))).status).toBe(403);
    expect((await appErrorOf(submitApplication(handler, person()))).status).toBe(403);
  });
});

describe('the lifecycle', () => {
  it('register → 补正 → corrected (full restart) → extension → consultation pause → reply 部分公开 with a PDF', async () => {
    const { trackingNo } = await submit(bj('2026-09-17T10:00')); // Thursday; due 2026-10-21
    const at = (local: string) => ({ now: bj(local) });

    let r = await actOnApplication(moderator, trackingNo, { action: 'register', version: 1 }, at('2026-09-18T09:00'));
    expect(r).toEqual({ trackingNo, status: 'registered', version: 2 });

    r = await actOnApplication(moderator, trackingNo, { action: 'request_correction', note: '请写明所需资金信息的年度和项目名称。', version: 2 }, at('2026-09-22T09:00'));
    let row = (await db().select().from(disclosureApplications).where(eq(disclosureApplications.trackingNo, trackingNo)))[0]!;
    expect(row).toMatchObject({ status: 'needs_correction', clockStart: null, dueOn: null, correctionRequested: true, correctionDueOn: '2026-10-09' });
    let view = await getApplication(citizen, trackingNo, bj('2026-09-22T10:00'));
    expect(view.actions).toEqual(['provide_correction', 'withdraw']);

    await actOnApplication(citizen, trackingNo, { action: 'provide_correction', message: '所需信息为 2025 年度“文化惠民工程”项目资金的分配结果。' }, at('2026-10-09T16:00'));
    row = (await db().select().from(disclosureApplications).where(eq(disclosureApplications.trackingNo, trackingNo)))[0]!;
    expect(row).toMatchObject({ status: 'registered', clockStart: '2026-10-09', remainingDays: 20, dueOn: '2026-11-05' });

    // 补正 only once.
    const again = await appErrorOf(actOnApplication(moderator, trackingNo, { action: 'request_correction', note: '再补充一次材料说明。' }, at('2026-10-12T09:00')));
    expect(again).toMatchObject({ status: 409, message: '补正只能要求一次' });

    await actOnApplication(moderator, trackingNo, { action: 'extend', workingDays: 10, reason: '需要调取多个年度档案，经机构负责人同意延期。' }, at('2026-10-20T09:00'));
    row = (await db().select().from(disclosureApplications).where(eq(disclosureApplications.trackingNo, trackingNo)))[0]!;
    expect(row).toMatchObject({ extensionDays: 10, remainingDays: 30, dueOn: '2026-11-19' });
    expect((await appErrorOf(actOnApplication(moderator, trackingNo, { action: 'extend', workingDays: 1, reason: '再延一天' }, at('2026-10-21T09:00'))))).toMatchObject({ status: 409, message: '每件申请只能延期一次' });

    // Paused Monday 10-26 (days used since 10-09: 10-10, 12–16, 19–23, 26 = 12 → 18 left), resumed Monday 11-09.
    await actOnApplication(moderator, trackingNo, { action: 'consult', note: '涉及受资助企业的商业信息，书面征求该企业意见。' }, at('2026-10-26T09:00'));
    row = (await db().select().from(disclosureApplications).where(eq(disclosureApplications.trackingNo, trackingNo)))[0]!;
    expect(row).toMatchObject({ status: 'consulting', clockStart: null, dueOn: null, remainingDays: 18 });
    // The applicant sees that a consultation happens, not whom it asks.
    view = await getApplication(citizen, trackingNo, bj('2026-10-27T09:00'));
    expect(view.consultationNote).toBeNull();
    expect(view.events.find((e) => e.type === 'consultation_started')!.data).toEqual({});
    expect((await getApplication(moderator, trackingNo, bj('2026-10-27T09:00'))).consultationNote).toContain('商业信息');

    await actOnApplication(moderator, trackingNo, { action: 'consulted', note: '企业不同意公开其银行账户信息。' }, at('2026-11-09T09:00'));
    row = (await db().select().from(disclosureApplications).where(eq(disclosureApplications.trackingNo, trackingNo)))[0]!;
    expect(row).toMatchObject({ status: 'registered', clockStart: '2026-11-09', remainingDays: 18, dueOn: '2026-12-03' });

    const reply = {
      action: 'reply', outcome: 'partly_disclosed', reason: '企业银行账户信息属于商业秘密，依据《政府信息公开条例》第十五条不予公开。',
      body: '经查，现将 2025 年度“文化惠民工程”项目资金分配结果提供给您，详见答复告知书。', version: row.version,
    };
    r = await actOnApplication(moderator, trackingNo, reply, { now: bj('2026-11-20T09:00'), document: pdf() });
    expect(r.status).toBe('answered');

    view = await getApplication(citizen, trackingNo, bj('2026-11-20T10:00'));
    expect(view).toMatchObject({ status: 'answered', outcome: 'partly_disclosed', outcomeReason: reply.reason, replyBody: reply.body, dueOn: '2026-12-03', actions: [] });
    expect(view.replyDocument).toMatchObject({ fileName: '答复告知书.pdf', sizeBytes: PDF.byteLength });
    expect(view.events.map((e) => e.type)).toEqual([
      'submitted', 'registered', 'correction_requested', 'correction_provided', 'extended', 'consultation_started', 'consultation_finished', 'answered',
    ]);
    expect(view.events.at(-1)!.data).toMatchObject({ outcome: 'partly_disclosed', onTime: true });
    expect(await auditActions(trackingNo)).toEqual([
      'application.submit', 'application.register', 'application.request_correction', 'application.provide_correction',
      'application.extend', 'application.consult', 'application.consulted', 'application.reply',
    ]);
    const [audit] = await db().select().from(auditLog).where(and(eq(auditLog.entityId, trackingNo), eq(auditLog.action, 'application.reply')));
    expect(audit!.details).toMatchObject({ from: 'registered', to: 'answered', outcome: 'partly_disclosed', file: { sha256: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    const answered = await db().select().from(notifications).where(and(eq(notifications.userId, citizen.user.id), eq(notifications.kind, 'application.answered')));
    expect(answered.map((n) => n.title)).toContain(`您的政府信息公开申请 ${trackingNo} 已答复：部分公开`);

    // The reply document: the applicant and the disclosure staff, nobody else.
    const id = view.replyDocument!.id;
    for (const reader of [citizen, moderator, admin]) {
      const file = await readDownloadableFile(reader, id);
      expect(file).toMatchObject({ fileName: '答复告知书.pdf', mimeType: 'application/pdf', public: false });
      expect(Buffer.from(file.data).equals(Buffer.from(PDF))).toBe(true);
    }
    for (const outsider of [otherCitizen, handler, visitor()]) {
      expect((await appErrorOf(readDownloadableFile(outsider, id))).status).toBe(404);
    }
    // Answered: no more actions, not even a withdrawal.
    expect(await appErrorOf(actOnApplication(citizen, trackingNo, { action: 'withdraw' }, at('2026-11-21T09:00')))).toMatchObject({ status: 409 });
  });

  it('a reply that withholds needs a reason; a stale version is a 409; nothing changes on a refusal', async () => {
    const { trackingNo } = await submit(bj('2026-09-23T10:00'));
    await actOnApplication(moderator, trackingNo, { action: 'register' }, { now: bj('2026-09-23T11:00') });
    const noReason = await appErrorOf(actOnApplication(moderator, trackingNo, { action: 'reply', outcome: 'withheld', body: '经审查，您申请的信息不予公开。' }, { now: bj('2026-09-24T09:00') }));
    expect(noReason).toMatchObject({ status: 422, fields: { reason: '请填写理由及依据', reasonCode: '不予公开须选择年度报告格式中的理由类别' } });
    // The reason code must be one of the outcome's template sub-rows; 予以公开 takes none.
    const wrongCode = await appErrorOf(actOnApplication(moderator, trackingNo, { action: 'reply', outcome: 'withheld', reasonCode: 'not_held', reason: '条例第十五条', body: '经审查，您申请的信息不予公开。' }, { now: bj('2026-09-24T09:00') }));
    expect(wrongCode).toMatchObject({ status: 422, fields: { reasonCode: '该理由类别不属于“不予公开”，请重新选择' } });
    const unknownCode = await appErrorOf(actOnApplication(moderator, trackingNo, { action: 'reply', outcome: 'withheld', reasonCode: 'secret', reason: '条例第十四条', body: '经审查，您申请的信息不予公开。' }, { now: bj('2026-09-24T09:00') }));
    expect(unknownCode).toMatchObject({ status: 422, fields: { reasonCode: '未知的理由类别' } });
    const codeOnDisclosed = await appErrorOf(actOnApplication(moderator, trackingNo, { action: 'reply', outcome: 'disclosed', reasonCode: 'third_party', body: '现将您申请的信息提供给您。' }, { now: bj('2026-09-24T09:00') }));
    expect(codeOnDisclosed).toMatchObject({ status: 422, fields: { reasonCode: '予以公开和部分公开不选择理由类别' } });
    const stale = await appErrorOf(actOnApplication(moderator, trackingNo, { action: 'reply', outcome: 'unavailable', reasonCode: 'not_held', body: '经检索，本机关未制作或获取该信息。', version: 1 }, { now: bj('2026-09-24T09:00') }));
    expect(stale).toMatchObject({ status: 409, message: '已被他人处理，请刷新后重试' });
    const unknown = await appErrorOf(actOnApplication(moderator, trackingNo, { action: 'approve' }));
    expect(unknown).toMatchObject({ status: 422 });
    const [row] = await db().select().from(disclosureApplications).where(eq(disclosureApplications.trackingNo, trackingNo));
    expect(row).toMatchObject({ status: 'registered', version: 2 });
    expect(await auditActions(trackingNo)).toEqual(['application.submit', 'application.register']);
  });

  it('a file that is not a PDF is refused with 422 and the application stays as it was', async () => {
    const { trackingNo } = await submit(bj('2026-09-24T10:00'));
    await actOnApplication(moderator, trackingNo, { action: 'register' }, { now: bj('2026-09-24T11:00') });
    const reply = { action: 'reply', outcome: 'disclosed', body: '现将您申请的信息提供给您，详见附件。' };
    const fake = await appErrorOf(actOnApplication(moderator, trackingNo, reply, { now: bj('2026-09-28T09:00'), document: { fileName: 'x.pdf', mimeType: 'application/pdf', bytes: new TextEncoder().encode('<html>not a pdf</html>') } }));
    expect(fake).toMatchObject({ status: 422, fields: { document: '文件内容不是 PDF' } });
    const word = await appErrorOf(actOnApplication(moderator, trackingNo, reply, { now: bj('2026-09-28T09:00'), document: { ...pdf('答复.docx'), mimeType: 'application/msword' } }));
    expect(word.fields).toEqual({ document: '只能上传 PDF 文件' });
    const huge = new Uint8Array(10 * 1024 * 1024 + 1);
    huge.set(PDF.subarray(0, 5));
    expect((await appErrorOf(actOnApplication(moderator, trackingNo, reply, { now: bj('2026-09-28T09:00'), document: { ...pdf(), bytes: huge } }))).fields).toEqual({ document: '文件不能超过 10 MB' });
    expect((await appErrorOf(actOnApplication(moderator, trackingNo, { action: 'register' }, { document: pdf() }))).fields).toEqual({ document: '只有答复可以附带文件' });
    const [row] = await db().select().from(disclosureApplications).where(eq(disclosureApplications.trackingNo, trackingNo));
    expect(row).toMatchObject({ status: 'registered', replyFileId: null });
    // A rejected upload leaves no file behind (the transaction rolled back).
    const files = await db().select({ id: disclosureFiles.id }).from(disclosureFiles).where(eq(disclosureFiles.fileName, 'x.pdf'));
    expect(files).toHaveLength(0);
  });

  it('补正 only within 7 working days of receipt; a missed 补正 deadline ends in 其他处理 (逾期不补正)', async () => {
    const late = await submit(bj('2026-09-08T10:00')); // window ends 2026-09-17
    const refused = await appErrorOf(actOnApplication(moderator, late.trackingNo, { action: 'request_correction', note: '请补充申请内容描述。' }, { now: bj('2026-09-18T09:00') }));
    expect(refused).toMatchObject({ status: 409 });
    expect(refused.message).toContain('7 个工作日');

    const { trackingNo } = await submit(bj('2026-09-09T10:00'));
    await actOnApplication(moderator, trackingNo, { action: 'request_correction', note: '请补充所需信息的时间范围。' }, { now: bj('2026-09-10T09:00') });
    const [row] = await db().select().from(disclosureApplications).where(eq(disclosureApplications.trackingNo, trackingNo));
    expect(row!.correctionDueOn).toBe('2026-09-20'); // the 7th working day is Sunday 09-20, a make-up workday
    // Before the deadline the office waits; after it the applicant can no longer correct.
    expect(await appErrorOf(actOnApplication(moderator, trackingNo, { action: 'reply', outcome: 'other', reasonCode: 'no_correction', reason: '逾期未补正', body: '您逾期未补正，视为放弃申请。' }, { now: bj('2026-09-18T09:00') }))).toMatchObject({ status: 409 });
    expect(await appErrorOf(actOnApplication(citizen, trackingNo, { action: 'provide_correction', message: '时间范围为 2025 年全年。' }, { now: bj('2026-09-21T09:00') }))).toMatchObject({ status: 409 });
    const queue = await listApplications(moderator, { scope: 'queue' }, bj('2026-09-21T09:00'));
    expect(queue.items.find((i) => i.trackingNo === trackingNo)!.badges).toEqual(['correction_expired']);
    const wrongOutcome = await appErrorOf(actOnApplication(moderator, trackingNo, { action: 'reply', outcome: 'disclosed', body: '现将信息提供给您，详见附件。' }, { now: bj('2026-09-21T09:00') }));
    expect(wrongOutcome.fields).toHaveProperty('outcome');
    const wrongCode = await appErrorOf(actOnApplication(moderator, trackingNo, { action: 'reply', outcome: 'other', reasonCode: 'other', reason: '逾期未补正', body: '您逾期未补正，视为放弃申请。' }, { now: bj('2026-09-21T09:00') }));
    expect(wrongCode.fields).toHaveProperty('reasonCode');
    const closed = await actOnApplication(moderator, trackingNo, { action: 'reply', outcome: 'other', reasonCode: 'no_correction', reason: '申请人逾期未补正，视为放弃申请（条例第三十条）。', body: '您逾期未补正，视为放弃申请。' }, { now: bj('2026-09-21T09:00') });
    expect(closed.status).toBe('answered');
    const [answered] = await db().select().from(disclosureApplications).where(eq(disclosureApplications.trackingNo, trackingNo));
    expect(answered).toMatchObject({ outcome: 'other', reasonCode: 'no_correction' });
  });

  it('the applicant may withdraw before the reply; staff hear of it', async () => {
    const { trackingNo } = await submit(bj('2026-09-29T10:00'));
    const r = await actOnApplication(citizen, trackingNo, { action: 'withdraw', reason: '已通过其他途径获得' }, { now: bj('2026-09-29T11:00') });
    expect(r.status).toBe('withdrawn');
    const [row] = await db().select().from(disclosureApplications).where(eq(disclosureApplications.trackingNo, trackingNo));
    expect(row).toMatchObject({ dueOn: null, clockStart: null });
    const notes = await db().select().from(notifications).where(and(eq(notifications.userId, moderator.user.id), eq(notifications.kind, 'application.withdrawn')));
    expect(notes.map((n) => n.title)).toContain(`政府信息公开申请 ${trackingNo} 已由申请人撤回`);
  });
});

describe('who may see and act', () => {
  it('other citizens, handlers and leaders get 404; visitors 401; the applicant may not act as staff', async () => {
    const { trackingNo } = await submit(bj('2026-09-30T10:00'));
    for (const outsider of [otherCitizen, handler]) {
      expect((await appErrorOf(getApplication(outsider, trackingNo))).status).toBe(404);
      expect((await appErrorOf(actOnApplication(outsider, trackingNo, { action: 'withdraw' }))).status).toBe(404);
      expect((await appErrorOf(actOnApplication(outsider, trackingNo, { action: 'register' }))).status).toBe(404);
    }
    expect((await appErrorOf(getApplication(visitor(), trackingNo))).status).toBe(401);
    expect((await appErrorOf(actOnApplication(visitor(), trackingNo, { action: 'register' }))).status).toBe(401);
    expect(await appErrorOf(actOnApplication(citizen, trackingNo, { action: 'register' }))).toMatchObject({ status: 403 });
    expect((await appErrorOf(getApplication(citizen, 'GK999'))).status).toBe(422);
    expect((await appErrorOf(getApplication(citizen, 'GK202601010999'))).status).toBe(404);
    // An admin handles applications too.
    expect((await getApplication(admin, trackingNo)).viewer).toBe('staff');
    expect((await appErrorOf(listApplications(handler, { scope: 'queue' }))).status).toBe(403);
    expect((await appErrorOf(listApplications(moderator, { scope: 'mine' }))).status).toBe(403);
  });
});

describe('lists', () => {
  it('the queue puts overdue applications first, then by due date, with counts over the whole queue', async () => {
    const now = bj('2026-11-02T09:00');
    const queue = await listApplications(moderator, { scope: 'queue' }, now);
    const dues = queue.items.filter((i) => i.dueOn).map((i) => i.dueOn!);
    expect(dues).toEqual([...dues].sort());
    const firstWithoutDue = queue.items.findIndex((i) => !i.dueOn);
    if (firstWithoutDue >= 0) expect(queue.items.slice(firstWithoutDue).every((i) => !i.dueOn)).toBe(true);
    expect(queue.items[0]!.badges).toContain('overdue');
    expect(queue.counts.overdue).toBe(queue.items.filter((i) => i.badges.includes('overdue')).length);
    expect(queue.counts.open).toBe(queue.total);
    expect(queue.items.every((i) => ['submitted', 'registered', 'needs_correction', 'consulting'].includes(i.status))).toBe(true);

    const mine = await listApplications(citizen, { scope: 'mine' }, now);
    expect(mine.total).toBeGreaterThanOrEqual(8);
    expect(mine.items[0]!.receivedOn >= mine.items.at(-1)!.receivedOn).toBe(true);
    expect((await listApplications(otherCitizen, { scope: 'mine' })).total).toBe(0);
    expect((await appErrorOf(listApplications(citizen, { page: 0 }))).fields).toHaveProperty('page');
  });

  it('the queue newest first (sort=newest): the latest submitted on top, the same applications and counts', async () => {
    const now = bj('2026-11-02T09:00');
    const { trackingNo } = await submit(bj('2027-03-01T08:30')); // later than any other test's
    const due = await listApplications(moderator, { scope: 'queue' }, now);
    const newest = await listApplications(moderator, { scope: 'queue', sort: 'newest' }, now);
    expect(newest.items[0]!.trackingNo).toBe(trackingNo);
    const submitted = await db().select({ trackingNo: disclosureApplications.trackingNo, submittedAt: disclosureApplications.submittedAt })
      .from(disclosureApplications).where(inArray(disclosureApplications.trackingNo, newest.items.map((i) => i.trackingNo)));
    const at = new Map(submitted.map((r) => [r.trackingNo, r.submittedAt.getTime()]));
    const times = newest.items.map((i) => at.get(i.trackingNo)!);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect({ total: newest.total, counts: newest.counts }).toEqual({ total: due.total, counts: due.counts });
    expect((await appErrorOf(listApplications(moderator, { scope: 'queue', sort: 'oldest' }))).fields).toHaveProperty('sort');
  });
});

describe('calendar edits', () => {
  it('an added holiday moves the due date of open applications, recorded in the audit row', async () => {
    const { trackingNo } = await submit(bj('2026-11-10T10:00')); // due 2026-12-08
    const before = (await db().select().from(disclosureApplications).where(eq(disclosureApplications.trackingNo, trackingNo)))[0]!;
    expect(before.dueOn).toBe('2026-12-08');
    await setCalendarDay(admin, { day: '2026-11-20', kind: 'holiday', name: '测试假日' });
    const after = (await db().select().from(disclosureApplications).where(eq(disclosureApplications.trackingNo, trackingNo)))[0]!;
    expect(after.dueOn).toBe('2026-12-09');
    const [audit] = await db().select().from(auditLog).where(and(eq(auditLog.action, 'calendar.day.set'), eq(auditLog.entityId, '2026-11-20')));
    expect((audit!.details as { applicationDueDatesChanged: number }).applicationDueDatesChanged).toBeGreaterThanOrEqual(1);
    // Answered applications keep the due date they had.
    const answered = (await db().select().from(disclosureApplications).where(eq(disclosureApplications.status, 'answered')));
    expect(answered.some((a) => a.dueOn === '2026-12-03')).toBe(true);
  });
});

describe('files', () => {
  it('a published 主动公开 item\'s attachment is for anyone; a draft item\'s is for nobody', async () => {
    const [category] = await db().select({ id: catalogueCategories.id }).from(catalogueCategories).limit(1);
    const file = await storeUploadedFile(db(), pdf('2025年部门预算.pdf'), moderator.user.id);
    expect(file.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect((await appErrorOf(readDownloadableFile(visitor(), file.publicId))).status).toBe(404);
    const values = {
      publicId: randomUUID(), categoryId: category!.id, title: '2025 年部门预算', summary: '部门预算公开', publisher: '示范市文化和旅游局',
      generatedOn: '2026-01-10', attachmentFileId: file.id,
    };
    await db().insert(catalogueItems).values({ ...values, indexNo: `TEST-${randomUUID().slice(0, 8)}`, status: 'draft' });
    expect((await appErrorOf(readDownloadableFile(visitor(), file.publicId))).status).toBe(404);
    await db().insert(catalogueItems).values({ ...values, publicId: randomUUID(), indexNo: `TEST-${randomUUID().slice(0, 8)}`, status: 'published', publishedAt: new Date() });
    const download = await readDownloadableFile(visitor(), file.publicId);
    expect(download).toMatchObject({ fileName: '2025年部门预算.pdf', public: true, sizeBytes: PDF.byteLength });
    expect((await appErrorOf(readDownloadableFile(visitor(), 'not-a-uuid'))).status).toBe(404);
  });

  it('file names are cleaned, and the download header carries the UTF-8 name (RFC 5987)', async () => {
    const stored = await storeUploadedFile(db(), pdf('C:\\temp\\答复"告知"书'), null);
    expect(stored.fileName).toBe('答复告知书.pdf');
    expect(contentDisposition('答复告知书 (1).pdf')).toBe(
      `attachment; filename="_____ (1).pdf"; filename*=UTF-8''${encodeURIComponent('答复告知书 ')}%281%29.pdf`,
    );
  });

  it('the actions endpoint reads multipart forms: text fields as the action, numbers as numbers, the PDF as the document', async () => {
    const form = new FormData();
    form.set('action', 'reply');
    form.set('outcome', 'disclosed');
    form.set('body', '现将您申请的信息提供给您。');
    form.set('version', '3');
    form.set('document', new File([PDF], '答复.pdf', { type: 'application/pdf' }));
    const { input, document } = await readActionRequest(new Request('http://localhost/x', { method: 'POST', body: form }));
    expect(input).toEqual({ action: 'reply', outcome: 'disclosed', body: '现将您申请的信息提供给您。', version: 3 });
    expect(document).toMatchObject({ fileName: '答复.pdf', mimeType: 'application/pdf' });
    expect(document!.bytes.byteLength).toBe(PDF.byteLength);
    const json = await readActionRequest(new Request('http://localhost/x', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"action":"register"}' }));
    expect(json).toEqual({ input: { action: 'register' }, document: null });
    const broken = await appErrorOf(readActionRequest(new Request('http://localhost/x', { method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=x' }, body: 'garbage' })));
    expect(broken.status).toBe(400);
  });
});

describe('demo applications', () => {
  it('are made through the operations: one answered with a downloadable PDF, one awaiting 补正, one in consultation, one overdue, one new', async () => {
    const seededAt = bj('2026-11-16T10:00'); // the demo is dated relative to this; read at the same time
    await seedDemoApplications(db(), seededAt);
    const queue = await listApplications(moderator, { scope: 'queue' }, seededAt);
    const demo = queue.items.filter((i) => i.description.includes('2025 年度行政处罚') || i.description.includes('营业性演出许可') || i.status === 'consulting' || i.description.includes('文化市场检查'));
    expect(demo.map((i) => i.status).sort()).toEqual(['consulting', 'needs_correction', 'registered', 'submitted']);
    expect(demo.find((i) => i.status === 'registered')!.badges).toEqual(['overdue']);
    const mine = await listApplications(citizen, { scope: 'mine', status: 'answered' });
    const answered = mine.items.find((i) => i.description.includes('2024 年度公共文化服务'))!;
    const view = await getApplication(citizen, answered.trackingNo);
    expect(view.outcome).toBe('disclosed');
    const file = await readDownloadableFile(citizen, view.replyDocument!.id);
    expect(Buffer.from(file.data).subarray(0, 8).toString('latin1')).toBe('%PDF-1.4');
    expect(Buffer.from(file.data).toString('latin1')).toMatch(/startxref\n\d+\n%%EOF\n$/);
  });
});
