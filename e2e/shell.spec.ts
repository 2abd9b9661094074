import { expect, test } from './test';
import { axeViolations, expectAxeClean } from './support/axe';

// The home page, /letters, /interviews, /disclosure and six more key pages are checked by axe at 390 and 1366 px, in
// both languages and in 长辈模式, in e2e/mobile-elder.spec.ts; these are the rest of the public shell.
const PUBLIC_PAGES = ['/stats', '/login', '/register', '/no-such-page'];

test.describe('site shell', () => {
  test('header, navigation and footer carry the bureau, its sections and its contact block', async ({ page }) => {
    await page.goto('/');
    const nav = page.getByRole('navigation', { name: '主导航' });
    for (const name of ['首页', '政民互动', '在线访谈', '政府信息公开', '数据统计']) {
      await expect(nav.getByRole('link', { name })).toBeVisible();
    }
    await expect(nav.getByRole('link', { name: '首页' })).toHaveAttribute('aria-current', 'page');
    await expect(page.getByRole('banner')).toContainText('示范市文化和旅游局');
    await expect(page.getByRole('contentinfo')).toContainText('0592-5371909');
    await nav.getByRole('link', { name: '政府信息公开' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '政府信息公开' })).toBeVisible();
    // The catalogue tree comes from the database, including a nested category.
    // (links of the tree: the items listed beside it may name the same categories)
    await expect(page.getByRole('link', { name: '监督投诉', exact: true })).toBeVisible();
    await expect(page.getByRole('link', { name: '政府采购', exact: true })).toBeVisible();
  });

  test('an unknown page gets the Chinese 404 page', async ({ page }) => {
    const response = await page.goto('/no-such-page');
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1, name: '页面不存在（404）' })).toBeVisible();
  });

  test('the skip link is the first stop for the keyboard and moves focus to the main content', async ({ page }) => {
    await page.goto('/letters');
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: '跳到主要内容' });
    await expect(skip).toBeFocused();
    await expect(skip).toBeInViewport();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/#main$/);
    await expect(page.locator('main#main')).toBeFocused();
  });

  test('English can be chosen and stays chosen', async ({ page }) => {
    await page.goto('/');
    await page.getByRole('button', { name: /切换到英文/ }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Letters' })).toBeVisible();
    await page.goto('/disclosure');
    await expect(page.getByRole('heading', { level: 1, name: 'Government information disclosure' })).toBeVisible();
    await page.getByRole('button', { name: /Switch to Chinese/ }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  });

  test('长辈模式 enlarges the text and persists across pages and reloads', async ({ page }) => {
    await page.goto('/');
    const sizeBefore = await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
    // One name; aria-pressed says whether the mode is on (e2e/mobile-elder.spec.ts walks it on a phone).
    const toggle = page.getByRole('button', { name: '长辈模式' });
    await expect(toggle).toHaveAttribute('aria-pressed', 'false');
    await toggle.focus();
    await page.keyboard.press('Enter');
    await expect(page.locator('html')).toHaveClass(/elder/);
    await page.goto('/letters');
    await page.reload();
    await expect(page.locator('html')).toHaveClass(/elder/);
    const sizeAfter = await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
    expect(sizeAfter).toBeGreaterThan(sizeBefore);
    await expect(toggle).toHaveAttribute('aria-pressed', 'true');
    await toggle.click();
    await expect(page.locator('html')).not.toHaveClass(/elder/);
    await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  });
});

test.describe('accessibility (axe-core)', () => {
  for (const path of PUBLIC_PAGES) {
    test(`no serious or critical violation on ${path}`, async ({ page }) => {
      await page.goto(path);
      await expectAxeClean(page);
    });
  }

  for (const [label, cookies] of [
    ['长辈模式', [{ name: 'minsheng-elder', value: '1' }]],
    ['English', [{ name: 'minsheng-locale', value: 'en' }]],
  ] as const) {
    test(`no serious or critical violation in ${label}`, async ({ page, context, baseURL }) => {
      await context.addCookies(cookies.map((c) => ({ ...c, url: baseURL! })));
      for (const path of ['/login', '/register']) {
        await page.goto(path);
        expect((await axeViolations(page)).map((v) => `${path} ${v}`)).toEqual([]);
      }
    });
  }
});
