import type { Browser, Page } from '@playwright/test';
import { signIn } from './helpers';
import { expect, test } from './test';

/**
 * Issue 15, items 3 and 4 (the rest): at 390 px the admin and staff lists are card rows (table-cards) and no page
 * scrolls sideways, with targets in the cards ≥ 44 px; the main menu opens without JavaScript; the sticky 提问
 * button of a live interview hides while the ask form is on screen.
 */

const PHONE = { width: 390, height: 844 };

async function phonePage(browser: Browser, login: string): Promise<Page> {
  const context = await browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  await signIn(page, login);
  await expect(page).toHaveURL(/\/workspace\//, { timeout: 30_000 });
  return page;
}

/** What is wrong with the page at phone width: sideways scroll, tables not shown as cards, small targets in cards. */
async function phoneProblems(page: Page, path: string): Promise<string[]> {
  const response = await page.goto(path);
  expect(response?.status(), path).toBe(200);
  return page.evaluate((path) => {
    const problems: string[] = [];
    const overflow = document.documentElement.scrollWidth - window.innerWidth;
    if (overflow > 0) problems.push(`${path}: scrolls sideways by ${overflow}px`);
    const tables = [...document.querySelectorAll<HTMLTableElement>('main table')].filter((t) => t.getClientRects().length > 0);
    for (const table of tables) {
      // A table without cards keeps its grid inside a scroll region.
      if (!table.classList.contains('table-cards')) {
        if (!table.closest('.table-scroll, [role="region"]')) problems.push(`${path}: a table neither cards nor in a scroll region`);
        continue;
      }
      if (getComputedStyle(table).display !== 'block') problems.push(`${path}: table-cards not shown as cards`);
      const targets = [...table.querySelectorAll<HTMLElement>('a, button, select, summary, input:not([type="hidden"], [type="checkbox"], [type="radio"])')]
        .filter((el) => el.getClientRects().length > 0 && !el.closest('p'));
      for (const el of targets) {
        const h = el.getBoundingClientRect().height;
        if (h < 43.5) problems.push(`${path}: small target ${el.tagName.toLowerCase()} “${(el.textContent ?? '').trim().slice(0, 20)}” ${h.toFixed(1)}px`);
      }
    }
    return problems;
  }, path);
}

test('admin and staff lists at 390 px: card rows, no sideways scroll, 44 px targets', async ({ browser }) => {
  test.setTimeout(180_000);
  const year = new Date().getFullYear() - 1;
  const problems: string[] = [];
  const admin = await phonePage(browser, 'admin@example.com');
  for (const path of ['/workspace/admin', '/workspace/admin/staff', '/workspace/admin/departments', '/workspace/admin/tokens',
    '/workspace/admin/outbox', '/workspace/admin/topics', '/workspace/admin/categories', '/workspace/admin/calendar']) {
    problems.push(...await phoneProblems(admin, path));
  }
  // The lists really are there (the demo seed fills them): a staff row is a card led by the person's name.
  await admin.goto('/workspace/admin/staff');
  const firstRow = admin.locator('table.table-cards tbody tr').first();
  await expect(firstRow).toBeVisible();
  expect(await firstRow.evaluate((tr) => getComputedStyle(tr).flexDirection)).toBe('column');
  expect(await firstRow.locator('td').first().evaluate((td) => getComputedStyle(td, '::before').content)).toContain('：');

  const moderator = await phonePage(browser, 'moderator@example.com');
  for (const path of ['/workspace/moderator/annual-report', `/workspace/moderator/annual-report/${year}`, `/disclosure/annual-report/${year}`, '/workspace/moderator/archive',
    '/workspace/moderator/archive?tab=published', '/workspace/moderator/archive/log', '/workspace/moderator/disclosure',
    '/workspace/moderator/consultations', '/workspace/supervision', '/workspace/bulletins']) {
    problems.push(...await phoneProblems(moderator, path));
  }
  expect(problems).toEqual([]);

  // The statutory annual report's tables are cards too: a figure is led by its full header, both levels.
  await moderator.goto(`/disclosure/annual-report/${year}`);
  const applications = moderator.getByTestId('report-applications');
  expect(await applications.evaluate((t) => getComputedStyle(t).display)).toBe('block');
  const before = (cell: number) => applications.getByRole('row', { name: /一、本年新收政府信息公开申请数量/ }).locator('td').nth(cell).evaluate((td) => getComputedStyle(td, '::before').content);
  expect(await before(1)).toBe('"法人或其他组织 · 商业企业："');
  expect(await before(6)).toBe('"总计："');
  const review = moderator.getByTestId('report-reviews').locator('td').nth(5);
  expect(await review.evaluate((td) => getComputedStyle(td, '::before').content)).toBe('"行政诉讼 · 未经复议直接起诉 · 结果维持："');
});

test('under 600 px the main menu opens without JavaScript (a checkbox and its label), and with it', async ({ browser }) => {
  const context = await browser.newContext({ viewport: PHONE, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/letters');
  const nav = page.getByRole('navigation', { name: '主导航' });
  await expect(nav).toBeHidden();
  const toggle = page.getByRole('checkbox', { name: '菜单' });
  await expect(toggle).toHaveAttribute('aria-controls', 'site-menu');
  await page.locator('label.menu-button').click();
  await expect(toggle).toBeChecked();
  await expect(nav.getByRole('link', { name: '政民互动' })).toBeVisible();
  // By keyboard too: the checkbox takes focus and Space folds the menu away again.
  await toggle.focus();
  await page.keyboard.press('Space');
  await expect(nav).toBeHidden();
  // Following a link works without JavaScript (a plain page load).
  await page.keyboard.press('Space');
  await nav.getByRole('link', { name: '在线访谈' }).click();
  await expect(page).toHaveURL(/\/interviews$/);

  // With JavaScript the checkbox gives way to the button (aria-expanded), as before.
  const withJs = await browser.newPage({ viewport: PHONE });
  await withJs.goto('/letters');
  const button = withJs.getByRole('button', { name: '菜单' });
  await expect(button).toHaveAttribute('aria-expanded', 'false');
  await expect(withJs.getByRole('checkbox', { name: '菜单' })).toHaveCount(0);
  await button.click();
  await expect(button).toHaveAttribute('aria-expanded', 'true');
  await expect(withJs.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '政民互动' })).toBeVisible();
});

test('the sticky 提问 button hides while the ask form is on screen; without JavaScript it is a link to the form', async ({ browser }) => {
  test.setTimeout(90_000);
  const moderator = await phonePage(browser, 'moderator@example.com');
  const leader = await phonePage(browser, 'leader@example.com');
  const leaderId = (await (await leader.request.get('/api/auth/session')).json()).user.id as string;
  const start = new Date(Date.now() - 10 * 60_000);
  const created = await moderator.request.post('/api/v1/interviews', {
    data: {
      title: `手机提问按钮测试 ${Date.now() % 100000}`,
      summary: '检查手机上的提问按钮在提问表单可见时隐藏。',
      guestIds: [leaderId],
      scheduledStart: start.toISOString(),
      scheduledEnd: new Date(start.getTime() + 90 * 60_000).toISOString(),
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { id, slug } = (await created.json()) as { id: string; slug: string };
  for (const action of ['announce', 'go_live']) {
    const acted = await moderator.request.post(`/api/v1/interviews/${id}/actions`, { data: { action } });
    expect(acted.status(), await acted.text()).toBe(200);
  }

  // A visitor on a phone: the button is there at the top of the page (the form is below the transcript) …
  const visitor = await browser.newPage({ viewport: { width: 390, height: 700 } });
  await visitor.goto(`/interviews/${slug}`);
  const jump = visitor.getByTestId('ask-jump');
  await expect(jump).toBeVisible();
  // … goes while the ask section is in view …
  await visitor.locator('#interview-ask').scrollIntoViewIfNeeded();
  await expect(jump).toBeHidden();
  // … and comes back when the reader scrolls up to the transcript.
  await visitor.evaluate(() => window.scrollTo(0, 0));
  await expect(jump).toBeVisible();
  await jump.click();
  await expect(jump).toBeHidden();

  // Without JavaScript: a plain link to the form.
  const noJs = await (await browser.newContext({ viewport: { width: 390, height: 700 }, javaScriptEnabled: false })).newPage();
  await noJs.goto(`/interviews/${slug}`);
  const link = noJs.getByRole('link', { name: '提问' }).and(noJs.getByTestId('ask-jump'));
  await expect(link).toHaveAttribute('href', '#interview-ask');
  await expect(link).toBeVisible();

  const ended = await moderator.request.post(`/api/v1/interviews/${id}/actions`, { data: { action: 'end' } });
  expect(ended.status(), await ended.text()).toBe(200);
});
