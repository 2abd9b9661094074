import { type Locator, type Page } from '@playwright/test';
import { expect, test } from './test';
import { errorSummary, signIn, signedInPage } from './helpers';
import { expectAxeClean } from './support/axe';


/** One question card (moderator console or leader desk) by its current text (merge choices name other questions). */
const question = (page: Page, text: string): Locator =>
  page.getByTestId('question').filter({ has: page.locator('.question-body', { hasText: text }) });
/** Opens one of a card's <details> actions (编辑, 不予采用, 合并到…, 更正). */
const openAction = (card: Locator, summary: string) => card.locator('summary').filter({ hasText: new RegExp(`^${summary}$`) }).click();

test.describe('interviews: moderator console and leader desk', () => {
  test('create → announce → live → moderate → answer with draft → correct → end → publish', async ({ browser }) => {
    test.setTimeout(180_000); // the whole life of an interview, with accessibility checks on four screens
    const stamp = Date.now() % 100000;
    const title = `文旅惠民政策在线访谈 ${stamp}`;
    const asked = `请问今年的文化惠民卡什么时候开始申领？${stamp}`;
    const edited = `请问今年的文化惠民卡何时开始申领，在哪里申领？${stamp}`;
    const second = `图书馆夜间开放能否延长到晚上十点？${stamp}`;
    const third = `博物馆周一是否可以开放？${stamp}`;

    // The moderator schedules the interview with the demo leader as guest; a form without guests is refused.
    const moderator = await signedInPage(browser, 'moderator@example.com');
    await moderator.goto('/workspace/moderator');
    await moderator.getByRole('link', { name: /访谈管理/ }).click();
    await expect(moderator.getByRole('heading', { name: '访谈管理', level: 1 })).toBeVisible();
    await moderator.getByLabel('标题').fill(title);
    await moderator.getByLabel('访谈简介').fill('局领导介绍今年文化惠民和旅游促消费政策，并回答市民关心的问题。');
    await moderator.getByLabel('开始时间').fill('2030-06-01T10:00');
    await moderator.getByLabel('结束时间').fill('2030-06-01T11:30');
    await moderator.getByRole('button', { name: '保存为草稿' }).click();
    await expect(errorSummary(moderator)).toContainText('请选择至少一位嘉宾');
    await expect(moderator.getByLabel('标题')).toHaveValue(title); // the refused form keeps its input
    await expectAxeClean(moderator);
    await moderator.getByRole('checkbox', { name: /王局长（副局长）/ }).check();
    await moderator.getByRole('button', { name: '保存为草稿' }).click();
    await expect(moderator).toHaveURL(/\/workspace\/moderator\/interviews\/[A-Za-z0-9_-]+\?created=1$/);
    const interviewId = new URL(moderator.url()).pathname.split('/').at(-1)!;
    await expect(moderator.getByRole('heading', { name: title, level: 1 })).toBeVisible();
    await expect(moderator.getByTestId('interview-status')).toHaveText('草稿');
    await expect(moderator.getByText('王局长（副局长）')).toBeVisible();
    await expect(moderator.getByText('2030年6月1日 10:00')).toBeVisible(); // Beijing time, as entered

    await moderator.getByRole('button', { name: '发布预告' }).click();
    await expect(moderator.getByTestId('interview-status')).toHaveText('预告中');
    await moderator.getByRole('button', { name: '开始直播' }).click();
    await expect(moderator.getByTestId('interview-status')).toHaveText('直播中');
    await expect(moderator.getByText('● 实时更新中')).toBeVisible();

    // The leader finds the interview among theirs and keeps the desk open.
    const leader = await signedInPage(browser, 'leader@example.com');
    await leader.goto('/workspace/leader');
    await leader.getByRole('link', { name: title }).click();
    await expect(leader).toHaveURL(`/workspace/leader/interviews/${interviewId}`);
    await expect(leader.getByText('● 实时更新中')).toBeVisible();
    await expect(leader.getByTestId('interview-status')).toHaveText('直播中');

    // A citizen asks through the API; the question appears in the open console without a reload.
    const citizen = await signedInPage(browser, 'citizen@example.com');
    for (const body of [asked, second, third]) {
      const response = await citizen.request.post(`/api/v1/interviews/${interviewId}/questions`, { data: { body } });
      expect(response.status()).toBe(201);
    }
    const card = question(moderator, asked);
    await expect(card).toHaveAttribute('data-status', 'pending');
    await expect(question(moderator, second)).toBeVisible();
    // Wide screens: pending | approved | answered side by side, with the shortcut legend on screen.
    const column = (name: string) => moderator.locator(`[data-column="${name}"]`).boundingBox();
    const [pendingBox, approvedBox, answeredBox] = [await column('pending'), await column('approved'), await column('answered')];
    expect(pendingBox!.x).toBeLessThan(approvedBox!.x);
    expect(approvedBox!.x).toBeLessThan(answeredBox!.x);
    await expect(moderator.getByTestId('shortcut-legend')).toContainText('采用');
    // Pending questions are the moderator's: the guest does not see them.
    await expect(question(leader, asked)).toHaveCount(0);

    // The moderator edits (the original stays visible) and approves.
    await openAction(card, '编辑');
    await card.getByLabel('修改后的问题').fill(edited);
    await card.getByRole('button', { name: '保存修改' }).click();
    const editedCard = question(moderator, edited);
    await expect(editedCard.locator('.question-body')).toHaveText(edited);
    await expect(editedCard.locator('.question-original')).toContainText(`提问原文：${asked}`);
    await editedCard.getByRole('button', { name: '采用', exact: true }).click();
    await expect(editedCard).toHaveAttribute('data-status', 'approved');
    await expectAxeClean(moderator);

    // The asker keeps the interview page open: 我的提问 lists the three questions, only for them.
    const { slug } = await (await citizen.request.get(`/api/v1/interviews/${interviewId}`)).json() as { slug: string };
    await citizen.goto(`/interviews/${slug}`);
    await expect(citizen.getByTestId('connection')).toHaveText('● 实时更新中');
    const mine = (text: string) => citizen.getByTestId('my-question').filter({ hasText: text });
    await expect(citizen.getByTestId('my-question')).toHaveCount(3);
    await expect(mine(third)).toHaveAttribute('data-status', 'pending');

    // 不予采用 with the keyboard: R on the focused card opens the reason list. A refused action answers with its
    // message, not a crashed page: no reason chosen.
    const thirdCard = question(moderator, third);
    await thirdCard.focus();
    await moderator.keyboard.press('r');
    const reason = thirdCard.getByLabel('不予采用理由');
    await expect(reason).toBeFocused();
    // Keys typed in a field are not shortcuts: "a" here does not approve the question.
    await reason.press('a');
    await thirdCard.getByRole('button', { name: '确认不予采用' }).click();
    await expect(thirdCard.locator('.field-error').first()).toBeVisible();
    await expect(errorSummary(moderator)).toContainText('请选择不予采用的理由'); // the same error summary as citizen forms
    await expect(thirdCard).toHaveAttribute('data-status', 'pending');
    await thirdCard.getByLabel('不予采用理由').selectOption({ label: '与本次访谈主题无关' });
    await thirdCard.getByLabel('给提问人的说明（选填）').fill('博物馆开放时间请通过政民互动写信咨询');
    await thirdCard.getByRole('button', { name: '确认不予采用' }).click();
    await expect(moderator.getByRole('heading', { name: '已处理的问题（1）' })).toBeVisible();
    await expect(moderator.getByText('不予采用：与本次访谈主题无关 · 博物馆开放时间请通过政民互动写信咨询')).toBeAttached();
    // The asker is told, live: not accepted, and why.
    await expect(mine(third)).toHaveAttribute('data-status', 'rejected');
    await expect(mine(third).getByTestId('reject-reason')).toContainText('理由：与本次访谈主题无关');
    await expect(mine(third).getByTestId('reject-reason')).toContainText('说明：博物馆开放时间请通过政民互动写信咨询');
    await expectAxeClean(citizen);

    // The second question is starred and approved with the keyboard (S, A on the focused card): it is left over
    // after the end.
    const secondCard = question(moderator, second);
    await secondCard.focus();
    await moderator.keyboard.press('s');
    await expect(secondCard.getByRole('button', { name: '取消标星' })).toBeVisible();
    await secondCard.focus();
    await moderator.keyboard.press('a');
    await expect(secondCard).toHaveAttribute('data-status', 'approved');

    // The leader's desk shows the approved questions live, the starred one first.
    const deskCard = question(leader, edited);
    await expect(deskCard).toBeVisible();
    await expect(question(leader, second)).toBeVisible();
    await expect(leader.getByTestId('question').first()).toContainText(second);
    await expect(question(leader, third)).toHaveCount(0);
    await expectAxeClean(leader);

    // The leader marks the question as being answered; the console sees it too.
    await deskCard.getByRole('button', { name: '标记正在回答' }).click();
    await expect(deskCard.getByTestId('answering')).toBeVisible();
    await expect(question(moderator, edited).getByTestId('answering')).toBeVisible();

    // The answer draft is saved as the leader types and survives a reload.
    const answer = '文化惠民卡将于 7 月 1 日起在“示范文旅”公众号和各区文化馆申领，请留意我局公告。';
    await deskCard.getByLabel('答复内容').fill(answer);
    await expect(deskCard.getByTestId('draft-status')).toHaveText(/^草稿已保存 \d{2}:\d{2}:\d{2}$/);
    await leader.reload();
    await expect(question(leader, edited).getByLabel('答复内容')).toHaveValue(answer);
    await question(leader, edited).getByRole('button', { name: '发布答复' }).click();
    const answeredCard = question(leader, edited);
    await expect(answeredCard).toHaveAttribute('data-status', 'answered');
    await expect(answeredCard.getByTestId('answer')).toContainText(answer);
    await expect(question(moderator, edited).getByTestId('answer')).toContainText(answer);

    // A correction replaces the answer for everyone.
    const corrected = '更正：文化惠民卡将于 7 月 15 日起在“示范文旅”公众号和各区文化馆申领。';
    await openAction(answeredCard, '更正');
    // An empty correction: the error summary takes focus and links to the field, as on citizen forms.
    const correction = answeredCard.getByLabel('更正后的答复');
    await correction.fill('');
    await answeredCard.getByRole('button', { name: '发布更正' }).click();
    const summary = answeredCard.getByRole('alert');
    await expect(summary).toContainText('更正未发布');
    await expect(summary).toBeFocused();
    await expect(summary.getByRole('link')).toHaveAttribute('href', `#${await correction.getAttribute('id')}`);
    await expect(answeredCard.getByTestId('answer')).toContainText(answer);
    await correction.fill(corrected);
    await answeredCard.getByRole('button', { name: '发布更正' }).click();
    await expect(answeredCard.getByTestId('answer')).toContainText(corrected);
    await expect(answeredCard.getByTestId('answer')).toContainText('已更正');
    await expect(question(moderator, edited).getByTestId('answer')).toContainText(corrected);

    // The moderator ends the interview: the approved, unanswered question is left for the guest to answer.
    // 结束访谈 asks first: one press ends nothing; 取消 goes back; the second step ends it.
    await moderator.getByRole('button', { name: '结束访谈' }).click();
    await expect(moderator.getByRole('button', { name: '确认结束访谈' })).toBeFocused();
    expect((await (await moderator.request.get(`/api/v1/interviews/${interviewId}`)).json()).status).toBe('live');
    await moderator.getByRole('button', { name: '取消', exact: true }).click();
    await expect(moderator.getByRole('button', { name: '确认结束访谈' })).toHaveCount(0);
    await expect(moderator.getByTestId('interview-status')).toHaveText('直播中');
    await moderator.getByRole('button', { name: '结束访谈' }).click();
    await moderator.getByRole('button', { name: '确认结束访谈' }).click();
    await expect(moderator.getByTestId('interview-status')).toHaveText('已结束');
    await expect(moderator.getByRole('heading', { name: '会后待答复问题（1）' })).toBeVisible();
    await expect(leader.getByTestId('interview-status')).toHaveText('已结束');
    await expect(leader.getByRole('heading', { name: '会后待答复问题（1）' })).toBeVisible();
    await moderator.getByRole('button', { name: '发布文字实录' }).click();
    await expect(moderator.getByTestId('interview-status')).toHaveText('已发布实录');

    // The ended page shows how the questions fared — to everyone; the reason stays the asker's.
    const counts = { received: '3', approved: '2', answered: '1', merged: '0', rejected: '1' };
    for (const [key, n] of Object.entries(counts)) await expect(citizen.getByTestId(`count-${key}`).locator('dd')).toHaveText(n);
    await citizen.reload();
    await expect(mine(third).getByTestId('reject-reason')).toContainText('理由：与本次访谈主题无关');
    const reader = await (await browser.newContext()).newPage();
    await reader.goto(`/interviews/${slug}`);
    for (const [key, n] of Object.entries(counts)) await expect(reader.getByTestId(`count-${key}`).locator('dd')).toHaveText(n);
    await expect(reader.getByTestId('my-questions')).toHaveCount(0);
    await expect(reader.getByText('与本次访谈主题无关')).toHaveCount(0);
    await reader.goto(`/interviews/${slug}/transcript`);
    await expect(reader.getByTestId('count-rejected').locator('dd')).toHaveText('1');
    await expectAxeClean(reader);
    await moderator.goto('/workspace/moderator/interviews');
    await expect(moderator.getByTestId('interview-item').filter({ hasText: title })).toContainText('已发布实录');

    // A citizen cannot open the console or the desk; a visitor is sent to sign in.
    for (const path of [`/workspace/moderator/interviews/${interviewId}`, `/workspace/leader/interviews/${interviewId}`, '/workspace/moderator/interviews']) {
      const response = await citizen.goto(path);
      expect(response?.status()).toBe(403);
      await expect(citizen.getByRole('heading', { name: '无权访问（403）' })).toBeVisible();
    }
    const visitor = await (await browser.newContext()).newPage();
    await visitor.goto(`/workspace/moderator/interviews/${interviewId}`);
    await expect(visitor).toHaveURL(/\/login\?callbackUrl=/);
    // An unknown interview is a 404 in the console.
    expect((await moderator.goto('/workspace/moderator/interviews/no-such-interview'))?.status()).toBe(404);
  });
});
