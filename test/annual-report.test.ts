import { randomBytes, randomUUID } from 'node:crypto';
import { encode } from 'next-auth/jwt';
import { and, desc, eq } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '@/lib/audit/schema';
import type { Actor, ActorUser } from '@/lib/auth/permissions';
import { db } from '@/lib/db';
import { categoryIdByCode, listPublicCatalogueItems } from '@/lib/disclosure/catalogue';
import {
  annualReportTables,
  getAnnualReport,
  listPublishedAnnualReports,
  currentFiguresOfPublished,
  publishAnnualReport,
  refreshAnnualReportFigures,
  saveAnnualReport,
} from '@/lib/disclosure/annual-report';
import { recordReview } from '@/lib/disclosure/reviews';
import { annualReports, catalogueItems, disclosureApplicationEvents, disclosureApplications, type ApplicantType, type ApplicationOutcome, type ApplicationStatus } from '@/lib/disclosure/schema';
import { appErrorOf } from './support/errors';
import { actorFor, visitor } from './support/users';
import * as reportRoute from '@/app/api/v1/disclosure/annual-report/route';
import * as fileRoute from '@/app/disclosure/files/[id]/route';
import { useTestRequest } from './support/request';

// The route handler reads the session cookie through next/headers; the tests set it per request.
const requestHeaders = useTestRequest('192.0.2.66');

let moderator: Actor & { user: ActorUser };
let admin: Actor & { user: ActorUser };
let citizen: Actor & { user: ActorUser };

interface AppSeed {
  type: ApplicantType;
  receivedOn: string;
  status?: ApplicationStatus;
  outcome?: ApplicationOutcome;
  answeredAt?: string;
  withdrawnAt?: string;
}

async function insertApplication(seed: AppSeed): Promise<number> {
  const [row] = await db()
    .insert(disclosureApplications)
    .values({
      trackingNo: `GKT${randomBytes(6).toString('hex')}`,
      applicantId: citizen.user.id,
      applicantType: seed.type,
      applicantName: '测试申请人',
      organisationName: seed.type === 'person' ? null : '测试单位',
      description: '申请公开测试信息',
      form: 'electronic',
      status: seed.status ?? (seed.answeredAt ? 'answered' : 'registered'),
      receivedOn: seed.receivedOn,
      outcome: seed.outcome ?? null,
      answeredAt: seed.answeredAt ? new Date(seed.answeredAt) : null,
      submittedAt: new Date(`${seed.receivedOn}T09:00:00+08:00`),
    })
    .returning({ id: disclosureApplications.id });
  if (seed.withdrawnAt) {
    await db().insert(disclosureApplicationEvents).values({ applicationId: row!.id, type: 'withdrawn', actorRole: 'citizen', at: new Date(seed.withdrawnAt) });
  }
  return row!.id;
}

async function insertItem(values: { code: string; attribute?: 'proactive' | 'on_request' | 'exempt'; status?: 'draft' | 'published' | 'withdrawn'; generatedOn: string; publishedAt?: string; withdrawnAt?: string }) {
  await db().insert(catalogueItems).values({
    publicId: randomUUID(),
    indexNo: `TEST-${randomBytes(6).toString('hex')}`,
    categoryId: (await categoryIdByCode(db(), values.code))!,
    title: '年度报告测试条目',
    summary: '测试',
    publisher: '测试局',
    attribute: values.attribute ?? 'proactive',
    status: values.status ?? (values.publishedAt ? 'published' : 'draft'),
    generatedOn: values.generatedOn,
    publishedAt: values.publishedAt ? new Date(values.publishedAt) : null,
    withdrawnAt: values.withdrawnAt ? new Date(values.withdrawnAt) : null,
  });
}

beforeAll(async () => {
  moderator = await actorFor('moderator@example.com');
  admin = await actorFor('admin@example.com');
  citizen = await actorFor('citizen@example.com');

  // Applications around the 2024/2025 and 2025/2026 year boundaries.
  await insertApplication({ type: 'person', receivedOn: '2024-12-20', outcome: 'disclosed', answeredAt: '2025-01-10T10:00:00+08:00' }); // P1: carried into 2025
  await insertApplication({ type: 'person', receivedOn: '2024-12-28', outcome: 'disclosed', answeredAt: '2024-12-30T10:00:00+08:00' }); // P2: all in 2024
  await insertApplication({ type: 'company', receivedOn: '2025-03-01', outcome: 'partly_disclosed', answeredAt: '2025-03-20T10:00:00+08:00' }); // P3
  await insertApplication({ type: 'company', receivedOn: '2025-12-25' }); // P4: open at the end of 2025
  // P5: answered 2026-01-01 00:30 Beijing (2025-12-31 16:30 UTC): still open at the end of 2025 in Beijing time.
  await insertApplication({ type: 'legal', receivedOn: '2025-12-30', outcome: 'withheld', answeredAt: '2025-12-31T16:30:00Z' });
  await insertApplication({ type: 'research', receivedOn: '2025-06-01', status: 'withdrawn', withdrawnAt: '2025-06-03T10:00:00+08:00' }); // P6: withdrawn → 其他处理
  await insertApplication({ type: 'nonprofit', receivedOn: '2024-11-01', status: 'consulting' }); // P7: open since 2024
  // 2023: a deliberately inconsistent row — answered (answered_at set) but with no outcome.
  await insertApplication({ type: 'other', receivedOn: '2023-05-01', status: 'answered', answeredAt: '2023-05-10T10:00:00+08:00' });

  // Catalogue items of 2025 (统计信息 11, 监督投诉 10, 政府采购 0703).
  await insertItem({ code: '10', generatedOn: '2025-03-03', publishedAt: '2025-03-10T10:00:00+08:00' }); // on time
  await insertItem({ code: '10', generatedOn: '2025-01-02', publishedAt: '2025-03-03T10:00:00+08:00' }); // > 20 working days
  await insertItem({ code: '0703', generatedOn: '2025-01-20', publishedAt: '2025-02-01T10:00:00+08:00', status: 'withdrawn', withdrawnAt: '2025-06-01T10:00:00+08:00' });
  await insertItem({ code: '0703', generatedOn: '2024-05-06', publishedAt: '2024-05-07T10:00:00+08:00' }); // public since 2024
  await insertItem({ code: '10', attribute: 'on_request', generatedOn: '2025-04-01' });
  await insertItem({ code: '10', attribute: 'exempt', generatedOn: '2025-04-02' });
  await insertItem({ code: '10', generatedOn: '2025-12-01' }); // a draft: nowhere
});

afterEach(() => {
  requestHeaders.cookie = null;
});

describe('applications table', () => {
  it('counts new, carried in, results and carried forward per applicant type, and the totals balance', async () => {
    const { applications } = await annualReportTables(db(), 2025);
    const c = applications.cells;
    expect(c.new).toEqual({ person: 0, company: 2, research: 1, nonprofit: 0, legal: 1, other: 0, total: 4 });
    expect(c.carriedIn).toEqual({ person: 1, company: 0, research: 0, nonprofit: 1, legal: 0, other: 0, total: 2 });
    expect(c.disclosed).toMatchObject({ person: 1, total: 1 });
    expect(c.partly_disclosed).toMatchObject({ company: 1, total: 1 });
    expect(c.withheld.total).toBe(0);
    expect(c.other).toMatchObject({ research: 1, total: 1 });
    expect(c.handled).toEqual({ person: 1, company: 1, research: 1, nonprofit: 0, legal: 0, other: 0, total: 3 });
    expect(c.carriedForward).toEqual({ person: 0, company: 1, research: 0, nonprofit: 1, legal: 1, other: 0, total: 3 });
    expect(applications.check).toEqual({ ok: true, mismatches: [], rowMismatches: [] });
  });

  it('carries the same applications across the year boundary on both sides', async () => {
    const y2024 = (await annualReportTables(db(), 2024)).applications;
    expect(y2024.cells.new).toMatchObject({ person: 2, nonprofit: 1, total: 3 });
    expect(y2024.cells.handled.total).toBe(1);
    expect(y2024.cells.carriedForward).toMatchObject({ person: 1, nonprofit: 1, total: 2 });
    expect(y2024.check.ok).toBe(true);
    const y2025 = (await annualReportTables(db(), 2025)).applications;
    expect(y2025.cells.carriedIn.total).toBe(y2024.cells.carriedForward.total);
  });

  it('reports a row set that does not balance instead of hiding it', async () => {
    const { applications } = await annualReportTables(db(), 2023);
    expect(applications.cells.new.other).toBe(1);
    expect(applications.cells.handled.other).toBe(0);
    expect(applications.cells.carriedForward.other).toBe(0);
    expect(applications.check.ok).toBe(false);
    expect(applications.check.mismatches).toEqual([
      { column: 'other', new: 1, carriedIn: 0, handled: 0, carriedForward: 0, difference: 1 },
      { column: 'total', new: 1, carriedIn: 0, handled: 0, carriedForward: 0, difference: 1 },
    ]);
    // …and such a report cannot be published.
    const saved = await saveAnnualReport(moderator, { year: 2023, version: 0, sections: { overview: '2023 年度' } });
    const refused = await appErrorOf(publishAnnualReport(moderator, { year: 2023, version: saved.version }));
    expect(refused.status).toBe(409);
    expect(refused.message).toMatch(/不平衡/);
  });
});

describe('proactive disclosure table', () => {
  it('counts items published in the year per category, late ones, registered ones and those public at year end', async () => {
    const { proactive } = await annualReportTables(db(), 2025);
    const row = (code: string) => proactive.rows.find((r) => r.code === code)!;
    expect(row('10')).toMatchObject({ name: '监督投诉', depth: 0, published: 2, late: 1, onRequest: 1, exempt: 1, current: 2 });
    expect(row('0703')).toMatchObject({ name: '政府采购', depth: 1, published: 1, late: 0, current: 1 });
    expect(row('07')).toMatchObject({ published: 0 });
    expect(proactive.total).toMatchObject({ published: 3, late: 1, onRequest: 1, exempt: 1, current: 3 });
    // Children follow their parent.
    const codes = proactive.rows.map((r) => r.code);
    expect(codes.indexOf('0703')).toBe(codes.indexOf('07') + 3);
  });
});

describe('text sections, versions, publishing', () => {
  it('only moderators and admins edit; a stale version is 409; every save has an audit row', async () => {
    expect((await appErrorOf(saveAnnualReport(citizen, { year: 2025, version: 0, sections: {} }))).status).toBe(403);
    expect((await appErrorOf(saveAnnualReport(visitor(), { year: 2025, version: 0, sections: {} }))).status).toBe(401);

    const first = await saveAnnualReport(moderator, { year: 2025, version: 0, sections: { overview: '  2025 年，本局认真贯彻《条例》。\r\n第二段。 ', problems: '公开形式有待创新。' } });
    expect(first).toEqual({ year: 2025, version: 1, status: 'draft' });
    // Another moderator still holding version 0 (the page opened before the first save) is refused.
    const stale = await appErrorOf(saveAnnualReport(admin, { year: 2025, version: 0, sections: { overview: '覆盖' } }));
    expect(stale.status).toBe(409);
    expect(stale.message).toMatch(/已被他人修改/);
    const second = await saveAnnualReport(admin, { year: 2025, version: 1, sections: { other: '无。' } });
    expect(second.version).toBe(2);

    const report = await getAnnualReport(moderator, { year: '2025' });
    expect(report.status).toBe('draft');
    expect(report.sections).toEqual({ overview: '2025 年，本局认真贯彻《条例》。\n第二段。', proactive: '', applications: '', problems: '公开形式有待创新。', other: '无。' });
    const audits = await db().select().from(auditLog).where(and(eq(auditLog.entityType, 'annual_report'), eq(auditLog.entityId, '2025')));
    expect(audits.map((a) => a.action)).toEqual(['annual_report.edit', 'annual_report.edit']);
    expect(audits[0]!.details).toMatchObject({ fields: ['overview', 'problems'], version: 1 });
  });

  it('validates input with Chinese messages: too long, future years, bad year', async () => {
    const long = await appErrorOf(saveAnnualReport(moderator, { year: 2025, version: 2, sections: { overview: '字'.repeat(5001) } }));
    expect(long.status).toBe(422);
    expect(long.fields).toEqual({ 'sections.overview': '不超过 5000 字' });
    const future = await appErrorOf(saveAnnualReport(moderator, { year: 2999, version: 0, sections: {} }, new Date('2026-06-01T00:00:00Z')));
    expect(future.fields).toEqual({ year: '不能为今后的年度编制报告' });
    const bad = await appErrorOf(getAnnualReport(moderator, { year: 'abc' }));
    expect(bad.status).toBe(422);
    expect(bad.fields!.year).toMatch(/年份/);
  });

  it('a draft is 404 to the public; publishing creates the catalogue item in 统计信息 and makes it public', async () => {
    expect((await appErrorOf(getAnnualReport(visitor(), { year: 2025 }))).status).toBe(404);
    expect((await appErrorOf(getAnnualReport(citizen, { year: 2025 }))).status).toBe(404);
    expect((await appErrorOf(publishAnnualReport(citizen, { year: 2025, version: 2 }))).status).toBe(403);
    expect((await appErrorOf(publishAnnualReport(moderator, { year: 2025, version: 1 }))).status).toBe(409);

    const published = await publishAnnualReport(moderator, { year: 2025, version: 2 }, new Date('2026-01-20T02:00:00Z'));
    expect(published.version).toBe(3);
    const [row] = await db().select().from(annualReports).where(eq(annualReports.year, 2025));
    expect(row!.status).toBe('published');
    const [item] = await db().select().from(catalogueItems).where(eq(catalogueItems.id, row!.catalogueItemId!));
    expect(item).toMatchObject({
      indexNo: published.indexNo,
      attribute: 'proactive',
      status: 'published',
      sourceUrl: '/disclosure/annual-report/2025',
      title: '示范市文化和旅游局2025年政府信息公开工作年度报告',
      summary: '2025 年，本局认真贯彻《条例》。 第二段。',
      generatedOn: '2026-01-20',
    });
    const list = await listPublicCatalogueItems(db(), { category: '11', page: 1, pageSize: 50 });
    expect(list.items.find((i) => i.indexNo === published.indexNo)).toMatchObject({ url: '/disclosure/annual-report/2025', category: { code: '11', name: '统计信息' } });

    const view = await getAnnualReport(visitor(), { year: 2025 });
    expect(view).toMatchObject({ status: 'published', version: 3, catalogueItem: { indexNo: published.indexNo } });
    expect(view.tables.applications.cells.new.total).toBe(4);
    expect((await listPublishedAnnualReports()).map((r) => r.year)).toContain(2025);
    const audit = await db().select().from(auditLog).where(and(eq(auditLog.action, 'annual_report.publish'), eq(auditLog.entityId, '2025')));
    expect(audit[0]!.details).toMatchObject({ indexNo: published.indexNo, version: 3 });

    // Publishing twice is refused; editing the text of a published report keeps it public and its catalogue item.
    expect((await appErrorOf(publishAnnualReport(moderator, { year: 2025, version: 3 }))).message).toMatch(/已经发布/);
    const edited = await saveAnnualReport(moderator, { year: 2025, version: 3, sections: { other: '本年度无收费。' } });
    expect(edited).toEqual({ year: 2025, version: 4, status: 'published' });

    // The PDF: attached to the catalogue item with the publication, public once published; a correction replaces it.
    expect(published.pdfUrl).toMatch(/^\/disclosure\/files\/[0-9a-f-]{36}$/);
    expect(audit[0]!.details).toMatchObject({ pdf: { publicId: published.pdfUrl.split('/').pop() } });
    const download = async (url: string) => fileRoute.GET(new Request(`http://localhost${url}`), { params: Promise.resolve({ id: url.split('/').pop()! }) });
    const corrected = (await getAnnualReport(visitor(), { year: 2025 })).pdf!;
    expect(corrected.url).not.toBe(published.pdfUrl);
    expect(corrected.fileName).toBe('示范市文化和旅游局2025年政府信息公开工作年度报告.pdf');
    expect((await download(published.pdfUrl)).status).toBe(404);
    const res = await download(corrected.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="_+2025_+\.pdf"; filename\*=UTF-8''%E7%A4%BA/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-');
    expect(bytes.byteLength).toBe(corrected.sizeBytes);
    const [withFile] = await db().select({ attachmentFileId: catalogueItems.attachmentFileId }).from(catalogueItems).where(eq(catalogueItems.id, row!.catalogueItemId!));
    expect(withFile!.attachmentFileId).not.toBeNull();
    const [editAudit] = await db().select().from(auditLog).where(and(eq(auditLog.action, 'annual_report.edit'), eq(auditLog.entityId, '2025'))).orderBy(desc(auditLog.id)).limit(1);
    expect(editAudit!.details).toMatchObject({ fields: ['other'], pdf: { publicId: corrected.id } });
    // A draft has no PDF.
    expect((await getAnnualReport(moderator, { year: 2023 })).pdf).toBeNull();
  });

  it('GET /api/v1/disclosure/annual-report: 404 for the public before publication, the report after; moderators see drafts', async () => {
    const call = (query: string) => reportRoute.GET(new Request(`http://localhost/api/v1/disclosure/annual-report?${query}`), {} as never);
    const draft = await call('year=2023');
    expect(draft.status).toBe(404);
    expect((await draft.json()).error.message).toMatch(/尚未发布/);
    const ok = await call('year=2025');
    expect(ok.status).toBe(200);
    const body = await ok.json();
    expect(body.tables.applications.check.ok).toBe(true);
    expect(body.sections.other).toBe('本年度无收费。');
    expect((await call('year=twenty')).status).toBe(422);

    requestHeaders.cookie = `next-auth.session-token=${await encode({ token: { sub: moderator.user.publicId, sv: 0 }, secret: process.env.NEXTAUTH_SECRET! })}`;
    const staff = await call('year=2023');
    expect(staff.status).toBe(200);
    const staffBody = await staff.json();
    expect(staffBody.status).toBe('draft');
    expect(staffBody.tables.applications.check.mismatches).toHaveLength(2);
  });

  it('a published report keeps its figures: a case recorded later changes them only with 更新数据, page and PDF together', async () => {
    const reconsiderations = async (who: Actor) => (await getAnnualReport(who, { year: 2025 })).tables.reviews.groups.find((g) => g.kind === 'reconsideration')!.values.total;
    const before = await getAnnualReport(visitor(), { year: 2025 });
    expect(before.status).toBe('published');
    const published = await reconsiderations(visitor());
    expect(await currentFiguresOfPublished(moderator, 2025)).toMatchObject({ differs: false });

    // A 行政复议 case filed in 2025 is recorded after publication: the public report does not move by itself.
    await recordReview(moderator, { kind: 'reconsideration', filedOn: '2025-11-03', outcome: 'pending' });
    expect(await reconsiderations(visitor())).toBe(published);
    expect(await reconsiderations(moderator)).toBe(published);
    const current = (await currentFiguresOfPublished(moderator, 2025))!;
    expect(current.differs).toBe(true);
    expect(current.tables.reviews.groups.find((g) => g.kind === 'reconsideration')!.values.total).toBe(published + 1);
    // A text correction keeps the published figures (its PDF is made from them).
    const corrected = await saveAnnualReport(moderator, { year: 2025, version: before.version, sections: { problems: '个别申请答复说理不够充分。' } });
    expect(await reconsiderations(visitor())).toBe(published);

    // 更新数据: only the staff, only with the current version; then the page and a new PDF show the case.
    expect((await appErrorOf(refreshAnnualReportFigures(citizen, { year: 2025, version: corrected.version }))).status).toBe(403);
    expect((await appErrorOf(refreshAnnualReportFigures(moderator, { year: 2025, version: before.version }))).status).toBe(409);
    expect((await appErrorOf(refreshAnnualReportFigures(moderator, { year: 2023, version: 1 }))).status).toBe(409);
    const pdfBefore = (await getAnnualReport(visitor(), { year: 2025 })).pdf!.id;
    const refreshed = await refreshAnnualReportFigures(moderator, { year: 2025, version: corrected.version });
    expect(refreshed).toEqual({ year: 2025, version: corrected.version + 1, changed: true });
    const after = await getAnnualReport(visitor(), { year: 2025 });
    expect(await reconsiderations(visitor())).toBe(published + 1);
    expect(after.sections.problems).toBe('个别申请答复说理不够充分。');
    expect(after.pdf!.id).not.toBe(pdfBefore);
    expect(await currentFiguresOfPublished(moderator, 2025)).toMatchObject({ differs: false });
    const [audit] = await db().select().from(auditLog).where(and(eq(auditLog.action, 'annual_report.refresh_figures'), eq(auditLog.entityId, '2025')));
    expect(audit!.details).toMatchObject({ changed: true, version: refreshed.version, pdf: { publicId: after.pdf!.id } });
  });
});
