import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { organisation } from '@/lib/accounts/schema';
import { db } from '@/lib/db';
import {
  allocateIndexNo,
  categoryIdByCode,
  formatIndexNo,
  getPublicCatalogueItem,
  listPublicCatalogueItems,
  upsertArchiveCatalogueItem,
  withdrawCatalogueItem,
} from '@/lib/disclosure/catalogue';
import { catalogueItems } from '@/lib/disclosure/schema';
import { userByEmail } from './support/users';
import * as itemsRoute from '@/app/api/v1/disclosure/items/route';
import * as categoriesRoute from '@/app/api/v1/disclosure/categories/route';
import * as feedRoute from '@/app/feeds/disclosure.xml/route';

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
