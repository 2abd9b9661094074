import { type Browser, type BrowserContext, type Page } from '@playwright/test';
import { expect, test } from './test';
import { signIn } from './helpers';
import { expectAxeClean } from './support/axe';

/**
 * 现场投票 (issue 16, item 4): in a live interview the moderator opens a poll from the console; a visitor (by its
 * signed device cookie) and a citizen (by account) vote on the public page; the counts reach an open page live and a
 * late joiner sees the same counts from the event log; once closed, the poll and its final counts are in the 文字实录.
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

const poll = (page: Page, question: string) => page.getByTestId('poll').filter({ hasText: question });
const live = (page: Page) => expect(page.getByTestId('connection')).toHaveText('● 实时更新中');

test('live poll: the moderator opens it, a visitor and a citizen vote, counts arrive live and for a late joiner, close → transcript', async ({ browser }) => {
  test.setTimeout(180_000);
  const stamp = Date.now() % 100000;
  const question = `您最希望延长哪类场馆的开放时间？${stamp}`;
  const moderator = await signedIn(browser, 'moderator@example.com');
  const leader = await signedIn(browser, 'leader@example.com');
  const leaderId = (await (await leader.page.request.get('/api/auth/session')).json()).user.id as string;
  const start = new Date(Date.now() - 10 * 60_000);
  const { id: interviewId, slug } = await ok(await moderator.page.request.post('/api/v1/interviews', {
    data: {
      title: `公共文化场馆开放时间访谈 ${stamp}`, summary: '局领导介绍公共文化场馆开放时间的调整方案，并听取市民意见。', guestIds: [leaderId],
      scheduledStart: start.toISOString(), scheduledEnd: new Date(start.getTime() + 90 * 60_000).toISOString(),
    },
  }), 201) as { id: string; slug: string };
  for (const action of ['announce', 'go_live']) await ok(await moderator.page.request.post(`/api/v1/interviews/${interviewId}/actions`, { data: { action } }));

  // The moderator opens a single-choice poll from the console.
  await moderator.page.goto(`/workspace/moderator/interviews/${interviewId}`);
  const panel = moderator.page.getByTestId('console-polls');
  await panel.getByLabel('投票问题').fill(question);
  await panel.getByLabel('选项（每行一项，2–10 项）').fill('图书馆\n博物馆\n文化馆');
  await panel.getByRole('button', { name: '发起投票' }).click();
  await expect(panel.getByTestId('console-poll').filter({ hasText: question })).toBeVisible();

  // A visitor votes by device; the page says how a visitor is recognised.
  const visitorContext = await browser.newContext();
  const visitor = await visitorContext.newPage();
  await visitor.goto(`/interviews/${slug}`);
  await live(visitor);
  const card = poll(visitor, question);
  await expect(card).toBeVisible();
  await expect(visitor.getByTestId('polls')).toContainText('每台设备一票');
  await expectAxeClean(visitor);
  await card.getByRole('group', { name: question }).getByLabel('博物馆').check();
  await card.getByRole('button', { name: '投票' }).click();
  await expect(card.getByTestId('poll-voted')).toHaveText('已投票');
  await expect(card.getByTestId('poll-voters')).toHaveText('1 人参与');

  // A citizen votes by account; the visitor's open page hears the new counts.
  const citizen = await signedIn(browser, 'citizen@example.com');
  await citizen.page.goto(`/interviews/${slug}`);
  await live(citizen.page);
  const citizenCard = poll(citizen.page, question);
  await citizenCard.getByLabel('博物馆').check();
  await citizenCard.getByRole('button', { name: '投票' }).click();
  await expect(citizenCard.getByTestId('poll-voted')).toHaveText('已投票');
  await expect(card.getByTestId('poll-voters')).toHaveText('2 人参与');
  await expect(card.getByTestId('poll-result').nth(1)).toHaveAttribute('data-count', '2');

  // The same visitor device reloads: one ballot, shown as cast.
  await visitor.reload();
  await expect(poll(visitor, question).getByTestId('poll-voted')).toHaveText('已投票');

  // A late joiner (a new browser context) sees the same counts.
  const lateContext = await browser.newContext();
  const late = await lateContext.newPage();
  await late.goto(`/interviews/${slug}`);
  await expect(poll(late, question).getByTestId('poll-voters')).toHaveText('2 人参与');
  await expect(poll(late, question).getByTestId('poll-result').nth(1)).toContainText('2 票（100%）');

  // The moderator closes it: open pages show it closed; after the end, the transcript shows the final counts.
  await panel.getByRole('button', { name: '结束投票' }).click();
  await expect(poll(late, question).getByTestId('poll-status')).toHaveText('已结束');
  await ok(await moderator.page.request.post(`/api/v1/interviews/${interviewId}/actions`, { data: { action: 'end' } }));
  await late.goto(`/interviews/${slug}/transcript`);
  const entry = late.getByTestId('transcript-poll').filter({ hasText: question });
  await expect(entry).toContainText('2 人参与');
  await expect(entry.getByTestId('poll-result').nth(1)).toHaveAttribute('data-count', '2');
  await expectAxeClean(late);

  for (const c of [moderator.context, leader.context, citizen.context, visitorContext, lateContext]) await c.close();
});
