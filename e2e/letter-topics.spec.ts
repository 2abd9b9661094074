import type { Page } from '@playwright/test';
import { expect, test } from './test';
import { signedInPage } from './helpers';
import { expectAxeClean } from './support/axe';

/**
 * 诉求分类 (issue 17 item 3): a citizen writes about a scenic spot's tickets, sees the suggested topic and uses it
 * (which preselects the tourism division), picks a district and sends; the moderator routes it to the cultural
 * market division, whose handler corrects the topic on the letter page; /stats/letters counts it under the corrected
 * topic and the district. The rules behind each step: test/letter-topics.test.ts.
 */

/** The count in /stats/letters' table `testId` for the row named `name` (0 when the row is not there). */
async function countIn(page: Page, testId: string, name: string): Promise<number> {
  await page.goto('/stats/letters');
  return page.evaluate(([id, label]) => {
    const rows = [...document.querySelectorAll(`[data-testid="${id}"] > tbody > tr`)];
    const row = rows.find((r) => r.querySelector(':scope > th')?.textContent?.trim() === label);
    return row ? Number(row.querySelector(':scope > td')?.textContent ?? 0) : 0;
  }, [testId, name] as const);
}

test('a citizen uses the suggested topic and a district; a handler corrects the topic; /stats/letters counts it', async ({ browser }) => {
  test.setTimeout(120_000);
  const citizen = await signedInPage(browser, 'citizen@example.com');
  const moderator = await signedInPage(browser, 'moderator@example.com');
  const handler = await signedInPage(browser, 'handler@example.com');
  const marketBefore = await countIn(moderator, 'letters-by-topic', '文化市场');
  const simingBefore = await countIn(moderator, 'letters-by-district', '思明区');

  await citizen.goto('/letters/new');
  await citizen.getByRole('radio', { name: '投诉' }).check();
  await citizen.getByLabel('标题').fill(`景区门票预约不上 ${Date.now() % 100000}`);
  await citizen.getByLabel('内容', { exact: true }).fill('五一期间想去鼓浪屿，网上门票预约一直显示已满，现场也买不到票，请问还有什么购票渠道？');
  const suggestions = citizen.getByTestId('topic-suggestions');
  await expect(suggestions).toContainText('旅游市场 > 景区管理 > 门票与预约');
  await expect(suggestions).toContainText('匹配：');
  await suggestions.getByRole('button', { name: '选用“门票与预约”' }).click();
  await expect(citizen.getByLabel('诉求分类（可选）')).toHaveValue(/\d+/);
  // The topic's department is preselected: the writer had not chosen one.
  await expect(citizen.getByLabel('写给哪个部门').locator('option:checked')).toHaveText('旅游发展处');
  await citizen.getByLabel('所在区（可选）').selectOption({ label: '思明区' });
  await citizen.getByLabel('具体地点（可选）').fill('鼓浪屿');
  await citizen.getByRole('radio', { name: '不同意公开' }).check();
  await expectAxeClean(citizen);
  await citizen.getByRole('button', { name: '预览' }).click();
  await expect(citizen.getByRole('heading', { name: '请确认信件内容' })).toBeVisible();
  await expect(citizen.getByText('旅游市场 > 景区管理 > 门票与预约')).toBeVisible();
  await citizen.getByRole('button', { name: '确认提交' }).click();
  await expect(citizen.getByRole('heading', { name: '来信已提交' })).toBeVisible();
  const trackingNo = (await citizen.getByTestId('tracking-no').textContent())!.trim();

  await citizen.goto(`/letters/${trackingNo}`);
  await expect(citizen.getByTestId('letter-topic')).toHaveText('旅游市场 > 景区管理 > 门票与预约');
  await expect(citizen.getByTestId('letter-district')).toHaveText('思明区');
  await expect(citizen.getByRole('form', { name: '更正诉求分类' })).toHaveCount(0);

  // The moderator routes it to the cultural market division (the tickets were for a show in the scenic area).
  const departments = (await (await moderator.request.get('/api/v1/departments')).json()).items as Array<{ id: string; name: string }>;
  const market = departments.find((d) => d.name === '文化市场管理处')!;
  expect((await moderator.request.post(`/api/v1/letters/${trackingNo}/actions`, { data: { action: 'accept', departmentId: market.id } })).status()).toBe(200);

  await handler.goto(`/letters/${trackingNo}`);
  const form = handler.getByRole('form', { name: '更正诉求分类' });
  await form.getByLabel('诉求分类').selectOption({ label: '文化市场 > 演出市场' });
  await form.getByRole('button', { name: '保存分类' }).click();
  await expect(handler.getByTestId('letter-topic')).toHaveText('文化市场 > 演出市场');
  await expect(handler.getByRole('region', { name: '办理过程' })).toContainText('旅游市场 > 景区管理 > 门票与预约 → 文化市场 > 演出市场');

  expect(await countIn(moderator, 'letters-by-topic', '文化市场')).toBe(marketBefore + 1);
  expect(await countIn(moderator, 'letters-by-district', '思明区')).toBe(simingBefore + 1);
  // Drill-down to the second level.
  const drill = moderator.getByTestId('topic-drill-down').filter({ hasText: '文化市场：按二级分类' });
  await drill.locator('summary').click();
  await expect(drill.getByRole('rowheader', { name: '演出市场', exact: true })).toBeVisible();
  await expectAxeClean(moderator);
});
