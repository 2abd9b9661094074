import { readFileSync } from 'node:fs';
import { type Browser, type BrowserContext, type Page } from '@playwright/test';
import { expect, test } from './test';
import { signIn } from './helpers';
import { expectAxeClean } from './support/axe';

/**
 * Issue 16 item 6 — subscriptions: a citizen subscribes to an announced interview from its page; when the moderator
 * starts it, the citizen's bell counts the notice without a reload and its link opens the live page. The page's
 * 添加到日历 downloads an iCalendar file; /interviews links the interviews feed.
 */

async function signedIn(browser: Browser, login: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, login);
  await expect(page).toHaveURL(/\/workspace\//);
  return { context, page };
}

async function ok(response: Awaited<ReturnType<Page['request']['post']>>, status = 200) {
  expect(response.status(), await response.text()).toBe(status);
  return response.json();
}

async function unread(page: Page): Promise<number> {
  const bell = page.getByTestId('bell-count');
  return (await bell.count()) ? Number(await bell.textContent()) : 0;
}

test.describe('interviews: subscriptions', () => {
  test('a citizen subscribes; going live rings the bell and its link opens the live page; the .ics downloads', async ({ browser }) => {
    test.setTimeout(120_000);
    const stamp = Date.now() % 100000;
    const title = `全民阅读推广在线访谈 ${stamp}`;

    const moderator = await signedIn(browser, 'moderator@example.com');
    const leader = await signedIn(browser, 'leader@example.com');
    const leaderId = (await (await leader.page.request.get('/api/auth/session')).json()).user.id as string;
    const start = new Date(Date.now() + 60 * 60_000);
    const { id, slug } = (await ok(
      await moderator.page.request.post('/api/v1/interviews', {
        data: {
          title,
          summary: '局领导介绍全民阅读推广活动安排，并回答市民关心的问题。',
          guestIds: [leaderId],
          scheduledStart: start.toISOString(),
          scheduledEnd: new Date(start.getTime() + 60 * 60_000).toISOString(),
        },
      }),
      201,
    )) as { id: string; slug: string };
    const act = async (action: string) => ok(await moderator.page.request.post(`/api/v1/interviews/${id}/actions`, { data: { action } }));

    // A draft has no calendar file.
    expect((await moderator.page.request.get(`/interviews/${slug}/calendar.ics`)).status()).toBe(404);
    await act('announce');

    // A visitor is offered to sign in to subscribe; /interviews links its feed.
    const visitor = await (await browser.newContext()).newPage();
    await visitor.goto('/interviews');
    await expect(visitor.locator('link[rel="alternate"][type="application/rss+xml"]')).toHaveAttribute('href', /\/feeds\/interviews\.xml$/);
    const feed = await visitor.request.get('/feeds/interviews.xml');
    expect(feed.status()).toBe(200);
    expect(await feed.text()).toContain(`【预告】${title}`);
    await visitor.goto(`/interviews/${slug}`);
    await expect(visitor.getByTestId('participation').getByRole('link', { name: '登录后订阅提醒' })).toBeVisible();

    // The citizen subscribes (the state survives a reload), and can take it back and subscribe again.
    const citizen = await signedIn(browser, 'citizen@example.com');
    const page = citizen.page;
    await page.goto(`/interviews/${slug}`);
    const button = page.getByTestId('subscribe-button');
    await expect(button).toHaveText('订阅提醒');
    await button.click();
    await expect(button).toHaveText('取消订阅');
    await expect(page.getByTestId('subscription-state')).toContainText('已订阅');
    await page.reload();
    await expect(button).toHaveText('取消订阅');
    await button.click();
    await expect(button).toHaveText('订阅提醒');
    await expect(page.getByTestId('subscription-state')).toContainText('已取消订阅');
    await button.click();
    await expect(button).toHaveText('取消订阅');
    await expectAxeClean(page);

    // 添加到日历: an iCalendar file named after the interview.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('calendar-link').click()]);
    expect(download.suggestedFilename()).toBe(`interview-${slug}.ics`);
    const ics = readFileSync((await download.path())!, 'utf8');
    expect(ics.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    const lines = ics.replace(/\r\n /g, '').split('\r\n');
    expect(lines).toContain('BEGIN:VEVENT');
    expect(lines).toContain(`SUMMARY:在线访谈：${title}`);
    expect(lines.find((l) => l.startsWith('URL:'))).toMatch(new RegExp(`/interviews/${slug}$`));

    // The moderator starts it: the citizen's bell counts the notice without a reload.
    const before = await unread(page);
    await act('go_live');
    await expect(page.getByTestId('bell-count')).toHaveText(String(before + 1));

    // The notice's link opens the live page.
    await page.goto('/notifications');
    const notice = page.getByRole('link', { name: `您订阅的在线访谈正在直播：${title}` }).first();
    await expect(notice).toBeVisible();
    await notice.click();
    await expect(page).toHaveURL(`/interviews/${slug}`);
    await expect(page.getByTestId('interview-status')).toHaveText('直播中');
  });
});
