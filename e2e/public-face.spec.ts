import { type Page } from '@playwright/test';
import { expect, test } from './test';
import { signedInPage } from './helpers';
import { expectAxeClean } from './support/axe';

/**
 * The public face (issue 15): the 政民互动 board lists an answer as soon as a moderator publishes it, with the
 * writer's rating; the home page's live banner appears when an interview goes live and disappears when it ends,
 * without a reload. Everything is driven through the API as the staff would; the pages are found by search and by
 * the interview's own title, never by position.
 */

async function ok(response: Awaited<ReturnType<Page['request']['post']>>, status = 200): Promise<any> {
  expect(response.status(), await response.text()).toBe(status);
  return response.json();
}

test.describe('the public face', () => {
  test('the 政民互动 board lists a newly published answer with its rating, masked, linking to its entry', async ({ browser }) => {
    test.setTimeout(120_000);
    const stamp = String(Date.now() % 1_000_000).padStart(6, '0');
    const title = `古筝培训班退费问题 ${stamp}`;
    const citizen = await signedInPage(browser, 'citizen@example.com');
    const moderator = await signedInPage(browser, 'moderator@example.com');
    const handler = await signedInPage(browser, 'handler@example.com');

    const departments = (await (await citizen.request.get('/api/v1/departments')).json()).items as Array<{ id: string; name: string }>;
    const market = departments.find((d) => d.name === '文化市场管理处')!;
    const { trackingNo } = await ok(await citizen.request.post('/api/v1/letters', {
      data: { kind: 'complaint', departmentId: market.id, title, body: '培训班停课后拒绝退费，我的手机 13912345678，请核查处理。', consentToPublish: true },
    }), 201);
    await ok(await moderator.request.post(`/api/v1/letters/${trackingNo}/actions`, { data: { action: 'accept', departmentId: market.id } }));
    await ok(await handler.request.post(`/api/v1/letters/${trackingNo}/actions`, { data: { action: 'reply', body: '经核查，培训班已按合同退还剩余学费。' } }));
    await ok(await citizen.request.post(`/api/v1/letters/${trackingNo}/actions`, { data: { action: 'rate', rating: 'satisfied' } }));

    // Not on the board before it is published.
    const visitor = await (await browser.newContext()).newPage();
    await visitor.goto(`/letters?q=${stamp}`);
    await expect(visitor.getByTestId('board-item').filter({ hasText: title })).toHaveCount(0);

    // The moderator drafts, categorises and publishes it (the archive API).
    const draft = await ok(await moderator.request.post('/api/v1/archive/entries', { data: { letter: trackingNo } }), 201);
    const categorised = await ok(await moderator.request.patch(`/api/v1/archive/entries/${draft.id}`, { data: { version: draft.version, category: '10' } }));
    await ok(await moderator.request.post(`/api/v1/archive/entries/${draft.id}/actions`, { data: { action: 'publish', version: categorised.version } }));

    // A visitor finds it on the board by search, with the writer's rating, the masked text and the dates.
    await visitor.goto('/letters');
    await expect(visitor.getByTestId('limit-inquiry')).toHaveText(/\d+ 个工作日/);
    await visitor.getByLabel('关键词').fill(stamp);
    await visitor.getByRole('button', { name: '查找', exact: true }).click();
    await expect(visitor).toHaveURL(new RegExp(`q=${stamp}`));
    const item = visitor.getByTestId('board-item').filter({ hasText: title });
    await expect(item).toHaveCount(1);
    await expect(item.getByTestId('board-rating')).toHaveText('评价：满意');
    await expect(item).toContainText('文化市场管理处');
    await expect(item).toContainText('来信 ');
    await expect(item).toContainText('答复 ');
    await expect(item).toContainText('139****5678');
    await expect(visitor.locator('main')).not.toContainText('13912345678');
    await expect(visitor.locator('main')).not.toContainText(trackingNo);
    await expectAxeClean(visitor);
    // Filtered by another rating, it is not there; the empty state says so.
    await visitor.goto(`/letters?q=${stamp}&rating=unsatisfied`);
    await expect(visitor.getByTestId('board-item')).toHaveCount(0);
    await expect(visitor.getByText('没有找到符合条件的公开答复')).toBeVisible();
    // Sharing tags.
    expect(await visitor.locator('meta[property="og:site_name"]').getAttribute('content')).toContain('民声');
    expect(await visitor.locator('meta[property="og:title"]').getAttribute('content')).toBe('政民互动');

    await visitor.goto(`/letters?q=${stamp}`);
    await item.getByRole('link', { name: title }).click();
    await expect(visitor).toHaveURL(new RegExp(`/archive/${draft.id}$`));
    await expect(visitor.getByTestId('entry-rating')).toHaveText('满意');
  });

  test('the home page\'s live banner appears when an interview goes live and disappears when it ends', async ({ browser }) => {
    test.setTimeout(120_000);
    const title = `城市书房夜间开放在线访谈 ${Date.now() % 100000}`;
    const moderator = await signedInPage(browser, 'moderator@example.com');
    const leader = await signedInPage(browser, 'leader@example.com');
    const leaderId = (await (await leader.request.get('/api/auth/session')).json()).user.id as string;
    const start = new Date(Date.now() + 5 * 60_000);
    const { id } = await ok(await moderator.request.post('/api/v1/interviews', {
      data: {
        title, summary: '局领导介绍城市书房夜间开放安排，并回答市民关心的问题。', guestIds: [leaderId],
        scheduledStart: start.toISOString(), scheduledEnd: new Date(start.getTime() + 60 * 60_000).toISOString(),
      },
    }), 201);
    const act = async (action: string) => ok(await moderator.request.post(`/api/v1/interviews/${id}/actions`, { data: { action } }));
    await act('announce');

    const visitor = await (await browser.newContext()).newPage();
    await visitor.goto('/');
    const banner = visitor.getByTestId('live-banner');
    await expect(banner).toHaveAttribute('data-state', 'live');
    const liveNow = banner.getByTestId('live-now').filter({ hasText: title });
    await expect(liveNow).toHaveCount(0);

    await act('go_live');
    await expect(liveNow).toBeVisible();
    await expect(liveNow.getByRole('link', { name: title, exact: true })).toHaveAttribute('href', /^\/interviews\//);
    await expectAxeClean(visitor);

    await act('end');
    await expect(liveNow).toHaveCount(0);

    // The home page's other parts, and the icons and manifest every page links.
    await expect(visitor.getByRole('link', { name: '我要写信' }).first()).toBeVisible();
    await expect(visitor.getByTestId('home-limits')).toHaveText(/咨询 \d+ 个工作日/);
    await visitor.getByLabel('查找答复、访谈实录和公开信息').fill('门票');
    await visitor.getByRole('button', { name: '查公开目录' }).click();
    await expect(visitor).toHaveURL(/\/disclosure\?q=/);
    for (const path of ['/favicon.ico', '/icon.svg', '/apple-touch-icon.png']) expect((await visitor.request.get(path)).status(), path).toBe(200);
    const manifest = await (await visitor.request.get('/manifest.webmanifest')).json();
    expect(manifest).toMatchObject({ short_name: '民声', start_url: '/' });
  });
});
