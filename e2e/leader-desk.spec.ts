import { type Locator, type Page } from '@playwright/test';
import { expect, test } from './test';
import { signIn, signedInPage } from './helpers';

/**
 * The leader desk's answer editor (issue 12, item 1): 发布答复 clicked right after the last keystroke — while the
 * autosave is still waiting, or while it is on its way — publishes the text on screen, shows that it is pending,
 * and confirms. The interview is set up through the API as the moderator and a citizen.
 */


async function ok<T = Record<string, unknown>>(response: Awaited<ReturnType<Page['request']['post']>>, status = 200): Promise<T> {
  expect(response.status(), await response.text()).toBe(status);
  return response.json() as Promise<T>;
}

const question = (page: Page, text: string): Locator =>
  page.getByTestId('question').filter({ has: page.locator('.question-body', { hasText: text }) });

/** A live interview with leader@ as guest and `count` approved questions; returns their texts and ids. */
async function liveInterview(moderator: Page, citizen: Page, leaderId: string, count: number, stamp: number) {
  const start = new Date(Date.now() - 10 * 60_000);
  const { id } = await ok<{ id: string; slug: string }>(await moderator.request.post('/api/v1/interviews', {
    data: {
      title: `答复台发布测试访谈 ${stamp}`,
      summary: '局领导就文旅惠民政策回答市民提问，测试答复台的草稿与发布。',
      guestIds: [leaderId],
      scheduledStart: start.toISOString(),
      scheduledEnd: new Date(start.getTime() + 90 * 60_000).toISOString(),
    },
  }), 201);
  for (const action of ['announce', 'go_live']) await ok(await moderator.request.post(`/api/v1/interviews/${id}/actions`, { data: { action } }));
  const asked: Array<{ id: string; body: string }> = [];
  for (let i = 0; i < count; i++) {
    const body = `第 ${i + 1} 个问题：周末博物馆能否延时开放？${stamp}`;
    const q = await ok<{ id: string }>(await citizen.request.post(`/api/v1/interviews/${id}/questions`, { data: { body } }), 201);
    await ok(await moderator.request.post(`/api/v1/questions/${q.id}/actions`, { data: { action: 'approve' } }));
    asked.push({ id: q.id, body });
  }
  return { id, asked };
}

test.describe('leader desk: 发布答复 always wins over the autosave', () => {
  test('publish clicked 0 ms after typing, during the autosave, and after it: every answer is published and confirmed', async ({ browser }) => {
    test.setTimeout(300_000);
    const stamp = Date.now() % 100000;
    const moderator = await signedInPage(browser, 'moderator@example.com');
    const citizen = await signedInPage(browser, 'citizen@example.com');
    const leader = await signedInPage(browser, 'leader@example.com');
    const leaderId = (await (await leader.request.get('/api/auth/session')).json()).user.id as string;
    const { id, asked } = await liveInterview(moderator, citizen, leaderId, 3, stamp);

    await leader.goto(`/workspace/leader/interviews/${id}`);
    await expect(leader.getByText('● 实时更新中')).toBeVisible();

    const publishAndExpect = async (q: { id: string; body: string }, answer: string, beforeClick: (card: Locator) => Promise<void>, afterClick = () => {}) => {
      const card = question(leader, q.body);
      await card.getByLabel('答复内容').pressSequentially(answer, { delay: 5 });
      await beforeClick(card);
      await card.getByRole('button', { name: '发布答复' }).click();
      afterClick();
      // The answer is published (not merely saved as a draft), with a visible confirmation.
      await expect(leader.getByRole('status').filter({ hasText: '答复已发布' })).toBeVisible();
      const answered = question(leader, q.body);
      await expect(answered).toHaveAttribute('data-status', 'answered');
      await expect(answered.getByTestId('answer')).toContainText(answer);
      const state = await ok<{ questions: Array<{ id: string; answer: { body: string } | null }> }>(await citizen.request.get(`/api/v1/interviews/${id}`));
      expect(state.questions.find((x) => x.id === q.id)?.answer?.body).toBe(answer);
    };

    // 1. Clicked at once: the autosave has not started yet (it waits a second after the last keystroke).
    await publishAndExpect(asked[0]!, `第一个答复：周末延时开放到晚上八点。${stamp}`, async () => {});
    // 2. Clicked while the autosave request is on its way: the draft request is held until the click is done.
    const second = `第二个答复：节假日也延时开放。${stamp}`;
    let release = () => {};
    const held = new Promise<void>((resolve) => { release = resolve; });
    await leader.route(`**/workspace/leader/interviews/${id}`, async (route) => {
      const request = route.request();
      // The autosave is a server action called with its arguments as JSON; 发布答复 posts the form (multipart).
      if (request.method() === 'POST' && !request.headers()['content-type']?.startsWith('multipart/') && request.postData()?.includes(second)) await held;
      await route.fallback();
    });
    await publishAndExpect(asked[1]!, second, async (card) => {
      await expect(card.getByTestId('draft-status')).toHaveText('正在保存草稿…');
    }, () => release());
    await leader.unroute(`**/workspace/leader/interviews/${id}`);
    // 3. Clicked after the draft was saved (this always worked).
    await publishAndExpect(asked[2]!, `第三个答复：请关注官网公告。${stamp}`, async (card) => {
      await expect(card.getByTestId('draft-status')).toHaveText(/^草稿已保存 \d{2}:\d{2}:\d{2}$/);
    });
  });
});

test.describe('answers: only the author or a moderator corrects (issue 12, item 7)', () => {
  test('another guest cannot rewrite an answer; the moderator corrects with a reason and the transcript says who and when', async ({ browser }) => {
    test.setTimeout(300_000);
    const stamp = Date.now() % 100000;
    const moderator = await signedInPage(browser, 'moderator@example.com');
    const citizen = await signedInPage(browser, 'citizen@example.com');
    const leader = await signedInPage(browser, 'leader@example.com');
    const admin = await signedInPage(browser, 'admin@example.com');
    const leaderId = (await (await leader.request.get('/api/auth/session')).json()).user.id as string;

    // A second guest: registered, then made a leader by the admin.
    const login = `desk-deputy-${stamp}-${Math.floor(Math.random() * 1e4)}@example.org`;
    const visitor = await (await browser.newContext()).newPage();
    const { id: deputyId } = await ok<{ id: string }>(await visitor.request.post('/api/v1/register', { data: { name: '李副局长', login, password: 'secret1234' } }), 201);
    const departments = (await ok<{ items: Array<{ id: string }> }>(await admin.request.get('/api/v1/departments'))).items;
    await ok(await admin.request.patch(`/api/v1/admin/users/${deputyId}`, { data: { role: 'leader', departmentId: departments[0]!.id } }));
    const deputy = await (await browser.newContext()).newPage();
    await signIn(deputy, login, 'secret1234');
    await expect(deputy).toHaveURL(/\/workspace\//, { timeout: 30_000 });

    const start = new Date(Date.now() - 10 * 60_000);
    const { id, slug } = await ok<{ id: string; slug: string }>(await moderator.request.post('/api/v1/interviews', {
      data: {
        title: `答复更正权限测试访谈 ${stamp}`, summary: '两位嘉宾回答市民提问，测试答复的更正权限。', guestIds: [leaderId, deputyId],
        scheduledStart: start.toISOString(), scheduledEnd: new Date(start.getTime() + 90 * 60_000).toISOString(),
      },
    }), 201);
    for (const action of ['announce', 'go_live']) await ok(await moderator.request.post(`/api/v1/interviews/${id}/actions`, { data: { action } }));
    const body = `景区门票优惠政策什么时候公布？${stamp}`;
    const q = await ok<{ id: string }>(await citizen.request.post(`/api/v1/interviews/${id}/questions`, { data: { body } }), 201);
    await ok(await moderator.request.post(`/api/v1/questions/${q.id}/actions`, { data: { action: 'approve' } }));
    const original = `景区门票优惠政策将于下月一日公布。${stamp}`;
    await ok(await leader.request.post(`/api/v1/questions/${q.id}/answer`, { data: { body: original } }), 201);

    // The other guest's desk shows the answer without 更正, and the API refuses the rewrite.
    await deputy.goto(`/workspace/leader/interviews/${id}`);
    const deputyCard = question(deputy, body);
    await expect(deputyCard.getByTestId('answer')).toContainText(original);
    await expect(deputyCard.locator('summary', { hasText: '更正' })).toHaveCount(0);
    const tampered = await deputy.request.put(`/api/v1/questions/${q.id}/answer`, { data: { body: '本答复已被篡改：景区门票一律免费。' } });
    expect(tampered.status()).toBe(403);

    // The moderator corrects from the console: a reason is required, then everyone sees who corrected.
    await moderator.goto(`/workspace/moderator/interviews/${id}`);
    const card = question(moderator, body);
    await card.locator('summary', { hasText: /^更正$/ }).click();
    const fixed = `更正：景区门票优惠政策将于下月十五日公布。${stamp}`;
    await card.getByLabel('更正后的答复').fill(fixed);
    await card.getByRole('button', { name: '发布更正' }).click();
    await expect(card.locator('.field-error').filter({ hasText: '请填写更正理由' })).toBeVisible();
    await card.getByLabel('更正理由').fill('应嘉宾要求更正公布日期');
    await card.getByRole('button', { name: '发布更正' }).click();
    await expect(question(moderator, body).getByTestId('answer')).toContainText(fixed);
    await expect(question(moderator, body).getByTestId('answer')).toContainText(/管理员黄主持于 .+ 更正/);

    // The public transcript: the corrected text, still under 王局长's name, marked 已更正 by the moderator.
    await ok(await moderator.request.post(`/api/v1/interviews/${id}/actions`, { data: { action: 'end' } }));
    await ok(await moderator.request.post(`/api/v1/interviews/${id}/actions`, { data: { action: 'publish' } }));
    await visitor.goto(`/interviews/${slug}/transcript`);
    const entry = visitor.getByTestId('entry-qa').filter({ hasText: body });
    await expect(entry.getByTestId('entry-answer')).toHaveText(fixed);
    await expect(entry).toContainText('王局长（副局长）');
    await expect(entry.getByTestId('corrected')).toHaveText('已更正');
    await expect(entry.getByTestId('correction')).toContainText(/管理员黄主持于 .+ 更正/);
    // After the transcript is published the other guest still cannot rewrite it.
    expect((await deputy.request.put(`/api/v1/questions/${q.id}/answer`, { data: { body: '实录发布后篡改的答复内容。' } })).status()).toBe(403);
  });
});

test.describe('curation editor: nothing typed is lost to 发布 or 标记并隐去 (issue 12, item 1, same review)', () => {
  test('while the editor has unsaved typing, 发布 and 标记并隐去 wait for 保存 and say so; after saving, what is published is what was typed', async ({ browser }) => {
    test.setTimeout(300_000);
    const stamp = Date.now() % 100000;
    const moderator = await signedInPage(browser, 'moderator@example.com');
    const leader = await signedInPage(browser, 'leader@example.com');
    const leaderId = (await (await leader.request.get('/api/auth/session')).json()).user.id as string;
    const start = new Date(Date.now() - 10 * 60_000);
    const { id } = await ok<{ id: string }>(await moderator.request.post('/api/v1/interviews', {
      data: {
        title: `实录整理未保存修改测试 ${stamp}`, summary: '局领导介绍公共文化服务情况，测试实录整理的未保存修改。', guestIds: [leaderId],
        scheduledStart: start.toISOString(), scheduledEnd: new Date(start.getTime() + 90 * 60_000).toISOString(),
      },
    }), 201);
    for (const action of ['announce', 'go_live']) await ok(await moderator.request.post(`/api/v1/interviews/${id}/actions`, { data: { action } }));
    // The transcript needs some text to be saved: a host remark.
    await ok(await moderator.request.post(`/api/v1/interviews/${id}/remarks`, { data: { body: '欢迎各位网友参加今天的在线访谈。' } }), 201);
    await ok(await moderator.request.post(`/api/v1/interviews/${id}/actions`, { data: { action: 'end' } }));
    const entry = await ok<{ id: string }>(await moderator.request.post('/api/v1/archive/entries', { data: { interviewId: id } }), 201);

    await moderator.goto(`/workspace/moderator/archive/${entry.id}`);
    await moderator.getByLabel('公开目录分类').selectOption('10');
    await moderator.getByRole('button', { name: '保存', exact: true }).click();
    const publish = moderator.getByRole('button', { name: '发布', exact: true });
    await expect(publish).toBeEnabled();

    // Typing without saving: 发布 would publish the old title and the editor would re-open without the typing.
    const title = `公共文化服务在线访谈实录 ${stamp}`;
    await moderator.getByLabel('公开标题').fill(title);
    await expect(publish).toBeDisabled();
    await expect(moderator.getByRole('button', { name: '标记并隐去' })).toBeDisabled();
    await expect(moderator.getByTestId('unsaved-notice').first()).toContainText('编辑区有未保存的修改');

    await moderator.getByRole('button', { name: '保存', exact: true }).click();
    await expect(moderator.getByTestId('preview-title')).toHaveText(title);
    await expect(publish).toBeEnabled();
    await expect(moderator.getByTestId('unsaved-notice').first()).toHaveText('');
    await publish.click();
    await expect(moderator.getByTestId('entry-status')).toHaveText('已公开');
    const published = await ok<{ title: string }>(await moderator.request.get(`/api/v1/archive/${entry.id}`));
    expect(published.title).toBe(title);
  });
});
