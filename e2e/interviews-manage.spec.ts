import { type Locator, type Page } from '@playwright/test';
import { expect, test } from './test';
import { errorSummary, signIn, signedInPage } from './helpers';
import { expectAxeClean } from './support/axe';

/**
 * The moderator edits an announced interview while a visitor watches its page; after the end the moderator
 * assigns the leftover questions to the guest, who finds them with their due date and answers them; the answers
 * appear in the 文字实录. Setup steps that are not under test (asking, approving, going live) use the API.
 */


async function ok<T = Record<string, unknown>>(response: Awaited<ReturnType<Page['request']['post']>>, status = 200): Promise<T> {
  expect(response.status(), await response.text()).toBe(status);
  return (await response.json()) as T;
}

const question = (page: Page, text: string): Locator =>
  page.getByTestId('question').filter({ has: page.locator('.question-body', { hasText: text }) });

test.describe('interviews: editing and leftover questions', () => {
  test('edit an announced interview live → end → assign leftovers → the leader answers by the due date → transcript', async ({ browser }) => {
    test.setTimeout(180_000);
    const stamp = Date.now() % 100000;
    const title = `文旅市场秩序在线访谈 ${stamp}`;
    const newTitle = `文旅市场秩序整治在线访谈 ${stamp}`;
    const first = `一日游低价团应该怎么投诉？${stamp}`;
    const second = `景区门票预约什么时候取消？${stamp}`;

    const moderator = await signedInPage(browser, 'moderator@example.com');
    const leader = await signedInPage(browser, 'leader@example.com');
    const citizen = await signedInPage(browser, 'citizen@example.com');
    const leaderId = (await (await leader.request.get('/api/auth/session')).json()).user.id as string;

    const { id, slug } = await ok<{ id: string; slug: string }>(await moderator.request.post('/api/v1/interviews', {
      data: { title, summary: '局领导介绍文旅市场秩序整治情况，回答市民关心的问题。', guestIds: [leaderId], scheduledStart: '2030-09-01T10:00:00+08:00', scheduledEnd: '2030-09-01T11:00:00+08:00' },
    }), 201);
    await ok(await moderator.request.post(`/api/v1/interviews/${id}/actions`, { data: { action: 'announce' } }));

    // A visitor has the public page open while the moderator edits.
    const visitor = await (await browser.newContext()).newPage();
    await visitor.goto(`/interviews/${slug}`);
    await expect(visitor.getByRole('heading', { level: 1 })).toHaveText(title);

    await moderator.goto(`/workspace/moderator/interviews/${id}`);
    await moderator.getByRole('link', { name: '修改访谈信息' }).click();
    await expect(moderator).toHaveURL(`/workspace/moderator/interviews/${id}/edit`);
    await expect(moderator.getByRole('heading', { name: '修改访谈信息', level: 1 })).toBeVisible();
    await expect(moderator.getByLabel('标题')).toHaveValue(title);
    await expect(moderator.getByLabel('开始时间')).toHaveValue('2030-09-01T10:00');
    await expect(moderator.getByRole('checkbox', { name: /王局长（副局长）/ })).toBeChecked();
    await expectAxeClean(moderator);

    // A refused edit keeps the input and says why.
    await moderator.getByLabel('标题').fill(newTitle);
    await moderator.getByLabel('结束时间').fill('2030-09-01T09:00');
    await moderator.getByRole('button', { name: '保存修改' }).click();
    await expect(errorSummary(moderator)).toContainText('结束时间须晚于开始时间');
    await expect(moderator.getByLabel('标题')).toHaveValue(newTitle);
    await moderator.getByLabel('结束时间').fill('2030-09-01T11:30');
    await moderator.getByRole('button', { name: '保存修改' }).click();
    await expect(moderator).toHaveURL(`/workspace/moderator/interviews/${id}?updated=1`);
    await expect(moderator.getByText('访谈信息已保存。')).toBeVisible();
    await expect(moderator.getByRole('heading', { name: newTitle, level: 1 })).toBeVisible();

    // The open public page shows the new title without a reload (interview.updated through the event log).
    await expect(visitor.getByRole('heading', { level: 1 })).toHaveText(newTitle);
    await expect(visitor.locator('main')).toContainText('11:30');

    // Questions are asked and approved, the interview runs and ends with both unanswered.
    const ids: string[] = [];
    for (const body of [first, second]) ids.push((await ok<{ id: string }>(await citizen.request.post(`/api/v1/interviews/${id}/questions`, { data: { body } }), 201)).id);
    for (const q of ids) await ok(await moderator.request.post(`/api/v1/questions/${q}/actions`, { data: { action: 'approve' } }));
    await ok(await moderator.request.post(`/api/v1/interviews/${id}/actions`, { data: { action: 'go_live' } }));
    await ok(await moderator.request.post(`/api/v1/interviews/${id}/actions`, { data: { action: 'end' } }));

    // Editing is over once the interview has run.
    await moderator.goto(`/workspace/moderator/interviews/${id}/edit`);
    await expect(moderator.getByText('访谈已结束，不能再修改访谈信息')).toBeVisible();
    expect((await moderator.request.patch(`/api/v1/interviews/${id}`, { data: { version: 99, title: '结束以后再改标题' } })).status()).toBe(409);

    // The moderator assigns the first leftover question to the guest, then all the rest.
    await moderator.goto(`/workspace/moderator/interviews/${id}`);
    await expect(moderator.getByRole('heading', { name: '会后待答复问题（2）' })).toBeVisible();
    await expect(moderator.getByText('未分配 2 个，共 2 个。')).toBeVisible();
    const firstCard = question(moderator, first);
    await firstCard.getByLabel('分配给').selectOption({ label: '王局长（副局长）' });
    await firstCard.getByRole('button', { name: '分配', exact: true }).click();
    await expect(firstCard.getByTestId('assignment')).toContainText(/已分配给王局长，须于 \d{4}-\d{2}-\d{2} 前答复/);
    await expect(moderator.getByText('未分配 1 个，共 2 个。')).toBeVisible();
    await moderator.getByLabel('全部分配给').selectOption({ label: '王局长（副局长）' });
    await moderator.getByRole('button', { name: '全部分配' }).click();
    await expect(question(moderator, second).getByTestId('assignment')).toContainText('已分配给王局长');
    await expect(firstCard.getByRole('button', { name: '改派' })).toBeVisible();
    await expectAxeClean(moderator);

    // The leader sees them across interviews, with the due date 5 working days out.
    const { items } = await ok<{ items: Array<{ id: string; dueOn: string }> }>(await leader.request.get('/api/v1/questions/assigned'));
    const dueOn = items.find((q) => q.id === ids[0])!.dueOn;
    const [year, month, day] = dueOn.split('-').map(Number);
    await leader.goto('/workspace/leader');
    await expect(leader.getByTestId('assigned-summary')).toContainText('会后问题待答复');
    await leader.getByRole('link', { name: '查看并答复分配给我的问题 →' }).click();
    await expect(leader.getByRole('heading', { name: '分配给我的会后问题', level: 1 })).toBeVisible();
    const card = leader.getByTestId('assigned-question').filter({ hasText: first });
    await expect(card.getByTestId('due')).toHaveText(`须于 ${year}年${month}月${day}日 前答复`);
    await expect(card).toHaveAttribute('data-overdue', 'false');
    await expect(card.getByRole('link', { name: newTitle })).toBeVisible();
    await expectAxeClean(leader);

    // The leader answers there with the desk's editor (the draft is saved as they type).
    const answer = `一日游低价团可拨打 12345 或通过本网站来信投诉，我局将会同市场监管部门查处。${stamp}`;
    await card.getByLabel('答复内容').fill(answer);
    await expect(card.getByTestId('draft-status')).toHaveText(/^草稿已保存 \d{2}:\d{2}:\d{2}$/);
    await card.getByRole('button', { name: '发布答复' }).click();
    await expect(leader.getByTestId('assigned-question').filter({ hasText: first })).toHaveCount(0);
    await leader.getByRole('link', { name: /^已答复（\d+）$/ }).click();
    await expect(leader.getByTestId('assigned-question').filter({ hasText: first })).toBeVisible();

    // The moderator sees it answered; the transcript, once published, carries it.
    await moderator.reload();
    await expect(question(moderator, first)).toHaveAttribute('data-status', 'answered');
    await ok(await moderator.request.post(`/api/v1/interviews/${id}/actions`, { data: { action: 'publish' } }));
    await visitor.goto(`/interviews/${slug}/transcript`);
    await expect(visitor.getByRole('heading', { level: 1 })).toContainText(newTitle);
    await expect(visitor.getByTestId('transcript')).toContainText(answer);
  });
});
