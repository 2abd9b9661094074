import { type Browser, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { expect, test } from './test';
import { signIn } from './helpers';
import { expectAxeClean } from './support/axe';

/**
 * The public side of 在线访谈: list, live page kept current over Socket.IO (with catch-up after a dropped
 * connection), asking and 同问 as a citizen, and the 文字实录. The interview is set up and run through the API as
 * the moderator and the guest leader.
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

const transcript = (page: Page) => page.getByTestId('transcript');
const answers = (page: Page) => transcript(page).getByTestId('entry-qa');
const openQuestion = (page: Page, text: string): Locator => page.getByTestId('open-question').filter({ hasText: text });

/** React hydration failures and uncaught errors on a page (network noise from going offline is not collected). */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('console', (message) => {
    if (message.type() === 'error' && /hydrat|Minified React error/i.test(message.text())) errors.push(message.text());
  });
  return errors;
}

test.describe('interviews: public pages', () => {
  test('list → live page: ask, moderation, answering and answers arrive live, catch-up after going offline, 同问, transcript', async ({ browser }) => {
    test.setTimeout(180_000);
    const stamp = Date.now() % 100000;
    const title = `文化惠民卡线上访谈 ${stamp}`;
    const asked = [
      `请问文化惠民卡今年什么时候开始申领？${stamp}`,
      `图书馆夜间开放能否延长到晚上十点？${stamp}`,
      `博物馆周一是否可以开放？${stamp}`,
      `社区文化站的活动怎么报名？${stamp}`,
      `景区门票优惠对老年人是否适用？${stamp}`,
    ];

    // The moderator schedules the interview with the demo leader as guest, announces it and goes live.
    const moderator = await signedIn(browser, 'moderator@example.com');
    const leader = await signedIn(browser, 'leader@example.com');
    const leaderId = (await (await leader.page.request.get('/api/auth/session')).json()).user.id as string;
    const start = new Date(Date.now() - 10 * 60_000);
    const created = await ok(
      await moderator.page.request.post('/api/v1/interviews', {
        data: {
          title,
          summary: '局领导介绍今年文化惠民卡和公共文化设施开放政策，并回答市民关心的问题。',
          guestIds: [leaderId],
          scheduledStart: start.toISOString(),
          scheduledEnd: new Date(start.getTime() + 90 * 60_000).toISOString(),
        },
      }),
      201,
    );
    const { id: interviewId, slug } = created as { id: string; slug: string };
    const act = async (action: string) => ok(await moderator.page.request.post(`/api/v1/interviews/${interviewId}/actions`, { data: { action } }));

    // A draft is not public.
    const visitorContext = await browser.newContext();
    const visitor = await visitorContext.newPage();
    const visitorErrors = watchErrors(visitor);
    expect((await visitor.goto(`/interviews/${slug}`))?.status()).toBe(404);

    await act('announce');
    await visitor.goto('/interviews');
    await expect(visitor.getByTestId('interviews-upcoming').getByRole('link', { name: title })).toBeVisible();
    await act('go_live');

    // The list: the interview is live, with its guest and title, time in Beijing time and a status badge.
    await visitor.reload();
    const card = visitor.getByTestId('interviews-live').getByTestId('interview-card').filter({ hasText: title });
    await expect(card).toContainText('直播中');
    await expect(card).toContainText('王局长（副局长）');
    await expectAxeClean(visitor);
    await card.getByRole('link', { name: title }).click();
    await expect(visitor).toHaveURL(`/interviews/${slug}`);
    await expect(visitor.getByRole('heading', { level: 1, name: title })).toBeVisible();
    await expect(visitor.getByTestId('interview-status')).toHaveText('直播中');
    await expect(visitor.getByTestId('connection')).toHaveText('● 实时更新中');
    await expect(visitor.getByText('王局长（副局长）')).toBeVisible();
    await expect(visitor.getByText('黄主持')).toBeVisible();
    // Visitors are invited to sign in to ask, and come back here afterwards.
    const askLink = visitor.getByRole('link', { name: '登录后可提问' });
    await expect(askLink).toHaveAttribute('href', `/login?callbackUrl=${encodeURIComponent(`/interviews/${slug}`)}`);
    // The wording follows the phase (lib/interviews/phase.ts): live, not "once it starts".
    await expect(visitor.getByTestId('phase-note')).toHaveText('访谈正在进行，主持人发言和嘉宾答复实时更新。');
    await expect(visitor.getByTestId('transcript-empty')).toHaveText('访谈正在进行，嘉宾答复后将立即显示在这里。');

    // The citizen opens the same page and asks through the form; a too short question is refused next to the field.
    const citizen = await signedIn(browser, 'citizen@example.com');
    const citizenErrors = watchErrors(citizen.page);
    await citizen.page.goto(`/interviews/${slug}`);
    await expect(citizen.page.getByTestId('connection')).toHaveText('● 实时更新中');
    await expect(citizen.page.getByTestId('ask-remaining')).toHaveText('本场访谈您还可以提 5 个问题。');
    // On a phone the transcript comes first; the sticky 提问 button jumps to the form below it.
    await citizen.page.setViewportSize({ width: 390, height: 700 });
    const liveBox = (await citizen.page.getByRole('heading', { name: '文字直播' }).boundingBox())!;
    expect(liveBox.y).toBeLessThan((await citizen.page.getByRole('heading', { name: '我要提问' }).boundingBox())!.y);
    await citizen.page.getByTestId('ask-jump').click();
    await expect(citizen.page.getByLabel('您的问题')).toBeFocused();
    await citizen.page.setViewportSize({ width: 1280, height: 720 });
    const field = citizen.page.getByLabel('您的问题');
    await field.fill('太短');
    await citizen.page.getByRole('button', { name: '提交问题' }).click();
    await expect(citizen.page.locator('#ask-body-error')).toHaveText('问题至少 5 个字');
    await expect(field).toHaveAttribute('aria-invalid', 'true');
    await field.fill(asked[0]!);
    await expect(citizen.page.getByText(`${[...asked[0]!].length}/500`)).toBeVisible();
    await citizen.page.getByRole('button', { name: '提交问题' }).click();
    await expect(citizen.page.getByTestId('ask-status')).toHaveText('已提交，等待审核');
    await expect(citizen.page.getByTestId('ask-remaining')).toHaveText('本场访谈您还可以提 4 个问题。');
    await expect(field).toHaveValue('');
    // 我的提问: the asker's own question and what became of it (only the asker sees this list).
    const mine = citizen.page.getByTestId('my-question').filter({ hasText: asked[0]! });
    await expect(mine).toHaveAttribute('data-status', 'pending');
    await expect(mine).toContainText('待审核');
    // More questions through the API (the same operation).
    for (const body of asked.slice(1)) await ok(await citizen.page.request.post(`/api/v1/interviews/${interviewId}/questions`, { data: { body } }), 201);

    // Pending questions are not public: nothing shows until the moderator approves.
    const staffList = (await ok(await moderator.page.request.get(`/api/v1/interviews/${interviewId}/questions`))) as { items: Array<{ id: string; body: string }> };
    const idOf = (body: string) => staffList.items.find((q) => q.body === body)!.id;
    await expect(openQuestion(visitor, asked[0]!)).toHaveCount(0);
    for (const body of asked) await ok(await moderator.page.request.post(`/api/v1/questions/${idOf(body)}/actions`, { data: { action: 'approve' } }));

    await expect(mine).toHaveAttribute('data-status', 'approved');
    await expect(visitor.getByTestId('my-questions')).toHaveCount(0);
    // Both pages show the approved questions without a reload.
    for (const page of [visitor, citizen.page]) {
      for (const body of asked) await expect(openQuestion(page, body)).toBeVisible();
      await expect(openQuestion(page, asked[0]!)).toContainText('陈*民'); // the asker's name, masked
    }

    // The big screen (大屏模式) of the hall: the same public room, no forms.
    const screen = await visitorContext.newPage();
    const screenErrors = watchErrors(screen);
    await screen.goto(`/interviews/${slug}/screen`);
    await expect(screen.getByTestId('connection')).toHaveText('● 实时更新中');
    await expect(screen.locator('main').locator('form, textarea, input')).toHaveCount(0);

    // The guest marks the first question as being answered: highlighted on both pages.
    const leaderAct = async (body: string, data: Record<string, unknown>, path = 'actions', status = 200) =>
      ok(await leader.page.request.post(`/api/v1/questions/${idOf(body)}/${path}`, { data }), status);
    await leaderAct(asked[0]!, { action: 'answering' });
    for (const page of [visitor, citizen.page]) {
      await expect(page.getByTestId('answering')).toContainText(asked[0]!);
      await expect(openQuestion(page, asked[0]!)).toContainText('正在回答');
    }

    // The answer arrives live: in the transcript with the guest's name and title; the highlight goes.
    const answer = (i: number) => `感谢您的提问。第 ${i + 1} 个问题的答复：我们将认真研究并尽快落实。${stamp}`;
    await leaderAct(asked[0]!, { body: answer(0) }, 'answer', 201);
    for (const page of [visitor, citizen.page]) {
      await expect(answers(page)).toHaveCount(1);
      await expect(answers(page).first()).toContainText(asked[0]!);
      await expect(answers(page).first()).toContainText(answer(0));
      await expect(answers(page).first()).toContainText('王局长（副局长）答复');
      await expect(page.getByTestId('answering')).toHaveCount(0);
      await expect(openQuestion(page, asked[0]!)).toHaveCount(0);
      await expect(page.getByTestId('announcer')).toContainText('王局长（副局长）答复了问题');
    }
    // …and on the big screen, live.
    await expect(answers(screen)).toHaveCount(1);
    await expect(answers(screen).getByTestId('entry-answer')).toHaveText(answer(0));
    await expectAxeClean(screen);
    await screen.close();
    await expect(visitor.getByTestId('viewer-count')).toHaveText(/^\d+ 人在看$/);

    // The visitor's connection drops; three answers are published meanwhile; back online, all three appear in order.
    await visitorContext.setOffline(true);
    await expect(visitor.getByTestId('connection')).toHaveText('○ 实时连接已断开，正在重连…', { timeout: 60_000 });
    for (const i of [1, 2, 3]) await leaderAct(asked[i]!, { body: answer(i) }, 'answer', 201);
    await expect(answers(citizen.page)).toHaveCount(4);
    await expect(answers(visitor)).toHaveCount(1);
    // The visitor, on a phone, has scrolled down past the transcript: the answers that arrive show a jump cue.
    await visitor.setViewportSize({ width: 390, height: 640 });
    await visitor.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await visitorContext.setOffline(false);
    await expect(visitor.getByTestId('connection')).toHaveText('● 实时更新中', { timeout: 30_000 });
    await expect(answers(visitor)).toHaveCount(4);
    await expect(visitor.getByTestId('new-answers')).toContainText('3 条新回答');
    await visitor.getByTestId('new-answers').click();
    await expect(visitor.getByTestId('new-answers')).toHaveCount(0);
    await expect(answers(visitor).nth(1)).toBeInViewport();
    await expect(answers(visitor).nth(1)).toBeFocused();
    await visitor.setViewportSize({ width: 1280, height: 720 });
    await expect(answers(visitor).getByTestId('entry-answer')).toHaveText([0, 1, 2, 3].map(answer));
    await expect(answers(visitor).getByTestId('entry-question')).toHaveText(asked.slice(0, 4));

    // 同问: the citizen's press shows on the visitor's page; the citizen's button is then disabled.
    const citizenCard = openQuestion(citizen.page, asked[4]!);
    await expect(citizenCard.getByTestId('votes')).toHaveText('0 人同问');
    await citizenCard.getByRole('button', { name: '同问' }).click();
    await expect(citizenCard.getByRole('button', { name: '已同问' })).toBeDisabled();
    await expect(openQuestion(visitor, asked[4]!).getByTestId('votes')).toHaveText('1 人同问');
    // A visitor's 同问 leads to sign-in.
    await expect(openQuestion(visitor, asked[4]!).getByRole('link', { name: /登录后同问/ })).toHaveAttribute('href', /^\/login\?callbackUrl=/);
    await expectAxeClean(visitor);

    // A correction replaces the answer on both pages, marked 已更正.
    const corrected = `${answer(1)}（更正：具体开放时间以公告为准）`;
    await ok(await leader.page.request.put(`/api/v1/questions/${idOf(asked[1]!)}/answer`, { data: { body: corrected } }));
    for (const page of [visitor, citizen.page]) {
      const entry = answers(page).filter({ hasText: asked[1]! });
      await expect(entry.getByTestId('entry-answer')).toHaveText(corrected);
      await expect(entry.getByTestId('corrected')).toHaveText('已更正');
    }
    // The end: the status changes live, the ask form goes, the transcript is linked.
    await act('end');
    for (const page of [visitor, citizen.page]) {
      await expect(page.getByTestId('interview-status')).toHaveText('已结束');
      await expect(page.getByTestId('transcript-ready')).toBeVisible();
      // Nothing live is claimed any more: no viewer count, no connection line; the note says it is over.
      await expect(page.getByTestId('phase-note')).toHaveText('访谈已结束。会后答复将陆续补入。');
      await expect(page.getByTestId('viewer-count')).toHaveCount(0);
      await expect(page.getByTestId('connection')).toHaveCount(0);
    }
    await expect(citizen.page.getByLabel('您的问题')).toHaveCount(0);
    // How the questions fared, arrived with the end: 5 received, 5 approved, 4 answered, none merged or rejected.
    const counts = { received: '5', approved: '5', answered: '4', merged: '0', rejected: '0' };
    for (const page of [visitor, citizen.page]) {
      for (const [key, n] of Object.entries(counts)) await expect(page.getByTestId(`count-${key}`).locator('dd')).toHaveText(n);
    }

    // The transcript (文字实录): everything in order, printable, with a way back.
    await visitor.getByTestId('transcript-ready').getByRole('link', { name: '文字实录' }).click();
    await expect(visitor).toHaveURL(`/interviews/${slug}/transcript`);
    await expect(visitor.getByRole('heading', { level: 1 })).toHaveText(`${title} · 文字实录`);
    await expect(answers(visitor).getByTestId('entry-question')).toHaveText(asked.slice(0, 4));
    await expect(answers(visitor).filter({ hasText: asked[1]! }).getByTestId('entry-answer')).toHaveText(corrected);
    await expect(visitor.getByText('会后待答复的问题（1）')).toBeVisible();
    await expect(visitor.getByTestId('count-answered').locator('dd')).toHaveText('4');
    await expect(visitor.getByRole('button', { name: '打印' })).toBeVisible();
    await expectAxeClean(visitor);
    await visitor.emulateMedia({ media: 'print' });
    await expect(visitor.getByRole('banner')).toBeHidden();
    await expect(visitor.getByRole('button', { name: '打印' })).toBeHidden();
    await visitor.emulateMedia({ media: 'screen' });

    await act('publish');
    await visitor.goto('/interviews');
    await expect(visitor.getByTestId('interviews-past').getByTestId('interview-card').filter({ hasText: title })).toContainText('已发布');
    await visitor.getByRole('link', { name: `文字实录：${title}` }).click();
    await expect(visitor.getByTestId('interview-status')).toHaveText('已发布');
    expect([...visitorErrors, ...citizenErrors, ...screenErrors]).toEqual([]);
  });

  test('an unknown interview is the 404 page', async ({ page }) => {
    expect((await page.goto('/interviews/no-such-interview'))?.status()).toBe(404);
    expect((await page.goto('/interviews/no-such-interview/transcript'))?.status()).toBe(404);
  });
});
