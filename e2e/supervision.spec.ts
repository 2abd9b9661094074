import { readFile } from 'node:fs/promises';
import { type Page } from '@playwright/test';
import { expect, test } from './test';
import { signIn } from './helpers';
import { expectAxeClean } from './support/axe';

/**
 * 督办台 and the inspection radar (issue 14 items 2 and 7): a moderator opens the board, sees a new letter arrive
 * live, filters by risk and by department, downloads the CSV, and finds the radar on the dashboard; a handler has
 * no board.
 */

test.describe.configure({ timeout: 180_000 });

test('a moderator supervises open letters: live board, risk and department filters, CSV, radar; axe-clean', async ({ browser }) => {
  const citizen = await (await browser.newContext()).newPage();
  const moderator = await (await browser.newContext()).newPage();
  const handler = await (await browser.newContext()).newPage();
  await signIn(citizen, 'citizen@example.com');
  await signIn(moderator, 'moderator@example.com');
  await signIn(handler, 'handler@example.com');

  const departments = (await (await citizen.request.get('/api/v1/departments')).json()).items as Array<{ id: string; name: string }>;
  const market = departments.find((d) => d.name === '文化市场管理处')!;
  const write = async (kind: string, title: string) => {
    const created = await citizen.request.post('/api/v1/letters', {
      data: { kind, departmentId: market.id, title, body: '督办台浏览器测试来信的正文，请相关部门核查处理。', consentToPublish: false },
    });
    expect(created.status()).toBe(201);
    return (await created.json()).trackingNo as string;
  };
  // A: accepted into 文化市场管理处 (a complaint: 15 working days, no risk yet); B: awaiting triage (1 working day: due soon).
  const a = await write('complaint', '督办台测试：演出票价虚高');
  expect((await moderator.request.post(`/api/v1/letters/${a}/actions`, { data: { action: 'accept', departmentId: market.id } })).status()).toBe(200);
  const b = await write('inquiry', '督办台测试：博物馆开放时间');

  await moderator.goto('/workspace/moderator');
  await moderator.getByRole('link', { name: '督办台', exact: true }).click();
  await expect(moderator.getByRole('heading', { level: 1, name: '督办台' })).toBeVisible();
  // The browser runs seed a backlog longer than a page (SEED_DEMO_BACKLOG) and the board puts the most urgent first:
  // the newest-first order finds the letters just written.
  await moderator.getByLabel('排序').selectOption('newest');
  await moderator.getByRole('button', { name: '筛选' }).click();
  await expect(moderator).toHaveURL(/sort=newest/);
  const table = moderator.getByRole('table', { name: /在办件 \d+ 件/ });
  // A letter's number (202612040002) is inside an application's of the same day (GK202612040002): match it whole.
  const rowOf = (trackingNo: string) => table.getByRole('row', { name: new RegExp(`(?<![A-Z0-9])${trackingNo}(?![0-9])`) });
  await expect(rowOf(a)).toBeVisible();
  await expect(rowOf(b)).toContainText('即将到期');
  await expect(moderator.getByRole('status').filter({ hasText: '实时更新中' })).toBeVisible();
  await expectAxeClean(moderator, { impact: 'all', tags: null });

  // A new letter appears without a reload.
  const c = await write('suggestion', '督办台测试：增加公共文化活动');
  await expect(rowOf(c)).toBeVisible();
  // So does a new application (application:changed to the board's room).
  const applied = await citizen.request.post('/api/v1/disclosure/applications', {
    data: { applicantType: 'person', applicantName: '陈市民', contactPhone: '13912345678', description: '督办台浏览器测试：请公开 2025 年度演出市场检查情况。', form: 'electronic' },
  });
  expect(applied.status()).toBe(201);
  await expect(rowOf((await applied.json()).trackingNo)).toBeVisible();

  // Risk filter: only the due-soon ones (B and C await triage); A is not due soon.
  await moderator.getByLabel('风险').selectOption('due_soon');
  await moderator.getByRole('button', { name: '筛选' }).click();
  await expect(moderator).toHaveURL(/risk=due_soon/);
  await expect(rowOf(b)).toBeVisible();
  await expect(rowOf(a)).toHaveCount(0);

  // Department filter: A works in 文化市场管理处; B and C have no department yet.
  await moderator.getByLabel('风险').selectOption('');
  await moderator.getByLabel('部门').selectOption({ label: '文化市场管理处' });
  await moderator.getByRole('button', { name: '筛选' }).click();
  await expect(moderator).toHaveURL(new RegExp(`departmentId=${market.id}`));
  await expect(rowOf(a)).toContainText('文化市场管理处');
  await expect(rowOf(b)).toHaveCount(0);
  await expectAxeClean(moderator, { impact: 'all', tags: null });

  // The CSV has the same filter, a BOM for Excel and the letter.
  const [download] = await Promise.all([moderator.waitForEvent('download'), moderator.getByRole('link', { name: /导出 CSV/ }).click()]);
  expect(download.suggestedFilename()).toMatch(/^minsheng-supervision-\d{4}-\d{2}-\d{2}\.csv$/);
  const bytes = await readFile((await download.path())!);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = bytes.toString('utf8');
  expect(text).toContain('类型,编号,标题,办理部门');
  expect(text).toContain(a);
  expect(text).not.toContain(b);

  // The API agrees, and refuses a bad filter.
  const api = await moderator.request.get('/api/v1/supervision?risk=due_soon&sort=newest');
  expect(api.status()).toBe(200);
  const body = await api.json();
  expect(body.items.map((i: { trackingNo: string }) => i.trackingNo)).toEqual(expect.arrayContaining([b, c]));
  expect(body.items.every((i: { risk: string }) => i.risk === 'due_soon')).toBe(true);
  expect((await moderator.request.get('/api/v1/supervision?risk=late')).status()).toBe(422);

  // The radar on the dashboard: every indicator with a status in words and a link.
  await moderator.goto('/workspace/moderator');
  const radar = moderator.getByRole('region', { name: '检查指标雷达' });
  await expect(radar).toBeVisible();
  await expect(radar.getByRole('listitem').filter({ hasText: '意见征集结果反馈' })).toContainText('达标');
  await expect(radar.getByRole('listitem').filter({ hasText: '留言统计 2 个月内更新' })).toContainText(/达标|有风险|不达标/);
  await expect(radar.getByRole('link', { name: '前往处理：留言超过 3 个月未回复' })).toHaveAttribute('href', '/workspace/supervision?risk=days90');
  await expectAxeClean(moderator, { impact: 'all', tags: null });
  const compliance = await moderator.request.get('/api/v1/compliance');
  expect(compliance.status()).toBe(200);
  expect((await compliance.json()).items).toHaveLength(7);

  // A handler has no board (page and API).
  expect((await handler.request.get('/api/v1/supervision')).status()).toBe(403);
  expect((await handler.request.get('/api/v1/compliance')).status()).toBe(403);
  const forbidden = await handler.goto('/workspace/supervision');
  expect(forbidden?.status()).toBe(403);
});
