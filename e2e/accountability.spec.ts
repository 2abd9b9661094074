import { type Page } from '@playwright/test';
import { expect, test } from './test';
import { signIn, signedInPage } from './helpers';
import { chinaDate } from '../lib/calendar/workdays';

/**
 * The accountability loop in the browser (issue 14): a citizen presses 催办 on an overdue letter, a moderator 督办s
 * it, the handler answers, the citizen rates 不满意 with a reason → 重办 → the handler answers again → 满意.
 * The overdue letter is the demo seed's 文化馆公益培训班如何报名 (an inquiry accepted 13 days before seeding), found
 * by its title through the API and opened by its tracking number, whatever other specs did before.
 */

const TITLE = '文化馆公益培训班如何报名';
// Four people and eleven steps: 32 s on a quiet machine, over a minute with the two CI runs side by side.
test.describe.configure({ timeout: 180_000 });


async function trackingNoOf(page: Page, title: string): Promise<string> {
  for (let n = 1; n <= 50; n++) {
    const response = await page.request.get(`/api/v1/letters?scope=mine&page=${n}`);
    expect(response.status()).toBe(200);
    const body = await response.json() as { items: Array<{ trackingNo: string; title: string }>; total: number; pageSize: number };
    const found = body.items.find((l) => l.title === title);
    if (found) return found.trackingNo;
    if (n * body.pageSize >= body.total) break;
  }
  throw new Error(`no letter titled ${title}`);
}

interface Figures { department: string; cases: number; urged: number; supervised: number }

/** 文化市场管理处's 三率 figures this Beijing month, from the public API the page is drawn from. */
async function marketThisMonth(page: Page): Promise<Figures & { year: number; month: number }> {
  const [year, month] = chinaDate(new Date()).split('-').map(Number) as [number, number];
  const response = await page.request.get(`/api/v1/stats/departments?year=${year}&month=${month}`);
  expect(response.status()).toBe(200);
  const items = (await response.json() as { items: Figures[] }).items;
  const market = items.find((i) => i.department === '文化市场管理处') ?? { department: '文化市场管理处', cases: 0, urged: 0, supervised: 0 };
  return { ...market, year, month };
}

test('催办 → 督办 → answer → 不满意 → 重办 → answer again → 满意; the department’s 三率 count it', async ({ browser }) => {
  const citizen = await signedInPage(browser, 'citizen@example.com');
  const before = await marketThisMonth(citizen);
  const trackingNo = await trackingNoOf(citizen, TITLE);
  await citizen.goto(`/letters/${trackingNo}`);
  await expect(citizen.getByTestId('letter-status')).toHaveText('办理中');

  // 催办: the letter is past its due date.
  await citizen.getByRole('button', { name: '催办', exact: true }).click();
  await expect(citizen.getByTestId('urge-unavailable')).toContainText('再次催办');
  await expect(citizen.getByRole('list').getByText('催办', { exact: true }).first()).toBeVisible();

  // 督办 by a moderator, with a note staff see.
  const moderator = await signedInPage(browser, 'moderator@example.com');
  await moderator.goto(`/letters/${trackingNo}`);
  await moderator.getByLabel('督办意见').fill('来信已超期，请文化市场管理处三日内答复。');
  await moderator.getByRole('button', { name: '督办', exact: true }).click();
  await expect(moderator.getByText('督办意见：来信已超期，请文化市场管理处三日内答复。', { exact: false })).toBeVisible();

  // The handler answers.
  const handler = await signedInPage(browser, 'handler@example.com');
  await handler.goto(`/letters/${trackingNo}`);
  await handler.getByRole('textbox', { name: '答复内容' }).fill('您好！文化馆公益培训班在文化馆一楼服务台报名，不收费，书法班面向十岁以上市民。');
  await handler.getByRole('button', { name: '发布答复' }).click();
  await expect(handler.getByTestId('letter-status')).toHaveText('已答复');

  // 不满意 with a reason: back to the department as 重办.
  await citizen.goto(`/letters/${trackingNo}`);
  await expect(citizen.getByTestId('letter-status')).toHaveText('已答复');
  await citizen.getByRole('radio', { name: '不满意', exact: true }).check();
  await citizen.getByLabel('意见（选填）').fill('没有说明舞蹈班的报名时间');
  await citizen.getByRole('button', { name: '提交评价' }).click();
  await expect(citizen.getByTestId('letter-status')).toHaveText('办理中');
  await expect(citizen.getByText('评价不满意，退回重办', { exact: false })).toBeVisible();

  // The handler answers again; the citizen is satisfied.
  await handler.goto(`/letters/${trackingNo}`);
  await handler.getByRole('textbox', { name: '答复内容' }).fill('补充答复：舞蹈班每年三月和九月开放报名，可在文化馆公众号预约。');
  await handler.getByRole('button', { name: '发布答复' }).click();
  await expect(handler.getByTestId('letter-status')).toHaveText('已答复');

  await citizen.goto(`/letters/${trackingNo}`);
  await citizen.getByRole('radio', { name: '满意', exact: true }).check();
  await citizen.getByRole('button', { name: '提交评价' }).click();
  await expect(citizen.getByTestId('letter-status')).toHaveText('已办结');
  // No second 重办: the page offers no reopening either.
  await expect(citizen.getByRole('button', { name: '申请', exact: true })).toHaveCount(0);

  // The department's 三率 this month count both answers, the 催办 and the 督办; the public page shows the same.
  const after = await marketThisMonth(citizen);
  expect(after).toMatchObject({ cases: before.cases + 2, urged: before.urged + 1, supervised: before.supervised + 1 });
  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto(`/stats/departments?year=${after.year}&month=${after.month}`);
  const row = visitor.getByRole('table', { name: `${after.year}年${after.month}月各部门三率` }).getByRole('row', { name: /^文化市场管理处/ });
  await expect(row.getByRole('cell').nth(0)).toHaveText(String(after.cases));
});
