import { expect, test } from './test';
import { signedInPage } from './helpers';
import { expectAxeClean } from './support/axe';

/**
 * 热点分析 and 每月一题 (issue 17 item 6): three letters on 剧本娱乐 this week make it a rising topic; the moderator
 * sees it on /workspace/hotspots with its letters, adopts it as an action with two milestones and marks the first
 * done; a visitor sees the action on /actions with its progress and the number of letters, and nothing of them.
 * The ranking and the rules behind each step: test/hotspots.test.ts.
 */
test('a moderator adopts a rising topic as a monthly issue; a visitor follows its progress', async ({ browser }) => {
  test.setTimeout(150_000);
  const stamp = String(Date.now() % 100000);
  const citizen = await signedInPage(browser, 'citizen@example.com');
  const moderator = await signedInPage(browser, 'moderator@example.com');

  const tree = (await (await citizen.request.get('/api/v1/topics')).json()).items as Array<{ id: number; name: string; children: Array<{ id: number; name: string }> }>;
  const scriptGames = tree.find((t) => t.name === '文化市场')!.children.find((c) => c.name === '剧本娱乐')!;
  const titles = [1, 2, 3].map((n) => `剧本杀店铺消防通道堵塞 ${stamp}-${n}`);
  for (const title of titles) {
    const created = await citizen.request.post('/api/v1/letters', {
      data: { kind: 'complaint', title, body: '小区楼下的剧本杀店铺把消防通道堵住了，晚上还很吵，请管一管。', consentToPublish: false, topicId: scriptGames.id },
    });
    expect(created.status()).toBe(201);
  }

  await moderator.goto('/workspace/hotspots');
  await expect(moderator.getByRole('heading', { name: '热点分析', level: 1 })).toBeVisible();
  const topics = moderator.getByTestId('hotspots-table-topics');
  const row = topics.getByRole('row').filter({ has: moderator.getByRole('rowheader', { name: '文化市场 > 剧本娱乐' }) });
  await expect(row).toHaveCount(1);
  await row.getByText(/\d+ 件来信/).click();
  for (const title of titles) await expect(row.getByText(title)).toBeVisible();
  await expect(row.getByRole('link', { name: /^\d{12,13}$/ }).first()).toHaveAttribute('href', /^\/letters\/\d{12,13}$/);
  await expectAxeClean(moderator);

  await row.getByRole('link', { name: '立项：文化市场 > 剧本娱乐' }).click();
  await expect(moderator.getByRole('heading', { name: '将热点立项为每月一题' })).toBeVisible();
  await expect(moderator.getByTestId('adopt-hotspot')).toContainText('文化市场 > 剧本娱乐');
  // The topic's department is the suggested owner.
  await expect(moderator.getByLabel('责任部门').locator('option:checked')).toHaveText('文化市场管理处');
  const actionTitle = `剧本娱乐场所消防安全专项检查 ${stamp}`;
  await moderator.getByLabel('行动标题').fill(actionTitle);
  await moderator.getByLabel('说明（公开）').fill('对全市剧本娱乐场所开展消防安全检查，督促整改并公布结果。');
  await moderator.getByLabel('节点 1', { exact: true }).fill('完成全市场所排查');
  await moderator.getByLabel('节点 1 计划完成日期').fill('2030-01-15');
  await moderator.getByLabel('节点 2', { exact: true }).fill('公布整改结果');
  await moderator.getByLabel('节点 2 计划完成日期').fill('2030-02-28');
  await moderator.getByRole('button', { name: '立项' }).click();

  await expect(moderator.getByRole('heading', { name: `更新进度：${actionTitle}` })).toBeVisible();
  await expect(moderator.getByTestId('milestone')).toHaveCount(2);
  const first = moderator.getByTestId('milestone').filter({ hasText: '完成全市场所排查' });
  await first.getByRole('button', { name: '标记完成' }).click();
  await expect(moderator.getByTestId('milestone').filter({ hasText: '完成全市场所排查' })).toHaveAttribute('data-done', 'true');

  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto('/actions');
  const card = visitor.getByTestId('action-card').filter({ hasText: actionTitle });
  await expect(card).toContainText('1/2 个节点已完成');
  await expect(card).toContainText('关联来信 3 件');
  await expect(card).toContainText('文化市场管理处');
  await expectAxeClean(visitor);
  await card.getByRole('link', { name: actionTitle }).click();
  await expect(visitor.getByRole('heading', { name: actionTitle, level: 1 })).toBeVisible();
  await expect(visitor.getByTestId('action-milestones').getByRole('row')).toHaveCount(3);
  await expect(visitor.getByTestId('action-letter-count')).toHaveText('关联来信 3 件');
  const page = await visitor.content();
  for (const title of titles) expect(page).not.toContain(title);
  expect(page).not.toContain('消防通道堵塞');
  await expect(visitor.getByRole('link', { name: '更新进度' })).toHaveCount(0);
});
