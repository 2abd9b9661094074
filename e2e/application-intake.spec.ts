import { expect, test } from './test';
import { addWorkingDays, chinaDate, type CalendarRules } from '../lib/calendar/workdays';
import { officialYear } from '../lib/calendar/official';
import { errorSummary, signedInPage } from './helpers';
import { expectAxeClean } from './support/axe';

/**
 * Staff-entered 依申请公开 applications (issue 17 item 1): a moderator enters a paper application received last
 * Friday; the printable receipt shows the tracking number, the query code and the reply due date counted on the
 * working-day calendar from that Friday; on the staff application page the moderator 督办s it (issue 14); the citizen
 * claims it into their account with the number and the code.
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

test('a moderator enters a paper application received last Friday; the receipt shows the calendar due date; the citizen claims it', async ({ browser }) => {
  const received = lastFriday();
  const description = `申请公开 2025 年度演出市场执法检查情况汇总 ${Date.now() % 100000}`;

  const moderator = await signedInPage(browser, 'moderator@example.com');
  await moderator.getByRole('link', { name: '代为登记政府信息公开申请' }).click();
  await expect(moderator.getByRole('heading', { level: 1, name: '代为登记政府信息公开申请' })).toBeVisible();
  await expectAxeClean(moderator);

  // A date in the future is refused at the field, nothing typed is lost.
  await moderator.getByLabel('姓名').fill('赵纸质');
  await moderator.getByLabel('收到申请日期').fill('2099-01-01');
  await moderator.getByRole('button', { name: '登记并打印回执' }).click();
  await expect(errorSummary(moderator)).toContainText('收到日期不能晚于今天');
  await expect(moderator.getByLabel('姓名')).toHaveValue('赵纸质');

  await expect(moderator.getByLabel('申请渠道')).toHaveValue('paper');
  await moderator.getByLabel('收到申请日期').fill(received);
  await moderator.getByLabel(/联系电话/).fill('13812345678');
  await moderator.getByLabel('所需政府信息的内容描述').fill(description);
  await moderator.getByRole('radio', { name: '纸质文本（邮寄）' }).check();
  await moderator.getByLabel(/通信地址/).fill('本市解放路 12 号');
  await moderator.getByRole('button', { name: '登记并打印回执' }).click();

  // The receipt.
  await expect(moderator.getByRole('heading', { level: 1, name: '政府信息公开申请登记回执' })).toBeVisible();
  await expect(moderator).toHaveURL(/\/workspace\/disclosure\/intake\/GK\d{12,13}$/);
  const trackingNo = (await moderator.getByTestId('receipt-tracking-no').textContent())!.trim();
  const queryCode = (await moderator.getByTestId('receipt-query-code').textContent())!.trim();
  expect(queryCode).toMatch(/^\d{6}$/);
  await expect(moderator.getByTestId('receipt-received-on')).toHaveText(received);
  const dueText = (await moderator.getByTestId('receipt-due-on').textContent())!;
  const days = Number(/(\d+) 个工作日/.exec(dueText)![1]);
  const year = Number(received.slice(0, 4));
  const expected = addWorkingDays(received, days, officialRules([year, year + 1]));
  await expect(moderator.getByTestId('receipt-due-on')).toHaveAttribute('data-due', expected);
  expect(dueText).toContain(expected);
  await expect(moderator.getByText('赵纸质：您的政府信息公开申请已登记')).toBeVisible();
  await expectAxeClean(moderator);

  // In the office's queue like any application.
  await moderator.goto(`/workspace/moderator/applications/${trackingNo}`);
  await expect(moderator.getByText(description)).toBeVisible();
  await expect(moderator.getByTestId('application-channel')).toHaveText('纸质申请（信函、传真）');

  // The supervisors' 督办 is on the staff page too (issue 14; 回访 once answered); a 督办 lands on the timeline.
  const supervise = moderator.getByRole('form', { name: '督办' });
  await supervise.getByLabel('督办意见').fill('纸质申请请按期答复');
  await supervise.getByRole('button', { name: '督办' }).click();
  await expect(moderator.locator('.timeline')).toContainText('纸质申请请按期答复');

  // The citizen claims it with the number and the code.
  const citizen = await signedInPage(browser, 'citizen@example.com');
  await citizen.goto('/workspace/citizen/claim');
  await citizen.getByLabel('查询编号').fill(trackingNo);
  await citizen.getByLabel('查询码').fill(queryCode);
  await citizen.getByRole('button', { name: '认领' }).click();
  await expect(citizen).toHaveURL(new RegExp(`/disclosure/applications/${trackingNo}$`));
  await expect(citizen.getByText(description)).toBeVisible();
});
