import { type Page } from '@playwright/test';
import { expect, test } from './test';
import { chinaYear } from '../lib/calendar/workdays';
import { signIn } from './helpers';

/**
 * Print styles (issue 15 item 6; app/globals.css "Print"): a letter, an archive entry and the annual report print as
 * documents — under print media the masthead, navigation, footer, forms and buttons are gone, the text is black on
 * white, and the content is there.
 */

async function expectPrintable(page: Page, content: Array<ReturnType<Page['locator']>>) {
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('banner')).toBeHidden();
  await expect(page.getByRole('contentinfo')).toBeHidden();
  await expect(page.locator('nav:visible')).toHaveCount(0);
  await expect(page.locator('main button:visible, main form:visible')).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  for (const locator of content) await expect(locator).toBeVisible();
  const colours = await page.evaluate(() => {
    const body = getComputedStyle(document.body);
    const h1 = getComputedStyle(document.querySelector('h1')!);
    return { text: body.color, background: body.backgroundColor, heading: h1.color };
  });
  expect(colours).toEqual({ text: 'rgb(0, 0, 0)', background: 'rgb(255, 255, 255)', heading: 'rgb(0, 0, 0)' });
  // And on screen, as before.
  await page.emulateMedia({ media: 'screen' });
  await expect(page.getByRole('banner')).toBeVisible();
}

test.describe.configure({ timeout: 120_000 });

test('a letter prints without the site around it or its forms', async ({ page }) => {
  await signIn(page, 'citizen@example.com');
  await expect(page).toHaveURL(/\/workspace\//, { timeout: 30_000 });
  await page.goto('/workspace/citizen');
  const hrefs = await page.locator('main a').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
  const letter = hrefs.find((h) => /^\/letters\/\d{12,13}$/.test(h));
  expect(letter, 'the demo citizen has a letter').toBeTruthy();
  await page.goto(letter!);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expectPrintable(page, [page.locator('main .facts'), page.locator('main .prewrap').first()]);
});

test('an archive entry prints with its question and answer', async ({ page }) => {
  await page.goto('/archive');
  await page.locator('main a[href^="/archive/"]').first().click();
  await expect(page.getByTestId('entry-answer')).toBeVisible();
  await expectPrintable(page, [page.getByTestId('entry-question'), page.getByTestId('entry-answer')]);
});

test('the annual report prints with its tables', async ({ page }) => {
  // Moderators see a year's report before it is published (the public page is the same page).
  await signIn(page, 'moderator@example.com');
  await expect(page).toHaveURL(/\/workspace\//, { timeout: 30_000 });
  await page.goto(`/disclosure/annual-report/${chinaYear() - 1}`);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expectPrintable(page, [page.getByRole('table', { name: '收到和处理政府信息公开申请情况（单位：件）' })]);
});
