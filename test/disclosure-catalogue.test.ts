import { and, asc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { organisation } from '@/lib/accounts/schema';
import { db } from '@/lib/db';
import {
  allocateIndexNo,
  categoryIdByCode,
  formatIndexNo,
  catalogueListQuery,
  getPublicCatalogueItem,
  listPublicCatalogueItems,
  upsertArchiveCatalogueItem,
  withdrawCatalogueItem,
} from '@/lib/disclosure/catalogue';
import { catalogueItemVersions, catalogueItems } from '@/lib/disclosure/schema';
import { actOnCatalogueItem, createCatalogueItem, getStaffCatalogueItem, updateCatalogueItem } from '@/lib/disclosure/manage';
import { auditLog } from '@/lib/audit/schema';
import type { Actor, ActorUser } from '@/lib/auth/permissions';
import { appErrorOf, errorChain } from './support/errors';
import { actorFor, userByEmail } from './support/users';
import * as itemsRoute from '@/app/api/v1/disclosure/items/route';
import * as categoriesRoute from '@/app/api/v1/disclosure/categories/route';
import * as feedRoute from '@/app/feeds/disclosure.xml/route';
import * as itemRoute from '@/app/api/v1/disclosure/items/[id]/route';

let bureau: string;
let supervision: number; // 10 监督投诉
let procurement: number; // 0703 政府采购 (child of 07 财务资金)
let moderatorId: number;

beforeAll(async () => {
  const [org] = await db().select({ code: organisation.code }).from(organisation);
  bureau = org!.code;
  supervision = (await categoryIdByCode(db(), '10'))!;
  procurement = (await categoryIdByCode(db(), '0703'))!;
  moderatorId = (await userByEmail('moderator@example.com')).id;
});

// Published at 04:00 on New Year's Day in Beijing, still 2026 in UTC: the index number and the year filter take the
// Beijing year, whatever the machine's clock or time zone.
const publishedAt = new Date('2026-12-31T20:00:00Z');
const year = 2027;

function publish(sourceUrl: string, categoryId: number, title = '关于某小区加装电梯的答复') {
  return db().transaction((tx) =>
    upsertArchiveCatalogueItem(tx, { sourceUrl, categoryId, title, summary: `${title}（摘要）`, generatedOn: '2026-11-02', publisher: '民声市某局', actorId: moderatorId }, publishedAt),
  );
}

describe('index numbers', () => {
  it('formats bureau – category – year – five-digit sequence', () => {
    expect(formatIndexNo('XM-WL', '0703', 2026, 7)).toBe('XM-WL-0703-2026-00007');
  });

  it('are consecutive per category and year, and a rolled-back allocation gives its number back', async () => {
    const a = await db().transaction((tx) => allocateIndexNo(tx, supervision, 2031));
    await expect(
      db().transaction(async (tx) => {
        await allocateIndexNo(tx, supervision, 2031);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    const b = await db().transaction((tx) => allocateIndexNo(tx, supervision, 2031));
    const c = await db().transaction((tx) => allocateIndexNo(tx, procurement, 2031));
    expect([a, b, c]).toEqual([
      formatIndexNo(bureau, '10', 2031, 1),
      formatIndexNo(bureau, '10', 2031, 2),
      formatIndexNo(bureau, '0703', 2031, 1),
    ]);
  });

  it('stay unique when many transactions allocate at once', async () => {
    const numbers = await Promise.all(Array.from({ length: 12 }, () => db().transaction((tx) => allocateIndexNo(tx, procurement, 2032))));
    expect(new Set(numbers).size).toBe(12);
    expect(numbers.map((n) => Number(n.split('-').at(-1))).sort((x, y) => x - y)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
  });
});

describe('archive entries in the catalogue', () => {
  it('publishes once with a new number, keeps the number through withdraw and republish', async () => {
    const first = await publish('/archive/test-keep-number', supervision);
    expect(first.indexNo).toMatch(new RegExp(`^${bureau}-10-2027-\\d{5}$`));
    let page = await listPublicCatalogueItems(db(), { category: '10', page: 1, pageSize: 50 });
    const listed = page.items.find((i) => i.indexNo === first.indexNo);
    expect(listed).toMatchObject({ title: '关于某小区加装电梯的答复', publisher: '民声市某局', createdOn: '2026-11-02', publishedOn: '2027-01-01', url: '/archive/test-keep-number', category: { code: '10', name: '监督投诉' } });

    await db().transaction((tx) => withdrawCatalogueItem(tx, first.id, '含未遮盖的个人信息'));
    page = await listPublicCatalogueItems(db(), { category: '10', page: 1, pageSize: 50 });
    expect(page.items.some((i) => i.indexNo === first.indexNo)).toBe(false);
    expect(await getPublicCatalogueItem(db(), first.indexNo)).toBeNull();
    const [row] = await db().select().from(catalogueItems).where(eq(catalogueItems.id, first.id));
    expect(row).toMatchObject({ status: 'withdrawn', withdrawReason: '含未遮盖的个人信息' });

    const again = await publish('/archive/test-keep-number', supervision, '关于某小区加装电梯的答复（修订）');
    expect(again).toEqual(first);
    // An edit of a published item keeps its 发布日期.
    const [before] = await db().select({ at: catalogueItems.publishedAt }).from(catalogueItems).where(eq(catalogueItems.id, first.id));
    await publish('/archive/test-keep-number', supervision, '关于某小区加装电梯的答复（修订）');
    const [after] = await db().select({ at: catalogueItems.publishedAt }).from(catalogueItems).where(eq(catalogueItems.id, first.id));
    expect(after!.at).toEqual(before!.at);
    expect(await getPublicCatalogueItem(db(), first.indexNo)).toMatchObject({ title: '关于某小区加装电梯的答复（修订）' });
  });

  it('lists a child category under its parent, filters by year and keyword, and pages', async () => {
    const item = await publish('/archive/test-procurement', procurement, '政府采购意向公开的答复');
    const parent = await listPublicCatalogueItems(db(), { category: '07', page: 1, pageSize: 50 });
    expect(parent.items.map((i) => i.indexNo)).toContain(item.indexNo);
    const other = await listPublicCatalogueItems(db(), { category: '03', page: 1, pageSize: 50 });
    expect(other.items.map((i) => i.indexNo)).not.toContain(item.indexNo);
    expect((await listPublicCatalogueItems(db(), { year, q: '采购意向', page: 1, pageSize: 5 })).items.map((i) => i.indexNo)).toEqual([item.indexNo]);
    expect((await listPublicCatalogueItems(db(), { year: 2026, q: '采购意向', page: 1, pageSize: 5 })).total).toBe(0);
    expect((await listPublicCatalogueItems(db(), { year: year - 3, page: 1, pageSize: 5 })).total).toBe(0);
    // LIKE wildcards in a keyword are literal.
    expect((await listPublicCatalogueItems(db(), { q: '%', page: 1, pageSize: 5 })).total).toBe(0);

    const onePerPage = await listPublicCatalogueItems(db(), { page: 2, pageSize: 1 });
    expect(onePerPage.items).toHaveLength(1);
    expect(onePerPage.total).toBeGreaterThanOrEqual(2);
  });

  it('never shows items that are not 主动公开', async () => {
    const item = await publish('/archive/test-on-request', supervision, '依申请公开登记的信息');
    await db().update(catalogueItems).set({ attribute: 'on_request' }).where(eq(catalogueItems.id, item.id));
    expect(await getPublicCatalogueItem(db(), item.indexNo)).toBeNull();
    expect((await listPublicCatalogueItems(db(), { q: '依申请公开登记', page: 1, pageSize: 5 })).total).toBe(0);
  });
});

describe('API and feed', () => {
  it('GET /api/v1/disclosure/items filters and refuses bad input with 422', async () => {
    const item = await publish('/archive/test-api', supervision, '接口可见的答复');
    const ok = await itemsRoute.GET(new Request('http://localhost/api/v1/disclosure/items?category=10&q=接口可见'), {} as never);
    expect(ok.status).toBe(200);
    const body = await ok.json();
    expect(body.items.map((i: { indexNo: string }) => i.indexNo)).toEqual([item.indexNo]);
    for (const bad of ['category=abc', 'page=0', 'year=99999', 'pageSize=1000']) {
      const response = await itemsRoute.GET(new Request(`http://localhost/api/v1/disclosure/items?${bad}`), {} as never);
      expect(response.status, bad).toBe(422);
      expect((await response.json()).error.fields).toBeDefined();
    }
  });

  it('GET /api/v1/disclosure/categories returns the tree', async () => {
    const body = await (await categoriesRoute.GET(new Request('http://localhost/api/v1/disclosure/categories'), {} as never)).json();
    const finance = body.items.find((n: { code: string }) => n.code === '07');
    expect(finance.children.map((c: { name: string }) => c.name)).toEqual(['财政预决算', '行政事业性收费', '政府采购']);
  });

  it('the RSS feed lists published items with escaped text and drops withdrawn ones', async () => {
    const item = await publish('/archive/test-feed', supervision, '关于<噪声>扰民 & 夜间施工的答复');
    let xml = await (await feedRoute.GET(new Request('http://localhost/feeds/disclosure.xml'))).text();
    expect(xml).toContain('<rss version="2.0"');
    expect(xml).toContain('关于&lt;噪声&gt;扰民 &amp; 夜间施工的答复');
    expect(xml).toContain(`<guid isPermaLink="false">${item.indexNo}</guid>`);
    await db().transaction((tx) => withdrawCatalogueItem(tx, item.id, '撤回'));
    xml = await (await feedRoute.GET(new Request('http://localhost/feeds/disclosure.xml'))).text();
    expect(xml).not.toContain(item.indexNo);
  });
});

describe('政策解读: an item interprets a policy document', () => {
  let moderator: Actor & { user: ActorUser };
  beforeAll(async () => {
    moderator = await actorFor('moderator@example.com');
  });
  const item = (title: string, overrides: Record<string, unknown> = {}) => ({
    categoryCode: '0701', title, summary: `${title}的内容概述。`, body: '正文。', publisher: '民声市某局办公室', attribute: 'proactive', generatedOn: '2026-03-02', ...overrides,
  });
  const published = async (title: string, overrides: Record<string, unknown> = {}) => {
    const created = await createCatalogueItem(moderator, item(title, overrides));
    await actOnCatalogueItem(moderator, created.id, { action: 'publish', version: 1 });
    return created;
  };
  const readItem = (id: string) => itemRoute.GET(new Request(`http://localhost/api/v1/disclosure/items/${id}`), { params: Promise.resolve({ id }) });

  it('links both ways on the public item, marks and filters the list, keeps the link in the version history and the audit', async () => {
    const doc = await published('关于加快发展养老服务业的实施意见');
    const reading = await createCatalogueItem(moderator, item('《关于加快发展养老服务业的实施意见》政策解读', { interprets: doc.indexNo }));
    // A draft interpretation is not shown on the document.
    expect((await getPublicCatalogueItem(db(), doc.id))!.interpretations).toEqual([]);
    await actOnCatalogueItem(moderator, reading.id, { action: 'publish', version: 1 });

    const docView = (await getPublicCatalogueItem(db(), doc.id))!;
    expect(docView.interpretation).toBe(false);
    expect(docView.interprets).toBeNull();
    expect(docView.interpretations).toEqual([expect.objectContaining({ id: reading.id, indexNo: reading.indexNo, url: `/disclosure/items/${reading.id}` })]);
    const readingView = (await getPublicCatalogueItem(db(), reading.indexNo))!;
    expect(readingView.interpretation).toBe(true);
    expect(readingView.interprets).toMatchObject({ id: doc.id, indexNo: doc.indexNo, title: '关于加快发展养老服务业的实施意见', url: `/disclosure/items/${doc.id}` });

    // The list marks it and filters to interpretations.
    const all = await listPublicCatalogueItems(db(), { q: '养老服务业', page: 1, pageSize: 10 });
    expect(Object.fromEntries(all.items.map((i) => [i.id, i.interpretation]))).toEqual({ [doc.id]: false, [reading.id]: true });
    const only = await listPublicCatalogueItems(db(), { q: '养老服务业', kind: 'interpretation', page: 1, pageSize: 10 });
    expect(only.items.map((i) => i.id)).toEqual([reading.id]);
    expect(catalogueListQuery.safeParse({ kind: 'other' }).success).toBe(false);
    const api = await itemsRoute.GET(new Request(`http://localhost/api/v1/disclosure/items?q=${encodeURIComponent('养老服务业')}&kind=interpretation`), {} as never);
    expect((await api.json()).items.map((i: { id: string; interpretation: boolean }) => [i.id, i.interpretation])).toEqual([[reading.id, true]]);
    expect((await itemsRoute.GET(new Request('http://localhost/api/v1/disclosure/items?kind=document'), {} as never)).status).toBe(422);

    // GET /api/v1/disclosure/items/{id} by public id or index number.
    const json = await (await readItem(reading.indexNo)).json();
    expect(json).toMatchObject({ id: reading.id, interpretation: true, interprets: { id: doc.id, indexNo: doc.indexNo }, interpretations: [] });
    expect((await (await readItem(doc.id)).json()).interpretations.map((i: { id: string }) => i.id)).toEqual([reading.id]);

    // The feed marks it.
    const xml = await (await feedRoute.GET(new Request('http://localhost/feeds/disclosure.xml'))).text();
    expect(xml).toContain(`【解读】《关于加快发展养老服务业的实施意见》政策解读（${reading.indexNo}）`);
    expect(xml).not.toContain(`【解读】关于加快发展养老服务业的实施意见（`);

    // Unlinking is a new version; the history keeps which document each version interpreted.
    await updateCatalogueItem(moderator, reading.id, { ...item('《关于加快发展养老服务业的实施意见》政策解读'), interprets: '', version: 2, note: '取消关联' });
    expect((await getPublicCatalogueItem(db(), reading.id))!.interprets).toBeNull();
    expect((await getPublicCatalogueItem(db(), doc.id))!.interpretations).toEqual([]);
    await updateCatalogueItem(moderator, reading.id, { ...item('《关于加快发展养老服务业的实施意见》政策解读'), interprets: doc.id, version: 3 });
    const staff = await getStaffCatalogueItem(moderator, reading.id);
    expect(staff.interprets).toMatchObject({ id: doc.id, indexNo: doc.indexNo, status: 'published' });
    expect(staff.versions.map((v) => [v.version, v.interprets])).toEqual([[4, doc.indexNo], [3, null], [1, doc.indexNo]]);
    expect((await getStaffCatalogueItem(moderator, doc.id)).interpretations.map((i) => i.id)).toEqual([reading.id]);
    const [row] = await db().select({ id: catalogueItems.id }).from(catalogueItems).where(eq(catalogueItems.publicId, reading.id));
    const versions = await db().select({ v: catalogueItemVersions.version, link: catalogueItemVersions.interpretsItemId }).from(catalogueItemVersions)
      .where(eq(catalogueItemVersions.itemId, row!.id)).orderBy(asc(catalogueItemVersions.version));
    expect(versions.map((v) => v.link === null)).toEqual([false, true, false]);
    const audit = await db().select({ action: auditLog.action, details: auditLog.details }).from(auditLog)
      .where(and(eq(auditLog.entityType, 'catalogue_item'), eq(auditLog.entityId, reading.id), eq(auditLog.action, 'catalogue.interprets'))).orderBy(asc(auditLog.id));
    expect(audit.map((a) => a.details)).toEqual([
      { interprets: doc.indexNo, previous: null },
      { interprets: null, previous: doc.indexNo, version: 3 },
      { interprets: doc.indexNo, previous: null, version: 4 },
    ]);
  });

  it("the interpretation form's picker finds documents with the catalogue search: by title or index number, published ones only", async () => {
    // What app/workspace/moderator/disclosure/InterpretedPicker.tsx asks: GET /api/v1/disclosure/items?q=…&pageSize=8.
    const search = async (q: string) => {
      const response = await itemsRoute.GET(new Request(`http://localhost/api/v1/disclosure/items?${new URLSearchParams({ q, pageSize: '8' })}`), {} as never);
      expect(response.status).toBe(200);
      return (await response.json()).items as Array<{ id: string; indexNo: string; title: string; interpretation: boolean }>;
    };
    const doc = await published('关于促进夜间经济发展的若干措施');
    const draft = await createCatalogueItem(moderator, item('关于促进夜间经济发展的若干措施（草稿）'));
    expect((await search('夜间经济发展')).map((i) => [i.indexNo, i.title, i.interpretation])).toEqual([[doc.indexNo, '关于促进夜间经济发展的若干措施', false]]);
    expect((await search(doc.indexNo)).map((i) => i.id)).toEqual([doc.id]);
    expect(await search(draft.indexNo)).toEqual([]); // a draft cannot be picked (and the server refuses it too)
    // The choice goes to the server as the index number, which validates it as before.
    const reading = await createCatalogueItem(moderator, item('《关于促进夜间经济发展的若干措施》解读', { interprets: doc.indexNo }));
    await actOnCatalogueItem(moderator, reading.id, { action: 'publish', version: 1 });
    // Interpretations come back marked, so the picker leaves them out.
    expect((await search('夜间经济发展')).find((i) => i.id === reading.id)?.interpretation).toBe(true);
    expect((await appErrorOf(createCatalogueItem(moderator, item('草稿的解读不被接受', { interprets: draft.indexNo })))).fields?.interprets).toBe('所解读的文件须已发布并主动公开');
  });

  it('refuses a missing, unpublished, non-public or self target, and chains of interpretations', async () => {
    const doc = await published('关于规范住房租赁市场的若干规定');
    const reading = await published('《关于规范住房租赁市场的若干规定》解读', { interprets: doc.indexNo });
    const draft = await createCatalogueItem(moderator, item('尚未发布的住房政策文件'));
    const onRequest = await published('依申请公开的住房文件', { attribute: 'on_request' });
    const refusal = async (interprets: string) => (await appErrorOf(createCatalogueItem(moderator, item('被拒绝的解读条目', { interprets })))).fields;

    expect(await refusal('XX-0701-2026-99999')).toEqual({ interprets: '没有这个索引号的目录条目' });
    expect(await refusal(draft.indexNo)).toEqual({ interprets: '所解读的文件须已发布并主动公开' });
    expect(await refusal(onRequest.indexNo)).toEqual({ interprets: '所解读的文件须已发布并主动公开' });
    // An interpretation of an interpretation: refused; the reader should land on the document in one step.
    expect(await refusal(reading.indexNo)).toEqual({ interprets: '该条目本身是一篇政策解读，请填写它所解读的原文件' });
    expect(await refusal('not a number!')).toEqual({ interprets: '索引号只含字母、数字和连字符' });
    expect(await refusal('x'.repeat(81))).toEqual({ interprets: '索引号不超过 80 个字符' });
    // Nothing was saved.
    expect((await listPublicCatalogueItems(db(), { q: '被拒绝的解读条目', page: 1, pageSize: 5 })).total).toBe(0);

    const doc2 = await published('关于住房公积金提取的通知');
    // Itself.
    const self = await appErrorOf(updateCatalogueItem(moderator, doc2.id, { ...item('关于住房公积金提取的通知'), interprets: doc2.indexNo, version: 2 }));
    expect(self.fields).toEqual({ interprets: '条目不能解读它自己' });
    // A document that has interpretations cannot become one.
    const interpreted = await appErrorOf(updateCatalogueItem(moderator, doc.id, { ...item('关于规范住房租赁市场的若干规定'), interprets: doc2.indexNo, version: 2 }));
    expect(interpreted.fields).toEqual({ interprets: '本条目已有政策解读，不能再作为其他文件的解读' });
    // The database refuses a self link too, whatever the code does.
    const [row] = await db().select({ id: catalogueItems.id }).from(catalogueItems).where(eq(catalogueItems.publicId, doc2.id));
    await expect(db().update(catalogueItems).set({ interpretsItemId: row!.id }).where(eq(catalogueItems.id, row!.id))).rejects.toSatisfy((e) => errorChain(e).includes('catalogue_items_interprets_other'));
  });

  it('hides the link to a withdrawn document and a withdrawn interpretation; an unchanged link survives an edit', async () => {
    const doc = await published('关于优化营商环境的若干措施');
    const reading = await published('《关于优化营商环境的若干措施》图解', { interprets: doc.indexNo });
    await actOnCatalogueItem(moderator, doc.id, { action: 'withdraw', version: 2, reason: '文件已废止' });
    const orphan = (await getPublicCatalogueItem(db(), reading.id))!;
    expect(orphan.interprets).toBeNull();
    expect(orphan.interpretation).toBe(true);
    expect((await (await readItem(doc.id)).json()).error).toBeDefined();
    expect((await readItem(doc.id)).status).toBe(404);
    // Editing the interpretation keeps its (now withdrawn) document; a new link to it would be refused.
    await updateCatalogueItem(moderator, reading.id, { ...item('《关于优化营商环境的若干措施》图解（修订）'), interprets: doc.indexNo, version: 2 });
    expect((await getStaffCatalogueItem(moderator, reading.id)).interprets).toMatchObject({ id: doc.id, status: 'withdrawn' });
    expect((await appErrorOf(createCatalogueItem(moderator, item('另一篇解读', { interprets: doc.indexNo })))).fields).toEqual({ interprets: '所解读的文件须已发布并主动公开' });

    await actOnCatalogueItem(moderator, doc.id, { action: 'publish', version: 3 });
    expect((await getPublicCatalogueItem(db(), doc.id))!.interpretations.map((i) => i.id)).toEqual([reading.id]);
    await actOnCatalogueItem(moderator, reading.id, { action: 'withdraw', version: 3, reason: '另行发布' });
    expect((await getPublicCatalogueItem(db(), doc.id))!.interpretations).toEqual([]);
  });
});
