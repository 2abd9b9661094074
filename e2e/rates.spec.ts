import { readFile } from 'node:fs/promises';
import { type Page } from '@playwright/test';
import { expect, test } from './test';
import { chinaDate } from '../lib/calendar/workdays';
import { formatRate } from '../app/stats/format';
import { expectAxeClean } from './support/axe';

/**
 * 三率 and 留言统计 (issue 14 item 6) on a fresh demo: the demo's answered and rated letter (文化市场管理处, answered
 * 17 days before the seed) shows in its year's and month's 三率 with chart and table; the month/year switch, a bad
 * query and an empty period; the CSV with its BOM; the API; the 留言统计 the demo seed published for the ended months.
 */

const answeredOn = chinaDate(new Date(Date.now() - 17 * 86_400_000));
const year = Number(answeredOn.slice(0, 4));
const month = Number(answeredOn.slice(5, 7));
const lastMonth = (() => {
  const [y, m] = chinaDate(new Date()).slice(0, 7).split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
})();

interface Figures { cases: number; satisfactionRate: number | null; ratedRate: number | null }

/** 文化市场管理处's figures from the public API for a period (`year=…[&month=…]`). */
async function marketFigures(page: Page, period: string): Promise<Figures> {
  const response = await page.request.get(`/api/v1/stats/departments?${period}`);
  expect(response.status()).toBe(200);
  const body = await response.json() as { items: Array<Figures & { department: string }> };
  return body.items.find((i) => i.department === '文化市场管理处')!;
}

test.describe.configure({ timeout: 180_000 });

test.describe('三率', () => {
  test('the public page shows the rates as chart and table, switches month and year; axe-clean', async ({ page }) => {
    await page.goto('/stats');
    await page.getByRole('link', { name: '各部门三率' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '各部门三率' })).toBeVisible();

    await page.goto(`/stats/departments?year=${year}`);
    await expect(page.getByRole('heading', { level: 2, name: `${year}年全年三率` })).toBeVisible();
    await expect(page.getByRole('img', { name: `${year}年全年各部门按期办结率与满意率（%）` })).toBeVisible();
    const table = page.getByRole('table', { name: `${year}年全年各部门三率` });
    const row = table.getByRole('row', { name: /^文化市场管理处/ });
    await expect(row).toBeVisible();
    // The row shows the API's figures (other specs may have answered and rated letters of this department meanwhile).
    const yearFigures = await marketFigures(page, `year=${year}`);
    await expect(row.getByRole('cell').nth(0)).toHaveText(String(yearFigures.cases));
    await expect(row.getByRole('cell').nth(3)).toHaveText(formatRate(yearFigures.satisfactionRate, '—'));
    await expect(row.getByRole('cell').nth(4)).toHaveText(formatRate(yearFigures.ratedRate, '—'));
    await expect(table.getByRole('row', { name: /^全局/ })).toBeVisible();
    // Too few cases for a ranking: the page says why.
    await expect(page.getByTestId('rates-not-rankable')).toContainText('不少于 20 件');
    await expect(page.getByRole('heading', { name: '统计口径' })).toBeVisible();
    await expectAxeClean(page, { impact: 'all', tags: null });

    // The month switch.
    await page.getByLabel('月份', { exact: true }).selectOption(String(month));
    await page.getByRole('button', { name: '查看' }).click();
    await expect(page).toHaveURL(new RegExp(`month=${month}`));
    await expect(page.getByRole('heading', { level: 2, name: `${year}年${month}月三率` })).toBeVisible();
    await expect(page.getByRole('table', { name: `${year}年${month}月各部门三率` }).getByRole('row', { name: /^文化市场管理处/ })).toBeVisible();
    await expectAxeClean(page, { impact: 'all', tags: null });

    // Another year with nothing in it: an empty state; a bad month: said so, not a server error.
    await page.getByLabel('年度', { exact: true }).fill('2001');
    await page.getByLabel('月份', { exact: true }).selectOption('');
    await page.getByRole('button', { name: '查看' }).click();
    await expect(page.getByText('2001年全年没有可统计的来信办理记录。')).toBeVisible();
    const bad = await page.goto('/stats/departments?month=13');
    expect(bad!.status()).toBe(200);
    await expect(page.getByRole('alert').filter({ hasText: '月份应为 1 至 12' })).toBeVisible();
  });

  test('downloads the rates as CSV with a BOM; the API answers the same figures', async ({ page }) => {
    await page.goto(`/stats/departments?year=${year}&month=${month}`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /下载 CSV/ }).click()]);
    expect(download.suggestedFilename()).toBe(`minsheng-rates-${year}-${String(month).padStart(2, '0')}.csv`);
    const bytes = await readFile((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).split('\r\n');
    expect(lines[0]).toBe(`${year}年${month}月各部门三率`);
    expect(lines[1]).toBe('部门,办结件数,按期受理率（%）,按期办结率（%）,满意率（%）,参评率（%）,平均办理工作日,催办次数,督办次数');
    const figures = await marketFigures(page, `year=${year}&month=${month}`);
    expect(lines.find((l) => l.startsWith('文化市场管理处,'))).toMatch(new RegExp(`^文化市场管理处,${figures.cases},`));
    expect(lines.some((l) => l.startsWith('全局,'))).toBe(true);

    const api = await page.request.get(`/api/v1/stats/departments?year=${year}&month=${month}`);
    expect(api.status()).toBe(200);
    const body = await api.json();
    const market = body.items.find((i: { department: string }) => i.department === '文化市场管理处');
    // The demo's answered and rated letter at least (other specs may add theirs).
    expect(market.cases).toBeGreaterThanOrEqual(1);
    expect(market.ratedRate).toBeGreaterThan(0);
    expect(body.rankable).toBe(false);
    expect((await page.request.get('/api/v1/stats/departments?year=2026&month=13')).status()).toBe(422);
    expect((await page.request.get('/stats/departments/export.csv?month=x')).status()).toBe(422);
  });

  test('留言统计: the demo seed published the ended months; a month page; unknown months are 404', async ({ page }) => {
    await page.goto('/stats');
    await page.getByRole('link', { name: '每月留言统计' }).first().click();
    await expect(page.getByRole('heading', { level: 1, name: '留言统计' })).toBeVisible();
    const [y, m] = lastMonth.split('-').map(Number) as [number, number];
    const list = page.getByRole('table', { name: '已发布的每月留言统计' });
    await list.getByRole('link', { name: `${y}年${m}月` }).click();
    await expect(page).toHaveURL(new RegExp(`/stats/messages/${lastMonth}$`));
    await expect(page.getByRole('heading', { level: 1, name: `${y}年${m}月留言统计` })).toBeVisible();
    await expectAxeClean(page, { impact: 'all', tags: null });
    expect((await page.goto('/stats/messages/2026-13'))!.status()).toBe(404);
    expect((await page.goto('/stats/messages/1999-01'))!.status()).toBe(404);
  });
});
