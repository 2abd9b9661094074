import { expect, test } from './test';
import { addWorkingDays, chinaDate, type CalendarRules } from '../lib/calendar/workdays';
import { officialYear } from '../lib/calendar/official';
import { errorSummary, signedInPage } from './helpers';
import { expectAxeClean } from './support/axe';

/**
 * Staff-entered letters (issue 17 item 1): a handler enters a phone call on behalf of a person with a received date
 * of last Friday; the printable receipt shows the tracking number, the query code and the due date that follows the
 * working-day calendar from that Friday; the queue filters by channel; the citizen claims the letter into their
 * account with the number and the code.
 */

const DAY = 86_400_000;

/** The Beijing date of the last Friday before today (a week ago when today is a Friday). */
function lastFriday(now = new Date()): string {
  const today = chinaDate(now);
  const weekday = new Date(`${today}T00:00:00Z`).getUTCDay();
  const back = ((weekday - 5 + 7) % 7) || 7;
  return chinaDate(new Date(now.getTime() - back * DAY));
}

/** The calendar the demo seed loads (lib/seed/reference: the official days of each year). */
function officialRules(years: number[]): CalendarRules {
  const days = years.flatMap((y) => officialYear(y).days);
  return {
    holidays: new Set(days.filter((d) => d.kind === 'holiday').map((d) => d.day)),
    workdays: new Set(days.filter((d) => d.kind === 'workday').map((d) => d.day)),
  };
}

test.describe.configure({ timeout: 180_000 });

test('a handler enters a phone call received last Friday; the receipt shows the calendar due date; the citizen claims it', async ({ browser }) => {
  const received = lastFriday();
  const title = `来电咨询演出退票 ${Date.now() % 100000}`;

  const handler = await signedInPage(browser, 'handler@example.com');
  await handler.getByRole('link', { name: '代为登记来信' }).click();
  await expect(handler.getByRole('heading', { level: 1, name: '代为登记来信' })).toBeVisible();
  await expectAxeClean(handler);

  // Sent half filled in: the error summary names what is missing, and nothing typed is lost.
  await handler.getByLabel('姓名').fill('王来电');
  await handler.getByRole('button', { name: '登记并打印回执' }).click();
  await expect(errorSummary(handler)).toBeVisible();
  await expect(errorSummary(handler)).toContainText('标题至少 5 个字');
  await expect(handler.getByLabel('姓名')).toHaveValue('王来电');

  await handler.getByLabel('电话（可选）').fill('13912345678');
  await handler.getByRole('radio', { name: '不同意公开' }).check();
  await expect(handler.getByLabel('来信渠道')).toHaveValue('phone');
  await handler.getByLabel('收到日期').fill(received);
  await handler.getByRole('radio', { name: '咨询' }).check();
  await expect(handler.getByLabel('承办部门')).toContainText('文化市场管理处');
  await handler.getByLabel('标题').fill(title);
  await handler.getByLabel('内容', { exact: true }).fill('来电人反映在本市某剧场购买的演出门票因演出取消无法退款，询问应当向哪个部门申请退款。');
  await handler.getByRole('button', { name: '登记并打印回执' }).click();

  // The receipt.
  await expect(handler.getByRole('heading', { level: 1, name: '来信登记回执' })).toBeVisible();
  await expect(handler).toHaveURL(/\/workspace\/letters\/intake\/\d{12,13}$/);
  const trackingNo = (await handler.getByTestId('receipt-tracking-no').textContent())!.trim();
  const queryCode = (await handler.getByTestId('receipt-query-code').textContent())!.trim();
  expect(queryCode).toMatch(/^\d{6}$/);
  await expect(handler.getByTestId('receipt-received-on')).toHaveText(received);
  const dueText = (await handler.getByTestId('receipt-due-on').textContent())!;
  const days = Number(/(\d+) 个工作日/.exec(dueText)![1]);
  const year = Number(received.slice(0, 4));
  const expected = addWorkingDays(received, days, officialRules([year, year + 1]));
  await expect(handler.getByTestId('receipt-due-on')).toHaveAttribute('data-due', expected);
  expect(dueText).toContain(expected);
  await expect(handler.getByText('王来电：您反映的问题已登记')).toBeVisible();
  await expect(handler.getByRole('button', { name: '打印回执' })).toBeVisible();
  await expectAxeClean(handler);

  // In the department's queue, filtered by channel, marked 电话.
  await handler.goto('/workspace/handler');
  await handler.getByLabel('来信渠道').selectOption('phone');
  await handler.getByRole('button', { name: '筛选' }).click();
  await expect(handler).toHaveURL(/channel=phone/);
  const row = handler.getByTestId('letter-row').filter({ hasText: trackingNo });
  await expect(row).toBeVisible();
  await expect(row.getByTestId('letter-channel')).toHaveText('电话');
  await handler.goto('/workspace/handler?channel=paper');
  await expect(handler.getByTestId('letter-row').filter({ hasText: trackingNo })).toHaveCount(0);

  // The citizen claims it: a wrong code first, then the right one.
  const citizen = await signedInPage(browser, 'citizen@example.com');
  await citizen.getByRole('link', { name: '认领代为登记的来信' }).click();
  await expect(citizen.getByRole('heading', { level: 1, name: '认领来信' })).toBeVisible();
  await expectAxeClean(citizen);
  await citizen.getByLabel('查询编号').fill(trackingNo);
  await citizen.getByLabel('查询码').fill(queryCode === '000000' ? '000001' : '000000');
  await citizen.getByRole('button', { name: '认领' }).click();
  await expect(errorSummary(citizen)).toContainText('查询编号或查询码不正确');
  await citizen.getByLabel('查询码').fill(queryCode);
  await citizen.getByRole('button', { name: '认领' }).click();
  await expect(citizen).toHaveURL(new RegExp(`/letters/${trackingNo}$`));
  await expect(citizen.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await citizen.goto('/workspace/citizen');
  await expect(citizen.getByTestId('letter-row').filter({ hasText: trackingNo })).toBeVisible();
});
